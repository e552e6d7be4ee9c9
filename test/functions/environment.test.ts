import './support/quiet-logs.ts';
import { describe, expect, it, vi } from 'vitest';
import * as cloudtrailEvent from '../../functions/cloudtrail-event.ts';
import * as configEvent from '../../functions/config-event.ts';
import * as configRule from '../../functions/config-rule.ts';
import * as postureSweep from '../../functions/posture-sweep.ts';
import { ConfigError } from '../../lib/errors.ts';
import { ENV, lambdaContext, sqsEvent } from './support/harness.ts';

/** Every function module, with createHandler typed loosely: the test only looks at how wiring fails. */
const FUNCTIONS = [
  ['cloudtrail-event', cloudtrailEvent],
  ['config-event', configEvent],
  ['config-rule', configRule],
  ['posture-sweep', postureSweep],
] as Array<[string, { createHandler: (clients: object, env: NodeJS.ProcessEnv) => unknown; handler: (event: never, context: never) => Promise<unknown> }]>;

describe('function environment', () => {
  it.each(FUNCTIONS)('%s: createHandler without EVIDENCE_BUCKET throws a ConfigError naming it', (_name, fn) => {
    // Prepare
    const env: NodeJS.ProcessEnv = { ...ENV };
    delete env.EVIDENCE_BUCKET;
    // Act / Assess
    expect(() => fn.createHandler({}, env)).toThrow(ConfigError);
    expect(() => fn.createHandler({}, env)).toThrow(/EVIDENCE_BUCKET/);
  });

  it.each(FUNCTIONS)('%s: createHandler without SIGNING_KEY_ARN throws a ConfigError naming it', (_name, fn) => {
    // Prepare
    const env: NodeJS.ProcessEnv = { ...ENV };
    delete env.SIGNING_KEY_ARN;
    // Act / Assess
    expect(() => fn.createHandler({}, env)).toThrow(/SIGNING_KEY_ARN/);
  });

  it.each(FUNCTIONS)('%s: a mistyped LOCK_MODE is refused at wiring, before any event', (_name, fn) => {
    expect(() => fn.createHandler({}, { ...ENV, LOCK_MODE: 'compliance' })).toThrow(/LOCK_MODE must be COMPLIANCE or GOVERNANCE, got compliance/);
  });

  it.each(FUNCTIONS)('%s: importing the module wires nothing; the first invocation reports the missing variable', async (_name, fn) => {
    // Prepare
    vi.stubEnv('EVIDENCE_BUCKET', '');
    vi.stubEnv('SIGNING_KEY_ARN', ENV.SIGNING_KEY_ARN);
    try {
      // Act / Assess
      await expect(async () => fn.handler(sqsEvent([]) as never, lambdaContext() as never)).rejects.toThrow(/environment variable EVIDENCE_BUCKET is required/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

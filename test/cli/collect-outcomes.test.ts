import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../lib/pipeline/run.ts';
import { REPO, trailproof } from '../fixtures/cli.ts';

const IDENTITIES = join(REPO, 'test/fixtures/identities');

describe('trailproof collect: what each input became', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trailproof-outcomes-'));
    await trailproof('keygen', '--out', join(dir, 'keys'));
  });

  it('records console sign-ins by identities without an ARN (SAML, web identity, Identity Center) instead of failing the input', async () => {
    // Prepare
    const files = ['saml-user-console-login.json', 'web-identity-user-console-login.json', 'identity-center-user-console-login.json'].map((f) => join(IDENTITIES, f));
    // Act
    const result = await trailproof('collect', '--events', ...files, '--store', join(dir, 'store'), '--key', join(dir, 'keys/signing-key.pem'), '--json');
    // Assess
    const summary = JSON.parse(result.stdout) as RunSummary;
    expect(result.code).toBe(0);
    expect(summary.outcomes.map((o) => o.status)).toEqual(['recorded', 'recorded', 'recorded']);
    expect(summary.byCheck).toEqual({ 'signin-console-mfa': { not_applicable: 3 } });
  });

  it('gives an invalid input its parse code next to the detail, in --json and in the text summary', async () => {
    // Prepare
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"Records": [ {"eventName": "AuthorizeSecurityGroupIngress"} ]}');
    const args = ['collect', '--events', broken, '--store', join(dir, 'store'), '--key', join(dir, 'keys/signing-key.pem')];
    // Act
    const json = await trailproof(...args, '--json');
    const text = await trailproof(...args);
    // Assess
    expect(json.code).toBe(2);
    expect((JSON.parse(json.stdout) as RunSummary).outcomes).toEqual([
      { source: `${broken}#Records[0]`, status: 'invalid', code: 'MISSING_FIELD', detail: 'Records[0].eventSource: is required', recordIds: [] },
    ]);
    expect(text.stderr).toContain(`invalid: ${broken}#Records[0]: Records[0].eventSource: is required [MISSING_FIELD]`);
  });

  it('reports an empty log file and an empty JSON Lines file as no events, and a lone surrogate as invalid, naming the field', async () => {
    // Prepare
    const emptyTrail = join(dir, 'empty-trail.json');
    const emptyLines = join(dir, 'empty.jsonl');
    const surrogate = join(dir, 'surrogate.json');
    await writeFile(emptyTrail, '{"Records": []}');
    await writeFile(emptyLines, '');
    await writeFile(surrogate, '{"Records": [{"eventName": "ConsoleLogin", "userAgent": "x\\ud800"}]}');
    const args = ['collect', '--events', emptyTrail, emptyLines, surrogate, '--store', join(dir, 'store'), '--key', join(dir, 'keys/signing-key.pem')];
    // Act
    const json = await trailproof(...args, '--json');
    const text = await trailproof(...args);
    // Assess
    expect(json.code).toBe(2);
    expect((JSON.parse(json.stdout) as RunSummary).outcomes).toEqual([
      { source: emptyTrail, status: 'skipped', code: 'NO_EVENTS', detail: 'no events: Records is an empty list', recordIds: [] },
      { source: emptyLines, status: 'skipped', code: 'NO_EVENTS', detail: 'no events: the JSON Lines input has no lines', recordIds: [] },
      { source: `${surrogate}#Records[0]`, status: 'invalid', code: 'INVALID_VALUE', detail: 'Records[0].userAgent: has an invalid value: contains a lone UTF-16 surrogate (U+D800 at index 1)', recordIds: [] },
    ]);
    expect(text.stdout).toMatch(/skipped 2, invalid 1/);
  });
});

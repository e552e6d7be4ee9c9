import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Check } from '../../lib/model/check.ts';
import { clientsFromRecordedResponses } from '../../lib/recorded/clients.ts';
import { loadRecordedResponses } from '../../lib/recorded/responses.ts';
import { clientClassFor, commandClassFor, type RecordedService } from '../../lib/recorded/services.ts';
import type { SnapshotKind } from '../../lib/collectors/types.ts';
import { ParseError } from '../../lib/errors.ts';
import { parseInput } from '../../lib/events/parse.ts';
import { routeTrigger } from '../../lib/events/route.ts';
import { placeboToRecordedResponse } from './placebo.ts';
import { CORPUS, corpusPresent } from '../fixtures/corpus.ts';
import { loadKinds } from '../../lib/collectors/lazy-kinds.ts';

const present = corpusPresent;
if (!present) console.warn(`skipping corpus tests: no corpus at ${CORPUS} (set TRAILPROOF_CORPUS)`);

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return /\.jsonl?$/.test(name) ? [path] : [];
  });
}

async function catalog(): Promise<{ checks: readonly Check[]; kinds: readonly SnapshotKind[] }> {
  try {
    const { CHECKS } = await import('../../lib/checks/registry.ts');
    const { SNAPSHOT_KINDS } = await import('../../lib/collectors/kinds.ts');
    return { checks: CHECKS, kinds: await loadKinds(SNAPSHOT_KINDS) };
  } catch (error) {
    console.warn(`routing corpus triggers with no checks: the registry does not import (${(error as Error).message})`);
    return { checks: [], kinds: [] };
  }
}

describe.skipIf(!present)('public AWS corpus', () => {
  it('parses every event file into triggers, skips or typed errors, and routes every trigger', async () => {
    // Prepare
    const files = jsonFiles(CORPUS).filter((path) => !relative(CORPUS, path).startsWith('api-responses'));
    const { checks, kinds } = await catalog();
    const counts = { files: files.length, triggers: 0, skipped: 0, errors: 0, evaluations: 0, compliance: 0, unrouted: 0 };
    const rejected: string[] = [];

    // Act
    for (const path of files) {
      const units = parseInput(readFileSync(path, 'utf8'), relative(CORPUS, path));
      expect(units.length, path).toBeGreaterThan(0);
      for (const unit of units) {
        if (unit.ok === true) {
          counts.triggers++;
          const plan = routeTrigger(unit.trigger, checks, kinds);
          counts.evaluations += plan.evaluations.length;
          counts.compliance += plan.compliance.length;
          counts.unrouted += plan.unrouted.length;
        } else if (unit.ok === 'skipped') {
          counts.skipped++;
          expect(unit.reason, unit.source).not.toBe('');
        } else {
          counts.errors++;
          expect(unit.error, unit.source).toBeInstanceOf(ParseError);
          rejected.push(`${unit.source} | ${unit.error.code} ${unit.error.field}`);
        }
      }
    }
    console.log(`corpus events: ${JSON.stringify(counts)}`);

    // Assess: everything real parses except upstream records that are not valid AWS data: a partial
    // record (SOURCES.md), rule invocations without a result token, and placeholder or mistyped
    // account ids that must never be signed as evidence. Each is rejected naming its field.
    expect(counts.files).toBeGreaterThan(0);
    expect(rejected.sort()).toEqual([
      'cloudtrail/crowdsec__ConsoleLogin__mfa_identifier.json | INVALID_ACCOUNT recipientAccountId',
      'cloudtrail/panther__CreateAccessKey__aws_iam_user_key_created__t1.json | INVALID_ACCOUNT recipientAccountId',
      'cloudtrail/panther__DisableEbsEncryptionByDefault__aws_ec2_ebs_encryption_disabled__t0.json | MISSING_FIELD eventTime',
      'config/rule-invocations/c7n__rds-from-rule.json | MISSING_FIELD resultToken',
      'config/rule-invocations/c7n__s3-from-rule.json | MISSING_FIELD resultToken',
      'config/rule-invocations/powertools__awsConfigRuleConfigurationChanged.json | INVALID_ACCOUNT invokingEvent.configurationItem.awsAccountId',
      'config/rule-invocations/powertools__awsConfigRuleScheduled.json | INVALID_ACCOUNT accountId',
    ]);
    expect(counts.triggers).toBeGreaterThan(counts.files * 0.9);
  });

  it('loads every recorded API response (botocore placebo files) into the recorded-responses mock', async () => {
    // Prepare
    const dir = join(CORPUS, 'api-responses');
    const files = existsSync(dir) ? jsonFiles(dir) : [];
    const work = await mkdtemp(join(tmpdir(), 'trailproof-corpus-'));
    const counts = { files: files.length, loaded: 0, errors: 0, unsupported: [] as string[] };

    // Act
    for (const path of files) {
      const response = placeboToRecordedResponse(path, JSON.parse(readFileSync(path, 'utf8')));
      if (typeof response === 'string') {
        counts.unsupported.push(`${relative(dir, path)}: ${response}`);
        continue;
      }
      const file = join(work, `${counts.loaded}.json`);
      await writeFile(file, JSON.stringify({ account: '123456789012', region: 'us-east-1', responses: [response] }));
      const clients = clientsFromRecordedResponses(await loadRecordedResponses(file));
      // Recorded without input, the answer serves any input: send the command and get the recording back.
      const Command = (await commandClassFor(response.service, response.operation)) as new (input: object) => unknown;
      const client = clients.get(await clientClassFor(response.service as RecordedService)) as { send(command: unknown): Promise<Record<string, unknown>> };
      const answer = await client.send(new Command({})).catch((error: Error) => error);
      if (response.error) expect((answer as Error).name, path).toBe(response.error.name);
      else expect(Object.keys(answer).sort(), path).toEqual(Object.keys(response.output ?? {}).sort());
      counts.loaded++;
      if (response.error) counts.errors++;
    }
    console.log(`corpus api-responses: ${JSON.stringify(counts)}`);

    // Assess
    expect(counts.loaded + counts.unsupported.length).toBe(counts.files);
    expect(counts.unsupported.length).toBeLessThanOrEqual(2);
    expect(counts.errors).toBeGreaterThan(0);
  });
});

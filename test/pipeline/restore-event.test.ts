/* eslint-disable @typescript-eslint/no-explicit-any -- the test edits an untyped event. */
/**
 * AWS Backup's "Restore Job State Change" through the whole pipeline, as the cloudtrail-event
 * function receives it from SQS: parsed, routed to the checks that declare it, the region's plans
 * re-evaluated with recorded AWS answers, signed and stored as verifiable evidence-record v2.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../lib/checks/registry.ts';
import { SNAPSHOT_KINDS } from '../../lib/collectors/kinds.ts';
import { parseSqsBody } from '../../lib/events/parse.ts';
import { routeTrigger } from '../../lib/events/route.ts';
import { generateKeyPair, pinKeys } from '../../lib/evidence/keys.ts';
import { verifyRecord } from '../../lib/evidence/verify-record.ts';
import type { EvidenceRecord } from '../../lib/evidence/types.ts';
import { loadKinds } from '../../lib/collectors/lazy-kinds.ts';
import { DEFAULT_SETTINGS } from '../../lib/model/check.ts';
import { runPipeline } from '../../lib/pipeline/run.ts';
import { clientsFromRecordedResponses } from '../../lib/recorded/clients.ts';
import { loadRecordedResponses } from '../../lib/recorded/responses.ts';
import { LocalKeySigner } from '../../lib/signers/local.ts';
import { MemoryStore } from '../../lib/store/memory.ts';
import { readRecords } from '../../lib/store/read-records.ts';
import { recordedFixture } from '../fixtures/recorded/sweep.ts';
import { triggerOf } from '../events/helpers.ts';

const PLAN = '8ae3c1f2-5d4b-4c2a-9e1f-0a1b2c3d4e5f';

/** The documented COMPLETED event, in the recorded account's region. */
function restoreMessage(status = 'COMPLETED'): string {
  const event = JSON.parse(readFileSync(new URL('../fixtures/events/backup/restore-completed.json', import.meta.url), 'utf8')) as Record<string, any>;
  return JSON.stringify({ ...event, region: 'us-east-1', detail: { ...event.detail, status } });
}

async function run(body: string) {
  const clients = clientsFromRecordedResponses(await loadRecordedResponses(recordedFixture('backup/pass.json')));
  const store = new MemoryStore();
  const signer = LocalKeySigner.fromPem(generateKeyPair().privatePem);
  const deps = { clientsFor: () => clients, settings: DEFAULT_SETTINGS, checks: CHECKS, kinds: SNAPSHOT_KINDS, functionName: 'cloudtrail-event', store, signer, now: () => new Date('2025-07-15T03:20:00Z') };
  const summary = await runPipeline(parseSqsBody(body, 'm-1'), deps);
  const records: EvidenceRecord[] = [];
  for await (const stored of readRecords(store)) records.push(stored.record);
  return { summary, records, signer };
}

describe('a finished restore job through the pipeline', () => {
  it('routes only to backup-restore-tested, over the region', async () => {
    // Act
    const plan = routeTrigger(triggerOf(parseSqsBody(restoreMessage(), 'm-1')[0]), CHECKS, await loadKinds(SNAPSHOT_KINDS));
    // Assess
    expect(plan.evaluations.map((e) => [e.check.metadata.id, e.fanOut])).toEqual([['backup-restore-tested', 'region']]);
  });

  it('re-evaluates the region\'s plans and writes a signed v2 record naming the event', async () => {
    // Act
    const { summary, records, signer } = await run(restoreMessage());
    // Assess
    expect(summary.outcomes).toEqual([{ source: 'sqs:m-1', status: 'recorded', recordIds: [expect.any(String)], detail: expect.stringContaining('re-evaluated the 1 of 111122223333:us-east-1') }]);
    expect(records.map((r) => [r.check.id, r.resource.id, r.result])).toEqual([['backup-restore-tested', PLAN, 'pass']]);
    expect(records[0]).toMatchObject({
      schema: 'trailproof/evidence-record/v2',
      trigger: { source: 'eventbridge', eventId: 'ab32977c-378d-2122-e985-5d4596f07091', eventName: 'Restore Job State Change' },
      observedAt: '2025-07-15T03:14:53.128Z',
    });
    expect(verifyRecord(records[0]!, pinKeys([await signer.publicKeyPem()])).errors).toEqual([]);
  });

  it('reports a restore still running as skipped, with nothing collected', async () => {
    // Act
    const { summary, records } = await run(restoreMessage('RUNNING'));
    // Assess
    expect(records).toEqual([]);
    expect(summary.outcomes).toEqual([{ source: 'sqs:m-1', status: 'skipped', detail: expect.stringContaining('is RUNNING'), recordIds: [] }]);
  });
});

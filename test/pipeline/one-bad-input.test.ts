import { describe, expect, it } from 'vitest';
import type { Check } from '../../lib/model/check.ts';
import { parseInput } from '../../lib/events/parse.ts';
import { pinKeys } from '../../lib/evidence/keys.ts';
import type { EvidenceRecord } from '../../lib/evidence/types.ts';
import { verifyRecord } from '../../lib/evidence/verify-record.ts';
import { runPipeline } from '../../lib/pipeline/run.ts';
import { runSweep } from '../../lib/pipeline/sweep.ts';
import { engine, widgetEvent, type WidgetWorld } from '../fixtures/pipeline/fake-engine.ts';

const LONE = '\uD800';

/** An engine that hands every stored record to the test, whatever the store's layout. */
function recordingEngine(world: WidgetWorld, checks?: Check[]) {
  const stored: EvidenceRecord[] = [];
  const deps = engine(world, { onStored: (record) => stored.push(record), ...(checks ? { checks } : {}) });
  return { deps, stored };
}

/** Every record verifies on its own with the engine's key; returns the trigger ids they came from. */
async function verifiedEventIds(deps: ReturnType<typeof engine>, stored: EvidenceRecord[]): Promise<string[]> {
  const trusted = pinKeys([await deps.signer.publicKeyPem()]);
  for (const record of stored) expect(verifyRecord(record, trusted).errors).toEqual([]);
  return [...new Set(stored.map((r) => r.trigger.eventId))].sort();
}

/** widget-closed, but its finding carries what the collector read as `note`: the way an AWS value reaches a record. */
function notingCheck(): Check {
  const [widgetClosed] = engine({}).checks;
  return {
    metadata: widgetClosed!.metadata,
    evaluate: (state: { open: boolean; note?: string }) => ({ result: state.open ? 'fail' : 'pass', reason: state.note ?? 'no note', observed: { note: state.note ?? null } }),
  } as Check;
}

describe('one bad input fails alone', () => {
  it('refuses the event with a lone surrogate in requestParameters, and signs and writes the two around it', async () => {
    // Prepare
    const { deps, stored } = recordingEngine({ 'w-1': { open: true }, 'w-2': { open: true }, 'w-3': { open: false } });
    const bad = JSON.parse(widgetEvent('e-2', 'w-2')) as { requestParameters: Record<string, string> };
    bad.requestParameters.description = `opened by ${LONE}`;
    const text = [widgetEvent('e-1', 'w-1'), JSON.stringify(bad), widgetEvent('e-3', 'w-3')].join('\n');

    // Act
    const summary = await runPipeline(parseInput(text, 'batch.jsonl'), deps);

    // Assess
    expect(summary.outcomes.map((o) => [o.source, o.status])).toEqual([['batch.jsonl:1', 'recorded'], ['batch.jsonl:2', 'invalid'], ['batch.jsonl:3', 'recorded']]);
    expect(summary.outcomes[1]).toMatchObject({ code: 'INVALID_VALUE', detail: expect.stringMatching(/^requestParameters\.description: .*lone UTF-16 surrogate/), recordIds: [] });
    expect(await verifiedEventIds(deps, stored)).toEqual(['e-1', 'e-3']);
    expect(summary.written).toBe(4);
  });

  it('holds back an input whose record would carry a lone surrogate read from AWS, naming the record field', async () => {
    // Prepare: the note lands in observed.note and in reason; the first in the record's (RFC 8785) member order is named
    const world = { 'w-1': { open: true, note: 'fine' }, 'w-2': { open: false, note: `bad ${LONE}` }, 'w-3': { open: false, note: 'fine' } } as unknown as WidgetWorld;
    const { deps, stored } = recordingEngine(world, [notingCheck()]);
    const text = ['e-1', 'e-2', 'e-3'].map((id, i) => widgetEvent(id, `w-${i + 1}`)).join('\n');

    // Act
    const summary = await runPipeline(parseInput(text, 'batch.jsonl'), deps);

    // Assess
    expect(summary.outcomes.map((o) => o.status)).toEqual(['recorded', 'invalid', 'recorded']);
    expect(summary.outcomes[1]).toMatchObject({ code: 'INVALID_VALUE', detail: expect.stringMatching(/record of widget-closed for w-2, not signed: observed\.note: contains a lone UTF-16 surrogate/) });
    expect(await verifiedEventIds(deps, stored)).toEqual(['e-1', 'e-3']);
  });

  it('fails only the input whose record the schema refuses, with the field and SCHEMA_ERROR', async () => {
    // Prepare: an empty reason breaks evidence-record.v1 (reason: minLength 1).
    const world = { 'w-1': { open: true, note: 'fine' }, 'w-2': { open: true, note: '' }, 'w-3': { open: true, note: 'fine' } } as unknown as WidgetWorld;
    const { deps, stored } = recordingEngine(world, [notingCheck()]);
    const text = ['e-1', 'e-2', 'e-3'].map((id, i) => widgetEvent(id, `w-${i + 1}`)).join('\n');

    // Act
    const summary = await runPipeline(parseInput(text, 'batch.jsonl'), deps);

    // Assess
    expect(summary.outcomes.map((o) => o.status)).toEqual(['recorded', 'invalid', 'recorded']);
    expect(summary.outcomes[1]).toMatchObject({ source: 'batch.jsonl:2', code: 'SCHEMA_ERROR', detail: expect.stringMatching(/not signed: reason: must NOT have fewer than 1 characters/) });
    expect(await verifiedEventIds(deps, stored)).toEqual(['e-1', 'e-3']);
  });

  it('sweeps every other resource of the scope when one resource cannot be recorded', async () => {
    // Prepare
    const world = { 'w-1': { open: true, note: 'fine' }, 'w-2': { open: true, note: `x${LONE}` }, 'w-3': { open: false, note: 'fine' } } as unknown as WidgetWorld;
    const { deps, stored } = recordingEngine(world, [notingCheck()]);

    // Act
    const summary = await runSweep(deps, { account: '111122223333', regions: ['us-east-1'], startedAt: new Date('2026-11-02T11:00:00Z') });

    // Assess
    expect(summary.outcomes.map((o) => [o.source, o.status, o.code])).toEqual([['widget:w-1', 'recorded', undefined], ['widget:w-2', 'invalid', 'INVALID_VALUE'], ['widget:w-3', 'recorded', undefined]]);
    expect(stored.map((r) => r.resource.id).sort()).toEqual(['w-1', 'w-3']);
    await verifiedEventIds(deps, stored);
  });
});

describe('an empty container is reported as "no events"', () => {
  it('gives each empty shape a skipped outcome with code NO_EVENTS and writes nothing', async () => {
    // Prepare
    const sns = { Type: 'Notification', MessageId: 'm-1', TopicArn: 'arn:aws:sns:us-east-1:111122223333:t', Message: '{"Records":[]}' };
    const inputs = [
      ...parseInput('[]', 'array.json'),
      ...parseInput('{"Records":[]}', 'trail.json'),
      ...parseInput(JSON.stringify(sns), 'sns.json'),
      ...parseInput('', 'events.jsonl'),
    ];
    const { deps, stored } = recordingEngine({});

    // Act
    const summary = await runPipeline(inputs, deps);

    // Assess
    expect(summary.outcomes).toEqual(['array.json', 'trail.json', 'sns.json', 'events.jsonl'].map((source) => ({ source, status: 'skipped', code: 'NO_EVENTS', detail: expect.stringMatching(/^no events: /), recordIds: [] })));
    expect(stored).toEqual([]);
  });
});

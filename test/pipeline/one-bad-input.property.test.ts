import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../lib/events/parse.ts';
import { pinKeys } from '../../lib/evidence/keys.ts';
import type { EvidenceRecord } from '../../lib/evidence/types.ts';
import { verifyRecord } from '../../lib/evidence/verify-record.ts';
import { runPipeline } from '../../lib/pipeline/run.ts';
import { engine, widgetEvent } from '../fixtures/pipeline/fake-engine.ts';

/** Any UTF-16 code unit, surrogate halves often (so lone ones are common), and the characters JSON escapes. */
const codeUnit = fc.oneof(
  fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.constantFrom('"', '\\', '\n', '\u0000', 'w'),
);
const anyText = fc.string({ unit: codeUnit, maxLength: 12 });
/** Members of the event whose text reaches a record: the resource id (and so the record id), the actor's agent, the event id. */
const member = fc.constantFrom('widgetId', 'userAgent', 'eventID', 'description');

function eventWith(name: string, text: string): string {
  const event = JSON.parse(widgetEvent('e-random', 'w-random')) as Record<string, unknown> & { requestParameters: Record<string, unknown> };
  if (name === 'widgetId' || name === 'description') event.requestParameters[name] = text;
  else event[name] = text;
  return JSON.stringify(event);
}

describe('one random input among good ones', () => {
  it('is signed and verifies, or is reported invalid with a code; it never throws and never drops its neighbours', async () => {
    const world = { 'w-1': { open: true }, 'w-random': { open: false }, 'w-3': { open: false } };
    await fc.assert(
      fc.asyncProperty(member, anyText, async (name, text) => {
        // Prepare
        const stored: EvidenceRecord[] = [];
        const deps = engine(world, { onStored: (record) => stored.push(record) });
        const lines = [widgetEvent('e-1', 'w-1'), eventWith(name, text), widgetEvent('e-3', 'w-3')].join('\n');

        // Act
        const summary = await runPipeline(parseInput(lines, 'batch.jsonl'), deps);

        // Assess
        const [first, random, third] = summary.outcomes;
        expect(summary.outcomes).toHaveLength(3);
        expect([first!.status, third!.status]).toEqual(['recorded', 'recorded']);
        expect(['recorded', 'invalid', 'no-check']).toContain(random!.status);
        if (random!.status === 'invalid') expect(random!.code).toEqual(expect.any(String));
        if (random!.status === 'recorded') expect(random!.recordIds.length).toBeGreaterThan(0);
        const trusted = pinKeys([await deps.signer.publicKeyPem()]);
        for (const record of stored) expect(verifyRecord(record, trusted).errors).toEqual([]);
        const written = new Set(stored.map((r) => r.id));
        for (const outcome of summary.outcomes) for (const id of outcome.recordIds) expect(written).toContain(id);
      }),
      { numRuns: 300 },
    );
  });
});

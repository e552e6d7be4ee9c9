import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InputOutcome } from '../../lib/pipeline/writer.ts';
import { pack, unit } from './envelopes.ts';
import { assessBatch, propertyEnv, runBatch, type BatchRun, type PropertyEnv } from './harness.ts';

/**
 * No input makes another input's records disappear: clean units run alone, then again packed
 * with hostile ones (lone surrogates, wrong types, missing members, cut JSON, huge members) into
 * the same files, logs, arrays, JSON Lines, SQS and SNS events, against the same random AWS. Each
 * clean unit keeps its outcome and its records. The case count is the number of units of the
 * mixed runs: at least RUNS × MIN_UNITS.
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 100);
const SEED = Number(process.env.PROPERTY_SEED ?? 20261103);
const MIN_UNITS = 20 + 8;

const batch = fc.record({
  clean: fc.array(unit(false), { minLength: 20, maxLength: 24 }),
  hostile: fc.array(unit(true), { minLength: 8, maxLength: 10 }),
  alone: fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
  mixed: fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
  slots: fc.array(fc.nat(), { minLength: 10, maxLength: 10 }),
  seed: fc.nat(),
});

/** Each unit's outcomes (status and record ids), by the unit's index in the units that were packed. */
function outcomesByUnit(run: BatchRun): Map<number, Array<Pick<InputOutcome, 'status' | 'recordIds'>>> {
  const byUnit = new Map<number, Array<Pick<InputOutcome, 'status' | 'recordIds'>>>();
  run.summary.outcomes.forEach((outcome, i) => {
    const { unit: index } = run.expected[i]!;
    if (index < 0) return;
    byUnit.set(index, [...(byUnit.get(index) ?? []), { status: outcome.status, recordIds: [...outcome.recordIds].sort() }]);
  });
  return byUnit;
}

describe('hostile inputs among good ones', () => {
  let env: PropertyEnv;
  beforeAll(async () => {
    env = await propertyEnv();
  });

  it(`never change a good input's outcome or take its records away (${RUNS * MIN_UNITS}+ units)`, async () => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(batch, async ({ clean, hostile, alone, mixed, slots, seed }) => {
        // Prepare: the hostile units slipped in between the clean ones, packed another way
        const units: Array<{ unit: (typeof clean)[number]; clean?: number }> = clean.map((u, i) => ({ unit: u, clean: i }));
        hostile.forEach((u, i) => units.splice(slots[i]! % (units.length + 1), 0, { unit: u }));
        cases += units.length;
        // Act
        const before = await runBatch(pack(clean, alone, `alone${seed}`), env, seed);
        const after = await runBatch(pack(units.map((u) => u.unit), mixed, `mixed${seed}`), env, seed);
        // Assess
        await assessBatch(after, env);
        const expected = outcomesByUnit(before);
        const actual = outcomesByUnit(after);
        units.forEach(({ clean: index }, position) => {
          if (index !== undefined) expect(actual.get(position), `clean unit ${index}`).toEqual(expected.get(index));
        });
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    expect(cases).toBeGreaterThanOrEqual(RUNS * MIN_UNITS);
  }, 120_000);
});

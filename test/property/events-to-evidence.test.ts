import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { burst, pack, unit } from './envelopes.ts';
import { assessBatch, propertyEnv, runBatch, type PropertyEnv } from './harness.ts';

/**
 * parse → route → collect → evaluate → sign → write → verify, on generated input: CloudTrail
 * records of every routed event and others, Config items, oversized items and compliance changes,
 * each in the envelopes it really travels in, packed into files, logs, arrays, JSON Lines, SQS and
 * SNS events, with empty containers, retries (a unit delivered twice), a burst of one event (many
 * records in one signed object) and hostile units among them; AWS answers each read at random.
 * The case count is the number of units: at least RUNS × MIN_UNITS.
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);
const SEED = Number(process.env.PROPERTY_SEED ?? 20261102);
const MIN_UNITS = 32 + 10 + 4 + 4;

const batch = fc.record({
  clean: fc.array(unit(false), { minLength: 32, maxLength: 36 }),
  burst,
  hostile: fc.array(unit(true), { minLength: 4, maxLength: 4 }),
  retried: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
  containers: fc.array(fc.nat(), { minLength: 80, maxLength: 80 }),
  seed: fc.nat(),
});

describe('any input, through the whole pipeline', () => {
  let env: PropertyEnv;
  beforeAll(async () => {
    env = await propertyEnv();
  });

  it(`gives every unit one outcome, one record per routed pair, and a store that verifies (${RUNS * MIN_UNITS}+ units)`, async () => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(batch, async ({ clean, burst: many, hostile, retried, containers, seed }) => {
        // Prepare: clean units and a burst, a few delivered twice, hostile ones in between
        const units = [...clean, ...many, ...retried.map((n) => clean[n % clean.length]!), ...hostile];
        const order = units.map((u, i) => ({ u, key: (containers[i % containers.length]! + i * 7919) % 1009 })).sort((a, b) => a.key - b.key).map(({ u }) => u);
        cases += order.length;
        // Act
        const run = await runBatch(pack(order, containers, `b${seed}`), env, seed);
        // Assess
        await assessBatch(run, env);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    // The case count is part of the property: CI runs at least RUNS × MIN_UNITS of them.
    expect(cases).toBeGreaterThanOrEqual(RUNS * MIN_UNITS);
  }, 120_000);
});

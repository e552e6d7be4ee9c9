import { describe, expect, it } from 'vitest';
import { chunks, mapLimit } from '../../lib/util/concurrency.ts';

describe('mapLimit', () => {
  it('keeps order and never runs more than the limit at once', async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (n) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, n));
      inFlight -= 1;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(2);
  });

  it('handles an empty list', async () => {
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
  });
});

describe('chunks', () => {
  it('splits a stream into fixed-size chunks with a short tail', async () => {
    async function* numbers() {
      for (let i = 0; i < 7; i++) yield i;
    }
    const out: number[][] = [];
    for await (const c of chunks(numbers(), 3)) out.push(c);
    expect(out).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });
});

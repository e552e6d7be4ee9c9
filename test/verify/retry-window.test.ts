import { describe, expect, it } from 'vitest';
import { RetryWindow } from '../../lib/verify/retry-window.ts';

const HOUR = 3_600_000;
const at = (hour: number) => Date.UTC(2026, 4, 1) + hour * HOUR;
const id = (n: number) => n.toString(16).padStart(32, '0');

describe('RetryWindow: earlier copies of a record id, in bounded memory', () => {
  it('returns the first copy of an id seen again, with its object, result and verdict', () => {
    // Prepare
    const window = new RetryWindow();
    window.see(id(1), at(10), { ok: true, firstKey: 'records/v2/a.jsonl', result: 'fail' });
    // Act
    const again = window.see(id(1), at(12), { ok: true, firstKey: 'records/v2/b.jsonl', result: 'pass' });
    window.fail(id(1));
    // Assess
    expect(again).toEqual({ ok: true, firstKey: 'records/v2/a.jsonl', result: 'fail' });
    expect(window.see(id(1), at(12), { ok: true, firstKey: 'records/v2/c.jsonl' })).toEqual({ ok: false, firstKey: 'records/v2/a.jsonl', result: 'fail' });
    expect(window.size).toBe(1);
  });

  it('forgets ids of write hours older than the window: a copy beyond it is a new record', () => {
    // Prepare
    const window = new RetryWindow({ hours: 24 });
    window.see(id(1), at(0), { ok: true, firstKey: 'k0' });
    window.see(id(2), at(1), { ok: true, firstKey: 'k1' });
    // Act
    const within = window.see(id(2), at(25), { ok: true, firstKey: 'k25' });
    const beyond = window.see(id(1), at(25), { ok: true, firstKey: 'k25' });
    // Assess
    expect(within?.firstKey).toBe('k1');
    expect(beyond).toBeUndefined();
  });

  it('never holds more than its number of ids, however many records pass through it', () => {
    // Prepare
    const window = new RetryWindow({ records: 1_000 });
    // Act
    for (let n = 0; n < 50_000; n++) window.see(id(n), at(Math.floor(n / 10_000)), { ok: true, firstKey: `k${Math.floor(n / 100)}`, result: 'pass' });
    // Assess: the newest are still known, the oldest forgotten
    expect(window.size).toBeLessThanOrEqual(1_000);
    expect(window.see(id(49_999), at(4), { ok: true, firstKey: 'x' })).toEqual({ ok: true, firstKey: 'k499', result: 'pass' });
    expect(window.see(id(0), at(4), { ok: true, firstKey: 'x' })).toBeUndefined();
  });
});

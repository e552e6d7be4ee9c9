import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signLeaves } from '../../lib/evidence/batch.ts';
import { canonicalBytes, canonicalTextOf } from '../../lib/evidence/canonical.ts';
import { leafHash } from '../../lib/evidence/merkle.ts';
import type { Integrity, UnsignedRecord } from '../../lib/evidence/types.ts';
import { integrityJson, PendingLines } from '../../lib/store/record-lines.ts';
import { freshSigner, unsignedRecord, unsignedRecords } from '../evidence/helpers.ts';

/** Records through PendingLines and signLeaves, as the writer does: the object's lines, split. */
async function storedLines(records: UnsignedRecord[]): Promise<{ lines: string[]; leaves: string[]; integrities: Integrity[] }> {
  const pending = new PendingLines();
  const leaves = records.map((record) => {
    const { text, roundTrips } = canonicalTextOf(record);
    return pending.add(text, roundTrips, record);
  });
  const integrities = await signLeaves(leaves, freshSigner().signer, new Date('2026-05-01T13:00:00Z'));
  const lines = pending.bytes(0, records.length, integrities).toString('utf8').split('\n');
  expect(lines.pop()).toBe('');
  return { lines, leaves, integrities };
}

describe('PendingLines', () => {
  it('hashes each record as leafHash(canonicalBytes) and writes lines verify reads back byte for byte', async () => {
    // Prepare
    const records = [...unsignedRecords(3), unsignedRecord(9, { reason: 'caf\u00e9 \u{1F600} "quoted" \\ back' })];

    // Act
    const { lines, leaves, integrities } = await storedLines(records);

    // Assess
    expect(leaves).toEqual(records.map((record) => leafHash(canonicalBytes(record))));
    lines.forEach((line, i) => {
      expect(JSON.parse(line)).toEqual({ ...records[i], integrity: integrities[i] });
      expect(JSON.stringify(JSON.parse(line))).toBe(line);
      expect(line.endsWith(`,"integrity":${JSON.stringify(integrities[i])}}`)).toBe(true);
    });
  });

  it('writes a record with a member name that starts with a digit by JSON.stringify, so it still reads back byte for byte', async () => {
    // Prepare: JSON.parse would put "10" and "9" first, in numeric order, not RFC 8785 order
    const odd = unsignedRecord(1, { observed: { b: 1, 10: 'x', 9: 'y' } });
    const records = [unsignedRecord(2), odd];

    // Act
    const { lines, leaves } = await storedLines(records);

    // Assess
    expect(leaves[1]).toBe(leafHash(canonicalBytes(odd)));
    expect(JSON.stringify(JSON.parse(lines[1]!))).toBe(lines[1]);
    expect(lines[1]!.startsWith(JSON.stringify(odd).slice(0, -1))).toBe(true);
  });

  it('writes any batch whose integrity members are not one signLeaves made by JSON.stringify, line by line', async () => {
    // Prepare
    const records = unsignedRecords(2);
    const pending = new PendingLines();
    for (const record of records) pending.add(canonicalTextOf(record).text, true, record);
    const [a, b] = await signLeaves(records.map((r) => leafHash(canonicalBytes(r))), freshSigner().signer);
    const foreign = { ...b!, batch: { ...b!.batch, root: 'f'.repeat(64) } };

    // Act
    const lines = pending.bytes(0, 2, [a!, foreign]).toString('utf8').split('\n').slice(0, -1);

    // Assess
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([{ ...records[0], integrity: a }, { ...records[1], integrity: foreign }]);
    for (const line of lines) expect(JSON.stringify(JSON.parse(line))).toBe(line);
  });

  it('keeps records across many chunks, one bigger than a chunk, non-ASCII text included, byte for byte', async () => {
    // Prepare: 300 records fill several chunks; one holds 400 KB of text, more than the largest chunk
    const records = unsignedRecords(300).map((record, i) => (i === 150 ? { ...record, reason: `\u00e9${'x'.repeat(400_000)}` } : { ...record, reason: `r\u00e9sum\u00e9 ${i} \u{1F600}` }));

    // Act
    const { lines, leaves } = await storedLines(records);

    // Assess
    expect(leaves).toEqual(records.map((record) => leafHash(canonicalBytes(record))));
    expect(lines.map((line) => (JSON.parse(line) as UnsignedRecord).reason)).toEqual(records.map((record) => record.reason));
  });

  it('writes a slice of its records, as flush does for a group over one batch', async () => {
    // Prepare
    const records = unsignedRecords(5);
    const pending = new PendingLines();
    const leaves = records.map((record) => pending.add(canonicalTextOf(record).text, true, record));
    const integrities = await signLeaves(leaves.slice(2, 4), freshSigner().signer);

    // Act
    const lines = pending.bytes(2, 4, integrities).toString('utf8').split('\n').slice(0, -1);

    // Assess
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([{ ...records[2], integrity: integrities[0] }, { ...records[3], integrity: integrities[1] }]);
  });
});

describe('integrityJson', () => {
  it('is JSON.stringify of any integrity member signLeaves makes, for any batch size and index', async () => {
    const { signer } = freshSigner();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.stringMatching(/^[0-9a-f]{64}$/), { minLength: 1, maxLength: 40 }), async (leaves) => {
        for (const integrity of await signLeaves(leaves, signer)) expect(integrityJson(integrity)).toBe(JSON.stringify(integrity));
      }),
      { numRuns: 60 },
    );
  });
});

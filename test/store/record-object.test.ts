import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../lib/errors.ts';
import { signBatch } from '../../lib/evidence/batch.ts';
import { parseRecordObjectKey } from '../../lib/store/layout.ts';
import { recordObject } from '../../lib/store/record-object.ts';
import { freshSigner, unsignedRecord, unsignedRecords } from '../evidence/helpers.ts';

const keys = freshSigner();
const AT = new Date('2026-05-01T13:20:00Z');

describe('recordObject', () => {
  it('writes a batch as JSON Lines in leaf order, named by its root, count and the SHA-256 of those bytes', async () => {
    // Prepare
    const batch = await signBatch(unsignedRecords(3), keys.signer, AT);
    // Act
    const { key, bytes } = recordObject(batch, AT);
    // Assess
    expect(bytes.toString()).toBe(batch.map((r) => `${JSON.stringify(r)}\n`).join(''));
    expect(parseRecordObjectKey(key)).toEqual({
      hour: new Date('2026-05-01T13:00:00Z'), checkId: batch[0]!.check.id, account: batch[0]!.account, region: batch[0]!.region,
      root: batch[0]!.integrity.batch.root, count: 3, sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    expect(recordObject(structuredClone(batch), AT)).toEqual({ key, bytes });
  });

  it('refuses what could not verify against its own name: no records, part of a batch, out of order, several checks', async () => {
    // Prepare
    const batch = await signBatch(unsignedRecords(3), keys.signer, AT);
    const mixed = await signBatch([unsignedRecord(1), { ...unsignedRecord(2), region: 'eu-west-1' }], keys.signer, AT);
    // Act / Assess
    expect(() => recordObject([], AT)).toThrow(ParseError);
    expect(() => recordObject(batch.slice(0, 2), AT)).toThrow(/not one whole batch/);
    expect(() => recordObject([batch[1]!, batch[0]!, batch[2]!], AT)).toThrow(/not one whole batch/);
    expect(() => recordObject(mixed, AT)).toThrow(/one check of one account and region/);
  });
});

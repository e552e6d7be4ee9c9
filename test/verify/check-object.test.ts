import { beforeAll, describe, expect, it } from 'vitest';
import { signBatch } from '../../lib/evidence/batch.ts';
import { pinKeys } from '../../lib/evidence/keys.ts';
import type { EvidenceRecord } from '../../lib/evidence/types.ts';
import type { VerificationCode } from '../../lib/evidence/verification-codes.ts';
import { recordObject } from '../../lib/store/record-object.ts';
import { checkStoredObject } from '../../lib/verify/check-object.ts';
import { freshSigner, unsignedRecords } from '../evidence/helpers.ts';
import { codes } from '../fixtures/verification.ts';

const keys = freshSigner();
const trusted = pinKeys([keys.publicPem]);
const AT = new Date('2026-05-01T13:20:00Z');

let records: EvidenceRecord[];
let other: EvidenceRecord[];
let object: { key: string; bytes: Buffer };
beforeAll(async () => {
  records = await signBatch(unsignedRecords(3), keys.signer, AT);
  other = await signBatch(unsignedRecords(5).slice(3), keys.signer, AT);
  object = recordObject(records, AT);
});

const lines = (bytes: Buffer) => bytes.toString('utf8').split('\n').slice(0, -1);
const join = (parts: string[]) => Buffer.from(parts.map((l) => `${l}\n`).join(''));
/** The key with one path segment (0-based after records/v2/) replaced. */
const withSegment = (key: string, index: number, value: string) => key.split('/').map((s, i) => (i === index + 2 ? value : s)).join('/');

/** The codes checkStoredObject reports, by '' (the object) or '#<line>'. */
function verdict(key: string, bytes: Buffer | undefined): Record<string, VerificationCode[]> {
  const check = checkStoredObject(key, bytes, trusted, new Map());
  const out: Record<string, VerificationCode[]> = {};
  if (check.errors.length > 0) out[''] = codes(check.errors);
  for (const line of check.lines) if (line.check.errors.length > 0) out[line.address.slice(key.length)] = codes(line.check.errors);
  return out;
}

/** The object format's tamper catalog: each change to an object or its key, and the codes it must give. */
const CATALOG: Array<{ attack: string; mutate: (key: string, bytes: Buffer) => [string, Buffer | undefined]; expected: Record<string, VerificationCode[]> }> = [
  { attack: 'nothing changed', mutate: (k, b) => [k, b], expected: {} },
  {
    attack: 'a verdict changed in one line',
    mutate: (k, b) => [k, Buffer.from(b.toString().replace(/"result":"fail"/, '"result":"pass"'))],
    expected: { '': ['OBJECT_SHA256_MISMATCH', 'OBJECT_ROOT_MISMATCH'], '#1': ['LEAF_HASH_MISMATCH'] },
  },
  {
    attack: 'a line removed',
    mutate: (k, b) => [k, join(lines(b).filter((_, i) => i !== 1))],
    expected: { '': ['OBJECT_SHA256_MISMATCH', 'OBJECT_COUNT_MISMATCH', 'OBJECT_ROOT_MISMATCH'], '#2': ['OBJECT_LINE_BATCH_MISMATCH'] },
  },
  {
    attack: 'two lines swapped',
    mutate: (k, b) => [k, join([lines(b)[1]!, lines(b)[0]!, lines(b)[2]!])],
    expected: { '': ['OBJECT_SHA256_MISMATCH', 'OBJECT_ROOT_MISMATCH'], '#1': ['OBJECT_LINE_BATCH_MISMATCH'], '#2': ['OBJECT_LINE_BATCH_MISMATCH'] },
  },
  {
    attack: 'a validly signed line of another batch appended',
    mutate: (k, b) => [k, join([...lines(b), JSON.stringify(other[0])])],
    expected: { '': ['OBJECT_SHA256_MISMATCH', 'OBJECT_COUNT_MISMATCH', 'OBJECT_ROOT_MISMATCH'], '#4': ['OBJECT_LINE_BATCH_MISMATCH', 'OBJECT_LINE_BATCH_MISMATCH', 'OBJECT_LINE_BATCH_MISMATCH', 'OBJECT_LINE_BATCH_MISMATCH'] },
  },
  { attack: 'the object copied under another account', mutate: (k, b) => [withSegment(k, 5, '444455556666'), b], expected: Object.fromEntries([1, 2, 3].map((n) => [`#${n}`, ['KEY_ACCOUNT_MISMATCH']])) },
  { attack: 'the object copied under another region', mutate: (k, b) => [withSegment(k, 6, 'eu-west-1'), b], expected: Object.fromEntries([1, 2, 3].map((n) => [`#${n}`, ['KEY_REGION_MISMATCH']])) },
  { attack: 'the object copied under another check', mutate: (k, b) => [withSegment(k, 4, 'iam-root-mfa'), b], expected: Object.fromEntries([1, 2, 3].map((n) => [`#${n}`, ['KEY_CHECK_MISMATCH']])) },
  {
    attack: 'the object moved to an earlier hour',
    mutate: (k, b) => [withSegment(k, 3, '11'), b],
    expected: { '': ['SIGNED_OUTSIDE_KEY_HOUR'], ...Object.fromEntries([1, 2, 3].map((n) => [`#${n}`, ['KEY_HOUR_BACKDATED']])) },
  },
  { attack: 'the object moved to a later hour', mutate: (k, b) => [withSegment(k, 3, '15'), b], expected: { '': ['SIGNED_OUTSIDE_KEY_HOUR'] } },
  { attack: 'a name claiming other bytes', mutate: (k, b) => [k.replace(/[0-9a-f]{64}\.jsonl$/, `${'0'.repeat(64)}.jsonl`), b], expected: { '': ['OBJECT_SHA256_MISMATCH'] } },
  {
    attack: 'a name claiming another count',
    mutate: (k, b) => [k.replace(/-3-/, '-4-'), b],
    expected: { '': ['OBJECT_COUNT_MISMATCH'], ...Object.fromEntries([1, 2, 3].map((n) => [`#${n}`, ['OBJECT_LINE_BATCH_MISMATCH']])) },
  },
  { attack: 'the last newline cut', mutate: (k, b) => [k, b.subarray(0, b.length - 1)], expected: { '': ['OBJECT_SHA256_MISMATCH', 'OBJECT_LINES_INVALID'] } },
  {
    attack: 'an empty line inserted',
    mutate: (k, b) => [k, join([lines(b)[0]!, '', ...lines(b).slice(1)])],
    expected: { '': ['OBJECT_SHA256_MISMATCH', 'OBJECT_COUNT_MISMATCH'], '#2': ['JSON_INVALID'], '#3': ['OBJECT_LINE_BATCH_MISMATCH'], '#4': ['OBJECT_LINE_BATCH_MISMATCH'] },
  },
  { attack: 'a name outside the layout', mutate: (_k, b) => ['records/v2/misc/batch.jsonl', b], expected: { '': ['KEY_LAYOUT_INVALID'] } },
  { attack: 'listed, then unreadable', mutate: (k) => [k, undefined], expected: { '': ['OBJECT_UNREADABLE'] } },
];

describe('checkStoredObject: a records/v2 object against its name, line by line', () => {
  it.each(CATALOG)('$attack', ({ mutate, expected }) => {
    // Prepare
    const [key, bytes] = mutate(object.key, object.bytes);
    // Act / Assess
    expect(verdict(key, bytes)).toEqual(expected);
  });

  it('hands the cross-check the SHA-256 of the bytes read and retention the earliest collection time', () => {
    // Act
    const check = checkStoredObject(object.key, object.bytes, trusted, new Map());
    // Assess
    expect(check.sha256).toBe(object.key.slice(-70, -6));
    expect(check.collectedAt).toBe(records[0]!.collectedAt);
    expect(check.lines.map((l) => [l.address, l.check.id, l.result])).toEqual(records.map((r, i) => [`${object.key}#${i + 1}`, r.id, r.result]));
  });

  it('verifies the object\'s one signature once, however many lines carry it', () => {
    // Prepare
    const cache = new Map<string, boolean>();
    // Act
    checkStoredObject(object.key, object.bytes, trusted, cache);
    // Assess
    expect(cache.size).toBe(1);
  });
});

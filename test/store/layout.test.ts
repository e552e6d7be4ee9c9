import { describe, expect, it } from 'vitest';
import { ParseError } from '../../lib/errors.ts';
import {
  parsePublicKeyKey,
  parseRecordAddress,
  parseRecordKey,
  parseRecordObjectKey,
  parseSealKey,
  publicKeyKey,
  recordAddress,
  recordHourPrefix,
  recordKey,
  recordObjectKey,
  sealKey,
  writeHourOf,
} from '../../lib/store/layout.ts';

const record = { id: '0123456789abcdef0123456789abcdef', check: { id: 'ec2-sg-no-public-admin-ports' } };

describe('v1 record keys', () => {
  it('file a record under the UTC hour it was written', () => {
    // Prepare: 23:59 in New York is already the next day in UTC
    const writtenAt = new Date('2026-05-01T23:59:59-04:00');
    // Act
    const key = recordKey(record, writtenAt);
    // Assess
    expect(key).toBe('records/v1/2026/05/02/03/ec2-sg-no-public-admin-ports/0123456789abcdef0123456789abcdef.json');
    expect(key.startsWith(recordHourPrefix('v1', writtenAt))).toBe(true);
  });

  it('parse back to the hour, check and record id', () => {
    expect(parseRecordKey(recordKey(record, new Date('2026-01-09T07:15:00Z')))).toEqual({
      hour: new Date('2026-01-09T07:00:00Z'),
      checkId: 'ec2-sg-no-public-admin-ports',
      recordId: record.id,
    });
  });

  it('do not parse keys outside the layout, impossible dates included', () => {
    for (const key of [
      'records/v1/2026/02/31/01/iam-root-mfa/0123456789abcdef0123456789abcdef.json',
      'records/v1/2026/05/01/24/iam-root-mfa/0123456789abcdef0123456789abcdef.json',
      'records/v1/2026/05/01/13/iam-root-mfa/0123.json',
      'records/v1/2026/05/01/13/IAM/0123456789abcdef0123456789abcdef.json',
      'records/v2/2026/05/01/13/iam-root-mfa/0123456789abcdef0123456789abcdef.json',
    ]) expect(parseRecordKey(key), key).toBeUndefined();
  });

  it('refuse ids that could escape the layout', () => {
    expect(() => recordKey({ id: '../../keys/x', check: record.check }, new Date())).toThrow(ParseError);
    expect(() => recordKey({ id: record.id, check: { id: '../seals' } }, new Date())).toThrow(/check\.id/);
  });
});

const ROOT = 'a'.repeat(64);
const SHA = 'b'.repeat(64);
const object = { checkId: 'iam-root-mfa', account: '111122223333', region: 'us-east-1', root: ROOT, count: 12, sha256: SHA };

describe('v2 record object keys', () => {
  it('file a batch under its write hour, check, account and region, named by root, count and SHA-256', () => {
    // Act
    const key = recordObjectKey(object, new Date('2026-05-01T23:59:59-04:00'));
    // Assess
    expect(key).toBe(`records/v2/2026/05/02/03/iam-root-mfa/111122223333/us-east-1/${ROOT}-12-${SHA}.jsonl`);
    expect(key.startsWith(recordHourPrefix('v2', new Date('2026-05-02T03:00:00Z')))).toBe(true);
    expect(key.length).toBeLessThan(1024);
  });

  it('parse back to everything the sealer lists, with no GET', () => {
    // Act
    const parts = parseRecordObjectKey(recordObjectKey(object, new Date('2026-01-09T07:15:00Z')));
    // Assess
    expect(parts).toEqual({ hour: new Date('2026-01-09T07:00:00Z'), ...object });
    expect(writeHourOf(recordObjectKey(object, new Date('2026-01-09T07:15:00Z')))).toEqual(new Date('2026-01-09T07:00:00Z'));
  });

  it('do not parse keys outside the layout', () => {
    const base = `records/v2/2026/05/01/13/iam-root-mfa/111122223333/us-east-1`;
    for (const key of [
      `${base}/${ROOT}-12-${SHA}.json`,
      `${base}/${ROOT}-012-${SHA}.jsonl`,
      `${base}/${ROOT}-0-${SHA}.jsonl`,
      `${base}/${ROOT.slice(1)}-12-${SHA}.jsonl`,
      `records/v2/2026/02/30/13/iam-root-mfa/111122223333/us-east-1/${ROOT}-12-${SHA}.jsonl`,
      `records/v2/2026/05/01/13/iam-root-mfa/11112222333/us-east-1/${ROOT}-12-${SHA}.jsonl`,
      `records/v2/2026/05/01/13/iam-root-mfa/111122223333/US-EAST-1/${ROOT}-12-${SHA}.jsonl`,
      `records/v1/2026/05/01/13/iam-root-mfa/111122223333/us-east-1/${ROOT}-12-${SHA}.jsonl`,
    ]) expect(parseRecordObjectKey(key), key).toBeUndefined();
  });

  it('refuse fields that could escape the layout or name no records', () => {
    const at = new Date('2026-05-01T13:00:00Z');
    expect(() => recordObjectKey({ ...object, checkId: '../seals' }, at)).toThrow(/check\.id/);
    expect(() => recordObjectKey({ ...object, account: '1/2' }, at)).toThrow(expect.objectContaining({ field: 'account' }));
    expect(() => recordObjectKey({ ...object, region: 'us-east-1/..' }, at)).toThrow(expect.objectContaining({ field: 'region' }));
    expect(() => recordObjectKey({ ...object, count: 0 }, at)).toThrow(expect.objectContaining({ field: 'count' }));
    expect(() => recordObjectKey({ ...object, sha256: 'x' }, at)).toThrow(expect.objectContaining({ field: 'sha256' }));
  });

  it('address one line of an object as <key>#<line>, the line sed -n prints', () => {
    // Prepare
    const key = recordObjectKey(object, new Date('2026-05-01T13:00:00Z'));
    // Act / Assess
    expect(parseRecordAddress(recordAddress(key, 3))).toEqual({ key, line: 3 });
    expect(parseRecordAddress(`${key}#0`)).toBeUndefined();
    expect(parseRecordAddress('records/v1/2026/05/01/13/iam-root-mfa/0123456789abcdef0123456789abcdef.json')).toBeUndefined();
  });
});

describe('seal keys', () => {
  it('are zero-padded so lexicographic order is seal order, new ones under seals/v2, and parse back with their version', () => {
    // Prepare / Act
    const nine = sealKey(new Date('2026-05-01T14:00:00Z'), 9);
    const ten = sealKey(new Date('2026-05-01T15:00:00Z'), 10);
    // Assess
    expect(nine).toBe('seals/v2/2026/05/01/00000009.json');
    expect(nine < ten).toBe(true);
    expect(parseSealKey(ten)).toEqual({ version: 'v2', day: new Date('2026-05-01T00:00:00Z'), seq: 10 });
    expect(parseSealKey('seals/v1/2026/05/01/00000003.json')).toEqual({ version: 'v1', day: new Date('2026-05-01T00:00:00Z'), seq: 3 });
    expect(parseSealKey('seals/v1/2026/05/01/9.json')).toBeUndefined();
    expect(parseSealKey('seals/v3/2026/05/01/00000003.json')).toMatchObject({ version: 'v3', seq: 3 });
    expect(parseSealKey('seals/v4/2026/05/01/00000003.json')).toBeUndefined();
    expect(() => sealKey(new Date(), -1)).toThrow(ParseError);
  });
});

describe('public key keys', () => {
  it('write the fingerprint without a colon and read it back', () => {
    // Prepare
    const fp = `sha256:${'ab'.repeat(32)}`;
    // Act
    const key = publicKeyKey(fp);
    // Assess
    expect(key).toBe(`keys/sha256-${'ab'.repeat(32)}.pem`);
    expect(parsePublicKeyKey(key)).toBe(fp);
    expect(parsePublicKeyKey('keys/readme.txt')).toBeUndefined();
    expect(() => publicKeyKey('md5:abc')).toThrow(expect.objectContaining({ code: 'INVALID_VALUE', field: 'keyId' }));
  });
});

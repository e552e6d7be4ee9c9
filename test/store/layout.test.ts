import { describe, expect, it } from 'vitest';
import { ParseError } from '../../lib/errors.ts';
import { parsePublicKeyKey, parseRecordKey, parseSealKey, publicKeyKey, recordHourPrefix, recordKey, sealKey } from '../../lib/store/layout.ts';

const record = { id: '0123456789abcdef0123456789abcdef', check: { id: 'ec2-sg-no-public-admin-ports' } };

describe('record keys', () => {
  it('file a record under the UTC hour it was written', () => {
    // Prepare: 23:59 in New York is already the next day in UTC
    const writtenAt = new Date('2026-05-01T23:59:59-04:00');
    // Act
    const key = recordKey(record, writtenAt);
    // Assess
    expect(key).toBe('records/v1/2026/05/02/03/ec2-sg-no-public-admin-ports/0123456789abcdef0123456789abcdef.json');
    expect(key.startsWith(recordHourPrefix(writtenAt))).toBe(true);
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

describe('seal keys', () => {
  it('are zero-padded so lexicographic order is seal order, and parse back', () => {
    // Prepare / Act
    const nine = sealKey(new Date('2026-05-01T14:00:00Z'), 9);
    const ten = sealKey(new Date('2026-05-01T15:00:00Z'), 10);
    // Assess
    expect(nine).toBe('seals/v1/2026/05/01/00000009.json');
    expect(nine < ten).toBe(true);
    expect(parseSealKey(ten)).toEqual({ day: new Date('2026-05-01T00:00:00Z'), seq: 10 });
    expect(parseSealKey('seals/v1/2026/05/01/9.json')).toBeUndefined();
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

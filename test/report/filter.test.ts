import { describe, expect, it } from 'vitest';
import { ParseError } from '../../lib/errors.ts';
import { filterRecords } from '../../lib/report/filter.ts';
import { makeRecord } from '../fixtures/report/records.ts';

const records = [
  makeRecord({ seed: '1', check: 'iam-user-console-mfa', resourceId: 'Alice', result: 'fail', observedAt: '2026-03-01T00:00:00Z' }),
  makeRecord({ seed: '2', check: 's3-bucket-default-encryption', resourceId: 'phi-scans', result: 'pass', region: 'eu-west-1', observedAt: '2026-03-02T00:00:00Z' }),
  makeRecord({ seed: '3', check: 'ec2-sg-no-public-admin-ports', resourceId: 'sg-0abc', result: 'error', account: '444455556666', observedAt: '2026-03-03T00:00:00Z' }),
];

describe('filterRecords', () => {
  it('combines filters with AND', () => {
    expect(filterRecords(records, { result: 'fail', family: 'mfa' }).map((r) => r.resource.id)).toEqual(['Alice']);
    expect(filterRecords(records, { result: 'fail', family: 'logging' })).toEqual([]);
  });

  it('filters by check, account and region', () => {
    expect(filterRecords(records, { check: 's3-bucket-default-encryption' }).map((r) => r.resource.id)).toEqual(['phi-scans']);
    expect(filterRecords(records, { account: '444455556666' }).map((r) => r.resource.id)).toEqual(['sg-0abc']);
    expect(filterRecords(records, { region: 'eu-west-1' }).map((r) => r.resource.id)).toEqual(['phi-scans']);
  });

  it('matches the resource as a case-insensitive substring of its id or ARN', () => {
    expect(filterRecords(records, { resource: 'alice' }).map((r) => r.resource.id)).toEqual(['Alice']);
    expect(filterRecords(records, { resource: 'arn:aws:s3:::phi' }).map((r) => r.resource.id)).toEqual(['phi-scans']);
  });

  it('keeps from inclusive and to exclusive', () => {
    const kept = filterRecords(records, { from: '2026-03-02T00:00:00Z', to: '2026-03-03T00:00:00Z' });
    expect(kept.map((r) => r.resource.id)).toEqual(['phi-scans']);
  });

  it('works on stored records ({ key, record }) and returns them as given', () => {
    const stored = records.map((record) => ({ key: `k/${record.id}`, record }));
    expect(filterRecords(stored, { result: 'error' })).toEqual([stored[2]]);
  });

  it('names the bad field of an invalid filter', () => {
    expect(() => filterRecords(records, { result: 'failed' })).toThrow(ParseError);
    expect(() => filterRecords(records, { result: 'failed' })).toThrow(expect.objectContaining({ code: 'INVALID_VALUE', field: 'result' }));
    expect(() => filterRecords(records, { family: 'crypto' })).toThrow(expect.objectContaining({ code: 'INVALID_VALUE', field: 'family' }));
    expect(() => filterRecords(records, { to: 'tomorrow' })).toThrow(expect.objectContaining({ code: 'INVALID_TIME', field: 'to' }));
    expect(() => filterRecords(records, { from: '2026-03-02', to: '2026-03-01' })).toThrow(expect.objectContaining({ code: 'INVALID_VALUE', field: 'to' }));
  });
});

import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/kinesis-stream-encrypted/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS } from '../../lib/model/check.ts';
import type { KinesisStreamState } from '../../lib/model/states/kinesis.ts';
import fixtures from '../fixtures/kinesis/states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const states = fixtures as Record<'kms' | 'none', KinesisStreamState>;

describe('kinesis-stream-encrypted', () => {
  it('passes a stream with KMS server-side encryption', () => {
    // Act
    const finding = runCheck(check, snapshotOf(check, 'hl7-feed', states.kms), DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe('pass');
    expect(finding.reason).toMatch(/^stream hl7-feed encrypts records with KMS key arn:aws:kms:us-east-1:111122223333:key\//);
  });

  it('fails a stream whose EncryptionType is NONE', () => {
    const finding = runCheck(check, snapshotOf(check, 'clickstream', states.none), DEFAULT_SETTINGS);
    expect(finding).toMatchObject({ result: 'fail', reason: 'stream clickstream has server-side encryption off: its records are stored unencrypted', observed: { encryptionType: 'NONE' } });
  });

  it('fails an encryption type it does not know rather than pass it', () => {
    const finding = runCheck(check, snapshotOf(check, 'clickstream', { ...states.none, encryptionType: 'AES' }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('fail');
  });

  it('is not_applicable for a deleted stream', () => {
    expect(runCheck(check, snapshotOf(check, 'device-telemetry', undefined, { deleted: true }), DEFAULT_SETTINGS).result).toBe('not_applicable');
  });

  it('is error when DescribeStreamSummary is denied', () => {
    const error = accessDenied('kinesis:DescribeStreamSummary', 'AccessDeniedException');
    expect(runCheck(check, snapshotOf(check, 'hl7-feed', undefined, { error }), DEFAULT_SETTINGS)).toMatchObject({ result: 'error', observed: { error: { code: 'ACCESS_DENIED' } } });
  });

  itHasValidMetadata(check, 'kinesis-stream-encrypted', { service: 'kinesis' });
});

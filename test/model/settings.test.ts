import { describe, expect, it } from 'vitest';
import { runCheck } from '../../lib/checks/run-check.ts';
import type { Check, CheckMetadata } from '../../lib/model/check.ts';
import { DEFAULT_SETTINGS } from '../../lib/model/check.ts';
import { metadataRuleErrors } from '../../lib/model/metadata-rules.ts';
import { DEFAULT_NUMERIC_SETTINGS, NUMERIC_SETTINGS, numericSettingsFromEnv } from '../../lib/model/settings.ts';
import { readEnvironment } from '../../lib/runtime/environment.ts';
import { snapshotOf } from '../fixtures/checks/harness.ts';

const fail = (message: string): never => {
  throw new Error(message);
};

/** A check judged by age: what `now` and the declared setting are for. */
const keyAge: Check<{ createdAt: string }> = {
  metadata: { id: 'key-age', family: 'credentials', scope: 'all', resourceType: 'AWS::IAM::User', settings: ['accessKeyMaxAgeDays'] } as CheckMetadata,
  evaluate(state, { settings, now }) {
    const days = (now.getTime() - Date.parse(state.createdAt)) / 86_400_000;
    return days > settings.accessKeyMaxAgeDays ? { result: 'fail', reason: `${Math.floor(days)} days old`, observed: {} } : { result: 'pass', reason: 'young', observed: {} };
  },
};

describe('numeric settings', () => {
  it('default to the catalog values and are read from their environment variables within bounds', () => {
    // Act
    const read = numericSettingsFromEnv({ ACCESS_KEY_MAX_AGE_DAYS: '45', LOG_RETENTION_DAYS: '' }, fail);
    // Assess
    expect(DEFAULT_NUMERIC_SETTINGS).toMatchObject({ accessKeyMaxAgeDays: 90, passwordMinLength: 14, passwordReusePrevention: 24, rdsBackupRetentionDays: 7, inspectorScanMaxAgeDays: 180 });
    expect(read.accessKeyMaxAgeDays).toBe(45);
    expect(read.logRetentionDays).toBe(365);
    expect(new Set(Object.values(NUMERIC_SETTINGS).map((s) => s.env)).size).toBe(Object.keys(NUMERIC_SETTINGS).length);
  });

  it('refuse a value that is not an integer in bounds, naming the variable', () => {
    expect(() => numericSettingsFromEnv({ PASSWORD_MIN_LENGTH: '3' }, fail)).toThrow('PASSWORD_MIN_LENGTH must be an integer from 6 to 128, got 3');
    expect(() => numericSettingsFromEnv({ RDS_BACKUP_RETENTION_DAYS: 'seven' }, fail)).toThrow(/RDS_BACKUP_RETENTION_DAYS/);
    expect(() => readEnvironment({ EVIDENCE_BUCKET: 'b', SIGNING_KEY_ARN: 'arn:aws:kms:us-east-1:111122223333:key/k', SECRET_ROTATION_MAX_DAYS: '0' })).toThrow(/SECRET_ROTATION_MAX_DAYS/);
  });

  it('reach the deployed functions through the environment', () => {
    const env = readEnvironment({ EVIDENCE_BUCKET: 'b', SIGNING_KEY_ARN: 'arn:aws:kms:us-east-1:111122223333:key/k', UNUSED_CREDENTIAL_DAYS: '45' });
    expect(env.settings.unusedCredentialDays).toBe(45);
    expect(env.settings.accessKeyMaxAgeDays).toBe(90);
  });

  it('are stated in every record of a check that declares them, and the check judges at `now`', () => {
    // Prepare
    const snapshot = snapshotOf(keyAge, 'alice', { createdAt: '2026-01-01T00:00:00Z' });
    // Act
    const young = runCheck(keyAge, snapshot, DEFAULT_SETTINGS, new Date('2026-02-01T00:00:00Z'));
    const old = runCheck(keyAge, snapshot, { ...DEFAULT_SETTINGS, accessKeyMaxAgeDays: 30 }, new Date('2026-02-15T00:00:00Z'));
    const failedRead = runCheck(keyAge, snapshotOf(keyAge, 'bob', undefined, { error: { operation: 'GetCredentialReport', code: 'ACCESS_DENIED', name: 'AccessDenied', message: 'no' } }), DEFAULT_SETTINGS);
    // Assess
    expect([young.result, young.observed.settings]).toEqual(['pass', { accessKeyMaxAgeDays: 90 }]);
    expect([old.result, old.reason, old.observed.settings]).toEqual(['fail', '45 days old', { accessKeyMaxAgeDays: 30 }]);
    expect(failedRead.result).toBe('error');
  });

  it('must be known to be declared in metadata', () => {
    const metadata = { triggers: { cloudtrail: [], configResourceTypes: [], sweep: true }, reads: { decide: [], enrich: [] }, hipaa: [], hipaaProposed: [], settings: ['accessKeyMaxAgeDays', 'keyAgeDays'] } as unknown as CheckMetadata;
    expect(metadataRuleErrors(metadata)).toEqual(['settings[1]: "keyAgeDays" is not a setting of lib/model/settings.ts']);
  });
});

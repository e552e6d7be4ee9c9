import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/errors.ts';
import { readEnvironment } from '../../lib/runtime/environment.ts';

const base = { EVIDENCE_BUCKET: 'evidence', SIGNING_KEY_ARN: 'arn:aws:kms:us-east-1:111122223333:key/abc' };

describe('readEnvironment', () => {
  it('applies the documented defaults: COMPLIANCE, 6 years, the function region', () => {
    const env = readEnvironment({ ...base, AWS_REGION: 'eu-west-1' });
    expect(env).toMatchObject({ lockMode: 'COMPLIANCE', retentionDays: 2192, regions: ['eu-west-1'], prefix: '', memberRoleName: undefined });
    expect(env.settings.phiTagKey).toBe('data-classification');
  });

  it('reads lists and PHI tag settings', () => {
    const env = readEnvironment({ ...base, REGIONS: 'us-east-1, us-west-2', PHI_TAG_KEY: 'classification', PHI_TAG_VALUES: 'phi,restricted', MEMBER_ROLE_NAME: 'tp-read' });
    expect(env.regions).toEqual(['us-east-1', 'us-west-2']);
    expect(env.settings.phiTagValues).toEqual(['phi', 'restricted']);
    expect(env.memberRoleName).toBe('tp-read');
  });

  it('reads the TSA of the seal function (TSA_URL), none when empty', () => {
    expect(readEnvironment({ ...base, TSA_URL: 'https://tsa.example/tsr' }).tsaUrl).toBe('https://tsa.example/tsr');
    expect(readEnvironment({ ...base, TSA_URL: '' }).tsaUrl).toBeUndefined();
  });

  it.each([
    [{ ...base, TSA_URL: 'ftp://tsa.example/tsr' }, /TSA URL must be http\(s\)/],
    [{ SIGNING_KEY_ARN: 'x' }, /EVIDENCE_BUCKET/],
    [{ EVIDENCE_BUCKET: 'x' }, /SIGNING_KEY_ARN/],
    [{ ...base, LOCK_MODE: 'compliance' }, /LOCK_MODE/],
    [{ ...base, RETENTION_DAYS: '0' }, /RETENTION_DAYS/],
    [{ ...base, RETENTION_DAYS: 'six years' }, /RETENTION_DAYS/],
  ])('rejects %j naming the variable', (env, message) => {
    expect(() => readEnvironment(env)).toThrowError(ConfigError);
    expect(() => readEnvironment(env)).toThrowError(message);
  });
});

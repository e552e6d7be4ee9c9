import { describe, expect, it } from 'vitest';
import check, { viewerPolicyMinTls } from '../../lib/checks/cloudfront-viewer-https/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/model/check.ts';
import type { CloudFrontDistributionState } from '../../lib/model/states/cloudfront.ts';
import states from '../fixtures/cloudfront/distribution-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const distributions = states as Record<keyof typeof states, CloudFrontDistributionState>;
const of = (state?: CloudFrontDistributionState, extra = {}) => snapshotOf(check, 'EDFDVBD6EXAMPLE', state, extra);

describe('cloudfront-viewer-https', () => {
  it.each<[string, Result, Snapshot<CloudFrontDistributionState>, RegExp]>([
    ['HTTPS on every behavior, TLSv1.2_2021, HTTPS and match-viewer custom origins, an S3 origin', 'pass', of(distributions.httpsEverywhere), /^distribution EDFDVBD6EXAMPLE \(d111111abcdef8\.cloudfront\.net\) serves viewers only over HTTPS with TLSv1\.2_2021, on all 2 cache behavior\(s\), and reaches its 2 custom origin\(s\) over HTTPS$/],
    ['a TLS 1.3 policy', 'pass', of(distributions.tls13), /with TLSv1\.3_2025/],
    ['a VPC origin (its protocol lives on the VPC origin)', 'pass', of(distributions.vpcOrigin), /reaches its 0 custom origin/],
    ['one ordered behavior allows HTTP', 'fail', of(distributions.pathAllowsHttp), /cache behavior \/images\/\* lets viewers use allow-all$/],
    ['the default *.cloudfront.net certificate', 'fail', of(distributions.defaultCertificate), /default \*\.cloudfront\.net certificate, whose security policy is always TLSv1/],
    ['a TLSv1.1_2016 security policy', 'fail', of(distributions.tls11Policy), /security policy TLSv1\.1_2016 still accepts TLS 1\.1 \(minimum is TLS 1\.2\)$/],
    ['an SSLv3 security policy', 'fail', of(distributions.sslv3Policy), /security policy SSLv3 still accepts SSLv3/],
    ['an http-only custom origin', 'fail', of(distributions.httpOrigin), /origin legacy-ehr is reached over plain HTTP \(http-only\)$/],
    ['match-viewer behind a behavior that allows HTTP', 'fail', of(distributions.matchViewerWithHttpViewers), /\(default\) lets viewers use allow-all; origin web matches the viewer protocol, and viewers may use HTTP$/],
    ['an origin that still allows SSLv3', 'fail', of(distributions.originAllowsSslv3), /origin web allows SSLv3$/],
    ['a deleted distribution', 'not_applicable', of(undefined, { deleted: true }), /EDFDVBD6EXAMPLE was deleted/],
    ['a refused read', 'error', of(undefined, { error: accessDenied('GetDistributionConfig') }), /^ACCESS_DENIED: GetDistributionConfig was denied/],
  ])('%s -> %s', (_name, expected, snapshot, reason) => {
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('raises the bar with minTlsVersion 1.3', () => {
    const finding = runCheck(check, of(distributions.httpsEverywhere), { ...DEFAULT_SETTINGS, minTlsVersion: '1.3' });
    expect(finding.result).toBe('fail');
    expect(finding.observed.requiredMinTls).toBe('1.3');
  });

  it.each<[string, number | undefined]>([
    ['SSLv3', 0],
    ['TLSv1', 1],
    ['TLSv1_2016', 1],
    ['TLSv1.1_2016', 1.1],
    ['TLSv1.2_2018', 1.2],
    ['TLSv1.2_2025', 1.2],
    ['TLSv1.3_2025', 1.3],
    ['TLSv1.2_2021-custom', undefined],
  ])('reads the oldest TLS of policy %s as %s', (policy, expected) => {
    expect(viewerPolicyMinTls(policy)).toBe(expected);
  });

  itHasValidMetadata(check, 'cloudfront-viewer-https', { service: 'cloudfront', hasConfigRule: false });
});

import type { Check, CheckMetadata } from '../../model/check.ts';
import type { CloudFrontDistributionState, CloudFrontOrigin, CloudFrontViewerCertificate } from '../../model/states/cloudfront.ts';
import metadata from './metadata.json' with { type: 'json' };

const HTTPS_VIEWER_POLICIES = new Set(['redirect-to-https', 'https-only']);

/**
 * The oldest TLS version a viewer security policy accepts: TLSv1 and TLSv1_2016 accept 1.0,
 * TLSv1.1_2016 1.1, TLSv1.2_* 1.2, TLSv1.3_* 1.3; SSLv3 (still accepted by dedicated-IP
 * distributions) is below every TLS. Undefined for a name we do not know, which cannot be shown safe.
 */
export function viewerPolicyMinTls(policy: string): number | undefined {
  if (policy === 'SSLv3') return 0;
  const match = /^TLSv1(?:\.(\d))?(?:_\d{4})?$/.exec(policy);
  return match ? 1 + Number(match[1] ?? 0) / 10 : undefined;
}

function certificateProblem(certificate: CloudFrontViewerCertificate, minTls: string): string | undefined {
  if (certificate.cloudFrontDefaultCertificate) {
    return `it uses the default *.cloudfront.net certificate, whose security policy is always TLSv1 (viewers may negotiate TLS 1.0)`;
  }
  const policy = certificate.minimumProtocolVersion;
  const min = policy ? viewerPolicyMinTls(policy) : undefined;
  if (policy === null) return 'its viewer certificate names no minimum protocol version';
  if (min === undefined) return `its security policy ${policy} is not a known policy limited to TLS ${minTls}+`;
  if (min < Number(minTls)) return `its security policy ${policy} still accepts ${min === 0 ? 'SSLv3' : `TLS ${min.toFixed(1)}`} (minimum is TLS ${minTls})`;
  return undefined;
}

/**
 * How CloudFront reaches a custom origin: https-only, or match-viewer while every viewer is on
 * HTTPS (Security Hub CloudFront.9 reads it the same way); never http-only, and never with SSLv3
 * allowed (CloudFront.10). S3 REST origins follow the viewer's protocol; VPC origins keep the
 * protocol on the VPC origin itself and traffic inside the VPC, so neither is judged here.
 */
function originProblem(origin: CloudFrontOrigin, viewersOnHttps: boolean): string | undefined {
  if (origin.type !== 'custom') return undefined;
  const policy = origin.originProtocolPolicy;
  if (policy === 'http-only') return `origin ${origin.id} is reached over plain HTTP (http-only)`;
  if (policy === 'match-viewer' && !viewersOnHttps) return `origin ${origin.id} matches the viewer protocol, and viewers may use HTTP`;
  if (policy !== 'https-only' && policy !== 'match-viewer') return `origin ${origin.id} has origin protocol policy ${policy ?? 'unset'}`;
  if (origin.originSslProtocols.includes('SSLv3')) return `origin ${origin.id} allows SSLv3`;
  return undefined;
}

/**
 * cloudfront-viewer-https: viewers reach every cache behavior over HTTPS only (redirect-to-https
 * or https-only), the viewer security policy accepts nothing older than settings.minTlsVersion,
 * and CloudFront reaches custom origins over HTTPS. The default *.cloudfront.net certificate
 * fails: its policy is TLSv1 whatever the configuration says, and cannot be raised.
 */
const check: Check<CloudFrontDistributionState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state, { settings }) {
    const { viewerCertificate, behaviors, origins } = state;
    const observed = { distributionId: state.id, domainName: state.domainName, behaviors, viewerCertificate, origins, requiredMinTls: settings.minTlsVersion };
    const plain = behaviors.filter((b) => !HTTPS_VIEWER_POLICIES.has(b.viewerProtocolPolicy ?? ''));
    const problems = [
      ...plain.map((b) => `cache behavior ${b.pathPattern === '*' ? '(default)' : b.pathPattern} lets viewers use ${b.viewerProtocolPolicy ?? 'an unset policy'}`),
      certificateProblem(viewerCertificate, settings.minTlsVersion),
      ...origins.map((o) => originProblem(o, plain.length === 0)),
    ].filter((p): p is string => p !== undefined);
    const name = `distribution ${state.id}${state.domainName ? ` (${state.domainName})` : ''}`;
    if (problems.length > 0) return { result: 'fail', reason: `${name}: ${problems.join('; ')}`, observed };
    const custom = origins.filter((o) => o.type === 'custom').length;
    return {
      result: 'pass',
      reason: `${name} serves viewers only over HTTPS with ${viewerCertificate.minimumProtocolVersion}, on all ${behaviors.length} cache behavior(s), and reaches its ${custom} custom origin(s) over HTTPS`,
      observed,
    };
  },
};

export default check;

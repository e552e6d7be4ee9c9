/**
 * A CloudFront distribution configuration read into CloudFrontDistributionState, whichever way it
 * arrives: GetDistributionConfig's DistributionConfig and ListDistributions' DistributionSummary
 * (SDK members, PascalCase), or a Config item's `configuration.distributionConfig` (camelCase,
 * with AWS's odd spellings such as `sSLSupportMethod`). Members are looked up case-insensitively,
 * so one reader serves all three.
 */
import type { CloudFrontBehavior, CloudFrontDistributionState, CloudFrontOrigin } from '../model/states/cloudfront.ts';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The member named `name` in any letter case, e.g. ViewerProtocolPolicy or viewerProtocolPolicy. */
function member(object: unknown, name: string): unknown {
  if (!isObject(object)) return undefined;
  if (name in object) return object[name];
  const wanted = name.toLowerCase();
  const key = Object.keys(object).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? undefined : object[key];
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** `{ Quantity, Items }` lists; a list of zero items may omit Items. */
function items(list: unknown): unknown[] {
  const values = member(list, 'Items');
  return Array.isArray(values) ? values : [];
}

function behaviorOf(raw: unknown, defaultPattern?: string): CloudFrontBehavior {
  return {
    pathPattern: defaultPattern ?? text(member(raw, 'PathPattern')) ?? '?',
    viewerProtocolPolicy: text(member(raw, 'ViewerProtocolPolicy')),
    targetOriginId: text(member(raw, 'TargetOriginId')),
  };
}

function originOf(raw: unknown): CloudFrontOrigin {
  const custom = member(raw, 'CustomOriginConfig');
  const type = isObject(custom) ? 'custom' : isObject(member(raw, 'VpcOriginConfig')) ? 'vpc' : 's3';
  return {
    id: text(member(raw, 'Id')) ?? 'unnamed',
    domainName: text(member(raw, 'DomainName')),
    type,
    originProtocolPolicy: type === 'custom' ? text(member(custom, 'OriginProtocolPolicy')) : null,
    originSslProtocols: type === 'custom' ? items(member(custom, 'OriginSslProtocols')).filter((p): p is string => typeof p === 'string') : [],
  };
}

/**
 * The state of distribution `id` from a DistributionConfig or DistributionSummary; undefined when
 * a member the check decides on (the default behavior's viewer policy, the viewer certificate,
 * the origins) is missing, so a partial Config item is read live instead of judged on a guess.
 *
 * @example distributionState('EDFDVBD6EXAMPLE', getConfigOutput.DistributionConfig, 'd111111abcdef8.cloudfront.net')
 */
export function distributionState(id: string, config: unknown, domainName: string | null = null): CloudFrontDistributionState | undefined {
  const defaultBehavior = member(config, 'DefaultCacheBehavior');
  const certificate = member(config, 'ViewerCertificate');
  const origins = member(config, 'Origins');
  if (text(member(defaultBehavior, 'ViewerProtocolPolicy')) === null || !isObject(certificate) || !isObject(origins)) return undefined;
  const enabled = member(config, 'Enabled');
  return {
    id,
    domainName: domainName ?? text(member(config, 'DomainName')),
    enabled: typeof enabled === 'boolean' ? enabled : null,
    behaviors: [behaviorOf(defaultBehavior, '*'), ...items(member(config, 'CacheBehaviors')).map((b) => behaviorOf(b))],
    viewerCertificate: {
      // Older configurations say only CertificateSource "cloudfront" for the default certificate.
      cloudFrontDefaultCertificate: member(certificate, 'CloudFrontDefaultCertificate') === true || member(certificate, 'CertificateSource') === 'cloudfront',
      minimumProtocolVersion: text(member(certificate, 'MinimumProtocolVersion')),
      certificateSource: text(member(certificate, 'CertificateSource')),
    },
    origins: items(origins).map(originOf),
  };
}

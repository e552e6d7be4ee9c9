import { describe, expect, it } from 'vitest';
import { managedRuleNames, ruleIdentifierToKebab } from '../../lib/checks/config-rule-names.ts';
import { matchRuleIdentifier } from '../../lib/events/route.ts';

describe('AWS Config managed rule names', () => {
  it.each([
    ['INCOMING_SSH_DISABLED', ['restricted-ssh', 'incoming-ssh-disabled']],
    ['MULTI_REGION_CLOUD_TRAIL_ENABLED', ['multi-region-cloudtrail-enabled', 'multi-region-cloud-trail-enabled']],
    ['S3_BUCKET_SSL_REQUESTS_ONLY', ['s3-bucket-ssl-requests-only']],
  ])('%s is deployed as %j', (identifier, names) => {
    expect(managedRuleNames(identifier)).toEqual(names);
  });

  it('kebab-cases identifiers and names alike', () => {
    expect(ruleIdentifierToKebab(' S3_BUCKET_SSL_REQUESTS_ONLY ')).toBe('s3-bucket-ssl-requests-only');
  });

  it.each([
    ['restricted-ssh', 'INCOMING_SSH_DISABLED'],
    ['securityhub-multi-region-cloudtrail-enabled-a1b2c3', 'MULTI_REGION_CLOUD_TRAIL_ENABLED'],
    ['cloudtrail-enabled-conformance-pack-x9', 'CLOUD_TRAIL_ENABLED'],
    ['restricted-common-ports', 'RESTRICTED_INCOMING_TRAFFIC'],
    ['my-own-rule', undefined],
  ])('the deployed rule %s maps to %s', (ruleName, identifier) => {
    const identifiers = ['INCOMING_SSH_DISABLED', 'MULTI_REGION_CLOUD_TRAIL_ENABLED', 'CLOUD_TRAIL_ENABLED', 'RESTRICTED_INCOMING_TRAFFIC'];
    expect(matchRuleIdentifier(ruleName, identifiers)).toBe(identifier);
  });
});

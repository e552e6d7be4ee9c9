/**
 * Check metadata lists AWS Config managed rules by identifier (INCOMING_SSH_DISABLED). Deployed
 * rules carry a name: by default the identifier in kebab case, except for a few rules whose
 * default name AWS chose differently (the Config guide flags each: "the rule identifier and rule
 * name are different"). Conformance packs and Security Hub add prefixes and suffixes to either.
 */
const DEFAULT_NAMES_THAT_DIFFER: Readonly<Record<string, string>> = {
  INCOMING_SSH_DISABLED: 'restricted-ssh',
  RESTRICTED_INCOMING_TRAFFIC: 'restricted-common-ports',
  MULTI_REGION_CLOUD_TRAIL_ENABLED: 'multi-region-cloudtrail-enabled',
  CLOUD_TRAIL_ENABLED: 'cloudtrail-enabled',
};

/** "S3_BUCKET_SSL_REQUESTS_ONLY" and "s3-bucket-ssl-requests-only" both become the latter. */
export function ruleIdentifierToKebab(identifier: string): string {
  return identifier.trim().toLowerCase().replace(/[_\s]+/g, '-');
}

/**
 * Every name a deployed copy of the managed rule starts from: its AWS default name, and the
 * kebab-case identifier when that differs (some packs use it).
 *
 * @example managedRuleNames('INCOMING_SSH_DISABLED') // ['restricted-ssh', 'incoming-ssh-disabled']
 */
export function managedRuleNames(identifier: string): string[] {
  const kebab = ruleIdentifierToKebab(identifier);
  const named = DEFAULT_NAMES_THAT_DIFFER[identifier.trim().toUpperCase()];
  return named ? [named, kebab] : [kebab];
}

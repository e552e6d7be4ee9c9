/**
 * Reading loosely shaped AWS answers the same way whichever source spelled them: the SDK and newer
 * Config items say `EnforceHTTPS`, older Config items `enforceHTTPS` or `tlssecurityPolicy` (Java
 * bean names), CloudTrail `domainName`. No SDK calls here.
 */

/**
 * A member of an object by name in any casing; undefined for a non-object or a missing member.
 *
 * @example memberOf({ tlssecurityPolicy: 'Policy-Min-TLS-1-2-2019-07' }, 'TLSSecurityPolicy') // 'Policy-Min-TLS-1-2-2019-07'
 */
export function memberOf(obj: unknown, name: string): unknown {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return undefined;
  const wanted = name.toLowerCase();
  const key = Object.keys(obj).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? undefined : (obj as Record<string, unknown>)[key];
}

/** A non-empty string, else null. */
export function textOf(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

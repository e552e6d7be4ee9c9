/**
 * Reading single values out of AWS answers and Config items, where "none" may be an absent member,
 * null or "" alike, and where a member that should be an ARN may be anything (recorded or malformed
 * answers): what a collector copies into a snapshot is a real value or nothing.
 */

/**
 * A non-empty string, else null.
 *
 * @example text('') // null
 * @example text('alias/claims') // 'alias/claims'
 */
export function text(value: unknown): string | null {
  return asString(value) ?? null;
}

/**
 * A non-empty string, else undefined: the form optional members and `??` chains take.
 *
 * @example asString(config.dBInstanceIdentifier) ?? item.resourceName
 */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The first of `values` that is an ARN (a string starting with "arn:", as every record's
 * resource.arn must), else undefined.
 *
 * @example arnOf(undefined, 'arn:aws:sqs:us-east-1:111122223333:claims') // 'arn:aws:sqs:us-east-1:111122223333:claims'
 */
export function arnOf(...values: unknown[]): string | undefined {
  return values.find((value): value is string => typeof value === 'string' && value.startsWith('arn:'));
}

/** `{ arn }` when one of `values` is an ARN, else `{}`: spread into a ResourceRef. */
export function withArn(...values: unknown[]): { arn?: string } {
  const arn = arnOf(...values);
  return arn ? { arn } : {};
}

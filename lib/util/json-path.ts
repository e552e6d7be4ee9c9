/**
 * Join a JSON path prefix and a member name or element index the way every error names a field:
 * `Records[3].eventTime`, `integrity.batch.root`. Parse errors, schema errors, the lone-surrogate
 * walk and the duplicate-member scan all build their paths with it, so one field reads the same
 * in every report.
 *
 * @example joinPath(joinPath('Records', 3), 'eventTime') // 'Records[3].eventTime'
 */
export function joinPath(prefix: string, key: string | number): string {
  if (typeof key === 'number') return `${prefix}[${key}]`;
  return prefix === '' ? key : `${prefix}.${key}`;
}

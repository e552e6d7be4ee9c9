/**
 * SDK v3 answers carry times as Date objects, recorded responses and fixtures as ISO strings (a
 * few services as epoch seconds): states hold ISO strings whatever the source.
 */

/**
 * An ISO 8601 string of an SDK time member, or null when absent or unreadable.
 *
 * @example isoTime(new Date(0)) // '1970-01-01T00:00:00.000Z'
 */
export function isoTime(value: unknown): string | null {
  const date = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(typeof value === 'number' ? value * 1000 : value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

/**
 * Text from evidence made inert for people's screens. Anything in a record, a key or a file name
 * came from AWS or from whoever could write the bucket, so it must not move a terminal's cursor,
 * recolour it or rewrite the line above (ANSI escapes: ESC, CSI), end a line early (CR, LF, the
 * Unicode line and paragraph separators), or reorder what is shown (bidirectional overrides and
 * isolates, "Trojan Source"). Each such character is shown as its `\uXXXX` escape.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const HAS_UNSAFE = new RegExp(UNSAFE.source);

/**
 * `text` with every control, line-separating and bidirectional-override character escaped,
 * except those in `keep` (a CSV cell or an HTML page may hold its own line breaks and tabs).
 *
 * @example inertText('pass\u001b[2K\rfail') // 'pass\\u001b[2K\\u000dfail'
 */
export function inertText(text: string, keep = ''): string {
  return text.replace(UNSAFE, (c) => (keep.includes(c) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/**
 * A JSON value with every string, member names too, made inert (inertText, `keep` kept); the same
 * value, not a copy, when no string needs it (nearly every record).
 */
export function inertStrings(value: unknown, keep = ''): unknown {
  if (typeof value === 'string') return inertText(value, keep);
  if (!needsInert(value)) return value;
  if (Array.isArray(value)) return value.map((item) => inertStrings(item, keep));
  return Object.fromEntries(Object.entries(value as object).map(([name, member]) => [inertText(name, keep), inertStrings(member, keep)]));
}

function needsInert(value: unknown): boolean {
  if (typeof value === 'string') return HAS_UNSAFE.test(value);
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(needsInert);
  return Object.entries(value).some(([name, member]) => needsInert(name) || needsInert(member));
}

/**
 * Text from evidence made inert for people's screens. Anything in a record, a key or a file name
 * came from AWS or from whoever could write the bucket, so it must not move a terminal's cursor,
 * recolour it or rewrite the line above (ANSI escapes: ESC, CSI), end a line early (CR, LF, the
 * Unicode line and paragraph separators), or reorder what is shown (bidirectional overrides and
 * isolates, "Trojan Source"). Each such character is shown as its `\uXXXX` escape.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with every control, line-separating and bidirectional-override character escaped,
 * except those in `keep` (a CSV cell or an HTML page may hold its own line breaks and tabs).
 *
 * @example inertText('pass\u001b[2K\rfail') // 'pass\\u001b[2K\\u000dfail'
 */
export function inertText(text: string, keep = ''): string {
  return text.replace(UNSAFE, (c) => (keep.includes(c) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

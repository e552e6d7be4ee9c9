/**
 * JSON as evidence must be read: one value per member name. JSON.parse keeps the LAST of two
 * members with the same name, other readers (some SIEMs, jq's --stream, Python's object_pairs_hook
 * users) may keep the first: a `"result":"pass",` slipped in before the signed `"result":"fail"`
 * verifies with JSON.parse and reads as a pass elsewhere. RFC 8259 says names SHOULD be unique;
 * I-JSON (RFC 7493), which RFC 8785 canonicalization assumes, says MUST. A verifier therefore
 * refuses any evidence document holding a duplicate name, wherever it is nested.
 */

import { joinPath } from '../util/json-path.ts';

/** One level of the document being scanned: an object's names seen so far, or an array's index. */
interface Frame {
  names?: Set<string>;
  /** The current member name (objects) or element index (arrays), for the path in the report. */
  at: string | number;
  /** In an object, the next string is a member name (after `{` or `,`), not a value. */
  expectName: boolean;
}

/** Index of the quote that closes the string opened at `start`, skipping escaped quotes. */
function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  while (end !== -1) {
    let backslashes = 0;
    for (let i = end - 1; text.charCodeAt(i) === 0x5c; i--) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return text.length;
}

/** `integrity.batch.signature`, `records[3].key`: where a member sits, for people. */
function pathOf(frames: readonly Frame[], name: string): string {
  return joinPath(frames.slice(0, -1).reduce<string>((path, frame) => joinPath(path, frame.at), ''), name);
}

/**
 * The first member name that occurs twice in one object of a JSON text, as a path
 * (`integrity.batch.root`), or undefined when every object's names are distinct. Names are
 * compared as decoded, so `"result"` and `"r\u0065sult"` are the same name.
 *
 * The text must be valid JSON (call it after JSON.parse accepted the text): it is scanned, not
 * validated. Strings are skipped with indexOf, so the cost is close to one pass over the bytes.
 *
 * @example duplicateMember('{"result":"pass","result":"fail"}') // 'result'
 */
export function duplicateMember(text: string): string | undefined {
  const frames: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const end = stringEnd(text, i);
      const top = frames.at(-1);
      if (top?.names && top.expectName) {
        const raw = text.slice(i, end + 1);
        const name = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        if (top.names.has(name)) return pathOf(frames, name);
        top.names.add(name);
        top.at = name;
        top.expectName = false;
      }
      i = end;
    } else if (c === 0x7b) {
      frames.push({ names: new Set(), at: '', expectName: true });
    } else if (c === 0x5b) {
      frames.push({ at: 0, expectName: false });
    } else if (c === 0x7d || c === 0x5d) {
      frames.pop();
    } else if (c === 0x2c) {
      const top = frames.at(-1);
      if (top?.names) top.expectName = true;
      else if (top) top.at = (top.at as number) + 1;
    }
  }
  return undefined;
}

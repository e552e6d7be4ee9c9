import { inertText } from '../util/inert-text.ts';

/**
 * Safe-by-default HTML building. Everything in a report comes from AWS (resource ids, reasons,
 * user agents) and is untrusted, so the `html` template escapes every interpolated value unless
 * it is already markup built by `html` itself; there is no other way to put text into the page.
 */

/** Markup that is known safe: only `html` and `joinHtml` make it. */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text made inert for HTML text and quoted attribute values: markup characters as entities, and
 * control characters (CR too) and bidirectional overrides as visible `\uXXXX` (line feeds and tabs kept).
 *
 * @example escapeHtml('<img src=x onerror=alert(1)>') // '&lt;img src=x onerror=alert(1)&gt;'
 */
export function escapeHtml(text: string): string {
  return inertText(text, '\n\t').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * A template tag: literal parts are markup, interpolated values are escaped (arrays joined,
 * `undefined`/`null`/`false` dropped, nested `html` kept).
 *
 * @example html`<td>${record.resource.id}</td>`
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new SafeHtml(out);
}

/**
 * JSON for an inline `<script type="application/json">`: `<` is written as `\u003c` so no string
 * in the data can close the script element or open a comment, and U+2028/2029 are escaped for
 * older parsers. JSON.parse reads it back unchanged.
 */
export function jsonForScript(value: unknown): SafeHtml {
  const json = JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return new SafeHtml(json);
}

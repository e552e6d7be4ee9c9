import { readFileSync } from 'node:fs';
import { ParseError } from '../../lib/errors.ts';
import type { ParsedInput, Trigger } from '../../lib/events/types.ts';

/** The text of a fixture under test/fixtures/events/. */
export function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/events/${name}`, import.meta.url), 'utf8');
}

/** The trigger of a unit that must have parsed, with a readable failure otherwise. */
export function triggerOf(unit: ParsedInput | undefined): Trigger {
  if (unit?.ok !== true) throw new Error(`expected a trigger, got ${JSON.stringify(unit, (k, v) => (v instanceof Error ? v.message : v))}`);
  return unit.trigger;
}

/** The ParseError of a unit that must have failed. */
export function errorOf(unit: ParsedInput | undefined): ParseError {
  if (unit?.ok !== false) throw new Error(`expected an error, got ${JSON.stringify(unit)}`);
  if (!(unit.error instanceof ParseError)) throw new Error(`expected a ParseError, got ${String(unit.error)}`);
  return unit.error;
}

import { ParseError } from '../errors.ts';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * A duration as people write it on a command line: a whole number and a unit, `90s`, `5m`, `2h`,
 * `7d`, or `0`.
 *
 * @throws ParseError naming `field` when the text is not such a duration.
 * @example parseDuration('2h', '--seal-grace') // 7_200_000
 */
export function parseDuration(text: string, field: string): number {
  if (text === '0') return 0;
  const m = /^(\d{1,9})([smhd])$/.exec(text);
  if (!m) throw new ParseError(field, 'INVALID_VALUE', `not a duration such as 90s, 5m, 2h or 7d: ${JSON.stringify(text)}`);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

/**
 * A duration in the largest unit that divides it, as parseDuration reads it back.
 *
 * @example formatDuration(7_200_000) // '2h'
 */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) if (ms >= UNIT_MS[unit] && ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  return `${ms}ms`;
}

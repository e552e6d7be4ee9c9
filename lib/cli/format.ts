import { RESULTS } from '../model/check.ts';

/** A plain-text table of result counts per check, aligned for a terminal. */
export function formatCheckTable(byCheck: Record<string, Record<string, number>>): string {
  const rows = Object.keys(byCheck).sort().map((check) => [check, ...RESULTS.map((r) => String(byCheck[check]?.[r] ?? 0))]);
  if (rows.length === 0) return 'no records\n';
  const header = ['check', 'pass', 'fail', 'n/a', 'error'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return `${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`;
}

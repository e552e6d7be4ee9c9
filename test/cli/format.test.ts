import { describe, expect, it } from 'vitest';
import { formatCheckTable } from '../../lib/cli/format.ts';

describe('formatCheckTable', () => {
  it('prints one aligned row per check with all four results', () => {
    const table = formatCheckTable({ 'b-check': { fail: 2 }, 'a-check': { pass: 10, error: 1 } });
    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^check\s+pass\s+fail\s+n\/a\s+error$/);
    expect(lines[2]).toMatch(/^a-check\s+10\s+0\s+0\s+1$/);
    expect(lines[3]).toMatch(/^b-check\s+0\s+2\s+0\s+0$/);
  });

  it('says so when there is nothing', () => {
    expect(formatCheckTable({})).toBe('no records\n');
  });
});

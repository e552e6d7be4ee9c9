import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDemo } from '../../lib/cli/commands/demo.ts';
import { runInProcess } from '../fixtures/cli.ts';

/**
 * The demo's HTML report in a real browser (Debian's chromium, never a downloaded one): it must
 * show an excepted fail, a stale resource, a silent account and an attested requirement, and a
 * full-page screenshot of it must be a real picture of those sections, not a blank page.
 */

const executablePath = process.env.TRAILPROOF_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
if (!executablePath) console.warn('demo.browser.test: skipped, no chromium (set TRAILPROOF_CHROMIUM or apt-get install chromium)');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
const WIDTH = 1440;
const SCREENSHOT = join(process.cwd(), '.tmp', 'demo-report.png');
const SECTIONS = ['requirements', 'exceptions', 'freshness', 'history', 'records'];

/** What a PNG says about itself: its size (IHDR) and, drawn on a canvas, how much of it is not background. */
interface Picture {
  width: number;
  height: number;
  colours: number;
  inked: number;
}

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Draws a PNG on a canvas in a blank page and counts its distinct colours and the share of pixels that are not near-white. */
async function look(page: Page, png: Buffer): Promise<Picture> {
  // A page script, as text: this project's TypeScript knows no DOM.
  const drawn = (await page.evaluate(`(async () => {
    const image = new Image();
    image.src = 'data:image/png;base64,${png.toString('base64')}';
    await image.decode();
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [image.naturalWidth, image.naturalHeight];
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    const colours = new Set();
    let inked = 0;
    // Every 7th pixel is plenty to tell a page from a blank one.
    for (let i = 0; i < data.length; i += 28) {
      colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      if (data[i] < 235 || data[i + 1] < 235 || data[i + 2] < 235) inked++;
    }
    return { colours: colours.size, inked: inked / (data.length / 28) };
  })()`)) as { colours: number; inked: number };
  return { ...pngSize(png), ...drawn };
}

describe.skipIf(!executablePath)('the demo report in chromium', () => {
  let browser: Browser;
  let page: Page;
  let canvas: Page;
  let dir: string;
  const problems: string[] = [];

  beforeAll(async () => {
    // Prepare: the demo as README says to run it, then its report opened from disk.
    dir = await mkdtemp(join(tmpdir(), 'trailproof-demo-report-'));
    const demo = await runInProcess(registerDemo, 'demo', '--out', join(dir, 'demo'));
    expect(demo.code, demo.stderr).toBe(0);
    browser = await chromium.launch({ executablePath, args: ARGS });
    page = await browser.newPage({ viewport: { width: WIDTH, height: 900 } });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file://')) problems.push(`request: ${r.url()}`);
    });
    await page.goto(pathToFileURL(join(dir, 'demo', 'report.html')).href);
    canvas = await browser.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shows the portal database\'s fail as excepted, with who approved it, beside its unchanged verdict', async () => {
    const row = page.locator('#failing-h ~ table tbody tr', { hasText: 'rds-instance-not-public' });
    const badge = row.locator('.badge.excepted');

    await expect(row.locator('.badge.result-fail').innerText()).resolves.toBe('fail');
    await expect(badge.isVisible()).resolves.toBe(true);
    expect(await badge.getAttribute('title')).toMatch(/^compensating-control: .*approved by ciso@clinic\.example, ticket RISK-2026-014/);
    await expect(page.locator('#exceptions .badge.exception-in-force').count()).resolves.toBe(1);
  });

  it('lists the billing account as silent and its resources as stale', async () => {
    const silent = page.locator('table.silence tbody tr', { hasText: '444455556666' });
    const stale = page.locator('table.stale-resources tbody tr', { hasText: '444455556666' });

    await expect(silent.isVisible()).resolves.toBe(true);
    expect(Number(await silent.locator('td.num').innerText())).toBeGreaterThanOrEqual(1);
    expect(await stale.count()).toBeGreaterThan(0);
    await expect(stale.first().locator('.badge.stale').isVisible()).resolves.toBe(true);
  });

  it('gives the penetration test its requirement row, attested, with who attested it and the file', async () => {
    const row = page.locator('table.requirements tbody tr', { has: page.locator('th', { hasText: '164.312(h)(2)(iii)' }) });

    await expect(row.locator('.badge.status-attested').innerText()).resolves.toBe('attested');
    expect(await row.locator('.attestation').innerText()).toMatch(/security-officer@clinic\.example[\s\S]*pentest-summary\.txt, sha256 [0-9a-f]{12}/);
    expect(await page.locator('table.requirements .badge.status-no-evidence').count()).toBeGreaterThan(0);
  });

  it('marks the excepted fail in the records table the page script renders', async () => {
    await page.selectOption('#filter-check', 'rds-instance-not-public');

    const cell = page.locator('#records-body tr td:nth-child(2)').first();
    expect(await cell.innerText()).toMatch(/^fail excepted/);
    await page.click('#filter-reset');
  });

  it('takes a full-page screenshot that is a picture of every section, not a blank page', async () => {
    // Act
    await mkdir(join(process.cwd(), '.tmp'), { recursive: true });
    const full = await page.screenshot({ path: SCREENSHOT, fullPage: true });
    // Assess: the whole page, as wide as the window and as long as the sections it holds
    const picture = await look(canvas, full);
    const pageHeight = (await page.evaluate('document.documentElement.scrollHeight')) as number;
    expect(picture).toMatchObject({ width: WIDTH, height: pageHeight });
    expect(picture.height).toBeGreaterThan(3000);
    expect(picture.colours).toBeGreaterThan(50);
    expect(picture.inked).toBeGreaterThan(0.05);
    expect((await readFile(SCREENSHOT)).equals(full)).toBe(true);
    for (const id of SECTIONS) {
      const section = page.locator(`#${id}`);
      const box = (await section.boundingBox())!;
      expect(box.height, id).toBeGreaterThan(100);
      const shot = await look(canvas, await section.screenshot());
      expect(shot.width, id).toBe(Math.round(box.width));
      expect(shot.colours, id).toBeGreaterThan(10);
      expect(shot.inked, id).toBeGreaterThan(0.02);
    }
  });

  it('made no request but the file itself, and raised no script error', () => {
    expect(problems).toEqual([]);
  });
});

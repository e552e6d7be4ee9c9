// The reports at scale (issue 13 item 4): a directory store of N signed records (records/v2 objects of
// 1,000; test/fixtures/report/records.ts's mix: 4 checks x 500 resources, 10% fail, 10% error, over 30
// days), then the real `trailproof report` of each format in its own process (peak RSS read from that
// process as it exits) and the HTML opened in Chromium (time until the records table is rendered).
//   node bench/report.ts setup DIR N        writes the store (never timed)
//   node bench/report.ts DIR                prints one JSON line of figures
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { signBatch } from '../lib/evidence/batch.ts';
import { generateKeyPair } from '../lib/evidence/keys.ts';
import type { UnsignedRecord } from '../lib/evidence/types.ts';
import { LocalKeySigner } from '../lib/signers/local.ts';
import { recordObject } from '../lib/store/record-object.ts';
import { openStore } from '../lib/cli/open-store.ts';
import { makeRecords } from '../test/fixtures/report/records.ts';

const PER_OBJECT = 1000;
const FORMATS = ['html', 'csv', 'oscal', 'ocsf'] as const;
const cli = fileURLToPath(new URL('../lib/cli/main.ts', import.meta.url));
// Printed by the report process itself as it exits: its peak resident set, in kB.
const PEAK_RSS = "data:text/javascript,process.on('exit',()=>process.stderr.write('PEAK_RSS_KB '+process.resourceUsage().maxRSS+'\\n'))";

async function setup(dir: string, count: number): Promise<void> {
  const { privatePem, publicPem } = generateKeyPair();
  const signer = LocalKeySigner.fromPem(privatePem);
  const store = await openStore(join(dir, 'store'));
  const records = makeRecords(count, 30);
  // An object holds one check of one account and region: each slice is split by check.
  for (let first = 0; first < count; first += 4 * PER_OBJECT) {
    const byCheck = new Map<string, UnsignedRecord[]>();
    for (const { integrity: _, ...r } of records.slice(first, first + 4 * PER_OBJECT)) byCheck.set(r.check.id, [...(byCheck.get(r.check.id) ?? []), r]);
    for (const unsigned of byCheck.values()) {
      const writtenAt = new Date(Date.parse(unsigned.at(-1)!.collectedAt) + 1000);
      const { key, bytes } = recordObject(await signBatch(unsigned, signer, writtenAt), writtenAt);
      await store.put(key, bytes);
    }
  }
  writeFileSync(join(dir, 'public.pem'), publicPem);
}

interface FormatFigures { seconds: number; peakRssMB: number; sizeMB: number; ok: boolean; error?: string }

function report(dir: string, format: (typeof FORMATS)[number]): FormatFigures {
  const out = join(dir, 'out', `report.${format === 'html' ? 'html' : format === 'csv' ? 'csv' : 'json'}`);
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--import', PEAK_RSS, cli, 'report', '--store', join(dir, 'store'), '--public-key', join(dir, 'public.pem'), '--format', format, '--out', out], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const stderr = child.stderr ?? '';
  // Exit 2 is "written, some records not verified": still a report. Anything else failed.
  const ok = child.status === 0 || child.status === 2;
  const error = ok ? undefined : (stderr.split('\n').find((l) => /heap|memory|Error/.test(l))?.slice(0, 160) ?? `exit ${child.status ?? child.signal}`);
  const seconds = (performance.now() - started) / 1000;
  const kb = /PEAK_RSS_KB (\d+)/.exec(stderr)?.[1];
  return { seconds, peakRssMB: kb ? Number(kb) / 1024 : NaN, sizeMB: ok && existsSync(out) ? statSync(out).size / 1e6 : NaN, ok, ...(error ? { error } : {}) };
}

/** Seconds from navigation to the records table rendered, or undefined without a Chromium. */
async function openSeconds(file: string): Promise<number | undefined> {
  const executablePath = process.env.TRAILPROOF_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  if (!executablePath || !existsSync(file)) return undefined;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'] });
  try {
    const tab = await browser.newPage();
    const started = performance.now();
    await tab.goto(pathToFileURL(file).href, { timeout: 120_000 });
    // The page script has rendered the records table (and its pager) once.
    await tab.waitForFunction("document.getElementById('page-info').textContent !== ''", undefined, { timeout: 120_000 });
    return (performance.now() - started) / 1000;
  } finally {
    await browser.close();
  }
}

const [first, dir, count] = process.argv.slice(2);
if (first === 'setup') {
  await setup(dir!, Number(count));
  // Every bench child ends with one JSON line: bench/run.ts reads it.
  console.log(JSON.stringify({ setup: Number(count) }));
} else {
  mkdirSync(join(first!, 'out'), { recursive: true });
  const figures = Object.fromEntries(FORMATS.map((format) => [format, report(first!, format)]));
  const open = await openSeconds(join(first!, 'out', 'report.html'));
  console.log(JSON.stringify({ ...figures, openSeconds: open ?? null }));
}

import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { allMetadata } from '../../checks/registry.ts';
import { LocalKeySigner } from '../../signers/local.ts';
import { pinKeys } from '../../evidence/keys.ts';
import { runSealer } from '../../seal/seal-pending.ts';
import { verifyLedgerDocument, verifyRecord, type SignatureCache } from '../../evidence/verify-record.ts';
import { runDemoStep } from '../demo-steps.ts';
import { verifyStore } from '../../verify/verify-store.ts';
import { generateReport } from '../../report/generate.ts';
import { DirectoryStore } from '../../store/directory.ts';
import { runPipeline, type RunSummary } from '../../pipeline/run.ts';
import { EXIT } from '../exit.ts';
import { formatCheckTable } from '../format.ts';
import { readInputs } from '../inputs.ts';
import { writeKeyPair } from './keygen.ts';
import { packageRoot } from '../package-root.ts';

/**
 * The clinic scenario shipped with the CLI (in the package as in a clone): one folder per step,
 * each with events and the AWS state after them.
 */
const scenarioDir = (): string => join(packageRoot(), 'lib/cli/demo/clinic');

interface DemoResult {
  out: string;
  store: string;
  publicKey: string;
  report: string;
  seals: number;
  byCheck: Record<string, Record<string, number>>;
  steps: Array<{ step: string; description: string; summary: RunSummary; note?: string }>;
  verified: { checked: number; ok: number; failures: number };
}

/**
 * Run the clinic scenario end to end: a fresh key, every step collected through the real pipeline
 * against recorded responses (no network), then a full verify of what was written.
 */
async function runDemo(out: string): Promise<DemoResult> {
  // The engine loads every collector and AWS SDK client (the recorded clients are SDK clients).
  const { localEngine } = await import('../engine.ts');
  await clearPreviousDemo(out);
  const { privatePath, publicPath } = await writeKeyPair(out);
  const store = join(out, 'store');
  const steps: DemoResult['steps'] = [];
  const byCheck: Record<string, Record<string, number>> = {};
  const scenario = scenarioDir();
  const signer = LocalKeySigner.fromPem(await readFile(privatePath, 'utf8'));
  const now = new Date();
  for (const step of (await readdir(scenario)).filter((name) => /^\d+-/.test(name)).sort()) {
    const dir = join(scenario, step);
    const description = (await readFile(join(dir, 'README.md'), 'utf8')).split('\n')[0]!.replace(/^#\s*/, '');
    // A step.json step sweeps, excepts or attests (lib/cli/demo-steps.ts); the others are events and the AWS state after them.
    const done = await runDemoStep(dir, { store, keyPath: privatePath, signer, now, localEngine });
    const summary = done?.summary ?? (await runPipeline(await readInputs([join(dir, 'events')]), await localEngine({ store, keyPath: privatePath, responses: join(dir, 'responses.json'), functionName: 'demo' })));
    steps.push({ step, description, summary, ...(done?.note ? { note: done.note } : {}) });
    for (const [check, counts] of Object.entries(summary.byCheck)) {
      const total = (byCheck[check] ??= {});
      for (const [result, n] of Object.entries(counts)) total[result] = (total[result] ?? 0) + n;
    }
  }
  const publicPem = await readFile(publicPath, 'utf8');
  // Seal everything written, the current hour included (nothing more will be written to this demo).
  const sealed = await runSealer(new DirectoryStore(store), signer, { through: 'now' });
  const report = await verifyStore(new DirectoryStore(store), { publicKeys: [publicPem] }, { seals: 'require' });
  // The auditor's view of the same evidence, verified record by record with the pinned key.
  const trusted = pinKeys([publicPem]);
  const cache: SignatureCache = new Map();
  const html = await generateReport(new DirectoryStore(store), (r) => verifyRecord(r, trusted, cache), { format: 'html', checks: allMetadata(), verifyDocument: (d) => verifyLedgerDocument(d, trusted, cache) });
  const reportPath = join(out, 'report.html');
  await writeFile(reportPath, html.content);
  const sealFailures = report.seals?.failures.length ?? 0;
  return {
    out, store, publicKey: publicPath, report: reportPath, byCheck, steps,
    seals: sealed.sealed.length,
    verified: { checked: report.checked, ok: report.ok, failures: report.failures.length + sealFailures },
  };
}

/** Only ever delete a directory that holds a previous demo (its key pair), never anything else. */
async function clearPreviousDemo(out: string): Promise<void> {
  const exists = await stat(out).then(() => true, () => false);
  if (!exists) return;
  const entries = await readdir(out);
  if (entries.length === 0) return;
  if (!entries.includes('signing-key.pem')) throw new Error(`${out} exists and is not a previous demo; choose another --out`);
  await rm(out, { recursive: true, force: true });
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run a small clinic account scenario locally (violations and their fixes), then verify it')
    .option('--out <dir>', 'where the key pair and the evidence store go', './trailproof-demo')
    .action(async (options: { out: string }) => {
      const result = await runDemo(resolve(options.out));
      const width = Math.max(...result.steps.map((s) => s.step.length));
      for (const { step, description, summary, note } of result.steps) {
        const records = Object.values(summary.byCheck).reduce((n, c) => n + Object.values(c).reduce((a, b) => a + b, 0), 0);
        process.stdout.write(`${step.padEnd(width)} ${String(records).padStart(3)} records  ${description}\n`);
        if (note) process.stdout.write(`${' '.repeat(width)}   and ${note}\n`);
      }
      process.stdout.write(`\n${formatCheckTable(result.byCheck)}\n`);
      process.stdout.write(`sealed: ${result.seals} hourly seal(s) chaining every record\n`);
      process.stdout.write(`verify: ${result.verified.ok} of ${result.verified.checked} records verified, ${result.verified.failures} failed (records and seal chain)\n`);
      process.stdout.write(`evidence:   ${result.store}\npublic key: ${result.publicKey}\nreport:     ${result.report}\n`);
      process.stdout.write(`next: trailproof list --store ${result.store} --result fail\n`);
      process.exitCode = result.verified.failures === 0 ? EXIT.ok : EXIT.fatal;
    });
}

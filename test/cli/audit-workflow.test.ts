import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { registerAttest } from '../../lib/cli/commands/attest.ts';
import { registerCollect } from '../../lib/cli/commands/collect.ts';
import { registerExcept } from '../../lib/cli/commands/except.ts';
import { registerExport } from '../../lib/cli/commands/export.ts';
import { registerKeygen } from '../../lib/cli/commands/keygen.ts';
import { registerList } from '../../lib/cli/commands/list.ts';
import { registerReport } from '../../lib/cli/commands/report.ts';
import { registerSeal } from '../../lib/cli/commands/seal.ts';
import { registerShow } from '../../lib/cli/commands/show.ts';
import { registerVerify } from '../../lib/cli/commands/verify.ts';
import { REPO, runInProcess } from '../fixtures/cli.ts';

/**
 * The audit workflow end to end on a real store: SSH opened (a fail) and closed the next morning
 * (the fix), an exception, an attestation, then list, show and report as an auditor uses them.
 */

const STEPS = join(REPO, 'lib/cli/demo/clinic');
const SG = 'sg-0e1a2b3c4d5e6f789';
const CHECK = 'ec2-sg-no-public-admin-ports';
const register = (program: Command) => [registerKeygen, registerCollect, registerExcept, registerAttest, registerList, registerShow, registerReport, registerSeal, registerVerify, registerExport].forEach((r) => r(program));
const cli = (...argv: string[]) => runInProcess(register, ...argv);

let dir: string;
let store: string;
let key: string;
let pub: string;
let exceptionId: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trailproof-audit-'));
  store = join(dir, 'store');
  key = join(dir, 'keys/signing-key.pem');
  pub = join(dir, 'keys/signing-key.pub.pem');
  await cli('keygen', '--out', join(dir, 'keys'));
  for (const step of ['05-ssh-open-to-internet', '06-ssh-closed']) {
    const collected = await cli('collect', '--events', join(STEPS, step, 'events'), '--responses', join(STEPS, step, 'responses.json'), '--store', store, '--key', key);
    expect(collected.code, collected.stderr).toBe(0);
  }
  const excepted = await cli('except', '--store', store, '--key', key, '--check', CHECK, '--resource', SG, '--reason', 'temporary vendor access during the migration', '--approver', 'ciso@clinic.example', '--ticket', 'CHG-42', '--effective-from', '2026-11-04T00:00:00Z', '--expires', '2099-01-01T00:00:00Z', '--json');
  expect(excepted.code, excepted.stderr).toBe(0);
  exceptionId = (JSON.parse(excepted.stdout) as { document: { id: string } }).document.id;
  const file = join(dir, 'risk-analysis.txt');
  await writeFile(file, 'Enterprise risk analysis 2026, approved by the board.\n');
  expect((await cli('attest', '--store', store, '--key', key, '--citation', '164.308(a)(1)(ii)(A)', '--statement', 'Risk analysis reviewed and approved', '--by', 'privacy-officer@clinic.example', '--file', file)).code).toBe(0);
}, 60_000);

describe('the audit workflow on a store', () => {
  it('list --resource prints the resource\'s timeline: the failure, its exception, and its fix', async () => {
    const listed = await cli('list', '--store', store, '--resource', SG, '--check', CHECK);

    expect(listed.code).toBe(0);
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^2026-11-04T22:15:00.000Z {2}fail EXCEPTED .*\(failure begins\)/);
    expect(lines[1]).toMatch(/^2026-11-05T08:02:00.000Z {2}pass .*\(fixed after 9h 47m\)/);
    expect(lines[2]).toMatch(new RegExp(`exception .*CHG-42.*exception ${exceptionId}`));
    expect(lines.at(-1)).toBe('2 records, 1 exceptions');
  });

  it('list --json and show include the exception, and show <id> shows the exception itself, verified', async () => {
    const listed = JSON.parse((await cli('list', '--store', store, '--check', CHECK, '--result', 'fail', '--json')).stdout) as Array<{ schema: string; id: string }>;
    const fail = listed.find((d) => d.schema.startsWith('trailproof/evidence-record/'))!;
    const shown = await cli('show', fail.id, '--store', store, '--public-key', pub);
    const exception = await cli('show', exceptionId, '--store', store, '--public-key', pub);

    expect(listed.map((d) => d.schema)).toEqual(['trailproof/evidence-record/v1', 'trailproof/exception/v1']);
    expect(shown.stdout).toMatch(/^Exception {2}risk-accepted: temporary vendor access .*ticket CHG-42/m);
    expect(exception.code).toBe(0);
    expect(exception.stdout).toMatch(/^Approver +ciso@clinic\.example$/m);
    expect(exception.stdout).toMatch(/^Integrity +verified/m);
  });

  it('report --as-of a time between the failure and its fix shows the failure; after the fix it is gone', async () => {
    const between = await cli('report', '--store', store, '--public-key', pub, '--as-of', '2026-11-05T00:00:00Z', '--format', 'csv', '--out', join(dir, 'between.csv'));
    const after = await cli('report', '--store', store, '--public-key', pub, '--as-of', '2026-11-06T00:00:00Z', '--format', 'csv', '--out', join(dir, 'after.csv'));

    expect(between.code, between.stderr).toBe(0);
    // The exception was recorded later (today): as of that night it did not exist, so nothing was excepted.
    expect(between.stdout).toMatch(/1 resources failing now; .*; 0 excepted/);
    expect(after.stdout).toMatch(/0 resources failing now/);
    const rows = (await readFile(join(dir, 'between.csv'), 'utf8')).split('\r\n').filter((row) => row.includes(SG) && row.includes(CHECK));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(',fail,');
  });

  it('report today marks the fail inside the exception\'s window as excepted, its verdict still fail', async () => {
    await cli('report', '--store', store, '--public-key', pub, '--format', 'csv', '--out', join(dir, 'now.csv'));

    const rows = (await readFile(join(dir, 'now.csv'), 'utf8')).split('\r\n').filter((row) => row.includes(SG) && row.includes(CHECK) && row.includes(',fail,'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('risk-accepted: temporary vendor access during the migration (approved by ciso@clinic.example, ticket CHG-42;');
  });

  it('report --format oscal writes the assessment plan its import-ap names, beside the results', async () => {
    const out = join(dir, 'oscal', 'results.json');

    const result = await cli('report', '--store', store, '--public-key', pub, '--format', 'oscal', '--out', out);

    expect(result.code, result.stderr).toBe(0);
    const results = JSON.parse(await readFile(out, 'utf8')) as { 'assessment-results': { 'import-ap': { href: string } } };
    const href = results['assessment-results']['import-ap'].href;
    expect(href).toBe('./results.assessment-plan.json');
    const plan = JSON.parse(await readFile(join(dir, 'oscal', href), 'utf8')) as { 'assessment-plan': { uuid: string } };
    expect(plan['assessment-plan'].uuid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('the attested requirement has a row, and the sealed store verifies with every new kind', async () => {
    const html = join(dir, 'report.html');
    await cli('report', '--store', store, '--public-key', pub, '--format', 'html', '--out', html);
    await cli('seal', '--store', store, '--key', key, '--through', 'now');
    const verified = await cli('verify', '--store', store, '--public-key', pub, '--json');

    expect(await readFile(html, 'utf8')).toMatch(/164\.308\(a\)\(1\)\(ii\)\(A\)[\s\S]*?status-attested[\s\S]*?privacy-officer@clinic\.example/);
    expect(verified.code, verified.stdout).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ failures: [] });
  });

  it('export packs the exceptions, run records, attestations and their files of the period, and the package verifies', async () => {
    // Prepare: everything was written today (the records' observed times are the scenario's, their writes are now)
    const day = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
    const out = join(dir, 'package');
    // Act
    const exported = await cli('export', '--store', store, '--public-key', pub, '--from', day.toISOString(), '--to', new Date(day.getTime() + 86_400_000).toISOString(), '--out', out);
    // Assess
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/2 exception, run and attestation objects, 1 attachments/);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { files: Array<{ path: string }> };
    const paths = manifest.files.map((f) => f.path);
    expect(paths.some((p) => p.startsWith('exceptions/v2/'))).toBe(true);
    expect(paths.some((p) => p.startsWith('attestations/v2/'))).toBe(true);
    expect(paths.filter((p) => p.startsWith('attachments/sha256/'))).toHaveLength(1);
    expect(await readFile(join(out, 'report.html'), 'utf8')).toMatch(/status-attested/);
  });
});

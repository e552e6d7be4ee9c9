import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecordedResponse } from '../../lib/recorded/responses.ts';
import type { RunSummary } from '../../lib/pipeline/run.ts';
import { placeboToRecordedResponse } from './placebo.ts';
import { trailproof as cli } from '../fixtures/cli.ts';
import { CORPUS, corpusPresent } from '../fixtures/corpus.ts';

/** Every recorded API response of the corpus as one recorded-responses file (the first answer per call wins). */
function corpusResponses(): RecordedResponse[] {
  const dir = join(CORPUS, 'api-responses');
  return readdirSync(dir)
    .map((name) => placeboToRecordedResponse(join(dir, name), JSON.parse(readFileSync(join(dir, name), 'utf8'))))
    .filter((r): r is RecordedResponse => typeof r !== 'string');
}

describe.skipIf(!corpusPresent)('trailproof collect over the whole public corpus', () => {
  it('handles every file: evidence, "no check applies", a skip with its reason, or a typed parse error; never a crash', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'trailproof-corpus-'));
    await writeFile(join(dir, 'responses.json'), JSON.stringify({ account: '123456789012', region: 'us-east-1', responses: corpusResponses() }));
    expect((await cli('keygen', '--out', dir)).code).toBe(0);

    // Act
    const collected = await cli('collect', '--events', join(CORPUS, 'cloudtrail'), join(CORPUS, 'config'), '--responses', join(dir, 'responses.json'), '--store', join(dir, 'store'), '--key', join(dir, 'signing-key.pem'), '--json');

    // Assess: exit 2 because some corpus files are invalid, each reported; nothing failed outright.
    expect(collected.stderr).not.toMatch(/TypeError|ReferenceError|at .*\.ts:\d+/);
    const summary = JSON.parse(collected.stdout) as RunSummary;
    const byStatus = Object.groupBy(summary.outcomes, (o) => o.status);
    expect(collected.code).toBe(byStatus.invalid?.length ? 2 : 0);
    expect(byStatus.failed ?? []).toEqual([]);
    for (const invalid of byStatus.invalid ?? []) expect(invalid.detail, invalid.source).toMatch(/^[\w.[\]]+: \S/);
    for (const skipped of byStatus.skipped ?? []) expect(skipped.detail, skipped.source).toBeTruthy();
    for (const none of byStatus['no-check'] ?? []) expect(none.detail, none.source).toMatch(/no check|names no|affects no|not routed|no account-level/);
    expect(byStatus.recorded?.length ?? 0).toBeGreaterThan(50);
    expect(summary.written).toBeGreaterThan(50);
    console.info(`corpus through collect: ${summary.outcomes.length} inputs, ${Object.entries(byStatus).map(([k, v]) => `${k} ${v?.length}`).join(', ')}; ${summary.written} records`);

    // and every record written verifies with the pinned key
    const verified = await cli('verify', '--store', join(dir, 'store'), '--public-key', join(dir, 'signing-key.pub.pem'), '--json');
    expect(JSON.parse(verified.stdout)).toMatchObject({ failures: [] });
    expect(verified.code).toBe(0);
  }, 120_000);
});

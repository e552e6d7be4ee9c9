import { chmod, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SealV2 } from '../../lib/evidence/schemas.ts';
import { sealPending } from '../../lib/seal/seal-pending.ts';
import { exportAuditPackage } from '../../lib/seal/audit-package.ts';
import { DirectoryStore } from '../../lib/store/directory.ts';
import { readRecords } from '../../lib/store/read-records.ts';
import { publishPublicKey } from '../../lib/store/publish-key.ts';
import { verifyStore } from '../../lib/verify/verify-store.ts';
import { freshSigner } from '../evidence/helpers.ts';
import { codesByKey } from '../fixtures/verification.ts';
import { writeObject, writeV1Records } from '../seal/helpers.ts';

/**
 * A store an older trailproof wrote (a copy of the golden v1 store: records/v1, seals/v1 0 and 1,
 * hours 17 and 18 of 2026-11-08) that the new one continues: v2 objects (and one late v1 writer)
 * in hour 19, sealed with a v2 seal chained to the last v1 seal. Every reader takes both.
 */
const GOLDEN = fileURLToPath(new URL('../fixtures/golden/v1', import.meta.url));
const LAST_V1_SEAL = 'seals/v1/2026/11/08/00000001.json';
const FIRST_V2_SEAL = 'seals/v2/2026/11/08/00000002.json';
const keys = freshSigner();
const temps: string[] = [];
let dir: string;
let goldenPem: string;
let trust: { publicKeys: string[] };
let objects: Array<Awaited<ReturnType<typeof writeObject>>>;
let lateV1: Array<{ key: string }>;

async function copyOfStore(): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), 'tp-mixed-'));
  temps.push(copy);
  await cp(dir, copy, { recursive: true });
  return copy;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tp-mixed-'));
  temps.push(dir);
  await cp(GOLDEN, dir, { recursive: true });
  goldenPem = await readFile(join(GOLDEN, 'signing-key.pub.pem'), 'utf8');
  trust = { publicKeys: [goldenPem, keys.publicPem] };
  const store = new DirectoryStore(dir);
  await publishPublicKey(store, keys.signer);
  objects = [await writeObject(store, keys.signer, '2026-11-08T19:10:00Z', 3), await writeObject(store, keys.signer, '2026-11-08T19:40:00Z', 2)];
  lateV1 = await writeV1Records(store, keys.signer, '2026-11-08T19:50:00Z', 1);
  await sealPending(store, keys.signer, { now: new Date('2026-11-08T20:30:00Z') });
});
afterAll(async () => {
  await Promise.all(temps.map((t) => rm(t, { recursive: true, force: true })));
});

describe('a mixed v1 + v2 store (the golden v1 store continued by v2 writes)', () => {
  it('continues the v1 chain with a v2 seal that lists the hour\'s objects and its v1 record', async () => {
    // Act
    const seal = JSON.parse(await readFile(join(dir, FIRST_V2_SEAL), 'utf8')) as SealV2;
    // Assess
    expect(seal).toMatchObject({ schema: 'trailproof/seal/v2', seq: 2, window: { start: '2026-11-08T19:00:00.000Z' }, previous: { key: LAST_V1_SEAL } });
    expect(seal.objects.map((o) => o.key)).toEqual(objects.map((o) => o.key).sort());
    expect(seal.records.map((r) => r.key)).toEqual(lateV1.map((r) => r.key));
  });

  it('verifies every v1 record, v2 object and seal of both versions as one chain', async () => {
    // Act
    const report = await verifyStore(new DirectoryStore(dir), trust, { seals: 'require' });
    // Assess
    expect(report).toMatchObject({ checked: 11 + 5 + 1, ok: 17, objects: 11 + 2 + 1, failures: [], duplicates: 0 });
    expect(report.seals).toEqual({ checked: 3, ok: 3, failures: [] });
    expect(report.warnings).toEqual([]);
  });

  it('reads the records of both versions in key order, v2 lines by address', async () => {
    // Act
    const addresses: string[] = [];
    for await (const { key } of readRecords(new DirectoryStore(dir))) addresses.push(key);
    // Assess
    expect(addresses).toHaveLength(17);
    expect(addresses.slice(0, 12).every((a) => a.startsWith('records/v1/'))).toBe(true);
    expect(addresses.slice(12)).toEqual(objects.flatMap((o) => o.records.map((_, i) => `${o.key}#${i + 1}`)).sort());
  });

  it('breaks the link when the last v1 seal is changed after the first v2 seal named it', async () => {
    // Prepare
    const copy = await copyOfStore();
    const path = join(copy, LAST_V1_SEAL);
    const text = await readFile(path, 'utf8');
    await chmod(path, 0o644);
    await writeFile(path, text.replace('"seq": 1,', '"seq": 1, '));
    // Act
    const report = await verifyStore(new DirectoryStore(copy), trust);
    // Assess
    expect(codesByKey(report.seals!.failures)).toEqual({ [FIRST_V2_SEAL]: ['PREVIOUS_SEAL_HASH_MISMATCH'] });
  });

  it('exports an audit package of the period holding v1 records, v2 objects and seals of both versions, and it verifies offline', async () => {
    // Act
    const out = join(await mkdtemp(join(tmpdir(), 'tp-mixed-pkg-')), 'package');
    temps.push(out);
    const result = await exportAuditPackage(new DirectoryStore(dir), { out, publicKeys: trust.publicKeys, from: new Date('2026-11-08T18:00:00Z'), to: new Date('2026-11-08T20:00:00Z') });
    // Assess
    expect(result).toMatchObject({ records: 2 + 2 + 1, seals: 2 });
    expect(result.manifest.files.map((f) => f.path)).toEqual(expect.arrayContaining([FIRST_V2_SEAL, LAST_V1_SEAL, ...objects.map((o) => o.key)]));
    expect(result.verification).toMatchObject({ checked: 2 + 5 + 1, ok: 8, failures: [], seals: { checked: 2, ok: 2, failures: [] } });
  });
});

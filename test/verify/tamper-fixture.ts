import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { signBatch } from '../../lib/evidence/batch.ts';
import type { EvidenceRecord } from '../../lib/evidence/types.ts';
import type { VerificationCode } from '../../lib/evidence/verification-codes.ts';
import { sealPending } from '../../lib/seal/seal-pending.ts';
import { DirectoryStore } from '../../lib/store/directory.ts';
import { parseRecordObjectKey, recordObjectKey } from '../../lib/store/layout.ts';
import { publishPublicKey } from '../../lib/store/publish-key.ts';
import { recordObject } from '../../lib/store/record-object.ts';
import type { EvidenceStore } from '../../lib/store/types.ts';
import { verifyStore, type StoreVerification, type VerifyStoreOptions } from '../../lib/verify/verify-store.ts';
import { freshSigner } from '../evidence/helpers.ts';
import { codes, codesByKey } from '../fixtures/verification.ts';
import { TamperableStore, writeObject, writeV1Records } from '../seal/helpers.ts';

/**
 * The store every tamper-catalog row starts from, rebuilt for each row (shared by the catalog's
 * files; not a test file). One day, 2026-05-01, UTC:
 *
 *   10:xx  three v1 records (one file each, as trailproof 0.1 wrote them)
 *   11:xx  objects A (3 records) and B (2 records)
 *   12:xx  object C (2 records)
 *   13:xx  object D (2 records): the newest sealed hour
 *   14:20  the sealer ran: seals 0..3 (hours 10..13), then stopped
 *   16:30  the auditor verifies (AT): every hour up to 13 closed more than the 2 h grace ago
 */
export const keys = freshSigner();
const trust = { publicKeys: [keys.publicPem] };
export const AT = new Date('2026-05-01T16:30:00Z');
const SEALED_AT = new Date('2026-05-01T14:20:00Z');
export const seal = (seq: number) => `seals/v2/2026/05/01/${String(seq).padStart(8, '0')}.json`;

type Written = Awaited<ReturnType<typeof writeObject>>;
export interface Fixture {
  store: TamperableStore;
  v1: Array<{ key: string; record: EvidenceRecord }>;
  a: Written;
  b: Written;
  c: Written;
  d: Written;
}

/** The fixture store; `beforeSealing` runs after the writes and before the sealer (a rerun that the seals then list). */
export async function fixture(beforeSealing?: (f: Omit<Fixture, 'store'> & { store: TamperableStore }) => Promise<void>): Promise<Fixture> {
  const store = new TamperableStore();
  await publishPublicKey(store, keys.signer);
  const v1 = await writeV1Records(store, keys.signer, '2026-05-01T10:05:00Z', 3);
  const a = await writeObject(store, keys.signer, '2026-05-01T11:10:00Z', 3);
  const b = await writeObject(store, keys.signer, '2026-05-01T11:40:00Z', 2);
  const c = await writeObject(store, keys.signer, '2026-05-01T12:15:00Z', 2);
  const d = await writeObject(store, keys.signer, '2026-05-01T13:30:00Z', 2);
  const f = { store, v1, a, b, c, d };
  await beforeSealing?.(f);
  await sealPending(store, keys.signer, { now: SEALED_AT });
  return f;
}

/** verifyStore as the auditor runs it at AT, pinning the fixture's key (or `publicKeys`). */
export function verify(store: EvidenceStore, options: VerifyStoreOptions = {}, publicKeys: string[] = trust.publicKeys): Promise<StoreVerification> {
  return verifyStore(store, { publicKeys }, { now: AT, ...options });
}

/** The report as codes: failures and seal failures by key, warnings in order, and the counts. */
export function verdict(report: StoreVerification): { failures: Record<string, VerificationCode[]>; seals: Record<string, VerificationCode[]>; warnings: VerificationCode[] } {
  return { failures: codesByKey(report.failures), seals: codesByKey(report.seals?.failures ?? []), warnings: codes(report.warnings ?? []) };
}

/** The JSON Lines of an object, each line as text. */
export const linesOf = (bytes: Buffer) => bytes.toString('utf8').split('\n').slice(0, -1);
export const joinLines = (lines: readonly string[]) => Buffer.from(lines.map((l) => `${l}\n`).join(''));

/** The object's bytes with line `index` (0-based) parsed, changed and written back as the writer would. */
export function editLine(bytes: Buffer, index: number, change: (record: Record<string, unknown> & EvidenceRecord) => void): Buffer {
  const lines = linesOf(bytes);
  const record = JSON.parse(lines[index]!) as Record<string, unknown> & EvidenceRecord;
  change(record);
  lines[index] = JSON.stringify(record);
  return joinLines(lines);
}

/** The key an object with these bytes gets when its name is made to fit them (count and SHA-256; the root as claimed). */
export function renamedFor(key: string, bytes: Buffer, overrides: { root?: string; hour?: string } = {}): string {
  const parts = parseRecordObjectKey(key)!;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const renamed = recordObjectKey({ ...parts, root: overrides.root ?? parts.root, count: linesOf(bytes).length, sha256 }, parts.hour);
  return overrides.hour ? withSegment(renamed, 3, overrides.hour) : renamed;
}

/** The key with one path segment (0-based after records/vN/: 0 year, 3 hour, 4 check, 5 account, 6 region) replaced. */
export const withSegment = (key: string, index: number, value: string) => key.split('/').map((s, i) => (i === index + 2 ? value : s)).join('/');

/** Moves a key to another place, bytes unchanged. */
export function move(store: TamperableStore, from: string, to: string): void {
  store.overwrite(to, store.objects.get(from)!);
  store.remove(from);
}

/** The same records signed again at `at` (a rerun: same record ids, new signature) as a new object under `at`'s hour. */
export async function rerun(store: EvidenceStore, records: readonly EvidenceRecord[], at: string): Promise<string> {
  const when = new Date(at);
  const unsigned = records.map(({ integrity: _integrity, ...rest }) => rest);
  const { key, bytes } = recordObject(await signBatch(unsigned, keys.signer, when), when);
  await store.put(key, bytes);
  return key;
}

/** A directory store holding a copy of the fixture's files, for what only a file system can hold (links, FIFOs). */
export async function onDisk(f: Fixture): Promise<{ dir: string; store: DirectoryStore; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tp-tamper-'));
  for (const [key, bytes] of f.store.objects) {
    await mkdir(dirname(join(dir, key)), { recursive: true });
    await writeFile(join(dir, key), bytes);
  }
  return { dir, store: new DirectoryStore(dir), dispose: () => rm(dir, { recursive: true, force: true }) };
}

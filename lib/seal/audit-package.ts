import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../errors.ts';
import { fingerprint } from '../evidence/keys.ts';
import { verifyStore, type StoreVerification } from '../verify/verify-store.ts';
import { DirectoryStore } from '../store/directory.ts';
import { ATTESTATIONS_PREFIX, attachmentKey, KEYS_PREFIX, parseSealKey, publicKeyKey, SEAL_PREFIXES, SIGNED_PREFIXES, signedDayPrefix, timestampKey, writeHourOf } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';
import { readSeal } from './chain-head.ts';
import { hourInPeriod } from '../util/time.ts';
import { buildManifest, MANIFEST_FILE, type Manifest } from './manifest.ts';

const DAY_MS = 86_400_000;

/** The verifier a package carries at its root, beside manifest.json (`node verify.mjs --public-key PEM`). */
export const VERIFIER_FILE = 'verify.mjs';

export interface ExportOptions {
  /** A directory that does not exist yet or is empty: a package is never merged into another. */
  out: string;
  /** The keys the auditor pins; each is also written under keys/ so the package is self-contained. */
  publicKeys: readonly string[];
  /** `[from, to)`: records written, and seals whose window lies, in the period. */
  from: Date;
  to: Date;
  /** Renders the HTML report of the exported records (lib/report); left out of the package when absent. */
  renderReport?: (packageStore: EvidenceStore) => Promise<string>;
  /** The text of verify.mjs (the CLI's built verifier); listed in the manifest like every file. Left out when absent. */
  verifier?: string;
  now?: Date;
}

export interface ExportResult {
  out: string;
  /** Files of records copied: v1 records and v2 record objects (each holding many records). */
  records: number;
  /** Ledger objects copied: exceptions and revocations, run records, attestations (each a signed batch). */
  ledger: number;
  /** Files the copied attestations name (attachments/sha256/<hex>). */
  attachments: number;
  seals: number;
  /** The seals' time-stamp tokens (`<seal key>.tsr`) copied with them. */
  tokens: number;
  keys: number;
  report: boolean;
  manifest: Manifest;
  /** The package verified offline, as `trailproof verify --store <out>` would. */
  verification: StoreVerification;
}

/** The SHA-256s of the files an attestation object's lines name (a line that does not parse names none: verify reports it). */
async function attachmentsNamed(store: EvidenceStore, key: string): Promise<string[]> {
  const text = (await store.get(key))?.toString('utf8') ?? '';
  return text.split('\n').flatMap((line) => {
    try {
      const sha256 = (JSON.parse(line) as { attachment?: { sha256?: unknown } }).attachment?.sha256;
      return typeof sha256 === 'string' && /^[0-9a-f]{64}$/.test(sha256) ? [sha256] : [];
    } catch {
      return [];
    }
  });
}

async function copy(source: EvidenceStore, target: EvidenceStore, key: string): Promise<boolean> {
  const bytes = await source.get(key);
  if (!bytes) return false;
  await target.put(key, bytes);
  return true;
}

/**
 * Writes an audit package: the period's v1 records, v2 record objects and seals of both versions
 * under their store keys (same bytes) with their time-stamp tokens, keys/, report.html, verify.mjs, and manifest.json listing every file
 * with its SHA-256. Then verifies the
 * package offline with the pinned keys. The package holds a slice of the seal chain: its first
 * seal's predecessor is outside it, which verify accepts for a package (manifest at the root).
 *
 * @throws ConfigError when `out` is not empty or the period is empty.
 * @example await exportAuditPackage(openStore('s3://acme-evidence'), { out: './q2', publicKeys: [pem], from, to });
 */
export async function exportAuditPackage(source: EvidenceStore, options: ExportOptions): Promise<ExportResult> {
  const { from, to, out } = options;
  if (!(from < to)) throw new ConfigError(`the period is empty: --from ${from.toISOString()} is not before --to ${to.toISOString()}`);
  const existing = await readdir(out).catch(() => []);
  if (existing.length > 0) throw new ConfigError(`${out} is not empty; an audit package goes into a new directory`);
  await mkdir(out, { recursive: true });
  const target = new DirectoryStore(out);
  const period = { from, to };

  let records = 0;
  let ledger = 0;
  const attachments = new Set<string>();
  // Every signed area: records, and the exceptions, run records and attestations written in the period.
  for (const prefix of SIGNED_PREFIXES) {
    for (let day = Math.floor(from.getTime() / DAY_MS) * DAY_MS; day < to.getTime(); day += DAY_MS) {
      for await (const key of source.list(signedDayPrefix(prefix, new Date(day)))) {
        const hour = writeHourOf(key);
        if (!hour || !hourInPeriod(hour, period) || !(await copy(source, target, key))) continue;
        if (prefix.startsWith('records/')) records++;
        else ledger++;
        if (prefix === ATTESTATIONS_PREFIX) for (const sha256 of await attachmentsNamed(target, key)) attachments.add(sha256);
      }
    }
  }
  // The files the copied attestations name go with them (verify fails an attestation whose file is missing).
  for (const sha256 of attachments) await copy(source, target, attachmentKey(sha256));
  let seals = 0;
  let tokens = 0;
  for (const prefix of SEAL_PREFIXES) {
    for await (const key of source.list(prefix)) {
      const day = parseSealKey(key)?.day.getTime();
      if (day === undefined || day + DAY_MS <= from.getTime() || day >= to.getTime()) continue;
      // Copied only when it parses: an unreadable seal is the source's problem to verify, not to ship.
      const parsed = await readSeal(source, key).catch(() => undefined);
      if (parsed && hourInPeriod(new Date(parsed.seal.window.start), period)) {
        await target.put(key, parsed.bytes);
        seals++;
        // Its RFC 3161 token goes with it, so `verify --tsa-ca` (and openssl) check the package's seals too.
        if (await copy(source, target, timestampKey(key))) tokens++;
      }
    }
  }
  let keys = 0;
  // Only the keys the exporter pinned: another key file proves nothing and fails verify (KEY_FILE_NOT_PINNED).
  const pinned = new Set(options.publicKeys.map((pem) => publicKeyKey(fingerprint(pem))));
  for await (const key of source.list(KEYS_PREFIX)) if (pinned.has(key) && (await copy(source, target, key))) keys++;
  for (const pem of options.publicKeys) {
    const key = publicKeyKey(fingerprint(pem));
    if (!(await target.get(key)) && (await target.put(key, pem)).created) keys++;
  }
  let report = false;
  if (options.renderReport) {
    await writeFile(join(out, 'report.html'), await options.renderReport(target));
    report = true;
  }
  if (options.verifier !== undefined) await writeFile(join(out, VERIFIER_FILE), options.verifier, { mode: 0o755 });
  const verification = await verifyStore(target, { publicKeys: options.publicKeys }, { partialChain: true });
  const manifest = await buildManifest(out, {
    generatedAt: (options.now ?? new Date()).toISOString(),
    period: { from: from.toISOString(), to: to.toISOString() },
    source: source.location,
  });
  await writeFile(join(out, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return { out, records, ledger, attachments: attachments.size, seals, tokens, keys, report, manifest, verification };
}

import { execFileSync } from 'node:child_process';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { EvidenceRecord } from '../../lib/evidence/types.ts';
import type { VerificationCode } from '../../lib/evidence/verification-codes.ts';
import { verifyText } from '../../lib/cli/commands/verify.ts';
import { csvCell } from '../../lib/report/csv.ts';
import { escapeHtml } from '../../lib/report/html-escape.ts';
import { formatRecordText } from '../../lib/report/record-text.ts';
import { publicKeyKey } from '../../lib/store/layout.ts';
import type { EvidenceStore } from '../../lib/store/types.ts';
import type { StoreVerification } from '../../lib/verify/verify-store.ts';
import { editLine, fixture, keys, linesOf, onDisk, seal, verdict, verify, type Fixture } from './tamper-fixture.ts';

/**
 * The tamper catalog, part 3: what only a file system can hold (links, FIFOs, directories where
 * files belong), odd names, text that would drive a terminal, and bytes that must not crash the
 * verifier. A directory store never follows a link and never opens anything but a plain file.
 */

type Codes = Record<string, VerificationCode[]>;
interface Row {
  kind: string;
  tamper: (dir: string, f: Fixture) => Promise<void>;
  failures?: (f: Fixture) => Codes;
  seals?: (f: Fixture) => Codes;
  warnings?: VerificationCode[];
}

const disposals: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(disposals.splice(0).map((dispose) => dispose()));
});

/** Replaces the file of `key` by what `make` puts at its path. */
async function replace(dir: string, key: string, make: (path: string) => Promise<void>): Promise<void> {
  await rm(join(dir, key), { recursive: true });
  await make(join(dir, key));
}

/** An edited copy of object A outside the store, for a link to point at. */
async function editedCopyOfA(dir: string, f: Fixture): Promise<string> {
  const path = `${dir}-outside.jsonl`;
  await writeFile(path, editLine(f.a.bytes, 0, (r) => (r.result = 'pass')));
  disposals.push(() => rm(path, { force: true }));
  return path;
}

const ODD = 'records/v2/2026/05/01/12/odd\\name.jsonl';
const ANSI = 'records/v2/2026/05/01/12/\u001b[31mred\u001b[0m.jsonl';

const ROWS: Row[] = [
  {
    kind: 'a symlinked record object (pointing at an edited copy)',
    tamper: async (dir, f) => replace(dir, f.a.key, async (path) => symlink(await editedCopyOfA(dir, f), path)),
    failures: (f) => ({ [f.a.key]: ['SEALED_OBJECT_MISSING', 'OBJECT_NOT_REGULAR_FILE'] }),
  },
  {
    kind: 'a symlinked hour folder (hiding an edited record)',
    tamper: async (dir, f) => {
      const elsewhere = `${dir}-hour`;
      await mkdir(join(elsewhere, f.a.key.split('/').slice(6, -1).join('/')), { recursive: true });
      await writeFile(join(elsewhere, f.a.key.split('/').slice(6).join('/')), editLine(f.a.bytes, 0, (r) => (r.result = 'pass')));
      disposals.push(() => rm(elsewhere, { recursive: true, force: true }));
      await replace(dir, 'records/v2/2026/05/01/11', (path) => symlink(elsewhere, path));
    },
    failures: (f) => ({ [f.a.key]: ['SEALED_OBJECT_MISSING'], [f.b.key]: ['SEALED_OBJECT_MISSING'], 'records/v2/2026/05/01/11': ['OBJECT_NOT_REGULAR_FILE'] }),
  },
  {
    kind: 'a symlinked v1 record',
    tamper: async (dir, f) => replace(dir, f.v1[0]!.key, async (path) => symlink(await editedCopyOfA(dir, f), path)),
    failures: (f) => ({ [f.v1[0]!.key]: ['SEALED_RECORD_MISSING', 'OBJECT_NOT_REGULAR_FILE'] }),
  },
  {
    kind: 'a symlinked seal',
    tamper: async (dir) => replace(dir, seal(1), (path) => symlink(join(dir, seal(0)), path)),
    seals: () => ({ [seal(2)]: ['SEAL_CHAIN_GAP', 'SEAL_MISSING'], [seal(1)]: ['OBJECT_NOT_REGULAR_FILE'] }),
    failures: (f) => ({ [f.a.key]: ['HOUR_NOT_SEALED'], [f.b.key]: ['HOUR_NOT_SEALED'] }),
  },
  {
    kind: 'a symlinked key file',
    tamper: async (dir) => replace(dir, publicKeyKey(KEY_ID), (path) => symlink(join(dir, seal(0)), path)),
    failures: () => ({ [publicKeyKey(KEY_ID)]: ['OBJECT_NOT_REGULAR_FILE'] }),
  },
  {
    kind: 'a FIFO where an object should be',
    tamper: async (dir, f) => replace(dir, f.a.key, async (path) => void execFileSync('mkfifo', [path])),
    failures: (f) => ({ [f.a.key]: ['SEALED_OBJECT_MISSING', 'OBJECT_NOT_REGULAR_FILE'] }),
  },
  {
    kind: 'a directory named like an object',
    tamper: async (dir, f) => replace(dir, f.a.key, async (path) => void (await mkdir(path))),
    failures: (f) => ({ [f.a.key]: ['SEALED_OBJECT_MISSING', 'OBJECT_NOT_REGULAR_FILE'] }),
  },
  {
    kind: 'a backslash name (everything else still verified)',
    tamper: async (dir, f) => writeFile(join(dir, ODD), f.c.bytes),
    failures: () => ({ [ODD]: ['KEY_LAYOUT_INVALID', 'OBJECT_READ_FAILED'] }),
  },
  {
    kind: 'control characters in a name',
    tamper: async (dir, f) => writeFile(join(dir, ANSI), f.c.bytes),
    failures: () => ({ [ANSI]: ['KEY_LAYOUT_INVALID'] }),
    warnings: ['RECORD_RETRIED'],
  },
];

let KEY_ID = '';

describe('tamper catalog: links, FIFOs, folders and odd names in a directory store', () => {
  for (const { kind, tamper, failures, seals, warnings } of ROWS) {
    it(kind, async () => {
      // Prepare
      const f = await fixture();
      KEY_ID = await keys.signer.keyId();
      const disk = await onDisk(f);
      disposals.push(disk.dispose);
      await tamper(disk.dir, f);
      // Act
      const report = await verify(disk.store);
      // Assess
      expect(verdict(report)).toEqual({ failures: failures?.(f) ?? {}, seals: seals?.(f) ?? {}, warnings: warnings ?? [] });
      expect(raw(verifyText(asOutput(report)))).toEqual([]);
    });
  }
});

/** The control characters left raw in a text (none may be). */
// eslint-disable-next-line no-control-regex
const raw = (text: string) => [...text.matchAll(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g)].map((m) => m[0]);
const asOutput = (report: StoreVerification) => ({ ...report, seals: report.seals ?? { checked: 0, ok: 0, failures: [] }, warnings: report.warnings ?? [] });

describe('tamper catalog: control characters in a field, shown in text output', () => {
  it('control characters in a field: reported as an edit, shown escaped by verify, show, list, CSV and HTML', async () => {
    // Prepare: a reason that would clear the screen, return the cursor and print PASS over the line, reversed
    const f = await fixture();
    const reason = '\u001b[2J\rPASS \u202etneve\u001b]0;title\u0007';
    f.store.overwrite(f.a.key, editLine(f.a.bytes, 0, (r) => (r.reason = reason)));
    const record = JSON.parse(linesOf(f.store.objects.get(f.a.key)!)[0]!) as EvidenceRecord;
    // Act
    const report = await verify(f.store);
    const shown = [verifyText(asOutput(report)), formatRecordText(record, { ok: false, errors: report.failures[1]?.errors ?? [] }, `${f.a.key}#1`), csvCell(reason), escapeHtml(reason)];
    // Assess
    expect(verdict(report).failures).toEqual({ [f.a.key]: ['OBJECT_SHA256_MISMATCH', 'OBJECT_ROOT_MISMATCH', 'SEALED_OBJECT_CHANGED'], [`${f.a.key}#1`]: ['LEAF_HASH_MISMATCH'] });
    expect(shown.map(raw)).toEqual([[], [], [], []]);
    expect(shown[1]).toContain('\\u001b[2J\\u000dPASS \\u202etneve');
  });
});

/**
 * Does the changed file say what the original said? Then nothing was tampered with: a seal or a v1
 * record with other whitespace (signed content is canonicalized; v1 seals list leaf hashes), a key
 * file without its last newline. A v2 object never qualifies: its exact bytes are named and sealed.
 */
function sameMeaning(key: string, original: Buffer, changed: Buffer): boolean {
  if (key.endsWith('.jsonl')) return false;
  if (key.endsWith('.pem')) return changed.toString().trimEnd() === original.toString().trimEnd();
  try {
    return isDeepStrictEqual(JSON.parse(changed.toString('utf8')), JSON.parse(original.toString('utf8')));
  } catch {
    return false;
  }
}

/** A store whose reads of one key fail the way a network or a permission can. */
function failingReads(inner: EvidenceStore, key: string): EvidenceStore {
  return { location: 'failing:', put: (k, b) => inner.put(k, b), list: (p, o) => inner.list(p, o), get: async (k) => (k === key ? Promise.reject(new Error('AccessDenied: Access Denied')) : inner.get(k)) };
}

describe('tamper catalog: no input crashes verify (every problem is a coded failure of its key)', () => {
  it('reports a read the store refuses, and verifies everything else', async () => {
    // Prepare
    const f = await fixture();
    // Act
    const report = await verify(failingReads(f.store, f.c.key));
    // Assess
    expect(verdict(report).failures).toEqual({ [f.c.key]: ['OBJECT_READ_FAILED', 'SEALED_OBJECT_CHANGED'] });
    expect(report.ok).toBe(10);
  });

  it('a huge line, binary garbage, an empty object, a truncated seal: each a coded failure', async () => {
    // Prepare
    const f = await fixture();
    f.store.overwrite(f.a.key, Buffer.from(`{"pad":"${'A'.repeat(20_000_000)}"}\n`));
    f.store.overwrite(f.b.key, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    f.store.overwrite(f.c.key, Buffer.alloc(0));
    f.store.overwrite(seal(3), f.store.objects.get(seal(3))!.subarray(0, 100));
    // Act
    const report = await verify(f.store);
    // Assess
    const { failures, seals } = verdict(report);
    expect(failures[f.a.key]).toEqual(['OBJECT_SHA256_MISMATCH', 'OBJECT_COUNT_MISMATCH', 'SEALED_OBJECT_CHANGED']);
    expect(failures[`${f.a.key}#1`]).toContain('SCHEMA_INVALID');
    expect(failures[f.b.key]).toEqual(expect.arrayContaining(['OBJECT_SHA256_MISMATCH', 'OBJECT_LINES_INVALID', 'SEALED_OBJECT_CHANGED']));
    expect(failures[f.c.key]).toEqual(['OBJECT_SHA256_MISMATCH', 'OBJECT_COUNT_MISMATCH', 'SEALED_OBJECT_CHANGED']);
    expect(failures[f.d.key]).toEqual(['SEAL_OVERDUE']);
    expect(seals).toEqual({ [seal(3)]: ['JSON_INVALID'] });
  }, 30_000);

  it('fuzz: bytes cut, flipped or replaced anywhere in an object, a record, a seal or a key file never escape as an exception', async () => {
    // Prepare: one fixture; each case tampers a copy of its objects
    const f = await fixture();
    const targets = [f.a.key, f.v1[0]!.key, seal(1), seal(3), publicKeyKey(await keys.signer.keyId())];
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
      fc.record({ kind: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('garbage' as const), bytes: fc.uint8Array({ maxLength: 300 }) }),
    );
    // Act / Assess
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), mutation, async (target, m) => {
        const original = f.store.objects.get(target)!;
        const at = 'at' in m ? Math.min(original.length - 1, Math.floor(m.at * original.length)) : 0;
        const changed =
          m.kind === 'truncate' ? original.subarray(0, at) : m.kind === 'flip' ? Buffer.from(original.map((b, i) => (i === at ? b ^ (m.byte || 1) : b))) : Buffer.from(m.bytes);
        f.store.overwrite(target, changed);
        try {
          const report = await verify(f.store);
          const failed = [...report.failures, ...(report.seals?.failures ?? [])];
          if (!sameMeaning(target, original, changed)) expect(failed.length).toBeGreaterThan(0);
          expect(failed.every((x) => x.errors.length > 0 && x.errors.every((e) => /^[A-Z0-9_]+$/.test(e.code)))).toBe(true);
        } finally {
          f.store.overwrite(target, original);
        }
      }),
      { numRuns: 150, seed: 20261129 },
    );
  }, 60_000);
});

import { cp, mkdtemp, readdir, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VerificationCode } from '../../lib/evidence/verification-codes.ts';
import { DirectoryStore } from '../../lib/store/directory.ts';
import { recordKey } from '../../lib/store/layout.ts';
import { publishPublicKey } from '../../lib/store/publish-key.ts';
import type { EvidenceStore } from '../../lib/store/types.ts';
import type { StoreVerification } from '../../lib/verify/verify-store.ts';
import { freshSigner } from '../evidence/helpers.ts';
import { fixture, keys, onDisk, rerun, seal, verdict, verify, type Fixture } from './tamper-fixture.ts';

/**
 * The tamper catalog, part 4: changes that are NOT tampering and must verify (no failure, every
 * record counted once). Retries are never attacks: a retried PUT, a rerun that signs the same
 * records again, a crash and rerun, on a store that keeps identical second versions (radosgw).
 */

interface Row {
  kind: string;
  /** Builds the store as it is after the change (the fixture, possibly with a rerun before sealing). */
  store: () => Promise<{ store: EvidenceStore; dispose?: () => Promise<void>; publicKeys?: string[]; lock?: boolean }>;
  warnings: VerificationCode[];
  duplicates?: number;
}

const untouched = async (change: (f: Fixture) => Promise<void>, beforeSealing?: Parameters<typeof fixture>[0]) => {
  const f = await fixture(beforeSealing);
  await change(f);
  return { store: f.store };
};

/** The fixture copied to disk, changed there. */
const onDiskChanged = async (change: (dir: string) => Promise<void>) => {
  const disk = await onDisk(await fixture());
  await change(disk.dir);
  return { store: disk.store as EvidenceStore, dispose: disk.dispose };
};

const ROWS: Row[] = [
  {
    kind: 'extra unrelated files outside records/ and seals/',
    store: () =>
      untouched(async (f) => {
        for (const [key, text] of [['README.txt', 'evidence bucket'], ['reports/2026-05.html', '<html></html>'], ['keys/README.md', 'pin these'], ['exports/manifest.json', '{}']]) await f.store.put(key!, text!);
      }),
    warnings: [],
  },
  { kind: 'a retried batch: the same bytes PUT again', store: () => untouched(async (f) => void (await f.store.put(f.a.key, f.a.bytes))), warnings: [] },
  {
    kind: 'a re-run before its hour was sealed (the same records signed again)',
    store: () => untouched(async () => undefined, async (f) => void (await rerun(f.store, f.a.records, '2026-05-01T12:40:00Z'))),
    warnings: ['RECORD_RETRIED'],
    duplicates: 3,
  },
  {
    kind: 'a re-run after the newest seal, within the seal grace',
    store: () => untouched(async (f) => void (await rerun(f.store, f.c.records, '2026-05-01T16:10:00Z'))),
    warnings: ['RECORD_RETRIED', 'RECORDS_NOT_YET_SEALED'],
    duplicates: 2,
  },
  {
    kind: 'a crash and rerun (a run died after writing part of its objects; the rerun wrote them all again)',
    store: () => untouched(async () => undefined, async (f) => void (await rerun(f.store, [...f.a.records, ...f.b.records].slice(0, 5), '2026-05-01T12:40:00Z'))),
    warnings: ['RECORD_RETRIED', 'RECORD_RETRIED'],
    duplicates: 5,
  },
  {
    kind: 'a v1 record retried into a later hour (as trailproof 0.1 did), before sealing',
    store: () => untouched(async () => undefined, async (f) => void (await f.store.put(recordKey(f.v1[0]!.record, new Date('2026-05-01T12:05:00Z')), JSON.stringify(f.v1[0]!.record)))),
    warnings: ['RECORD_RETRIED'],
    duplicates: 1,
  },
  {
    kind: 'file mtimes changed',
    store: () =>
      onDiskChanged(async (dir) => {
        const later = new Date('2030-01-01T00:00:00Z');
        for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) await utimes(join(entry.parentPath, entry.name), later, later);
      }),
    warnings: [],
  },
  {
    kind: 'an extra published key for a key that is pinned too',
    store: async () => {
      const second = freshSigner();
      const { store } = await untouched(async (f) => void (await publishPublicKey(f.store, second.signer)));
      return { store, publicKeys: [keys.publicPem, second.publicPem] };
    },
    warnings: [],
  },
  {
    kind: 'reading from a copied directory',
    store: async () => {
      const disk = await onDisk(await fixture());
      const copy = await mkdtemp(join(tmpdir(), 'tp-copy-'));
      await cp(disk.dir, copy, { recursive: true });
      await disk.dispose();
      return { store: new DirectoryStore(copy), dispose: () => rm(copy, { recursive: true, force: true }) };
    },
    warnings: [],
  },
  {
    kind: 'an S3 versioned store holding an identical second version (a retried PUT on radosgw)',
    store: async () => {
      const f = await fixture();
      f.store.withDescribe();
      const lock = { lockMode: 'COMPLIANCE' as const, retainUntil: '2099-01-01T00:00:00.000Z', deleteMarker: false };
      for (const key of [f.a.key, seal(2)]) f.store.facts.set(key, { key, versions: 2, distinctVersions: 1, ...lock });
      return { store: f.store, lock: true };
    },
    warnings: [],
  },
];

describe('tamper catalog: harmless changes that must NOT fail', () => {
  for (const { kind, store: make, warnings, duplicates } of ROWS) {
    it(kind, async () => {
      // Prepare
      const { store, dispose, publicKeys, lock } = await make();
      // Act
      let report: StoreVerification;
      try {
        report = await verify(store, lock ? { lock: {} } : {}, publicKeys);
      } finally {
        await dispose?.();
      }
      // Assess: every record verified and counted once; retries are warnings
      expect(verdict(report)).toEqual({ failures: {}, seals: {}, warnings });
      expect(report).toMatchObject({ checked: 12, ok: 12, duplicates: duplicates ?? 0 });
    });
  }
});

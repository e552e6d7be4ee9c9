import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signBatch, signDocuments } from '../../lib/evidence/batch.ts';
import type { SealV2 } from '../../lib/evidence/schemas.ts';
import type { VerificationCode } from '../../lib/evidence/verification-codes.ts';
import { publicKeyKey } from '../../lib/store/layout.ts';
import { recordObject } from '../../lib/store/record-object.ts';
import { freshSigner, unsignedRecords } from '../evidence/helpers.ts';
import { writeObject } from '../seal/helpers.ts';
import { fixture, keys, seal, verdict, verify, type Fixture } from './tamper-fixture.ts';

/**
 * The tamper catalog, part 2: seals, published keys and dates (see tamper-catalog.test.ts for the
 * fixture: seals 0..3 seal hours 10..13, the auditor verifies at 16:30 with a 2 h grace).
 */

type Codes = Record<string, VerificationCode[]>;
interface Row {
  kind: string;
  tamper: (f: Fixture) => Promise<void> | void;
  failures?: (f: Fixture) => Codes;
  seals?: (f: Fixture) => Codes;
  warnings?: VerificationCode[];
}

/** A seal edited as text an attacker would write (not re-signed): indented JSON, the change applied. */
function editSeal(f: Fixture, seq: number, change: (s: SealV2) => void): void {
  const value = f.store.json<SealV2>(seal(seq));
  change(value);
  f.store.overwrite(seal(seq), `${JSON.stringify(value, null, 2)}\n`);
}

/** A seal rewritten and signed again with the real key (an insider with the signer), sealed at `at`. */
async function resignSeal(f: Fixture, seq: number, at: string, change: (s: SealV2) => void): Promise<void> {
  const value: Partial<SealV2> = f.store.json<SealV2>(seal(seq));
  delete value.integrity;
  change(value as SealV2);
  const [signed] = await signDocuments([{ ...value, sealedAt: at }], keys.signer, new Date(at));
  f.store.overwrite(seal(seq), `${JSON.stringify(signed)}\n`);
}

/** A new seal 4 for hour 14, chained to seal 3 and signed with the real key at `at`. */
async function fourthSeal(f: Fixture, at: string): Promise<void> {
  const three = f.store.objects.get(seal(3))!;
  const document = {
    schema: 'trailproof/seal/v2',
    seq: 4,
    window: { start: '2026-05-01T14:00:00.000Z', end: '2026-05-01T15:00:00.000Z' },
    part: { index: 0, after: null, final: true },
    previous: { key: seal(3), hash: createHash('sha256').update(three).digest('hex') },
    sealedAt: at,
    records: [],
    objects: [],
  };
  const [signed] = await signDocuments([document], keys.signer, new Date(at));
  f.store.overwrite(seal(4), `${JSON.stringify(signed)}\n`);
}

/** Object A's and B's keys (hour 11, sealed by seal 1): what loses its seal when seal 1 does. */
const hour11 = (f: Fixture, codes: VerificationCode[]): Codes => ({ [f.a.key]: codes, [f.b.key]: codes });

const ROWS: Row[] = [
  // A seal edited, field by field, without its key: its own leaf hash fails, and the next seal's link.
  { kind: 'edit a seal: seq', tamper: (f) => editSeal(f, 1, (s) => (s.seq = 7)), seals: () => ({ [seal(1)]: ['LEAF_HASH_MISMATCH', 'KEY_SEQ_MISMATCH'], [seal(2)]: ['PREVIOUS_SEAL_HASH_MISMATCH'] }) },
  {
    kind: 'edit a seal: window',
    tamper: (f) => editSeal(f, 1, (s) => (s.window = { start: '2026-05-01T12:00:00.000Z', end: '2026-05-01T13:00:00.000Z' })),
    seals: () => ({ [seal(1)]: ['LEAF_HASH_MISMATCH', 'SEAL_OBJECT_OUTSIDE_WINDOW', 'SEAL_WINDOW_GAP'], [seal(2)]: ['PREVIOUS_SEAL_HASH_MISMATCH', 'SEAL_WINDOW_OVERLAP'] }),
    failures: (f) => hour11(f, ['HOUR_NOT_SEALED']),
  },
  { kind: 'edit a seal: part', tamper: (f) => editSeal(f, 1, (s) => (s.part.final = false)), seals: () => ({ [seal(1)]: ['LEAF_HASH_MISMATCH'], [seal(2)]: ['PREVIOUS_SEAL_HASH_MISMATCH', 'SEAL_PART_EXPECTED'] }) },
  {
    kind: 'edit a seal: previous',
    tamper: (f) => editSeal(f, 1, (s) => (s.previous!.hash = '5'.repeat(64))),
    seals: () => ({ [seal(1)]: ['LEAF_HASH_MISMATCH', 'PREVIOUS_SEAL_HASH_MISMATCH'], [seal(2)]: ['PREVIOUS_SEAL_HASH_MISMATCH'] }),
  },
  { kind: 'edit a seal: sealedAt', tamper: (f) => editSeal(f, 1, (s) => (s.sealedAt = '2026-05-01T12:01:00.000Z')), seals: () => ({ [seal(1)]: ['LEAF_HASH_MISMATCH'], [seal(2)]: ['PREVIOUS_SEAL_HASH_MISMATCH'] }) },
  {
    kind: 'edit a seal: an object dropped from its list',
    tamper: (f) => editSeal(f, 1, (s) => (s.objects = s.objects.filter((o) => o.key !== f.a.key))),
    seals: () => ({ [seal(1)]: ['LEAF_HASH_MISMATCH'], [seal(2)]: ['PREVIOUS_SEAL_HASH_MISMATCH'] }),
    failures: (f) => ({ [f.a.key]: ['RECORD_NOT_IN_SEAL'] }),
  },
  {
    kind: "edit a seal: an object's SHA-256",
    tamper: (f) => editSeal(f, 1, (s) => (s.objects.find((o) => o.key === f.a.key)!.sha256 = '6'.repeat(64))),
    seals: () => ({ [seal(1)]: ['LEAF_HASH_MISMATCH', 'SEAL_OBJECT_NAME_MISMATCH'], [seal(2)]: ['PREVIOUS_SEAL_HASH_MISMATCH'] }),
    failures: (f) => ({ [f.a.key]: ['SEALED_OBJECT_CHANGED'] }),
  },
  {
    kind: "edit a seal: a v1 record's leaf hash",
    tamper: (f) => editSeal(f, 0, (s) => (s.records[0]!.leafHash = '7'.repeat(64))),
    seals: () => ({ [seal(0)]: ['LEAF_HASH_MISMATCH'], [seal(1)]: ['PREVIOUS_SEAL_HASH_MISMATCH'] }),
    failures: (f) => ({ [[...f.v1].sort((x, y) => (x.key < y.key ? -1 : 1))[0]!.key]: ['SEALED_RECORD_CHANGED'] }),
  },
  {
    kind: 'edit a seal: its signature',
    tamper: (f) => editSeal(f, 1, (s) => (s.integrity.batch.signature = Buffer.from('forged').toString('base64'))),
    seals: () => ({ [seal(1)]: ['SIGNATURE_INVALID'], [seal(2)]: ['PREVIOUS_SEAL_HASH_MISMATCH'] }),
  },
  {
    kind: 'duplicate JSON key in a seal',
    tamper: (f) => f.store.overwrite(seal(1), f.store.objects.get(seal(1))!.toString().replace('"seq": 1,', '"seq": 1,\n  "seq": 1,')),
    seals: () => ({ [seal(1)]: ['JSON_DUPLICATE_KEY'], [seal(2)]: ['PREVIOUS_SEAL_HASH_MISMATCH'] }),
    failures: (f) => hour11(f, ['HOUR_NOT_SEALED']),
  },

  // Seals deleted, reordered, forked.
  {
    kind: 'delete a seal: the first',
    tamper: (f) => f.store.remove(seal(0)),
    seals: () => ({ [seal(1)]: ['SEAL_CHAIN_START_MISSING', 'SEAL_MISSING'] }),
    failures: (f) => Object.fromEntries(f.v1.map((r) => [r.key, ['HOUR_NOT_SEALED']])),
  },
  { kind: 'delete a seal: a middle one', tamper: (f) => f.store.remove(seal(2)), seals: () => ({ [seal(3)]: ['SEAL_CHAIN_GAP', 'SEAL_MISSING'] }), failures: (f) => ({ [f.c.key]: ['HOUR_NOT_SEALED'] }) },
  { kind: 'delete a seal: the newest (its hour closed past the grace)', tamper: (f) => f.store.remove(seal(3)), failures: (f) => ({ [f.d.key]: ['SEAL_OVERDUE'] }) },
  {
    kind: 'delete seals/ entirely',
    tamper: (f) => f.store.keys('seals/').forEach((k) => f.store.remove(k)),
    seals: () => ({ 'seals/': ['NO_SEALS'] }),
    failures: (f) => Object.fromEntries([...f.v1.map((r) => r.key), f.a.key, f.b.key, f.c.key, f.d.key].map((k) => [k, ['SEAL_OVERDUE']])),
  },
  {
    kind: 'reorder seals (swap seq 1 and 2)',
    tamper: (f) => {
      const [one, two] = [f.store.objects.get(seal(1))!, f.store.objects.get(seal(2))!];
      f.store.overwrite(seal(1), two);
      f.store.overwrite(seal(2), one);
    },
    seals: () => ({
      [seal(1)]: ['KEY_SEQ_MISMATCH', 'SEAL_LINK_KEY_MISMATCH', 'PREVIOUS_SEAL_HASH_MISMATCH', 'SEAL_WINDOW_GAP'],
      [seal(2)]: ['KEY_SEQ_MISMATCH', 'SEAL_LINK_KEY_MISMATCH', 'PREVIOUS_SEAL_HASH_MISMATCH', 'SEAL_WINDOW_OVERLAP'],
      [seal(3)]: ['PREVIOUS_SEAL_HASH_MISMATCH', 'SEAL_WINDOW_GAP'],
    }),
  },
  {
    kind: 'fork: a second seal with the same seq',
    tamper: (f) => f.store.overwrite(seal(2).replace('seals/v2/', 'seals/v1/'), f.store.objects.get(seal(2))!),
    seals: () => ({ [seal(2).replace('seals/v2/', 'seals/v1/')]: ['KEY_VERSION_MISMATCH'], [seal(2)]: ['SEAL_DUPLICATE'] }),
  },

  // Published keys: only pinned keys count, whatever keys/ holds.
  {
    kind: 'add a key file for a forged key, and an object signed with it',
    tamper: async (f) => {
      const forger = freshSigner();
      await f.store.put(publicKeyKey(await forger.signer.keyId()), forger.publicPem);
      const when = new Date('2026-05-01T16:10:00Z');
      const forged = recordObject(await signBatch(unsignedRecords(1).map((r) => ({ ...r, collectedAt: when.toISOString() })), forger.signer, when), when);
      await f.store.put(forged.key, forged.bytes);
      f.store.overwrite('forged', `${forged.key}\n${publicKeyKey(await forger.signer.keyId())}`);
    },
    failures: (f) => {
      const [object, keyFile] = f.store.objects.get('forged')!.toString().split('\n') as [string, string];
      return { [`${object}#1`]: ['KEY_NOT_PINNED'], [keyFile]: ['KEY_FILE_NOT_PINNED'] };
    },
    warnings: ['RECORDS_NOT_YET_SEALED'],
  },
  {
    kind: 'a key file that holds a second key after the pinned one',
    tamper: async (f) => f.store.overwrite(publicKeyKey(await keys.signer.keyId()), `${keys.publicPem}${freshSigner().publicPem}`),
    failures: () => ({ [publicKeyKey(FIXTURE_KEY_ID)]: ['KEY_FILE_NOT_CANONICAL'] }),
  },
  {
    kind: 'a key file swapped for another key',
    tamper: async (f) => f.store.overwrite(publicKeyKey(await keys.signer.keyId()), freshSigner().publicPem),
    failures: () => ({ [publicKeyKey(FIXTURE_KEY_ID)]: ['KEY_FILE_MISMATCH'] }),
  },

  // Dates: against the clock (16:30 + 5 min skew), the key's hour and the seal.
  {
    kind: 'future-dated signedAt',
    tamper: async (f) => {
      const records = unsignedRecords(2).map((r) => ({ ...r, id: r.id.replace(/^./, 'e'), collectedAt: '2026-05-01T16:10:00.000Z' }));
      const { key, bytes } = recordObject(await signBatch(records, keys.signer, new Date('2026-05-01T17:30:00Z')), new Date('2026-05-01T16:10:00Z'));
      f.store.overwrite(key, bytes);
      f.store.overwrite('future', key);
    },
    failures: (f) => ({ [f.store.objects.get('future')!.toString()]: ['DATE_IN_FUTURE', 'SIGNED_OUTSIDE_KEY_HOUR'] }),
    warnings: ['RECORDS_NOT_YET_SEALED'],
  },
  {
    kind: 'records under a future hour',
    tamper: async (f) => f.store.overwrite('future', (await writeObject(f.store, keys.signer, '2026-05-01T18:10:00Z', 2)).key),
    failures: (f) => {
      const key = f.store.objects.get('future')!.toString();
      return { [key]: ['KEY_HOUR_IN_FUTURE', 'DATE_IN_FUTURE'], [`${key}#1`]: ['DATE_IN_FUTURE'], [`${key}#2`]: ['DATE_IN_FUTURE'] };
    },
    warnings: ['RECORDS_NOT_YET_SEALED'],
  },
  { kind: 'a seal dated in the future', tamper: (f) => fourthSeal(f, '2026-05-02T09:00:00.000Z'), seals: () => ({ [seal(4)]: ['DATE_IN_FUTURE', 'DATE_IN_FUTURE'] }) },
  { kind: 'a seal made before its window began', tamper: (f) => fourthSeal(f, '2026-05-01T13:50:00.000Z'), seals: () => ({ [seal(4)]: ['SEAL_WINDOW_NOT_STARTED'] }) },
  {
    kind: 'a seal (re-signed) dated before an object it lists was signed',
    tamper: (f) => resignSeal(f, 3, '2026-05-01T13:20:00.000Z', () => undefined),
    failures: (f) => ({ [f.d.key]: ['SIGNED_AFTER_SEAL'] }),
  },
];

let FIXTURE_KEY_ID = '';

describe('tamper catalog: seals, published keys and dates (each kind, every code verify reports)', () => {
  for (const { kind, tamper, failures, seals, warnings } of ROWS) {
    it(kind, async () => {
      // Prepare
      const f = await fixture();
      FIXTURE_KEY_ID = await keys.signer.keyId();
      await tamper(f);
      // Act
      const report = await verify(f.store);
      // Assess
      expect(verdict(report)).toEqual({ failures: failures?.(f) ?? {}, seals: seals?.(f) ?? {}, warnings: warnings ?? [] });
    });
  }

  it('fork: two sealers racing on radosgw (which ignores If-None-Match) leave two contents under one seal key', async () => {
    // Prepare: S3 version facts, as S3Store.describe reports them
    const f = await fixture();
    f.store.withDescribe();
    const lock = { lockMode: 'COMPLIANCE' as const, retainUntil: '2099-01-01T00:00:00.000Z', deleteMarker: false };
    f.store.facts.set(seal(2), { key: seal(2), versions: 2, distinctVersions: 2, ...lock });
    // Act
    const report = await verify(f.store, { lock: {} });
    // Assess
    expect(verdict(report)).toEqual({ failures: {}, seals: { [seal(2)]: ['OVERWRITE_ATTEMPTED'] }, warnings: [] });
  });
});

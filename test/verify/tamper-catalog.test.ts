import { describe, expect, it } from 'vitest';
import { signBatch } from '../../lib/evidence/batch.ts';
import type { VerificationCode } from '../../lib/evidence/verification-codes.ts';
import { recordObject } from '../../lib/store/record-object.ts';
import { freshSigner, unsignedRecords } from '../evidence/helpers.ts';
import { writeObject } from '../seal/helpers.ts';
import { AT, editLine, fixture, joinLines, keys, linesOf, move, renamedFor, seal, verdict, verify, withSegment, type Fixture } from './tamper-fixture.ts';

/**
 * The tamper catalog, part 1: records and objects. One row per way to change evidence after it
 * was written, each with every code `verify` must report for it, exactly (the store is the
 * fixture of tamper-fixture.ts, verified at 16:30 with seals through hour 13). Other parts:
 * tamper-catalog-seals (seals, keys, dates), tamper-catalog-files (what only a file system holds,
 * odd names, crashes), tamper-catalog-harmless (changes that must NOT fail).
 */

type Codes = Record<string, VerificationCode[]>;
interface Row {
  kind: string;
  tamper: (f: Fixture) => Promise<void> | void;
  failures: (f: Fixture) => Codes;
  warnings?: VerificationCode[];
}

const line = (key: string, n: number) => `${key}#${n}`;
/** The same codes for lines 1..n of an object. */
const everyLine = (key: string, n: number, lineCodes: VerificationCode[]): Codes => Object.fromEntries(Array.from({ length: n }, (_, i) => [line(key, i + 1), lineCodes]));
const inPlace = (f: Fixture, change: Parameters<typeof editLine>[2]) => f.store.overwrite(f.a.key, editLine(f.a.bytes, 0, change));
/** Object A edited in its place: its name no longer fits its bytes, nor does its seal. */
const EDITED_A: VerificationCode[] = ['OBJECT_SHA256_MISMATCH', 'OBJECT_ROOT_MISMATCH', 'SEALED_OBJECT_CHANGED'];

const ROWS: Row[] = [
  // A field of a record edited in place (the object keeps its name).
  { kind: 'edit a field: result', tamper: (f) => inPlace(f, (r) => (r.result = 'pass')), failures: (f) => ({ [f.a.key]: EDITED_A, [line(f.a.key, 1)]: ['LEAF_HASH_MISMATCH'] }) },
  { kind: 'edit a field: reason', tamper: (f) => inPlace(f, (r) => (r.reason = 'port 22 closed')), failures: (f) => ({ [f.a.key]: EDITED_A, [line(f.a.key, 1)]: ['LEAF_HASH_MISMATCH'] }) },
  { kind: 'edit a field: observed', tamper: (f) => inPlace(f, (r) => (r.observed = { openRules: [] })), failures: (f) => ({ [f.a.key]: EDITED_A, [line(f.a.key, 1)]: ['LEAF_HASH_MISMATCH'] }) },
  { kind: 'edit a field: resource', tamper: (f) => inPlace(f, (r) => (r.resource.phiScoped = false)), failures: (f) => ({ [f.a.key]: EDITED_A, [line(f.a.key, 1)]: ['LEAF_HASH_MISMATCH'] }) },
  {
    kind: 'edit a field: check',
    tamper: (f) => inPlace(f, (r) => (r.check.id = 'iam-root-mfa')),
    failures: (f) => ({ [f.a.key]: EDITED_A, [line(f.a.key, 1)]: ['LEAF_HASH_MISMATCH', 'KEY_CHECK_MISMATCH'] }),
  },
  { kind: 'edit a field: observedAt', tamper: (f) => inPlace(f, (r) => (r.observedAt = '2026-05-01T11:00:00.000Z')), failures: (f) => ({ [f.a.key]: EDITED_A, [line(f.a.key, 1)]: ['LEAF_HASH_MISMATCH'] }) },
  { kind: 'edit a field: collectedAt', tamper: (f) => inPlace(f, (r) => (r.collectedAt = '2026-05-01T11:01:00.000Z')), failures: (f) => ({ [f.a.key]: EDITED_A, [line(f.a.key, 1)]: ['LEAF_HASH_MISMATCH'] }) },

  // The integrity member of a record edited in place.
  {
    kind: 'edit integrity: leafHash',
    tamper: (f) => inPlace(f, (r) => (r.integrity.leafHash = '0'.repeat(64))),
    failures: (f) => ({ [f.a.key]: ['OBJECT_SHA256_MISMATCH', 'SEALED_OBJECT_CHANGED'], [line(f.a.key, 1)]: ['LEAF_HASH_MISMATCH', 'AUDIT_PATH_INVALID'] }),
  },
  {
    kind: 'edit integrity: auditPath',
    tamper: (f) => inPlace(f, (r) => (r.integrity.batch.auditPath = [...r.integrity.batch.auditPath].reverse())),
    failures: (f) => ({ [f.a.key]: ['OBJECT_SHA256_MISMATCH', 'SEALED_OBJECT_CHANGED'], [line(f.a.key, 1)]: ['AUDIT_PATH_INVALID'] }),
  },
  {
    kind: 'edit integrity: root',
    tamper: (f) => inPlace(f, (r) => (r.integrity.batch.root = '1'.repeat(64))),
    failures: (f) => ({ [f.a.key]: ['OBJECT_SHA256_MISMATCH', 'SEALED_OBJECT_CHANGED'], [line(f.a.key, 1)]: ['AUDIT_PATH_INVALID', 'SIGNATURE_INVALID', 'OBJECT_LINE_BATCH_MISMATCH'] }),
  },
  {
    kind: 'edit integrity: signature',
    tamper: (f) => inPlace(f, (r) => (r.integrity.batch.signature = Buffer.from('forged').toString('base64'))),
    // Lines 2 and 3 no longer carry line 1's signature: one object, one signature.
    failures: (f) => ({ [f.a.key]: ['OBJECT_SHA256_MISMATCH', 'SEALED_OBJECT_CHANGED'], [line(f.a.key, 1)]: ['SIGNATURE_INVALID'], [line(f.a.key, 2)]: ['OBJECT_LINE_BATCH_MISMATCH'], [line(f.a.key, 3)]: ['OBJECT_LINE_BATCH_MISMATCH'] }),
  },
  {
    kind: 'edit integrity: keyId',
    tamper: (f) => inPlace(f, (r) => (r.integrity.batch.keyId = `sha256:${'2'.repeat(64)}`)),
    failures: (f) => ({ [f.a.key]: ['OBJECT_SHA256_MISMATCH', 'SEALED_OBJECT_CHANGED'], [line(f.a.key, 1)]: ['KEY_NOT_PINNED'] }),
  },
  {
    kind: 'edit integrity: signedAt',
    tamper: (f) => inPlace(f, (r) => (r.integrity.batch.signedAt = '2026-05-01T11:11:00.000Z')),
    // Lines 2 and 3 no longer carry line 1's signature: one object, one signature.
    failures: (f) => ({ [f.a.key]: ['OBJECT_SHA256_MISMATCH', 'SEALED_OBJECT_CHANGED'], [line(f.a.key, 1)]: ['SIGNATURE_INVALID'], [line(f.a.key, 2)]: ['OBJECT_LINE_BATCH_MISMATCH'], [line(f.a.key, 3)]: ['OBJECT_LINE_BATCH_MISMATCH'] }),
  },

  // Lines and objects added, removed, duplicated, reordered or moved.
  {
    kind: 'delete a line',
    tamper: (f) => f.store.overwrite(f.a.key, joinLines(linesOf(f.a.bytes).slice(0, 2))),
    failures: (f) => ({ [f.a.key]: ['OBJECT_SHA256_MISMATCH', 'OBJECT_COUNT_MISMATCH', 'OBJECT_ROOT_MISMATCH', 'SEALED_OBJECT_CHANGED'] }),
  },
  { kind: 'delete an object', tamper: (f) => f.store.remove(f.c.key), failures: (f) => ({ [f.c.key]: ['SEALED_OBJECT_MISSING'] }) },
  {
    kind: 'add a forged object signed with an unpinned key',
    tamper: async (f) => {
      const forger = freshSigner();
      const when = new Date('2026-05-01T12:40:00Z');
      const forged = recordObject(await signBatch(unsignedRecords(2).map((r) => ({ ...r, collectedAt: when.toISOString() })), forger.signer, when), when);
      f.store.overwrite(forged.key, forged.bytes);
      f.store.overwrite('forged-key', forged.key);
    },
    failures: (f) => {
      const key = f.store.objects.get('forged-key')!.toString();
      return { ...everyLine(key, 2, ['KEY_NOT_PINNED']), [key]: ['RECORD_NOT_IN_SEAL'] };
    },
  },
  {
    kind: 'duplicate an object into a later hour',
    tamper: (f) => f.store.overwrite(withSegment(f.a.key, 3, '12'), f.a.bytes),
    failures: (f) => ({ [withSegment(f.a.key, 3, '12')]: ['SIGNED_OUTSIDE_KEY_HOUR', 'RECORD_NOT_IN_SEAL'] }),
    warnings: ['RECORD_RETRIED'],
  },
  {
    kind: 'move an object to another hour',
    tamper: (f) => move(f.store, f.a.key, withSegment(f.a.key, 3, '12')),
    failures: (f) => ({ [f.a.key]: ['SEALED_OBJECT_MISSING'], [withSegment(f.a.key, 3, '12')]: ['SIGNED_OUTSIDE_KEY_HOUR', 'RECORD_NOT_IN_SEAL'] }),
  },
  {
    kind: 'move an object to another check',
    tamper: (f) => move(f.store, f.a.key, withSegment(f.a.key, 4, 'iam-root-mfa')),
    failures: (f) => ({ [f.a.key]: ['SEALED_OBJECT_MISSING'], [withSegment(f.a.key, 4, 'iam-root-mfa')]: ['RECORD_NOT_IN_SEAL'], ...everyLine(withSegment(f.a.key, 4, 'iam-root-mfa'), 3, ['KEY_CHECK_MISMATCH']) }),
  },
  {
    kind: 'move an object to another account',
    tamper: (f) => move(f.store, f.a.key, withSegment(f.a.key, 5, '444455556666')),
    failures: (f) => ({ [f.a.key]: ['SEALED_OBJECT_MISSING'], [withSegment(f.a.key, 5, '444455556666')]: ['RECORD_NOT_IN_SEAL'], ...everyLine(withSegment(f.a.key, 5, '444455556666'), 3, ['KEY_ACCOUNT_MISMATCH']) }),
  },
  {
    kind: 'move an object to another region',
    tamper: (f) => move(f.store, f.a.key, withSegment(f.a.key, 6, 'eu-west-1')),
    failures: (f) => ({ [f.a.key]: ['SEALED_OBJECT_MISSING'], [withSegment(f.a.key, 6, 'eu-west-1')]: ['RECORD_NOT_IN_SEAL'], ...everyLine(withSegment(f.a.key, 6, 'eu-west-1'), 3, ['KEY_REGION_MISMATCH']) }),
  },
  {
    kind: "rename an object: the name's root lies",
    tamper: (f) => move(f.store, f.a.key, renamedFor(f.a.key, f.a.bytes, { root: '3'.repeat(64) })),
    failures: (f) => {
      const renamed = renamedFor(f.a.key, f.a.bytes, { root: '3'.repeat(64) });
      return { [f.a.key]: ['SEALED_OBJECT_MISSING'], [renamed]: ['OBJECT_ROOT_MISMATCH', 'RECORD_NOT_IN_SEAL'], ...everyLine(renamed, 3, ['OBJECT_LINE_BATCH_MISMATCH']) };
    },
  },
  {
    kind: "rename an object: the name's count lies",
    tamper: (f) => move(f.store, f.a.key, f.a.key.replace(/-3-/, '-2-')),
    failures: (f) => ({ [f.a.key]: ['SEALED_OBJECT_MISSING'], [f.a.key.replace(/-3-/, '-2-')]: ['OBJECT_COUNT_MISMATCH', 'RECORD_NOT_IN_SEAL'], ...everyLine(f.a.key.replace(/-3-/, '-2-'), 3, ['OBJECT_LINE_BATCH_MISMATCH']) }),
  },
  {
    kind: "rename an object: the name's sha256 lies",
    tamper: (f) => move(f.store, f.a.key, f.a.key.replace(/[0-9a-f]{64}\.jsonl$/, `${'4'.repeat(64)}.jsonl`)),
    failures: (f) => ({ [f.a.key]: ['SEALED_OBJECT_MISSING'], [f.a.key.replace(/[0-9a-f]{64}\.jsonl$/, `${'4'.repeat(64)}.jsonl`)]: ['OBJECT_SHA256_MISMATCH', 'RECORD_NOT_IN_SEAL'] }),
  },
  {
    kind: 'swap two lines',
    tamper: (f) => f.store.overwrite(f.a.key, joinLines([linesOf(f.a.bytes)[1]!, linesOf(f.a.bytes)[0]!, linesOf(f.a.bytes)[2]!])),
    failures: (f) => ({ [f.a.key]: EDITED_A, [line(f.a.key, 1)]: ['OBJECT_LINE_BATCH_MISMATCH'], [line(f.a.key, 2)]: ['OBJECT_LINE_BATCH_MISMATCH'] }),
  },
  {
    kind: 'truncate an object mid-line',
    tamper: (f) => f.store.overwrite(f.a.key, f.a.bytes.subarray(0, Math.floor(f.a.bytes.length / 2))),
    failures: (f) => ({ [f.a.key]: ['OBJECT_SHA256_MISMATCH', 'OBJECT_LINES_INVALID', 'OBJECT_COUNT_MISMATCH', 'SEALED_OBJECT_CHANGED'], [line(f.a.key, 2)]: ['JSON_INVALID'] }),
  },
  {
    kind: 'append a line of another batch',
    tamper: (f) => f.store.overwrite(f.a.key, joinLines([...linesOf(f.a.bytes), linesOf(f.b.bytes)[0]!])),
    failures: (f) => ({
      [f.a.key]: ['OBJECT_SHA256_MISMATCH', 'OBJECT_COUNT_MISMATCH', 'OBJECT_ROOT_MISMATCH', 'SEALED_OBJECT_CHANGED'],
      [line(f.a.key, 4)]: ['OBJECT_LINE_BATCH_MISMATCH', 'OBJECT_LINE_BATCH_MISMATCH', 'OBJECT_LINE_BATCH_MISMATCH', 'OBJECT_LINE_BATCH_MISMATCH'],
    }),
    warnings: ['RECORD_RETRIED'],
  },
  {
    kind: 'duplicate JSON key in a line (a "result":"pass" before the signed one), renamed to fit its bytes',
    tamper: (f) => {
      const bytes = Buffer.from(f.a.bytes.toString('utf8').replace('"result":"fail"', '"result":"pass","result":"fail"'));
      move(f.store, f.a.key, renamedFor(f.a.key, bytes));
      f.store.overwrite(renamedFor(f.a.key, bytes), bytes);
    },
    failures: (f) => {
      const renamed = renamedFor(f.a.key, Buffer.from(f.a.bytes.toString('utf8').replace('"result":"fail"', '"result":"pass","result":"fail"')));
      return { [f.a.key]: ['SEALED_OBJECT_MISSING'], [renamed]: ['RECORD_NOT_IN_SEAL'], [line(renamed, 1)]: ['JSON_DUPLICATE_KEY'] };
    },
  },
  {
    kind: 'duplicate JSON key in a line of an object not sealed yet, renamed to fit its bytes',
    tamper: async (f) => {
      const late = await writeObject(f.store, keys.signer, '2026-05-01T16:05:00Z', 2);
      const bytes = Buffer.from(late.bytes.toString('utf8').replace('"result":"fail"', '"result":"pass","result":"fail"'));
      f.store.remove(late.key);
      f.store.overwrite(renamedFor(late.key, bytes), bytes);
      f.store.overwrite('late-key', renamedFor(late.key, bytes));
    },
    failures: (f) => ({ [line(f.store.objects.get('late-key')!.toString(), 1)]: ['JSON_DUPLICATE_KEY'] }),
    warnings: ['RECORDS_NOT_YET_SEALED'],
  },
  {
    kind: 'rewrite a line with the same meaning (spaces), renamed to fit its bytes',
    tamper: (f) => {
      const lines = linesOf(f.a.bytes);
      lines[0] = JSON.stringify(JSON.parse(lines[0]!), null, 1).replace(/\n/g, '');
      move(f.store, f.a.key, renamedFor(f.a.key, joinLines(lines)));
      f.store.overwrite(renamedFor(f.a.key, joinLines(lines)), joinLines(lines));
      f.store.overwrite('renamed-key', renamedFor(f.a.key, joinLines(lines)));
    },
    failures: (f) => {
      const renamed = f.store.objects.get('renamed-key')!.toString();
      return { [f.a.key]: ['SEALED_OBJECT_MISSING'], [renamed]: ['RECORD_NOT_IN_SEAL'], [line(renamed, 1)]: ['OBJECT_LINE_NOT_CANONICAL'] };
    },
  },

  // v1 records (one file per record).
  {
    kind: 'v1 record: edit',
    tamper: (f) => f.store.overwrite(f.v1[0]!.key, JSON.stringify({ ...f.v1[0]!.record, result: 'pass' }, null, 2)),
    failures: (f) => ({ [f.v1[0]!.key]: ['LEAF_HASH_MISMATCH', 'SEALED_RECORD_CHANGED'] }),
  },
  {
    kind: 'v1 record: duplicate JSON key',
    tamper: (f) => f.store.overwrite(f.v1[0]!.key, JSON.stringify(f.v1[0]!.record).replace('"result":"fail"', '"result":"pass","result":"fail"')),
    failures: (f) => ({ [f.v1[0]!.key]: ['JSON_DUPLICATE_KEY', 'SEALED_RECORD_CHANGED'] }),
  },
  { kind: 'v1 record: delete', tamper: (f) => f.store.remove(f.v1[1]!.key), failures: (f) => ({ [f.v1[1]!.key]: ['SEALED_RECORD_MISSING'] }) },
  {
    kind: 'v1 record: move to a later hour',
    tamper: (f) => move(f.store, f.v1[1]!.key, withSegment(f.v1[1]!.key, 3, '12')),
    failures: (f) => ({ [f.v1[1]!.key]: ['SEALED_RECORD_MISSING'], [withSegment(f.v1[1]!.key, 3, '12')]: ['RECORD_NOT_IN_SEAL'] }),
  },
  {
    kind: 'v1 record: move to an earlier hour',
    tamper: (f) => move(f.store, f.v1[1]!.key, withSegment(f.v1[1]!.key, 3, '09')),
    failures: (f) => ({ [f.v1[1]!.key]: ['SEALED_RECORD_MISSING'], [withSegment(f.v1[1]!.key, 3, '09')]: ['KEY_HOUR_BACKDATED', 'SIGNED_OUTSIDE_KEY_HOUR', 'HOUR_NOT_SEALED'] }),
  },
];

describe('tamper catalog: records and objects (each kind, every code verify reports)', () => {
  for (const { kind, tamper, failures, warnings } of ROWS) {
    it(kind, async () => {
      // Prepare
      const f = await fixture();
      await tamper(f);
      // Act
      const report = await verify(f.store);
      // Assess
      expect(verdict(report)).toEqual({ failures: failures(f), seals: {}, warnings: warnings ?? [] });
    });
  }

  it('verifies the untouched fixture: every record, object and seal', async () => {
    // Prepare
    const f = await fixture();
    // Act
    const report = await verify(f.store);
    // Assess
    expect(report).toMatchObject({ checked: 12, ok: 12, objects: 7, duplicates: 0, failures: [], seals: { checked: 4, ok: 4, failures: [] }, warnings: [] });
    expect(AT.toISOString()).toBe('2026-05-01T16:30:00.000Z');
    expect(seal(3)).toBe('seals/v2/2026/05/01/00000003.json');
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { signDocuments } from '../../lib/evidence/batch.ts';
import { buildAttestation, buildException, buildRevocation } from '../../lib/evidence/ledger.ts';
import type { ExceptionDocument } from '../../lib/evidence/ledger-types.ts';
import { putAttachment, putLedger, writeLedger } from '../../lib/cli/ledger-store.ts';
import { signLedger } from '../../lib/pipeline/ledger-writer.ts';
import { RunTally } from '../../lib/pipeline/run-record.ts';
import { sealPending } from '../../lib/seal/seal-pending.ts';
import { attachmentKey, ledgerObjectKey, recordAddress } from '../../lib/store/layout.ts';
import { verifyStore } from '../../lib/verify/verify-store.ts';
import { freshSigner } from '../evidence/helpers.ts';
import { codes, codesByKey as byKey } from '../fixtures/verification.ts';
import { TamperableStore, writeObject } from '../seal/helpers.ts';

/**
 * The audit workflow's documents (exceptions, revocations, run records, attestations and their
 * files) verified as records are: each kind on its own, its object against its name, every object
 * against its seal, with the same codes; the seal chain moving from v2 to v3 when they appear.
 */

const keys = freshSigner();
const trust = { publicKeys: [keys.publicPem] };
const AT = { now: new Date('2026-05-01T15:30:00Z') };
const PDF = Buffer.from('%PDF-1.7 penetration test report, 2026-04\n');
const known = () => true;

let store: TamperableStore;
let exceptionKey: string;
let attestationKey: string;
let exception: ExceptionDocument;

/** Records in hours 10 and 13, an exception and its revocation in hour 11, an attestation with a file in hour 13; sealed up to 15:00. */
beforeEach(async () => {
  store = new TamperableStore();
  await writeObject(store, keys.signer, '2026-05-01T10:20:00Z', 2);
  const at11 = new Date('2026-05-01T11:05:00Z');
  const written = await writeLedger<ExceptionDocument>(store, [buildException({ check: 'ec2-sg-no-public-admin-ports', resource: 'sg-1', reason: 'vendor VPN', approver: 'ciso', expires: '2026-06-01T00:00:00Z' }, known, at11)], keys.signer, at11);
  [exception, exceptionKey] = [written.documents[0]!, written.key];
  const at11b = new Date('2026-05-01T11:40:00Z');
  await writeLedger(store, [buildRevocation(exception, { reason: 'VPN retired' }, at11b)], keys.signer, at11b);
  await writeObject(store, keys.signer, '2026-05-01T13:20:00Z', 1);
  const at13 = new Date('2026-05-01T13:30:00Z');
  const { sha256 } = await putAttachment(store, PDF);
  const attestation = buildAttestation({ citation: '164.312(h)(2)(iii)', statement: 'annual penetration test passed', by: 'auditor@clinic', attachment: { sha256, name: 'pentest.pdf', bytes: PDF.length } }, at13);
  attestationKey = (await writeLedger(store, [attestation], keys.signer, at13)).key;
  await sealPending(store, keys.signer, AT);
});

describe('verifyStore over the ledger areas', () => {
  it('verifies every kind and seals hours with ledger objects as seal v3, continuing the v2 chain', async () => {
    // Act
    const report = await verifyStore(store, trust, AT);
    // Assess
    expect(report).toMatchObject({ checked: 6, ok: 6, failures: [], seals: { checked: 5, ok: 5, failures: [] } });
    expect(store.keys('seals/')).toEqual([
      'seals/v2/2026/05/01/00000000.json',
      'seals/v3/2026/05/01/00000001.json',
      'seals/v3/2026/05/01/00000002.json',
      'seals/v3/2026/05/01/00000003.json',
      'seals/v3/2026/05/01/00000004.json',
    ]);
    expect(store.json<{ objects: Array<{ key: string }> }>('seals/v3/2026/05/01/00000001.json').objects.map((o) => o.key.split('/')[0])).toEqual(['exceptions', 'exceptions']);
  });

  it('reports an exception edited in place on its own, in its object, and against its seal', async () => {
    // Prepare: the approver's name rewritten
    store.overwrite(exceptionKey, `${JSON.stringify({ ...exception, approver: 'someone else' })}\n`);
    // Act
    const report = await verifyStore(store, trust, AT);
    // Assess
    expect(byKey(report.failures)).toEqual({
      [recordAddress(exceptionKey, 1)]: ['LEAF_HASH_MISMATCH'],
      [exceptionKey]: ['OBJECT_SHA256_MISMATCH', 'OBJECT_ROOT_MISMATCH', 'SEALED_OBJECT_CHANGED'],
    });
  });

  it('reports a run record whose counts were edited, and a revocation removed, as it reports records', async () => {
    // Prepare: the sweep's run record of hour 12, sealed again after it was written
    const runs = new RunTally('111122223333');
    runs.ran('us-east-1', ['ec2-sg-no-public-admin-ports']);
    const at12 = new Date('2026-05-01T12:30:00Z');
    const run = await writeLedger(store, runs.documents('2026-05-01T12:00:00.000Z', at12.toISOString(), 'posture-sweep'), keys.signer, at12);
    const fresh = new TamperableStore();
    for (const key of store.keys('')) if (!key.startsWith('seals/')) await fresh.put(key, (await store.get(key))!);
    await sealPending(fresh, keys.signer, AT);
    const [revocationKey] = fresh.keys('exceptions/').filter((k) => k !== exceptionKey);
    const line = JSON.parse((await fresh.get(run.key))!.toString('utf8')) as { checks: Array<{ results: { fail: number } }> };
    line.checks[0]!.results.fail = 5;
    fresh.overwrite(run.key, `${JSON.stringify(line)}\n`);
    fresh.remove(revocationKey!);
    // Act
    const report = await verifyStore(fresh, trust, AT);
    // Assess
    expect(byKey(report.failures)).toEqual({
      [recordAddress(run.key, 1)]: ['LEAF_HASH_MISMATCH'],
      [run.key]: ['OBJECT_SHA256_MISMATCH', 'OBJECT_ROOT_MISMATCH', 'SEALED_OBJECT_CHANGED'],
      [revocationKey!]: ['SEALED_OBJECT_MISSING'],
    });
  });

  it('reports a removed exception as a sealed object missing', async () => {
    store.remove(exceptionKey);

    const report = await verifyStore(store, trust, AT);

    expect(byKey(report.failures)).toEqual({ [exceptionKey]: ['SEALED_OBJECT_MISSING'] });
  });

  it('reports an exception slipped in after its hour was sealed', async () => {
    // Prepare: validly signed with the real key, written into hour 12 after seal 2 listed it
    const at12 = new Date('2026-05-01T12:10:00Z');
    const slipped = await writeLedger(store, [buildException({ check: 'iam-root-mfa', resource: '111122223333', reason: 'x', approver: 'y', expires: '2026-06-01T00:00:00Z' }, known, at12)], keys.signer, at12);

    const report = await verifyStore(store, trust, AT);

    expect(byKey(report.failures)).toEqual({ [slipped.key]: ['RECORD_NOT_IN_SEAL'] });
  });

  it('reports a document of one kind stored in another kind\'s area', async () => {
    // Prepare: a revocation signed with the real key but written under runs/
    const at14 = new Date('2026-05-01T14:10:00Z');
    const signed = await signLedger([buildRevocation(exception, {}, at14)], keys.signer, at14);
    const [, rest] = signed.key.split('/v2/');
    const moved = `runs/v2/${rest}`;
    await putLedger(store, { ...signed, key: moved });

    const report = await verifyStore(store, trust, AT);

    expect(byKey(report.failures)[recordAddress(moved, 1)]).toEqual(['KEY_VERSION_MISMATCH']);
  });

  it('fails an attestation whose file was changed, and the file against its own name', async () => {
    store.overwrite(attachmentKey(store.json<{ attachment: { sha256: string } }>(attestationKey).attachment.sha256), Buffer.from('%PDF-1.7 a nicer report\n'));

    const report = await verifyStore(store, trust, AT);

    const sha256 = store.json<{ attachment: { sha256: string } }>(attestationKey).attachment.sha256;
    expect(byKey(report.failures)).toEqual({ [recordAddress(attestationKey, 1)]: ['ATTACHMENT_CHANGED'], [attachmentKey(sha256)]: ['OBJECT_SHA256_MISMATCH'] });
    expect(report.ok).toBe(5);
  });

  it('fails an attestation whose file is gone, and a file no attestation names', async () => {
    const sha256 = store.json<{ attachment: { sha256: string } }>(attestationKey).attachment.sha256;
    store.remove(attachmentKey(sha256));
    const { key: stray } = await putAttachment(store, Buffer.from('not evidence of anything'));

    const report = await verifyStore(store, trust, AT);

    expect(byKey(report.failures)).toEqual({ [recordAddress(attestationKey, 1)]: ['ATTACHMENT_MISSING'], [stray]: ['ATTACHMENT_UNREFERENCED'] });
  });

  it('trusts no ledger document signed by a key that was not pinned', async () => {
    const stranger = freshSigner();
    const at14 = new Date('2026-05-01T14:20:00Z');
    const forged = await writeLedger(store, [buildException({ check: 'iam-root-mfa', resource: 'r', reason: 'x', approver: 'y', expires: '2026-06-01T00:00:00Z' }, known, at14)], stranger.signer, at14);

    const report = await verifyStore(store, trust, AT);

    expect(codes(report.failures.find((f) => f.key === recordAddress(forged.key, 1))?.errors ?? [])).toEqual(['KEY_NOT_PINNED']);
  });

  it('refuses a ledger object whose name states other bytes, slipped into a sealed hour', async () => {
    const { integrity: _signature, ...unsigned } = exception;
    const [document] = await signDocuments([unsigned], keys.signer, new Date('2026-05-01T14:30:00Z'));
    const key = ledgerObjectKey('exceptions', { root: document!.integrity.batch.root, count: 1, sha256: 'f'.repeat(64) }, new Date('2026-05-01T14:30:00Z'));
    await store.put(key, `${JSON.stringify(document)}\n`);

    const report = await verifyStore(store, trust, AT);

    expect(byKey(report.failures)[key]).toEqual(['OBJECT_SHA256_MISMATCH', 'RECORD_NOT_IN_SEAL']);
  });
});

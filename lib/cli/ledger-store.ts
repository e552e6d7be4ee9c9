import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ParseError, StoreError } from '../errors.ts';
import { buildAttestation, buildException, buildRevocation, type AttestationRequest, type ExceptionRequest } from '../evidence/ledger.ts';
import {
  EXCEPTION_SCHEMA,
  REVOCATION_SCHEMA,
  type AttestationDocument,
  type ExceptionDocument,
  type LedgerDocument,
  type RevocationDocument,
} from '../evidence/ledger-types.ts';
import type { Signer } from '../evidence/types.ts';
import { signLedger, type SignedLedgerObject } from '../pipeline/ledger-writer.ts';
import { attachmentKey } from '../store/layout.ts';
import { readLedger } from '../store/read-records.ts';
import type { EvidenceStore } from '../store/types.ts';

/**
 * The CLI's writes of the audit workflow: exceptions, revocations and attestations (people record
 * them with `trailproof except` and `trailproof attest`; no Lambda function writes them, so none
 * has the permission), and the files attestations name.
 */

/**
 * Stores a signed ledger object create-only. The name holds the SHA-256 of the bytes, so the same
 * object again (a retry) is `created: false` and other bytes under the name are never accepted.
 *
 * @throws StoreError when the key already holds other bytes.
 */
export async function putLedger(store: EvidenceStore, object: SignedLedgerObject): Promise<{ key: string; created: boolean }> {
  const { created, conflict } = await store.put(object.key, object.bytes);
  if (conflict) throw new StoreError(`${object.key} already holds other bytes than its name says`);
  return { key: object.key, created };
}

/** Signs and stores ledger documents of one kind as one object: signLedger, then putLedger. */
export async function writeLedger<D extends LedgerDocument>(store: EvidenceStore, documents: ReadonlyArray<Omit<D, 'integrity'>>, signer: Signer, now: Date = new Date()): Promise<SignedLedgerObject<D> & { created: boolean }> {
  const object = await signLedger<D>(documents, signer, now);
  const { created } = await putLedger(store, object);
  return { ...object, created };
}

/** The SHA-256 (hex) of a file's bytes: what an attestation signs and where the file is stored. */
function attachmentDigest(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Stores a file by its SHA-256 under attachments/sha256/ (create-only: the same file twice is one
 * object).
 *
 * @throws StoreError when the key holds other bytes (someone replaced a stored file).
 */
export async function putAttachment(store: EvidenceStore, bytes: Buffer): Promise<{ key: string; sha256: string; created: boolean }> {
  const sha256 = attachmentDigest(bytes);
  const key = attachmentKey(sha256);
  const { created, conflict } = await store.put(key, bytes);
  if (conflict) throw new StoreError(`${key} already holds other bytes than its name says`);
  return { key, sha256, created };
}

/** The exceptions and revocations a store holds (schema-checked, not verified), in write order. */
export async function readExceptions(store: EvidenceStore): Promise<{ exceptions: ExceptionDocument[]; revocations: RevocationDocument[] }> {
  const exceptions: ExceptionDocument[] = [];
  const revocations: RevocationDocument[] = [];
  for await (const { document } of readLedger(store, { areas: ['exceptions'] })) {
    if (document.schema === EXCEPTION_SCHEMA) exceptions.push(document);
    else if (document.schema === REVOCATION_SCHEMA) revocations.push(document);
  }
  return { exceptions, revocations };
}

/**
 * `trailproof except`: a signed exception to one check on one resource, validated completely
 * before anything is signed or written.
 *
 * @throws ParseError naming the field (unknown check, empty resource, missing approver, expiry in the past, ...).
 */
export async function recordException(store: EvidenceStore, signer: Signer, request: ExceptionRequest, isKnownCheck: (id: string) => boolean, now: Date = new Date()): Promise<{ key: string; document: ExceptionDocument }> {
  const unsigned = buildException(request, isKnownCheck, now);
  const { key, documents } = await writeLedger<ExceptionDocument>(store, [unsigned], signer, now);
  return { key, document: documents[0]! };
}

/**
 * `trailproof except --revoke ID`: ends an exception in force from now on.
 *
 * @throws ParseError (`--revoke`) when the store holds no exception with that id, or it was revoked or has expired.
 */
export async function revokeException(store: EvidenceStore, signer: Signer, id: string, request: { reason?: string; approver?: string }, now: Date = new Date()): Promise<{ key: string; document: RevocationDocument }> {
  const { exceptions, revocations } = await readExceptions(store);
  const exception = exceptions.find((e) => e.id === id);
  if (!exception) throw new ParseError('--revoke', 'INVALID_VALUE', `no exception ${JSON.stringify(id)} in ${store.location} (trailproof list --exceptions shows them)`);
  const revoked = revocations.find((r) => r.exception.id === id);
  if (revoked) throw new ParseError('--revoke', 'INVALID_VALUE', `exception ${id} was already revoked at ${revoked.revokedAt}`);
  const unsigned = buildRevocation(exception, request, now);
  const { key, documents } = await writeLedger<RevocationDocument>(store, [unsigned], signer, now);
  return { key, document: documents[0]! };
}

/** Files larger than this are refused: an attestation's evidence is a report or a scan, not a disk image. */
const MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024;

/** The bytes of `--file`, or a ParseError naming it (missing, unreadable, a directory, too large). */
async function attachmentFile(path: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a regular file');
    if (info.size > MAX_ATTACHMENT_BYTES) throw new ParseError('--file', 'TOO_LARGE', `${path} holds ${info.size} bytes, over the ${MAX_ATTACHMENT_BYTES}-byte limit of an attachment`);
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof ParseError) throw error;
    throw new ParseError('--file', 'UNREADABLE', `${path}: ${(error as Error).message}`, { cause: error });
  }
  return bytes;
}

/**
 * `trailproof attest`: a signed attestation of one requirement, with the file's SHA-256 signed in
 * it and the file stored by that hash. Everything is read and validated, and the attestation
 * signed, before the first write; the file is written before the attestation that names it.
 *
 * @throws ParseError naming the field (a citation neither rule holds, an unreadable --file, an expiry in the past, ...).
 */
export async function recordAttestation(store: EvidenceStore, signer: Signer, request: Omit<AttestationRequest, 'attachment'> & { file?: string }, now: Date = new Date()): Promise<{ key: string; document: AttestationDocument; attachment?: string }> {
  const { file, ...rest } = request;
  const bytes = file === undefined ? undefined : await attachmentFile(file);
  const attachment = bytes && file !== undefined ? { sha256: attachmentDigest(bytes), name: basename(file), bytes: bytes.length } : undefined;
  const unsigned = buildAttestation({ ...rest, ...(attachment ? { attachment } : {}) }, now);
  const object = await signLedger<AttestationDocument>([unsigned], signer, now);
  const stored = bytes ? await putAttachment(store, bytes) : undefined;
  await putLedger(store, object);
  return { key: object.key, document: object.documents[0]!, ...(stored ? { attachment: stored.key } : {}) };
}

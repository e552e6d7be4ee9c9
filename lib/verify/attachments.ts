import { createHash } from 'node:crypto';
import { verificationProblem, type VerificationProblem } from '../evidence/verification-codes.ts';
import { ATTACHMENTS_PREFIX, attachmentKey, parseAttachmentKey } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';
import { readBytes } from './read-object.ts';
import type { KeyFailure } from './types.ts';
import type { AttachmentReference } from './verify-key.ts';

/** What one stored attachment is: its bytes' SHA-256 and size, or why it cannot be read. */
type Stored = { sha256: string; bytes: number } | { error: VerificationProblem };

const LAYOUT = 'attachments/sha256/<sha256 of the bytes>';

/**
 * The files attestations name (attachments/sha256/<hex>). They are not listed in seals: each is
 * named by its own SHA-256 and by a sealed, signed attestation, so a file cannot be changed
 * (OBJECT_SHA256_MISMATCH on the file, ATTACHMENT_CHANGED on the attestation), removed
 * (ATTACHMENT_MISSING) or added (ATTACHMENT_UNREFERENCED, when the whole store is verified)
 * without verify failing. Each file is read once, however many attestations name it.
 */
export class AttachmentCheck {
  readonly #store: EvidenceStore;
  readonly #lock: ((key: string, since: string | undefined) => Promise<VerificationProblem[]>) | undefined;
  readonly #read = new Map<string, Promise<Stored>>();
  readonly #referenced = new Set<string>();

  constructor(store: EvidenceStore, lock?: (key: string, since: string | undefined) => Promise<VerificationProblem[]>) {
    this.#store = store;
    this.#lock = lock;
  }

  #stored(sha256: string): Promise<Stored> {
    let read = this.#read.get(sha256);
    if (!read) {
      read = readBytes(this.#store, attachmentKey(sha256)).then((r) => ('error' in r ? r : { sha256: createHash('sha256').update(r.bytes).digest('hex'), bytes: r.bytes.length }));
      this.#read.set(sha256, read);
    }
    return read;
  }

  /** The problems of one attestation's reference: its file present, with the hash and size it states. */
  async check(reference: AttachmentReference): Promise<VerificationProblem[]> {
    this.#referenced.add(reference.sha256);
    const key = attachmentKey(reference.sha256);
    const stored = await this.#stored(reference.sha256);
    if ('error' in stored) return [verificationProblem('ATTACHMENT_MISSING', { key })];
    if (stored.sha256 !== reference.sha256) return [verificationProblem('ATTACHMENT_CHANGED', { key, sha256: stored.sha256 })];
    return stored.bytes === reference.bytes ? [] : [verificationProblem('ATTACHMENT_SIZE_MISMATCH', { key, bytes: stored.bytes, named: reference.bytes })];
  }

  /**
   * Every stored attachment on its own: its bytes against its name, its lock facts, anything under
   * attachments/ that is not a plain file or not named by a hash; and, when `whole` (the whole
   * store was verified, so every attestation was seen), each one no attestation names.
   */
  async finish(whole: boolean): Promise<KeyFailure[]> {
    const failures: KeyFailure[] = [];
    for await (const key of this.#store.list(ATTACHMENTS_PREFIX)) {
      const named = parseAttachmentKey(key);
      if (!named) {
        failures.push({ key, errors: [verificationProblem('KEY_LAYOUT_INVALID', { layout: LAYOUT })] });
        continue;
      }
      const stored = await this.#stored(named);
      const errors: VerificationProblem[] = [];
      if ('error' in stored) errors.push(stored.error);
      else if (stored.sha256 !== named) errors.push(verificationProblem('OBJECT_SHA256_MISMATCH', { sha256: stored.sha256, named }));
      if (this.#lock) errors.push(...(await this.#lock(key, undefined)));
      if (whole && !this.#referenced.has(named)) errors.push(verificationProblem('ATTACHMENT_UNREFERENCED'));
      if (errors.length > 0) failures.push({ key, errors });
    }
    for await (const { key, kind } of this.#store.listIrregular?.(ATTACHMENTS_PREFIX) ?? []) failures.push({ key, errors: [verificationProblem('OBJECT_NOT_REGULAR_FILE', { kind })] });
    return failures;
  }
}

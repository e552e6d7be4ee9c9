import { webcrypto } from 'node:crypto';
import { NotRegularFileError } from '../errors.ts';
import { duplicateMember } from '../evidence/strict-json.ts';
import { verificationProblem, type VerificationProblem } from '../evidence/verification-codes.ts';
import type { EvidenceStore } from '../store/types.ts';

/** One stored JSON object: its bytes and parsed value, or why it could not be had. */
export type ReadObject = { bytes: Buffer; value: unknown } | { bytes?: Buffer; error: VerificationProblem };

/**
 * The bytes of one key, or the coded reason there are none: gone since listed, not a regular
 * file (a directory store refuses links and FIFOs), or a read the store refused. Never throws.
 */
export async function readBytes(store: EvidenceStore, key: string): Promise<{ bytes: Buffer } | { error: VerificationProblem }> {
  try {
    const bytes = await store.get(key);
    return bytes ? { bytes } : { error: verificationProblem('OBJECT_UNREADABLE') };
  } catch (error) {
    if (error instanceof NotRegularFileError) return { error: verificationProblem('OBJECT_NOT_REGULAR_FILE', { kind: error.kind }) };
    return { error: verificationProblem('OBJECT_READ_FAILED', { error: (error as Error).message }) };
  }
}

/**
 * SHA-256 (hex) of an object's bytes, hashed on libuv's thread pool (WebCrypto) rather than the
 * main thread: a 2 MB object costs the main thread a copy instead of a millisecond of hashing, and
 * the objects read ahead are hashed while the lines of earlier ones are checked.
 */
export async function sha256Off(bytes: Uint8Array): Promise<string> {
  return Buffer.from(await webcrypto.subtle.digest('SHA-256', bytes)).toString('hex');
}

/**
 * Parses one evidence document strictly: valid JSON, and no member name twice in any object
 * (JSON_DUPLICATE_KEY: JSON.parse would silently keep the last). A text exactly as JSON.stringify
 * writes its value (compact or indented by 2, as trailproof writes records) cannot hold a
 * duplicate, so only other texts are scanned.
 */
function parseEvidenceJson(text: string): { value: unknown } | { error: VerificationProblem } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: verificationProblem('JSON_INVALID', { error: (error as Error).message }) };
  }
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  if (body === JSON.stringify(value) || body === JSON.stringify(value, null, 2)) return { value };
  const duplicate = duplicateMember(text);
  return duplicate === undefined ? { value } : { error: verificationProblem('JSON_DUPLICATE_KEY', { path: duplicate }) };
}

/**
 * Reads and parses one JSON object of a store (a v1 record, a seal) strictly. Never throws for bad
 * content: an unreadable, unparsable or ambiguous object is a verification failure, not a crash.
 */
export async function readJsonObject(store: EvidenceStore, key: string): Promise<ReadObject> {
  const read = await readBytes(store, key);
  if ('error' in read) return read;
  const { bytes } = read;
  try {
    const parsed = parseEvidenceJson(bytes.toString('utf8'));
    return 'error' in parsed ? { bytes, error: parsed.error } : { bytes, value: parsed.value };
  } catch (error) {
    // A text beyond what a string can hold (RangeError), or anything else the bytes provoke.
    return { bytes, error: verificationProblem('OBJECT_UNVERIFIABLE', { error: (error as Error).message }) };
  }
}

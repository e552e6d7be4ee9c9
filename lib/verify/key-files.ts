import { fingerprint } from '../evidence/keys.ts';
import { verificationProblem, type VerificationProblem } from '../evidence/verification-codes.ts';
import { KEYS_PREFIX, parsePublicKeyKey } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';
import { readBytes } from './read-object.ts';
import type { KeyFailure } from './types.ts';

/** Exactly one PEM public key block, nothing around it but line ends: a second block could be read instead of the first. */
const ONE_PEM_BLOCK = /^-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----\r?\n?$/;

/**
 * Does a key file hold exactly the key its name claims, and is that key one the auditor pinned?
 * A swapped key file would mislead auditors who fetch it; a file for a key nobody pinned is a
 * forgery's first step (or a rotated key left unpinned): either way nothing it signed is trusted.
 */
function keyFileErrors(namedKeyId: string, pem: Buffer, pinned: ReadonlySet<string>): VerificationProblem[] {
  let actual: string | undefined;
  const text = pem.toString('utf8');
  try {
    actual = fingerprint(text);
  } catch {
    actual = undefined;
  }
  if (!actual) return [verificationProblem('KEY_FILE_INVALID')];
  if (actual !== namedKeyId) return [verificationProblem('KEY_FILE_MISMATCH', { actual, named: namedKeyId })];
  const errors: VerificationProblem[] = [];
  if (!ONE_PEM_BLOCK.test(text)) errors.push(verificationProblem('KEY_FILE_NOT_CANONICAL'));
  if (!pinned.has(actual)) errors.push(verificationProblem('KEY_FILE_NOT_PINNED', { keyId: actual }));
  return errors;
}

/**
 * Every published `keys/sha256-<hex>.pem` of the store, checked against its name and the pinned
 * keys; anything else under keys/ that is not a plain file is reported too (never followed).
 */
export async function keyFileFailures(store: EvidenceStore, pinned: ReadonlySet<string>): Promise<KeyFailure[]> {
  const failures: KeyFailure[] = [];
  for await (const key of store.list(KEYS_PREFIX)) {
    const named = parsePublicKeyKey(key);
    if (!named) continue;
    const read = await readBytes(store, key);
    const errors = 'error' in read ? [read.error] : keyFileErrors(named, read.bytes, pinned);
    if (errors.length > 0) failures.push({ key, errors });
  }
  for await (const { key, kind } of store.listIrregular?.(KEYS_PREFIX) ?? []) failures.push({ key, errors: [verificationProblem('OBJECT_NOT_REGULAR_FILE', { kind })] });
  return failures;
}

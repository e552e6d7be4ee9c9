import { fingerprint } from '../evidence/keys.ts';
import { verificationProblem, type VerificationProblem } from '../evidence/verification-codes.ts';
import { KEYS_PREFIX, parsePublicKeyKey } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';
import type { KeyFailure } from './types.ts';

/** Does a key file hold the key its name claims? A swapped key file would mislead auditors. */
function keyFileErrors(namedKeyId: string, pem: Buffer | undefined): VerificationProblem[] {
  let actual: string | undefined;
  try {
    actual = pem && fingerprint(pem.toString('utf8'));
  } catch {
    actual = undefined;
  }
  if (actual === namedKeyId) return [];
  return [actual ? verificationProblem('KEY_FILE_MISMATCH', { actual, named: namedKeyId }) : verificationProblem('KEY_FILE_INVALID')];
}

/** Every published `keys/sha256-<hex>.pem` of the store, checked against its name. */
export async function keyFileFailures(store: EvidenceStore): Promise<KeyFailure[]> {
  const failures: KeyFailure[] = [];
  for await (const key of store.list(KEYS_PREFIX)) {
    const named = parsePublicKeyKey(key);
    if (!named) continue;
    const errors = keyFileErrors(named, await store.get(key));
    if (errors.length > 0) failures.push({ key, errors });
  }
  return failures;
}

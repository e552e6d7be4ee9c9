import { verificationProblem, type VerificationProblem } from '../evidence/verification-codes.ts';
import type { EvidenceStore } from '../store/types.ts';

/** One stored JSON object: its bytes and parsed value, or why it could not be had. */
export type ReadObject = { bytes: Buffer; value: unknown } | { bytes?: Buffer; error: VerificationProblem };

/**
 * Reads and parses one JSON object of a store (a record or a seal). Never throws for bad
 * content: an unreadable or unparsable object is a verification failure, not a crash.
 */
export async function readJsonObject(store: EvidenceStore, key: string): Promise<ReadObject> {
  const bytes = await store.get(key);
  if (!bytes) return { error: verificationProblem('OBJECT_UNREADABLE') };
  try {
    return { bytes, value: JSON.parse(bytes.toString('utf8')) as unknown };
  } catch (error) {
    return { bytes, error: verificationProblem('JSON_INVALID', { error: (error as Error).message }) };
  }
}

import { describe, expect, it } from 'vitest';
import { VerificationError } from '../../lib/errors.ts';
import { formatProblems, hasProblem, verificationProblem } from '../../lib/evidence/verification-codes.ts';

describe('verification codes', () => {
  it('makes the sentence from the code and its parameters', () => {
    // Act
    const problem = verificationProblem('KEY_NOT_PINNED', { keyId: 'sha256:abc' });
    // Assess
    expect(problem).toEqual({ code: 'KEY_NOT_PINNED', message: 'key sha256:abc is not pinned: signatures by keys you did not pin are not trusted' });
  });

  it('renders optional parameters only when given', () => {
    // Act
    const without = verificationProblem('RECORDS_NOT_YET_SEALED', { prefix: 'records/v1/2026/05/01/15/', count: 2 });
    const withEnd = verificationProblem('RECORDS_NOT_YET_SEALED', { prefix: 'records/v1/2026/05/01/15/', count: 2, newestEnd: '2026-05-01T15:00:00.000Z' });
    // Assess
    expect(without.message).toBe('records/v1/2026/05/01/15/: 2 record(s) or object(s) not yet sealed (written)');
    expect(withEnd.message).toBe("records/v1/2026/05/01/15/: 2 record(s) or object(s) not yet sealed (written, after the newest seal's window ended 2026-05-01T15:00:00.000Z)");
  });

  it('prints each sentence with its code, for people and for grep', () => {
    // Prepare
    const problems = [verificationProblem('LEAF_HASH_MISMATCH', { document: 'seal' }), verificationProblem('SEAL_LINK_UNEXPECTED')];
    // Act
    const line = formatProblems(problems);
    // Assess
    expect(line).toBe('leaf hash mismatch: seal content changed [LEAF_HASH_MISMATCH]; seal 0 names a previous seal [SEAL_LINK_UNEXPECTED]');
    expect(hasProblem(problems, 'SEAL_LINK_UNEXPECTED')).toBe(true);
    expect(hasProblem(problems, 'SIGNATURE_INVALID')).toBe(false);
  });

  it('gives a thrown VerificationError the code and the sentence of its problem', () => {
    // Act
    const error = new VerificationError(verificationProblem('SIGNER_SELF_CHECK_FAILED', { keyId: 'sha256:abc' }));
    // Assess
    expect(error.code).toBe('SIGNER_SELF_CHECK_FAILED');
    expect(error.message).toBe(verificationProblem('SIGNER_SELF_CHECK_FAILED', { keyId: 'sha256:abc' }).message);
  });
});

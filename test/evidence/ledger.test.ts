import { describe, expect, it } from 'vitest';
import { ParseError, SchemaError } from '../../lib/errors.ts';
import { buildAttestation, buildException, buildRevocation, type ExceptionRequest } from '../../lib/evidence/ledger.ts';
import type { ExceptionDocument } from '../../lib/evidence/ledger-types.ts';
import { validateLedgerDocument } from '../../lib/evidence/schemas.ts';
import { verifyLedgerDocument } from '../../lib/evidence/verify-record.ts';
import { pinKeys } from '../../lib/evidence/keys.ts';
import { signLedger } from '../../lib/pipeline/ledger-writer.ts';
import { freshSigner } from './helpers.ts';

const NOW = new Date('2026-11-30T09:00:00Z');
const known = (id: string) => id === 'rds-instance-not-public';
const request: ExceptionRequest = {
  check: 'rds-instance-not-public',
  resource: 'patient-portal-db',
  reason: 'read replica for the vendor, behind its own allow-list',
  approver: 'ciso@clinic.example',
  expires: '2027-01-31T00:00:00Z',
};

/** The ParseError a call throws: its field and code are what the CLI prints and a script matches. */
function refusal(act: () => unknown): { field: string; code: string } {
  try {
    act();
  } catch (error) {
    if (error instanceof ParseError) return { field: error.field, code: error.code };
    throw error;
  }
  throw new Error('expected a ParseError');
}

describe('buildException', () => {
  it('builds a document whose id follows its content and whose window starts now by default', () => {
    const exception = buildException({ ...request, kind: 'compensating-control', ticket: 'RISK-12' }, known, NOW);

    expect(exception).toMatchObject({ schema: 'trailproof/exception/v1', check: { id: 'rds-instance-not-public' }, resource: { id: 'patient-portal-db' }, kind: 'compensating-control', effectiveFrom: NOW.toISOString(), expiresAt: '2027-01-31T00:00:00.000Z', createdAt: NOW.toISOString(), ticket: 'RISK-12' });
    expect(exception.id).toMatch(/^[0-9a-f]{32}$/);
    expect(buildException({ ...request, kind: 'compensating-control', ticket: 'RISK-12' }, known, NOW).id).toBe(exception.id);
    expect(buildException({ ...request, reason: 'another reason' }, known, NOW).id).not.toBe(exception.id);
  });

  it.each([
    ['an unknown check', { check: 'no-such-check' }, '--check', 'INVALID_VALUE'],
    ['an empty resource', { resource: '  ' }, '--resource', 'MISSING_FIELD'],
    ['a missing approver', { approver: '' }, '--approver', 'MISSING_FIELD'],
    ['a missing reason', { reason: '' }, '--reason', 'MISSING_FIELD'],
    ['an expiry in the past', { expires: '2026-11-01T00:00:00Z' }, '--expires', 'INVALID_VALUE'],
    ['an expiry that is no time', { expires: 'next friday' }, '--expires', 'INVALID_TIME'],
    ['an unknown kind', { kind: 'ignore' }, '--kind', 'INVALID_VALUE'],
    ['a start after the expiry', { effectiveFrom: '2027-02-01T00:00:00Z' }, '--effective-from', 'INVALID_VALUE'],
    ['an account that is not one', { account: '1234' }, '--account', 'INVALID_ACCOUNT'],
  ] as const)('refuses %s, naming the field', (_, change, field, code) => {
    expect(refusal(() => buildException({ ...request, ...change }, known, NOW))).toEqual({ field, code });
  });
});

describe('buildRevocation and buildAttestation', () => {
  const exception = { ...buildException(request, known, NOW), integrity: undefined } as unknown as ExceptionDocument;

  it('revokes an exception in force, and refuses one that has expired', () => {
    expect(buildRevocation(exception, { reason: 'replica removed' }, NOW)).toMatchObject({ exception: { id: exception.id, check: 'rds-instance-not-public', resource: 'patient-portal-db' }, revokedAt: NOW.toISOString() });
    expect(refusal(() => buildRevocation(exception, {}, new Date('2027-02-01T00:00:00Z')))).toEqual({ field: '--revoke', code: 'INVALID_VALUE' });
  });

  it('takes the rule from the only table holding the citation, and asks for it when both do', () => {
    expect(buildAttestation({ citation: '164.312(h)(2)(iii)', statement: 'pen test passed', by: 'qsa' }, NOW).citation).toEqual({ rule: 'proposed', id: '164.312(h)(2)(iii)' });
    expect(buildAttestation({ citation: '164.312(a)(2)(i)', rule: 'current', statement: 's', by: 'b' }, NOW).citation).toEqual({ rule: 'current', id: '164.312(a)(2)(i)' });
    expect(refusal(() => buildAttestation({ citation: '164.312(a)(2)(i)', statement: 's', by: 'b' }, NOW))).toEqual({ field: '--rule', code: 'MISSING_FIELD' });
    expect(refusal(() => buildAttestation({ citation: '164.999(z)', statement: 's', by: 'b' }, NOW))).toEqual({ field: '--citation', code: 'INVALID_VALUE' });
    expect(refusal(() => buildAttestation({ citation: '164.312(d)', rule: 'current', statement: 's', by: '', expires: '2027-01-01T00:00:00Z' }, NOW))).toEqual({ field: '--by', code: 'MISSING_FIELD' });
    expect(refusal(() => buildAttestation({ citation: '164.312(d)', rule: 'current', statement: 's', by: 'b', expires: '2026-01-01T00:00:00Z' }, NOW))).toEqual({ field: '--expires', code: 'INVALID_VALUE' });
  });
});

describe('signed ledger documents', () => {
  it('sign as one batch, validate against their schema and verify like records', async () => {
    // Prepare
    const keys = freshSigner();
    const documents = [buildException(request, known, NOW), buildException({ ...request, resource: 'other-db' }, known, NOW)];
    // Act
    const object = await signLedger<ExceptionDocument>(documents, keys.signer, NOW);
    // Assess
    expect(object.key).toMatch(/^exceptions\/v2\/2026\/11\/30\/09\/[0-9a-f]{64}-2-[0-9a-f]{64}\.jsonl$/);
    const lines = object.bytes.toString('utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(lines.map((line) => verifyLedgerDocument(line, pinKeys([keys.publicPem])).ok)).toEqual([true, true]);
    const tampered = { ...(lines[0] as ExceptionDocument), expiresAt: '2030-01-01T00:00:00.000Z' };
    expect(verifyLedgerDocument(tampered, pinKeys([keys.publicPem])).errors.map((e) => e.code)).toEqual(['LEAF_HASH_MISMATCH']);
    expect(() => validateLedgerDocument({ ...tampered, schema: 'trailproof/exception/v9' })).toThrow(SchemaError);
  });

  it('refuse a document the schema refuses before anything is signed', async () => {
    const keys = freshSigner();
    const tooLong = buildException({ ...request, approver: 'x'.repeat(600) }, known, NOW);

    await expect(signLedger([tooLong], keys.signer, NOW)).rejects.toThrow(/documents\[0\]\.approver/);
  });
});

import { describe, expect, it } from 'vitest';
import type { AttestationDocument, ExceptionDocument, RevocationDocument, RunDocument } from '../../lib/evidence/ledger-types.ts';
import type { Integrity } from '../../lib/evidence/types.ts';
import { verificationProblem } from '../../lib/evidence/verification-codes.ts';
import { requirementCitations } from '../../lib/model/hipaa.ts';
import type { LedgerInput } from '../../lib/report/audit-types.ts';
import { CSV_COLUMNS, renderCsv } from '../../lib/report/csv.ts';
import { buildReportModel, type IntegrityStatus } from '../../lib/report/model.ts';
import { renderOcsf } from '../../lib/report/ocsf.ts';
import { renderOscal, renderOscalPlan } from '../../lib/report/oscal.ts';
import { CHECKS, makeRecord } from '../fixtures/report/records.ts';

/**
 * The audit workflow in the report model and its outputs: exceptions mark fails as excepted (the
 * verdict stays fail) only inside their window and before revocation; stale resources; silence;
 * history; one row per requirement; and how CSV, OCSF and OSCAL carry them.
 */

const OK: IntegrityStatus = { ok: true, errors: [] };
const FAILED: IntegrityStatus = { ok: false, errors: [verificationProblem('SIGNATURE_INVALID', { keyId: 'sha256:x' })] };
const SG = 'sg-0abc1234def567890';
/** Reports do not verify documents (the caller does): a placeholder signature. */
const integrity: Integrity = { canonicalization: 'RFC8785', leafHash: '0'.repeat(64), batch: { root: '0'.repeat(64), treeSize: 1, leafIndex: 0, auditPath: [], signedAt: '2026-03-01T00:00:00.000Z', keyId: `sha256:${'0'.repeat(64)}`, algorithm: 'ECDSA_P256_SHA256', signature: 'AA==' } };
const collector = { name: 'trailproof', version: '0.1.0', function: 'cli' } as const;

function exception(id: string, overrides: Partial<ExceptionDocument> = {}): ExceptionDocument {
  return {
    schema: 'trailproof/exception/v1', id: id.padEnd(32, '0'), check: { id: 'ec2-sg-no-public-admin-ports' }, resource: { id: SG }, kind: 'risk-accepted',
    reason: 'vendor bastion behind its own allow-list', approver: 'ciso@clinic.example', ticket: 'RISK-7',
    effectiveFrom: '2026-03-05T00:00:00.000Z', expiresAt: '2026-04-30T00:00:00.000Z', createdAt: '2026-03-05T00:00:00.000Z', collector, integrity, ...overrides,
  };
}

function run(account: string, day: string, region = 'us-east-1'): RunDocument {
  return { schema: 'trailproof/run/v1', id: `${account}${day}`.replace(/\D/g, '').padEnd(32, '0').slice(0, 32), account, region, startedAt: `${day}T02:00:00.000Z`, endedAt: `${day}T02:05:00.000Z`, checks: [], errors: [], collector, integrity };
}

function attestation(citation: string, overrides: Partial<AttestationDocument> = {}): AttestationDocument {
  return { schema: 'trailproof/attestation/v1', id: citation.replace(/\W/g, '').padEnd(32, 'a').slice(0, 32), citation: { rule: 'proposed', id: citation }, statement: 'annual penetration test passed', attestedBy: 'qsa@assessor.example', attestedAt: '2026-03-01T00:00:00.000Z', attachment: { sha256: 'f'.repeat(64), name: 'pentest.pdf', bytes: 1234 }, collector, integrity, ...overrides };
}

const ledger = (parts: Partial<{ [K in keyof LedgerInput]: Array<LedgerInput[K][number]['document']> }>, status: IntegrityStatus = OK): LedgerInput => ({
  exceptions: (parts.exceptions ?? []).map((document) => ({ document, integrity: status })),
  revocations: (parts.revocations ?? []).map((document) => ({ document, integrity: status })),
  runs: (parts.runs ?? []).map((document) => ({ document, integrity: status })),
  attestations: (parts.attestations ?? []).map((document) => ({ document, integrity: status })),
});

/** SSH opened on day 10 (fail), still open on day 12, closed on day 20 (pass). */
const records = [
  makeRecord({ seed: 'open', result: 'fail', observedAt: '2026-03-10T09:00:00.000Z' }),
  makeRecord({ seed: 'still', result: 'fail', observedAt: '2026-03-12T09:00:00.000Z' }),
  makeRecord({ seed: 'closed', result: 'pass', observedAt: '2026-03-20T09:00:00.000Z' }),
];
const statuses = new Map(records.map((r) => [r.id, OK]));
const base = { generatedAt: '2026-04-01T00:00:00.000Z', checks: CHECKS };

describe('exceptions in the report model', () => {
  it('marks a fail inside the window as excepted, not one before it, and never changes a verdict', () => {
    const window = exception('e1', { effectiveFrom: '2026-03-11T00:00:00.000Z' });
    const model = buildReportModel(records, statuses, { ...base, asOf: '2026-03-15T00:00:00.000Z', ledger: ledger({ exceptions: [window] }) });

    expect(model.failingNow.map((e) => [e.record.result, e.exception?.id])).toEqual([['fail', 'e1'.padEnd(32, '0')]]);
    expect(model.entries.map((e) => [e.record.observedAt.slice(0, 10), e.record.result, e.exception?.approver])).toEqual([
      ['2026-03-12', 'fail', 'ciso@clinic.example'],
      ['2026-03-10', 'fail', undefined],
    ]);
    expect(model.totals.fail).toBe(2);
    expect(model.audit.exceptedNow).toBe(1);
    expect(model.audit.exceptions[0]).toMatchObject({ state: 'in-force', excepted: 1 });
  });

  it('stops applying after a revocation, after its expiry, and ignores one recorded after the judging time or unverified', () => {
    const revocation: RevocationDocument = { schema: 'trailproof/exception-revocation/v1', id: 'r'.repeat(32), exception: { id: 'e1'.padEnd(32, '0'), check: 'ec2-sg-no-public-admin-ports', resource: SG }, revokedAt: '2026-03-11T00:00:00.000Z', collector, integrity };
    const asOf = { ...base, asOf: '2026-03-15T00:00:00.000Z' };
    const revoked = buildReportModel(records, statuses, { ...asOf, ledger: ledger({ exceptions: [exception('e1')], revocations: [revocation] }) });
    const expired = buildReportModel(records, statuses, { ...asOf, ledger: ledger({ exceptions: [exception('e1', { expiresAt: '2026-03-14T00:00:00.000Z' })] }) });
    const later = buildReportModel(records, statuses, { ...asOf, ledger: ledger({ exceptions: [exception('e1', { createdAt: '2026-03-16T00:00:00.000Z' })] }) });
    const forged = buildReportModel(records, statuses, { ...asOf, ledger: ledger({ exceptions: [exception('e1')] }, FAILED) });

    for (const model of [revoked, expired, later, forged]) expect(model.failingNow[0]!.exception).toBeUndefined();
    expect([revoked, expired, later, forged].map((m) => m.audit.exceptions[0]!.state)).toEqual(['revoked', 'expired', 'pending', 'unverified']);
  });
});

describe('history, as of a time, freshness and silence', () => {
  it('reports, as of a time between a failure and its fix, the failure', () => {
    const between = buildReportModel(records, statuses, { ...base, asOf: '2026-03-15T00:00:00.000Z' });
    const after = buildReportModel(records, statuses, { ...base, asOf: '2026-03-25T00:00:00.000Z' });

    expect(between.failingNow.map((e) => e.record.observedAt)).toEqual(['2026-03-12T09:00:00.000Z']);
    expect(after.failingNow).toEqual([]);
  });

  it('gives each resource its first failure, fix time and time exposed, and each check its median time to remediate', () => {
    const model = buildReportModel(records, statuses, { ...base, to: '2026-04-01T00:00:00.000Z' });

    expect(model.audit.history).toEqual([expect.objectContaining({ resourceId: SG, firstFailure: '2026-03-10T09:00:00.000Z', fixedAt: '2026-03-20T09:00:00.000Z', exposedMs: 10 * 86_400_000, failingNow: false })]);
    expect(model.checks.find((c) => c.id === 'ec2-sg-no-public-admin-ports')).toMatchObject({ remediated: 1, medianRemediationMs: 10 * 86_400_000 });
  });

  it('marks a swept resource not evaluated for longer than the limit as stale, never a not-applicable one', () => {
    const na = makeRecord({ seed: 'gone', check: 's3-bucket-default-encryption', resourceId: 'old-bucket', result: 'not_applicable', observedAt: '2026-03-01T00:00:00.000Z' });
    const model = buildReportModel([...records, na], new Map(), { ...base, asOf: '2026-03-22T10:00:00.000Z' });
    const short = buildReportModel(records, new Map(), { ...base, asOf: '2026-03-22T10:00:00.000Z', staleAfterMs: 3 * 86_400_000 });

    expect(model.audit.staleNow).toBe(1);
    expect(model.entries.filter((e) => e.stale).map((e) => e.record.resource.id)).toEqual([SG, SG, SG]);
    expect(model.entries.every((e) => e.record.result === 'not_applicable' ? !e.stale : e.lastEvaluatedAt === '2026-03-20T09:00:00.000Z')).toBe(true);
    expect(short.audit.staleNow).toBe(0);
  });

  it('finds the days an expected account and region wrote no run record, and an account named with --accounts', () => {
    const runs = [run('111122223333', '2026-03-01'), run('111122223333', '2026-03-03'), run('111122223333', '2026-03-04'), run('444455556666', '2026-03-01')];
    const model = buildReportModel([], new Map(), { ...base, asOf: '2026-03-04T12:00:00.000Z', accounts: ['777788889999'], ledger: ledger({ runs }) });

    expect(model.audit.silence.map(({ account, region, from, to, days, expectedBy }) => [account, region, from, to, days, expectedBy])).toEqual([
      ['111122223333', 'us-east-1', '2026-03-02', '2026-03-02', 1, 'run-records'],
      ['444455556666', 'us-east-1', '2026-03-02', '2026-03-03', 2, 'run-records'],
      ['777788889999', undefined, '2026-03-01', '2026-03-03', 3, 'accounts'],
    ]);
    expect(model.audit.runs).toEqual({ count: 4, scopes: 2, unverified: 0 });
  });
});

describe('one row per requirement', () => {
  it('lists every technical safeguard and proposed paragraph: automated, attested or without evidence', () => {
    const model = buildReportModel(records, statuses, {
      ...base,
      ledger: ledger({ attestations: [attestation('164.312(h)(2)(iii)'), attestation('164.312(h)(2)(i)', { expiresAt: '2026-03-15T00:00:00.000Z' })] }),
    });
    const row = (rule: string, citation: string) => model.audit.requirements.find((r) => r.rule === rule && r.citation === citation)!;

    for (const { rule, citation } of requirementCitations()) expect(row(rule, citation), `${rule} ${citation}`).toBeDefined();
    expect(row('current', '164.312(a)(1)')).toMatchObject({ status: 'automated', checksWithEvidence: ['ec2-sg-no-public-admin-ports'] });
    expect(row('proposed', '164.312(h)(2)(iii)')).toMatchObject({ status: 'attested', attestations: [expect.objectContaining({ inForce: true })] });
    expect(row('proposed', '164.312(h)(2)(i)')).toMatchObject({ status: 'no-evidence', attestations: [expect.objectContaining({ inForce: false })] });
    expect(row('current', '164.312(c)(2)').status).toBe('no-evidence');
  });
});

describe('exports of the audit workflow', () => {
  const model = buildReportModel(records, statuses, { ...base, asOf: '2026-03-15T00:00:00.000Z', ledger: ledger({ exceptions: [exception('e1')] }) });

  it('CSV: exception, expiry, stale, last evaluated, both citations and the remediation', () => {
    const [header, latest] = renderCsv(model).trimEnd().split('\r\n');

    expect(CSV_COLUMNS.slice(-7)).toEqual(['exception', 'exception_expires', 'stale', 'last_evaluated_at', 'citation_current', 'citation_proposed', 'remediation']);
    expect(header).toContain('exception,exception_expires,stale,last_evaluated_at,citation_current,citation_proposed,remediation');
    expect(latest).toContain('risk-accepted: vendor bastion behind its own allow-list (approved by ciso@clinic.example, ticket RISK-7;');
    expect(latest).toContain(',2026-04-30T00:00:00.000Z,true,2026-03-12T09:00:00.000Z,');
    expect(latest).toContain(CHECKS.find((c) => c.id === 'ec2-sg-no-public-admin-ports')!.remediation);
  });

  it('OCSF 1.3.0: an excepted fail is Suppressed with its compliance status still Fail', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the events are untyped JSON
    const events = renderOcsf(model).trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, any>);
    const excepted = events.find((e) => e.unmapped.exception)!;

    expect(new Set(events.map((e) => e.metadata.version))).toEqual(new Set(['1.3.0']));
    expect([excepted.status_id, excepted.status, excepted.compliance.status]).toEqual([3, 'Suppressed', 'Fail']);
  });

  it('OSCAL: the exception is a deviation-approved risk of the finding, and the plan import-ap names exists', () => {
    /* eslint-disable @typescript-eslint/no-explicit-any -- the documents are untyped JSON; the assertions are the types */
    const results = renderOscal(model, { assessmentPlanHref: './results.assessment-plan.json' })['assessment-results'] as Record<string, any>;
    const plan = renderOscalPlan(model)['assessment-plan'] as Record<string, any>;
    /* eslint-enable @typescript-eslint/no-explicit-any */
    const risk = results.results[0].risks[0];

    expect(risk).toMatchObject({ status: 'deviation-approved', deadline: '2026-04-30T00:00:00.000Z' });
    expect((results.results[0].findings as Array<{ 'related-risks'?: Array<{ 'risk-uuid': string }> }>).some((f) => f['related-risks']?.[0]?.['risk-uuid'] === risk.uuid)).toBe(true);
    expect(results['import-ap'].href).toBe('./results.assessment-plan.json');
    expect(plan['import-ssp'].href).toBe(`#${plan['back-matter'].resources[0].uuid}`);
    expect(plan['reviewed-controls']['control-selections'][0]['include-controls']).toHaveLength(model.audit.requirements.length);
  });
});

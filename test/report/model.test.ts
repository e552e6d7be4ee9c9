import { describe, expect, it } from 'vitest';
import { verificationProblem } from '../../lib/evidence/verification-codes.ts';
import { buildReportModel, NOT_VERIFIED } from '../../lib/report/model.ts';
import type { IntegrityStatus } from '../../lib/report/model.ts';
import { CHECKS, makeRecord } from '../fixtures/report/records.ts';

const OPTIONS = { generatedAt: '2026-04-01T00:00:00.000Z', checks: CHECKS };
const OK: IntegrityStatus = { ok: true, errors: [] };
const LEAF_MISMATCH = verificationProblem('LEAF_HASH_MISMATCH', { document: 'record' });

describe('buildReportModel', () => {
  it('keeps records with from <= observedAt < to and counts each id once', () => {
    // Prepare
    const before = makeRecord({ seed: 'before', observedAt: '2026-02-28T23:59:59.999Z' });
    const atFrom = makeRecord({ seed: 'at-from', observedAt: '2026-03-01T00:00:00.000Z' });
    const inside = makeRecord({ seed: 'inside', observedAt: '2026-03-15T12:00:00Z', result: 'fail' });
    const atTo = makeRecord({ seed: 'at-to', observedAt: '2026-04-01T00:00:00.000Z' });

    // Act
    const model = buildReportModel([before, atFrom, inside, inside, atTo], new Map(), {
      ...OPTIONS,
      from: '2026-03-01T00:00:00Z',
      to: '2026-04-01T00:00:00Z',
    });

    // Assess
    expect(model.entries.map((e) => e.record.id)).toEqual([inside.id, atFrom.id]);
    expect(model.totals).toEqual({ pass: 1, fail: 1, not_applicable: 0, error: 0, total: 2 });
    expect(model.period).toMatchObject({ from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' });
  });

  it('attaches the given integrity status and marks records without one as not verified', () => {
    const verified = makeRecord({ seed: 'v' });
    const altered = makeRecord({ seed: 'x', resourceId: 'sg-2' });
    const unknown = makeRecord({ seed: 'u', resourceId: 'sg-3' });
    const statuses = new Map([
      [verified.id, OK],
      [altered.id, { ok: false, errors: [LEAF_MISMATCH] }],
    ]);

    const model = buildReportModel([verified, altered, unknown], statuses, OPTIONS);

    const byId = new Map(model.entries.map((e) => [e.record.id, e.integrity]));
    expect(byId.get(verified.id)).toEqual(OK);
    expect(byId.get(altered.id)).toEqual({ ok: false, errors: [LEAF_MISMATCH] });
    expect(byId.get(unknown.id)).toEqual(NOT_VERIFIED);
    expect(model.integrity).toEqual({ verified: 1, failed: 2 });
  });

  it('keeps the store key of stored records', () => {
    const record = makeRecord({ seed: 'k' });
    const key = `records/v1/2026/03/02/10/${record.check.id}/${record.id}.json`;

    const model = buildReportModel([{ key, record }], new Map(), OPTIONS);

    expect(model.entries[0]).toMatchObject({ key, record: { id: record.id } });
  });

  it('reports as failing now only resources whose latest record is fail or error', () => {
    // sg-fixed failed, then passed; sg-broken passed, then failed; sg-err errored once; a tie on
    // observedAt is broken by collectedAt.
    const records = [
      makeRecord({ seed: '1', resourceId: 'sg-fixed', result: 'fail', observedAt: '2026-03-01T00:00:00Z' }),
      makeRecord({ seed: '2', resourceId: 'sg-fixed', result: 'pass', observedAt: '2026-03-02T00:00:00Z' }),
      makeRecord({ seed: '3', resourceId: 'sg-broken', result: 'pass', observedAt: '2026-03-01T00:00:00Z' }),
      makeRecord({ seed: '4', resourceId: 'sg-broken', result: 'fail', observedAt: '2026-03-03T00:00:00Z' }),
      makeRecord({ seed: '5', resourceId: 'sg-err', result: 'error', observedAt: '2026-03-02T00:00:00Z' }),
      // Same resource id in another account is another resource.
      makeRecord({ seed: '6', resourceId: 'sg-fixed', result: 'fail', account: '444455556666', observedAt: '2026-03-01T00:00:00Z' }),
    ];

    const model = buildReportModel(records, new Map(), OPTIONS);

    expect(model.failingNow.map((e) => [e.record.resource.id, e.record.account])).toEqual([
      ['sg-broken', '111122223333'],
      ['sg-err', '111122223333'],
      ['sg-fixed', '444455556666'],
    ]);
    expect(model.checks.find((c) => c.id === 'ec2-sg-no-public-admin-ports')?.failingNow).toBe(3);
  });

  it('counts per citation with current and proposed rules apart, and shows citations with no evidence', () => {
    const records = [
      makeRecord({ seed: 'a', check: 'iam-user-console-mfa', resourceId: 'alice', result: 'fail' }),
      makeRecord({ seed: 'b', check: 'iam-user-console-mfa', resourceId: 'bob', result: 'pass' }),
      makeRecord({ seed: 'c', check: 'ec2-sg-no-public-admin-ports', result: 'pass' }),
    ];

    const model = buildReportModel(records, new Map(), OPTIONS);

    const current = Object.fromEntries(model.citations.current.map((c) => [c.citation, c]));
    const proposed = Object.fromEntries(model.citations.proposed.map((c) => [c.citation, c]));
    expect(model.citations.current.map((c) => c.citation)).toEqual([
      '164.312(a)(1)',
      '164.312(a)(2)(iv)',
      '164.312(b)',
      '164.312(c)(1)',
      '164.312(d)',
      '164.312(e)(1)',
    ]);
    expect(current['164.312(d)']).toMatchObject({ rule: 'current', checks: ['iam-user-console-mfa'], failingNow: 1, state: 'not-satisfied' });
    expect(current['164.312(d)']!.counts).toEqual({ pass: 1, fail: 1, not_applicable: 0, error: 0, total: 2 });
    expect(current['164.312(e)(1)']).toMatchObject({ state: 'satisfied', counts: { total: 1 } });
    expect(current['164.312(b)']).toMatchObject({ checks: ['cloudtrail-log-file-validation'], state: 'no-evidence' });
    expect(proposed['164.312(f)']).toMatchObject({ rule: 'proposed', checks: ['iam-user-console-mfa'], state: 'not-satisfied' });
    // 164.312(b) is a current citation of one check and a proposed citation of another: kept apart.
    expect(proposed['164.312(b)']).toMatchObject({ checks: ['s3-bucket-default-encryption'] });
  });

  it('maps records of checks the metadata does not know by their own check and controls', () => {
    const record = makeRecord({ seed: 'retired', result: 'fail' });
    record.check = { ...record.check, id: 'legacy-retired-check', title: 'Retired' };
    record.controls = { hipaa: ['164.308(a)(1)(ii)(D)'], hipaaProposed: [] };

    const model = buildReportModel([record], new Map(), OPTIONS);

    expect(model.checks.at(-1)).toMatchObject({ id: 'legacy-retired-check', title: 'Retired', hipaa: ['164.308(a)(1)(ii)(D)'] });
    expect(model.citations.current[0]).toMatchObject({ citation: '164.308(a)(1)(ii)(D)', checks: ['legacy-retired-check'] });
  });

  it('builds a per-day timeline per check and a dense day axis', () => {
    const records = [
      makeRecord({ seed: '1', result: 'pass', observedAt: '2026-03-01T23:59:59Z' }),
      makeRecord({ seed: '2', result: 'fail', observedAt: '2026-03-01T08:00:00Z' }),
      makeRecord({ seed: '3', result: 'error', observedAt: '2026-03-04T00:00:00Z' }),
    ];

    const model = buildReportModel(records, new Map(), OPTIONS);

    expect(model.days).toEqual(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04']);
    const sg = model.checks.find((c) => c.id === 'ec2-sg-no-public-admin-ports')!;
    expect(sg.timeline).toEqual([
      { day: '2026-03-01', counts: { pass: 1, fail: 1, not_applicable: 0, error: 0, total: 2 } },
      { day: '2026-03-04', counts: { pass: 0, fail: 0, not_applicable: 0, error: 1, total: 1 } },
    ]);
    expect(model.checks.find((c) => c.id === 'iam-user-console-mfa')!.timeline).toEqual([]);
  });

  it('rejects a period whose bounds are not times', () => {
    expect(() => buildReportModel([], new Map(), { ...OPTIONS, from: 'last tuesday' })).toThrow(expect.objectContaining({ code: 'INVALID_TIME', field: 'from' }));
  });
});

import { describe, expect, it } from 'vitest';
import { buildReportModel } from '../../lib/report/model.ts';
import { renderOcsf } from '../../lib/report/ocsf.ts';
import { CHECKS, makeRecord } from '../fixtures/report/records.ts';

// The documents under test are untyped JSON; the assertions are the types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const OPTIONS = { generatedAt: '2026-04-01T00:00:00.000Z', checks: CHECKS };

function events(records: ReturnType<typeof makeRecord>[], statuses = new Map()): Json[] {
  const text = renderOcsf(buildReportModel(records, statuses, OPTIONS));
  expect(text.endsWith('\n')).toBe(true);
  return text.trimEnd().split('\n').map((l) => JSON.parse(l) as Json);
}

describe('renderOcsf', () => {
  it('writes one Compliance Finding (class 2003) per record as JSON Lines, with OCSF field types', () => {
    // Prepare
    const record = makeRecord({ seed: 'a', check: 'ec2-sg-no-public-admin-ports', resourceId: 'sg-0abc', result: 'fail' });

    // Act
    const [event] = events([record], new Map([[record.id, { ok: true, errors: [] }]]));

    // Assess
    expect(event).toMatchObject({
      class_uid: 2003,
      category_uid: 2,
      activity_id: 1,
      type_uid: 200301,
      time: Date.parse(record.observedAt),
      severity_id: 5,
      severity: 'Critical',
      status_id: 1,
      compliance: {
        standards: ['HIPAA Security Rule 45 CFR 164.312'],
        requirements: ['164.312(a)(1)', '164.312(e)(1)'],
        control: 'ec2-sg-no-public-admin-ports',
        status_id: 3,
        status: 'Fail',
      },
      finding_info: { uid: record.id, title: record.check.title, desc: record.reason, created_time: Date.parse(record.collectedAt) },
      resources: [{ uid: record.resource.arn, type: 'AWS::EC2::SecurityGroup', region: 'us-east-1', cloud_partition: 'aws' }],
      cloud: { provider: 'AWS', account: { uid: '111122223333' }, region: 'us-east-1' },
      metadata: { product: { name: 'trailproof', vendor_name: 'trailproof' }, version: '1.3.0' },
      unmapped: { hipaa_proposed: ['164.312(a)(2)(vi)'], integrity: { verified: true, errors: [] } },
    });
    for (const field of ['class_uid', 'category_uid', 'activity_id', 'type_uid', 'time', 'severity_id', 'status_id']) {
      expect(Number.isInteger(event![field]), field).toBe(true);
    }
    expect(Number.isInteger(event!.finding_info.created_time)).toBe(true);
    expect(typeof event!.metadata.product.version).toBe('string');
  });

  it('orders events oldest first and makes later records of a resource Updates', () => {
    const records = [
      makeRecord({ seed: '1', resourceId: 'sg-1', result: 'fail', observedAt: '2026-03-01T00:00:00Z' }),
      makeRecord({ seed: '2', resourceId: 'sg-1', result: 'pass', observedAt: '2026-03-02T00:00:00Z' }),
      makeRecord({ seed: '3', resourceId: 'sg-1', result: 'pass', observedAt: '2026-03-03T00:00:00Z' }),
    ];

    const out = events(records);

    expect(out.map((e) => [e.finding_info.uid, e.activity_id, e.type_uid])).toEqual([
      [records[0]!.id, 1, 200301],
      [records[1]!.id, 2, 200302],
      [records[2]!.id, 2, 200302],
    ]);
    // The pass after the failure resolves it; the next pass is just compliant.
    expect(out.map((e) => [e.status_id, e.status])).toEqual([
      [1, 'New'],
      [4, 'Resolved'],
      [99, 'Compliant'],
    ]);
  });

  it('maps results to compliance status and keeps passing findings informational', () => {
    const out = events([
      makeRecord({ seed: 'p', resourceId: 'sg-p', result: 'pass', observedAt: '2026-03-01T00:00:00Z' }),
      makeRecord({ seed: 'n', resourceId: 'sg-n', result: 'not_applicable', observedAt: '2026-03-02T00:00:00Z' }),
      makeRecord({ seed: 'e', resourceId: 'sg-e', result: 'error', observedAt: '2026-03-03T00:00:00Z' }),
      makeRecord({ seed: 'm', check: 'cloudtrail-log-file-validation', resourceId: 'main', result: 'fail', observedAt: '2026-03-04T00:00:00Z' }),
    ]);

    expect(out.map((e) => [e.compliance.status_id, e.severity_id])).toEqual([
      [1, 1],
      [99, 1],
      [0, 5],
      [3, 3],
    ]);
  });

  it('leaves cloud_partition out when the resource has no ARN and uses the id as uid', () => {
    const record = makeRecord({ seed: 'x' });
    delete record.resource.arn;

    const [event] = events([record]);

    expect(event!.resources[0]).toEqual({ uid: record.resource.id, name: record.resource.id, type: record.resource.type, region: 'us-east-1', labels: ['phi-scoped'] });
  });

  it('writes nothing for an empty period', () => {
    expect(renderOcsf(buildReportModel([], new Map(), OPTIONS))).toBe('');
  });
});

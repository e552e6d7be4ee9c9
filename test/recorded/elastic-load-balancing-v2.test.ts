import { describe, expect, it } from 'vitest';
import { recordedFixture, sweepRecorded } from '../fixtures/recorded/sweep.ts';

const CHECK = 'elbv2-access-logs';
const lb = (kind: string, name: string, id: string) => `arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/${kind}/${name}/${id}`;

describe('elbv2-access-logs on recorded ELBv2 answers', () => {
  it('passes an ALB that writes access logs, PHI-tagged', async () => {
    const records = await sweepRecorded(recordedFixture('elastic-load-balancing-v2/pass.json'), [CHECK]);
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([[lb('app', 'portal', '50dc6c495c0c9188'), 'pass']]);
    expect(records[0]!.resource.phiScoped).toBe(true);
  });

  it('fails an ALB and a TLS NLB without logs; a TCP-only NLB is not applicable', async () => {
    const records = await sweepRecorded(recordedFixture('elastic-load-balancing-v2/fail.json'), [CHECK]);
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([
      [lb('app', 'portal', '50dc6c495c0c9188'), 'fail'],
      [lb('net', 'ingest', '73e2d6bc24d8a067'), 'fail'],
      [lb('net', 'dbproxy', '0f1e2d3c4b5a6978'), 'not_applicable'],
    ]);
  });

  it('records nothing in a region without load balancers', async () => {
    expect(await sweepRecorded(recordedFixture('elastic-load-balancing-v2/disabled.json'), [CHECK])).toEqual([]);
  });

  it('records an error with ACCESS_DENIED when the listing is denied', async () => {
    const records = await sweepRecorded(recordedFixture('elastic-load-balancing-v2/denied.json'), [CHECK]);
    expect(records.map((r) => r.result)).toEqual(['error']);
    expect(records[0]!.observed).toMatchObject({ error: { code: 'ACCESS_DENIED', name: 'AccessDenied' } });
  });
});

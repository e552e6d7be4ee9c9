import { describe, expect, it } from 'vitest';
import { recordedFixture, sweepRecorded } from '../fixtures/recorded/sweep.ts';
import { sortedVerdicts } from '../fixtures/recorded/verdicts.ts';

const CHECKS = ['ec2-ebs-snapshot-not-public', 'ec2-ami-not-public', 'ec2-nacl-no-public-admin-ingress', 'ec2-subnet-no-auto-public-ip', 'ec2-instance-no-public-ip'];
const REGION_SCOPE = '111122223333:us-east-1';

describe('the EC2 exposure checks on recorded EC2 answers', () => {
  it('passes private snapshots, AMIs, instances, a private subnet and a closed network ACL', async () => {
    // Act
    const records = await sweepRecorded(recordedFixture('ec2/pass.json'), CHECKS);
    // Assess
    expect(sortedVerdicts(records)).toEqual([
      ['ec2-ami-not-public', 'ami-0a1b2c3d4e5f60001', 'pass'],
      ['ec2-ebs-snapshot-not-public', 'snap-0a1b2c3d4e5f60001', 'pass'],
      ['ec2-instance-no-public-ip', 'i-0a1b2c3d4e5f60001', 'pass'],
      ['ec2-nacl-no-public-admin-ingress', 'acl-0a1b2c3d4e5f60001', 'pass'],
      ['ec2-subnet-no-auto-public-ip', 'subnet-38c20312', 'pass'],
    ]);
    expect(records.find((r) => r.check.id === 'ec2-instance-no-public-ip')!.resource.phiScoped).toBe(true);
  });

  it('fails what is public or open, judged with the region settings and rule order', async () => {
    // Act
    const records = await sweepRecorded(recordedFixture('ec2/fail.json'), CHECKS);
    // Assess
    expect(sortedVerdicts(records)).toEqual([
      ['ec2-ami-not-public', 'ami-011213ff2fc95b6f6', 'fail'],
      ['ec2-ebs-snapshot-not-public', 'snap-041993b54a9b3af6f', 'fail'],
      ['ec2-ebs-snapshot-not-public', 'snap-0a1b2c3d4e5f60001', 'fail'],
      ['ec2-instance-no-public-ip', 'i-007d374c8912e3e90', 'fail'],
      ['ec2-instance-no-public-ip', 'i-0a1b2c3d4e5f60002', 'not_applicable'],
      ['ec2-nacl-no-public-admin-ingress', 'acl-0a1b2c3d4e5f60003', 'pass'],
      ['ec2-nacl-no-public-admin-ingress', 'acl-2495b15d', 'fail'],
      ['ec2-subnet-no-auto-public-ip', 'subnet-29428871', 'fail'],
    ]);
    const reason = (id: string) => records.find((r) => r.resource.id === id)!.reason;
    expect(reason('snap-041993b54a9b3af6f')).toMatch(/publicly restorable/);
    expect(reason('snap-0a1b2c3d4e5f60001')).toMatch(/not shared publicly, but snapshot block public access in us-east-1 is unblocked/);
    expect(reason('acl-0a1b2c3d4e5f60003')).toMatch(/rule 100 \(0\.0\.0\.0\/0\) is shadowed by deny rule 90$/);
    // The subnet is PHI-scoped through its VPC's tag.
    expect(records.find((r) => r.resource.id === 'subnet-29428871')!.resource.phiScoped).toBe(true);
  });

  it('records nothing in a region with nothing to list', async () => {
    expect(await sweepRecorded(recordedFixture('ec2/disabled.json'), CHECKS)).toEqual([]);
  });

  it('records an error with ACCESS_DENIED for each check when EC2 reads are denied', async () => {
    // Act
    const records = await sweepRecorded(recordedFixture('ec2/denied.json'), CHECKS);
    // Assess
    expect(sortedVerdicts(records)).toEqual(CHECKS.map((id) => [id, REGION_SCOPE, 'error']).sort((a, b) => a.join().localeCompare(b.join())));
    for (const record of records) expect(record.observed).toMatchObject({ error: { code: 'ACCESS_DENIED', name: 'UnauthorizedOperation' } });
  });
});

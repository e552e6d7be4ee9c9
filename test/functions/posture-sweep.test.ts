import './support/quiet-logs.ts';
import { DescribeSecurityGroupsCommand, type DescribeSecurityGroupsCommandInput } from '@aws-sdk/client-ec2';
import { GetLoginProfileCommand, GetUserCommand, ListMFADevicesCommand, ListUsersCommand, type GetUserCommandInput, type ListUsersCommandInput } from '@aws-sdk/client-iam';
import { SignCommand } from '@aws-sdk/client-kms';
import { GetBucketLocationCommand, ListBucketsCommand, type ListBucketsCommandInput } from '@aws-sdk/client-s3';
import type { ScheduledEvent } from 'aws-lambda';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createHandler } from '../../functions/posture-sweep.ts';
import type { RunDocument } from '../../lib/evidence/ledger-types.ts';
import type { EvidenceRecord } from '../../lib/evidence/types.ts';
import { verifyLedgerDocument } from '../../lib/evidence/verify-record.ts';
import { logger } from '../../lib/runtime/lambda-kit.ts';
import { ACCOUNT, ENV, fakeEvidenceBucket, fakeKms, fixture, lambdaContext, lastBatchSummary, mockedAws, recordsOf, sdkError, verifiedRecords } from './support/harness.ts';

const REGIONS = ['us-east-1', 'us-west-2'] as const;
const SG_CHECKS = ['ec2-sg-no-public-admin-ports', 'ec2-sg-no-public-all-traffic', 'vpc-default-sg-closed'];
const S3_CHECKS = ['s3-bucket-access-logging', 's3-bucket-default-encryption', 's3-bucket-public-access-blocked', 's3-bucket-tls-only'];
const SWEEP_ENV = { ...ENV, REGIONS: REGIONS.join(',') };

const east = mockedAws('us-east-1');
const west = mockedAws('us-west-2');
const byRegion: Record<string, typeof east> = { 'us-east-1': east, 'us-west-2': west };
const kms = fakeKms();
const bucket = fakeEvidenceBucket();
const clientsFor = vi.fn((_account: string, region: string) => byRegion[region]!.clients);
const handler = (env: Record<string, string> = SWEEP_ENV) => createHandler({ s3: bucket.client, kms: kms.client, clientsFor }, env);
const schedule = () => fixture<ScheduledEvent>('scheduled-event.json');

/** Console password and MFA per user: alice has both, bob a password only, the CI user neither. */
const USERS: Record<string, { password: boolean; mfa: boolean }> = { alice: { password: true, mfa: true }, bob: { password: true, mfa: false }, 'ci-deployer': { password: false, mfa: false } };

beforeEach(() => {
  for (const { mocks } of [east, west]) {
    for (const mock of Object.values(mocks)) {
      mock.reset();
      // Every listing nobody set up below is empty: the sweep then has nothing of that kind.
      mock.onAnyCommand().resolves({});
    }
  }
  east.mocks.s3.on(ListBucketsCommand).callsFake((input: ListBucketsCommandInput) => fixture(input.ContinuationToken ? 'sweep-list-buckets-page2.json' : 'sweep-list-buckets-page1.json'));
  west.mocks.s3.on(ListBucketsCommand).resolves(fixture('sweep-list-buckets-us-west-2.json'));
  for (const { mocks } of [east, west]) mocks.s3.on(GetBucketLocationCommand).callsFake((input: { Bucket: string }) => ({ LocationConstraint: input.Bucket.includes('west') ? 'us-west-2' : undefined }));
  east.mocks.ec2.on(DescribeSecurityGroupsCommand).callsFake((input: DescribeSecurityGroupsCommandInput) =>
    fixture(input.NextToken ? 'sweep-describe-security-groups-page2.json' : 'sweep-describe-security-groups-page1.json'));
  west.mocks.ec2.on(DescribeSecurityGroupsCommand).rejects(sdkError('UnauthorizedOperation', 403, 'You are not authorized to perform this operation.'));
  east.mocks.iam.on(ListUsersCommand).callsFake((input: ListUsersCommandInput) => fixture(input.Marker ? 'sweep-list-users-page2.json' : 'sweep-list-users-page1.json'));
  east.mocks.iam.on(GetUserCommand).callsFake((input: GetUserCommandInput) => ({
    User: { UserName: input.UserName, UserId: `AIDA${input.UserName!.toUpperCase().padEnd(16, 'X')}`, Arn: `arn:aws:iam::${ACCOUNT}:user/${input.UserName}`, Path: '/', CreateDate: new Date('2024-01-01T00:00:00Z') },
  }));
  east.mocks.iam.on(GetLoginProfileCommand).callsFake((input: { UserName: string }) => {
    if (!USERS[input.UserName]!.password) throw sdkError('NoSuchEntity', 404, `Login Profile for User ${input.UserName} cannot be found.`);
    return { LoginProfile: { UserName: input.UserName, CreateDate: new Date('2024-01-02T00:00:00Z'), PasswordResetRequired: false } };
  });
  east.mocks.iam.on(ListMFADevicesCommand).callsFake((input: { UserName: string }) => ({
    MFADevices: USERS[input.UserName]!.mfa ? [{ UserName: input.UserName, SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/${input.UserName}`, EnableDate: new Date('2024-01-03T00:00:00Z') }] : [],
    IsTruncated: false,
  }));
  kms.install();
  bucket.reset();
  clientsFor.mockClear();
  vi.restoreAllMocks();
});

const key = (r: EvidenceRecord) => `${r.check.id} ${r.region} ${r.resource.id}`;
const idsOf = (records: EvidenceRecord[], checkId: string, region = 'us-east-1') =>
  records.filter((r) => r.check.id === checkId && r.region === region).map((r) => r.resource.id).sort();

describe('posture-sweep handler', () => {
  it('writes one record per check and resource across every listing page, one signed object per check, account and region, verifiable', async () => {
    // Act
    const result = await handler()(schedule(), lambdaContext('trailproof-dev-posture-sweep'));
    // Assess
    const records = verifiedRecords(bucket.puts(), kms.pinned);
    expect(result).toEqual({ records: records.length });
    expect(new Set(records.map(key)).size).toBe(records.length);
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
    for (const check of SG_CHECKS) expect(idsOf(records, check)).toEqual(['sg-01aa11bb22cc33d01', 'sg-01aa11bb22cc33d02', 'sg-01aa11bb22cc33d03']);
    for (const check of S3_CHECKS) {
      expect(idsOf(records, check)).toEqual(['acme-phi-intake', 'acme-scans', 'acme-web-assets']);
      expect(idsOf(records, check, 'us-west-2')).toEqual(['acme-west-logs']);
    }
    expect(records.find((r) => r.check.id === 'ec2-sg-no-public-admin-ports' && r.resource.id === 'sg-01aa11bb22cc33d02')).toMatchObject({ result: 'fail', resource: { phiScoped: true } });
    expect(records.every((r) => r.observedAt === '2026-05-01T06:00:00.000Z' && r.trigger.source === 'sweep' && r.collector.function === 'posture-sweep')).toBe(true);
    // Two listing pages and nothing more: the listing carries every group's rules and tags.
    const sgCalls = east.mocks.ec2.commandCalls(DescribeSecurityGroupsCommand).map((c) => c.args[0].input as DescribeSecurityGroupsCommandInput);
    expect(sgCalls).toHaveLength(2);
    expect(sgCalls.every((input) => !input.GroupIds)).toBe(true);
    // Two pages for each kind that lists buckets: the bucket checks and the S3 data-event coverage.
    expect(east.mocks.s3).toHaveReceivedCommandTimes(ListBucketsCommand, 4);
    expect(east.mocks.s3).toHaveReceivedCommandWith(ListBucketsCommand, { BucketRegion: 'us-east-1' });
    const groups = new Set(records.map((r) => `${r.check.id} ${r.account} ${r.region}`));
    // One object per group, and one object holding the sweep's run records (one per region).
    expect(bucket.puts()).toHaveLength(groups.size + 1);
    expect(kms.mock).toHaveReceivedCommandTimes(SignCommand, groups.size + 1);
    const runs = recordsOf(bucket.puts().find((p) => p.Key!.includes('runs/v2/'))!) as unknown as RunDocument[];
    expect(runs.map((r) => [r.account, r.region, r.startedAt])).toEqual([[ACCOUNT, 'us-east-1', '2026-05-01T06:00:00.000Z'], [ACCOUNT, 'us-west-2', '2026-05-01T06:00:00.000Z']]);
    expect(runs.every((r) => verifyLedgerDocument(r, kms.pinned).ok)).toBe(true);
    expect(runs[0]!.checks.find((c) => c.id === 'ec2-sg-no-public-admin-ports')).toEqual({ id: 'ec2-sg-no-public-admin-ports', resources: 3, results: { pass: 2, fail: 1, not_applicable: 0, error: 0 } });
  });

  it('sweeps IAM once, from the first region, even with two regions configured', async () => {
    // Act
    await handler()(schedule(), lambdaContext());
    // Assess
    const records = verifiedRecords(bucket.puts(), kms.pinned);
    const iam = records.filter((r) => r.check.id === 'iam-user-console-mfa' || r.check.id === 'iam-root-mfa');
    expect(iam.map((r) => `${r.check.id} ${r.resource.id}`).sort()).toEqual([
      `iam-root-mfa ${ACCOUNT}`, 'iam-user-console-mfa alice', 'iam-user-console-mfa bob', 'iam-user-console-mfa ci-deployer',
    ]);
    expect(iam.every((r) => r.region === 'us-east-1')).toBe(true);
    expect(Object.fromEntries(iam.filter((r) => r.check.id === 'iam-user-console-mfa').map((r) => [r.resource.id, r.result]))).toEqual({
      alice: 'pass', bob: 'fail', 'ci-deployer': 'not_applicable',
    });
    expect(east.mocks.iam).toHaveReceivedCommandTimes(ListUsersCommand, 2);
    expect(west.mocks.iam).not.toHaveReceivedAnyCommand();
    expect(clientsFor.mock.calls.map(([account, region]) => `${account}/${region}`)).toEqual([`${ACCOUNT}/us-east-1`, `${ACCOUNT}/us-west-2`]);
  });

  it('records a listing denied in one region as an error per check for that scope, not silence', async () => {
    // Act
    await handler()(schedule(), lambdaContext());
    // Assess
    const records = verifiedRecords(bucket.puts(), kms.pinned);
    const west2 = records.filter((r) => SG_CHECKS.includes(r.check.id) && r.region === 'us-west-2');
    expect(west2.map((r) => r.check.id).sort()).toEqual(SG_CHECKS);
    for (const record of west2) {
      expect(record.result).toBe('error');
      expect(record.resource).toMatchObject({ type: 'AWS::EC2::SecurityGroup', id: `${ACCOUNT}:us-west-2` });
      expect(record.reason).toMatch(/AccessDenied|UnauthorizedOperation/);
    }
  });

  it('gives a second run of the same schedule time the same record ids, in new objects (a retry verify counts once)', async () => {
    // Prepare
    const info = vi.spyOn(logger, 'info');
    await handler()(schedule(), lambdaContext());
    const first = verifiedRecords(bucket.puts(), kms.pinned).map((r) => r.id).sort();
    bucket.mock.resetHistory();
    // Act: EventBridge retries the same scheduled event (a new cold start).
    const result = await handler()(schedule(), lambdaContext());
    // Assess
    const second = verifiedRecords(bucket.puts(), kms.pinned).map((r) => r.id).sort();
    expect(second).toEqual(first);
    expect(lastBatchSummary(info)).toMatchObject({ records: first.length, written: first.length, duplicates: 0 });
    expect(result).toEqual({ records: first.length });
  });

  it('gives another schedule time other record ids', async () => {
    // Prepare
    await handler()(schedule(), lambdaContext());
    const first = new Set(verifiedRecords(bucket.puts(), kms.pinned).map((r) => r.id));
    bucket.mock.resetHistory();
    // Act
    await handler()({ ...schedule(), time: '2026-05-02T06:00:00Z' }, lambdaContext());
    // Assess
    const second = verifiedRecords(bucket.puts(), kms.pinned).map((r) => r.id);
    expect(second.length).toBe(first.size);
    expect(second.filter((id) => first.has(id))).toEqual([]);
  });

  it('fails the invocation when a record could not be written, so the retry and the errors alarm see it', async () => {
    // Prepare
    bucket.failWrites((k) => k.includes('/iam-root-mfa/'));
    // Act / Assess
    await expect(handler()(schedule(), lambdaContext())).rejects.toThrow(/iam-account:111122223333: write failed/);
    // Everything else still landed: a retry only adds what is missing.
    expect(verifiedRecords(bucket.puts().filter((p) => !p.Key!.includes('/iam-root-mfa/')), kms.pinned).length).toBeGreaterThan(20);
  });

  it('sweeps every other account when one account cannot be read, and records that account as an error per check', async () => {
    // Prepare
    const member = '444455556666';
    clientsFor.mockImplementation((account: string, region: string) => {
      if (account === member) throw sdkError('AccessDenied', 403, `not authorized to perform sts:AssumeRole on arn:aws:iam::${member}:role/trailproof-member-read`);
      return byRegion[region]!.clients;
    });
    // Act
    await handler({ ...SWEEP_ENV, SWEEP_ACCOUNTS: `${member},${ACCOUNT}` })(schedule(), lambdaContext());
    // Assess: the reachable account has its baseline; the other says, check by check, why it has none.
    const records = verifiedRecords(bucket.puts(), kms.pinned);
    const own = records.filter((r) => r.account === ACCOUNT);
    const unreachable = records.filter((r) => r.account === member);
    expect(own.length).toBeGreaterThan(20);
    expect(unreachable.length).toBeGreaterThan(0);
    expect(unreachable.every((r) => r.result === 'error' && /ACCESS_DENIED: sts:AssumeRole was denied/.test(r.reason))).toBe(true);
  });
});

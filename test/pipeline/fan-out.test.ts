/**
 * Events that remove what they name, through the real router, checks and collectors with mocked
 * SDK clients: each one, in its documented CloudTrail shape, gives a record for every resource it
 * can have affected, within a bound, and a listing that fails gives an error record.
 */
import { DescribeFlowLogsCommand, DescribeRouteTablesCommand, DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../lib/checks/registry.ts';
import { createAwsClients } from '../../lib/collectors/clients.ts';
import { SNAPSHOT_KINDS } from '../../lib/collectors/kinds.ts';
import { parseInput } from '../../lib/events/parse.ts';
import { DEFAULT_SETTINGS } from '../../lib/model/check.ts';
import { evaluateTrigger, type EngineDeps } from '../../lib/pipeline/evaluate.ts';
import { mockedClient, sdkError, TEST_CREDENTIALS } from '../fixtures/collectors/ctx.ts';
import { fixture, triggerOf } from '../events/helpers.ts';
import { noBucketPolicy, noPublicAccessBlock, ALL_BLOCKED } from '../fixtures/s3/answers.ts';

const ec2 = mockedClient(EC2Client);
const s3 = mockedClient(S3Client);
const s3control = mockedClient(S3ControlClient);

/** The engine as a Lambda runs it, recording which regions it asked clients for. */
function engine(overrides: Partial<EngineDeps> = {}): EngineDeps & { regions: string[] } {
  const regions: string[] = [];
  return {
    regions,
    clientsFor: (_account, region) => (regions.push(region), createAwsClients(region, { credentials: TEST_CREDENTIALS })),
    settings: DEFAULT_SETTINGS,
    checks: CHECKS,
    kinds: SNAPSHOT_KINDS,
    functionName: 'cloudtrail-event',
    now: () => new Date('2025-06-03T09:40:00Z'),
    ...overrides,
  };
}

async function evaluate(name: string, deps: EngineDeps = engine()) {
  const trigger = triggerOf(parseInput(fixture(`removal/${name}`), name)[0]);
  return evaluateTrigger(trigger, deps);
}

const summary = (records: Awaited<ReturnType<typeof evaluate>>['records']) =>
  records.map((r) => `${r.check.id} ${r.resource.id} ${r.result}`).sort();

/** Three VPCs over two DescribeVpcs pages; only vpc-a has an active flow log. */
function mockVpcs(): void {
  const vpcs = ['vpc-0a', 'vpc-0b', 'vpc-0c'].map((VpcId) => ({ VpcId, IsDefault: false, Tags: [] }));
  ec2.on(DescribeVpcsCommand).callsFake((input: { VpcIds?: string[]; NextToken?: string }) => {
    if (input.VpcIds) return { Vpcs: vpcs.filter((v) => input.VpcIds!.includes(v.VpcId)) };
    return input.NextToken ? { Vpcs: vpcs.slice(2) } : { Vpcs: vpcs.slice(0, 2), NextToken: 'page-2' };
  });
  ec2.on(DescribeFlowLogsCommand).callsFake((input: { Filter: Array<{ Values: string[] }> }) =>
    input.Filter[0]!.Values[0] === 'vpc-0a' ? { FlowLogs: [{ FlowLogId: 'fl-1', FlowLogStatus: 'ACTIVE', DeliverLogsStatus: 'SUCCESS', TrafficType: 'ALL' }] } : { FlowLogs: [] },
  );
}

describe('DeleteFlowLogs (names only the flow log id)', () => {
  it('re-evaluates every VPC of the region, across listing pages', async () => {
    // Prepare
    mockVpcs();
    // Act
    const { records, notes } = await evaluate('delete-flow-logs.json');
    // Assess
    expect(summary(records)).toEqual(['vpc-flow-logs-enabled vpc-0a pass', 'vpc-flow-logs-enabled vpc-0b fail', 'vpc-flow-logs-enabled vpc-0c fail']);
    expect(records.every((r) => r.trigger.eventName === 'DeleteFlowLogs' && r.region === 'us-east-1')).toBe(true);
    expect(notes).toContainEqual(expect.stringMatching(/DeleteFlowLogs names no AWS::EC2::VPC; re-evaluated the 3 of 111122223333:us-east-1/));
  });

  it('stops at the bound and says so with an error record for the rest of the region', async () => {
    // Prepare
    mockVpcs();
    // Act
    const { records, notes } = await evaluate('delete-flow-logs.json', engine({ fanOutLimit: 2 }));
    // Assess
    expect(summary(records)).toEqual([
      'vpc-flow-logs-enabled 111122223333:us-east-1 error', 'vpc-flow-logs-enabled vpc-0a pass', 'vpc-flow-logs-enabled vpc-0b fail',
    ]);
    const bound = records.find((r) => r.result === 'error')!;
    expect(bound.reason).toMatch(/^DeleteFlowLogs can affect more than 2 AWS::EC2::VPC in 111122223333:us-east-1: the first 2 were re-evaluated, the rest are left to the daily sweep$/);
    expect(bound.observed).toEqual({ fanOut: { event: 'DeleteFlowLogs', scope: 'region', limit: 2, evaluated: 2, complete: false } });
    expect(ec2).toHaveReceivedCommandTimes(DescribeFlowLogsCommand, 2); // vpc-0c was listed, never read
    expect(notes).toContainEqual(expect.stringMatching(/the rest are left to the daily sweep/));
  });

  it('turns a listing that fails into an error record for the region, not silence', async () => {
    // Prepare
    ec2.on(DescribeVpcsCommand).rejects(sdkError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
    // Act
    const { records } = await evaluate('delete-flow-logs.json');
    // Assess
    expect(summary(records)).toEqual(['vpc-flow-logs-enabled 111122223333:us-east-1 error']);
    expect(records[0]!.observed).toMatchObject({ error: { operation: 'ec2-vpc.enumerate', code: 'ACCESS_DENIED', name: 'UnauthorizedOperation' } });
  });
});

/** subnet-phi (tagged ePHI) and subnet-web (untagged), both on a main table routing 0.0.0.0/0 to an internet gateway. */
function mockSubnets(): void {
  const subnets = [
    { SubnetId: 'subnet-0phi', VpcId: 'vpc-0a', Tags: [{ Key: 'data-classification', Value: 'ephi' }] },
    { SubnetId: 'subnet-0web', VpcId: 'vpc-0a', Tags: [] },
  ];
  ec2.on(DescribeSubnetsCommand).callsFake((input: { SubnetIds?: string[] }) => ({ Subnets: input.SubnetIds ? subnets.filter((s) => input.SubnetIds!.includes(s.SubnetId)) : subnets }));
  ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-0a', Tags: [] }] });
  const main = { RouteTableId: 'rtb-0main', VpcId: 'vpc-0a', Associations: [{ Main: true }], Routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0abc', State: 'active' }] };
  const privateTable = { RouteTableId: 'rtb-0a1b2c3d4e5f6a7b8', VpcId: 'vpc-0a', Associations: [{ SubnetId: 'subnet-0phi' }], Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' }] };
  ec2.on(DescribeRouteTablesCommand).callsFake((input: { RouteTableIds?: string[]; Filters?: Array<{ Name: string }> }) => {
    if (input.RouteTableIds) return { RouteTables: [privateTable] };
    return { RouteTables: input.Filters?.[0]?.Name === 'association.subnet-id' ? [] : [main] };
  });
}

describe('DisassociateRouteTable (names only the association id)', () => {
  it('re-evaluates the PHI subnets of the region and leaves the others out, saying how many', async () => {
    // Prepare
    mockSubnets();
    // Act
    const { records, notes } = await evaluate('disassociate-route-table.json');
    // Assess: back on the main table, the PHI subnet routes to the internet gateway
    expect(summary(records)).toEqual(['ec2-phi-subnet-no-igw-route subnet-0phi fail']);
    expect(records[0]!.reason).toMatch(/subnet-0phi routes 0\.0\.0\.0\/0 -> igw-0abc via main route table rtb-0main/);
    expect(notes).toContainEqual('ec2-phi-subnet-no-igw-route: 1 outside PHI scope (not_applicable) not recorded for DisassociateRouteTable');
  });
});

describe('ReplaceRouteTableAssociation (names the new route table)', () => {
  it('re-evaluates the subnets of that table without listing the region', async () => {
    // Prepare
    mockSubnets();
    ec2.on(DescribeRouteTablesCommand, { Filters: [{ Name: 'association.subnet-id', Values: ['subnet-0phi'] }] }).resolves({
      RouteTables: [{ RouteTableId: 'rtb-0a1b2c3d4e5f6a7b8', Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' }] }],
    });
    // Act
    const { records } = await evaluate('replace-route-table-association.json');
    // Assess
    expect(summary(records)).toEqual(['ec2-phi-subnet-no-igw-route subnet-0phi pass']);
    expect(ec2.commandCalls(DescribeSubnetsCommand).every((call) => call.args[0].input.SubnetIds !== undefined)).toBe(true);
  });
});

/** Two buckets in two regions: scans blocks public access itself, archive relies on the account. */
function mockBuckets(accountBlock: Record<string, boolean> | 'none'): void {
  s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'scans', BucketRegion: 'us-east-1' }, { Name: 'archive', BucketRegion: 'eu-west-1' }] });
  s3.on(GetBucketLocationCommand, { Bucket: 'scans' }).resolves({});
  s3.on(GetBucketLocationCommand, { Bucket: 'archive' }).resolves({ LocationConstraint: 'eu-west-1' });
  s3.on(GetBucketTaggingCommand).resolves({ TagSet: [] });
  s3.on(GetBucketEncryptionCommand).resolves({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } });
  s3.on(GetBucketPolicyCommand).rejects(noBucketPolicy());
  s3.on(GetBucketLoggingCommand).resolves({});
  s3.on(GetPublicAccessBlockCommand, { Bucket: 'scans' }).resolves({ PublicAccessBlockConfiguration: ALL_BLOCKED });
  s3.on(GetPublicAccessBlockCommand, { Bucket: 'archive' }).rejects(noPublicAccessBlock());
  if (accountBlock === 'none') s3control.on(GetAccountPublicAccessBlockCommand).rejects(noPublicAccessBlock());
  else s3control.on(GetAccountPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: accountBlock });
}

describe('account-level Block Public Access (no bucket named)', () => {
  it('PutAccountPublicAccessBlock re-evaluates every bucket of the account, each through its own region', async () => {
    // Prepare: the new account setting turns only BlockPublicAcls on
    mockBuckets({ BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false });
    const deps = engine();
    // Act
    const { records } = await evaluate('put-account-public-access-block.json', deps);
    // Assess
    expect(summary(records)).toEqual(['s3-bucket-public-access-blocked archive fail', 's3-bucket-public-access-blocked scans pass']);
    expect(records.find((r) => r.resource.id === 'archive')).toMatchObject({ region: 'eu-west-1', observed: { accountLevel: { blockPublicAcls: true, ignorePublicAcls: false } } });
    expect(deps.regions).toContain('eu-west-1');
    expect(s3).toHaveReceivedCommandWith(ListBucketsCommand, {});
  });

  it('DeleteAccountPublicAccessBlock re-evaluates them against an account with no setting', async () => {
    // Prepare
    mockBuckets('none');
    // Act
    const { records } = await evaluate('delete-account-public-access-block.json');
    // Assess
    expect(summary(records)).toEqual(['s3-bucket-public-access-blocked archive fail', 's3-bucket-public-access-blocked scans pass']);
    expect(records.find((r) => r.resource.id === 'archive')!.reason).toMatch(/account level has BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets off/);
  });

  it('an account whose buckets cannot be listed gets an error record for the account', async () => {
    // Prepare
    s3.on(ListBucketsCommand).rejects(sdkError('AccessDenied', 'Access Denied', 403));
    // Act
    const { records } = await evaluate('delete-account-public-access-block.json');
    // Assess
    expect(summary(records)).toEqual(['s3-bucket-public-access-blocked 111122223333 error']);
    expect(records[0]!.observed).toMatchObject({ error: { operation: 's3-bucket.enumerate', code: 'ACCESS_DENIED' } });
  });
});

// A sweep over a synthetic account (S3 buckets, security groups, IAM users in the ratio 10:5:2)
// through SDK clients with real pagination: time, records per second and peak memory.
import { performance } from 'node:perf_hooks';
import { CHECKS } from '../lib/checks/registry.ts';
import { DEFAULT_SETTINGS } from '../lib/model/check.ts';
import { SNAPSHOT_KINDS } from '../lib/collectors/kinds.ts';
import { generateKeyPair } from '../lib/evidence/keys.ts';
import { LocalKeySigner } from '../lib/signers/local.ts';
import { runSweep } from '../lib/pipeline/sweep.ts';
import { discardingStore, fakeClients, notFound, page } from './fake-clients.ts';

const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 17_000);
const buckets = Array.from({ length: Math.round((RESOURCES * 10) / 17) }, (_, i) => `clinic-bucket-${i}`);
const groups = Array.from({ length: Math.round((RESOURCES * 5) / 17) }, (_, i) => `sg-${i.toString(16).padStart(17, '0')}`);
const users = Array.from({ length: RESOURCES - buckets.length - groups.length }, (_, i) => `user-${i}`);
const ACCOUNT = '111122223333';
const empty = () => ({});

const group = (id: string) => ({
  GroupId: id, GroupName: id.endsWith('0') ? 'default' : `app-${id}`, VpcId: 'vpc-1', Tags: [],
  IpPermissions: id.endsWith('7') ? [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] : [],
  IpPermissionsEgress: [],
});

const clients = fakeClients({
  ListBuckets: (input) => {
    const { items, next } = page(buckets, input.ContinuationToken, Number(input.MaxBuckets ?? 1000));
    return { Buckets: items.map((Name) => ({ Name, CreationDate: new Date(0) })), ContinuationToken: next };
  },
  HeadBucket: empty,
  GetBucketLocation: () => ({ LocationConstraint: null }),
  GetBucketEncryption: () => ({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } }),
  GetBucketPolicy: () => notFound('NoSuchBucketPolicy'),
  GetPublicAccessBlock: () => ({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }),
  GetBucketLogging: empty,
  GetBucketTagging: (input) => (String(input.Bucket).endsWith('3') ? { TagSet: [{ Key: 'data-classification', Value: 'ephi' }] } : notFound('NoSuchTagSet')),
  DescribeSecurityGroups: (input) => {
    if (Array.isArray(input.GroupIds)) return { SecurityGroups: (input.GroupIds as string[]).map(group) };
    const { items, next } = page(groups, input.NextToken, Number(input.MaxResults ?? 1000));
    return { SecurityGroups: items.map(group), NextToken: next };
  },
  ListUsers: (input) => {
    const { items, next } = page(users, input.Marker, Number(input.MaxItems ?? 100));
    return { Users: items.map((UserName) => ({ UserName, UserId: UserName, Arn: `arn:aws:iam::${ACCOUNT}:user/${UserName}`, Path: '/', CreateDate: new Date(0) })), IsTruncated: next !== undefined, Marker: next };
  },
  GetUser: (input) => ({ User: { UserName: input.UserName, UserId: input.UserName, Arn: `arn:aws:iam::${ACCOUNT}:user/${input.UserName}`, Path: '/', CreateDate: new Date(0) } }),
  GetLoginProfile: (input) => (String(input.UserName).endsWith('1') ? { LoginProfile: { UserName: input.UserName, CreateDate: new Date(0) } } : notFound('NoSuchEntity')),
  ListMFADevices: () => ({ MFADevices: [], IsTruncated: false }),
  ListUserTags: () => ({ Tags: [], IsTruncated: false }),
  GetAccountSummary: () => ({ SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 } }),
  ListVirtualMFADevices: () => ({ VirtualMFADevices: [], IsTruncated: false }),
  GetAccountPublicAccessBlock: () => notFound('NoSuchPublicAccessBlockConfiguration'),
  DescribeTrails: () => ({ trailList: [] }), ListTrails: () => ({ Trails: [] }),
  GetEbsEncryptionByDefault: () => ({ EbsEncryptionByDefault: true }),
  GetEbsDefaultKmsKeyId: () => ({ KmsKeyId: 'alias/aws/ebs' }),
  DescribeConfigurationRecorders: () => ({ ConfigurationRecorders: [] }),
  DescribeConfigurationRecorderStatus: () => ({ ConfigurationRecordersStatus: [] }),
  DescribeVolumes: () => ({ Volumes: [] }), DescribeVpcs: () => ({ Vpcs: [] }), DescribeSubnets: () => ({ Subnets: [] }),
  DescribeRouteTables: () => ({ RouteTables: [] }), DescribeFlowLogs: () => ({ FlowLogs: [] }),
  DescribeDBInstances: () => ({ DBInstances: [] }), ListKeys: () => ({ Keys: [] }),
  DescribeLoadBalancers: () => ({ LoadBalancers: [] }),
});

const store = discardingStore();
const signer = LocalKeySigner.fromPem(generateKeyPair().privatePem);
const start = performance.now();
const summary = await runSweep(
  { clientsFor: () => clients, settings: DEFAULT_SETTINGS, checks: CHECKS, kinds: SNAPSHOT_KINDS, functionName: 'bench', store, signer },
  { account: ACCOUNT, regions: ['us-east-1'], startedAt: new Date('2026-11-01T00:00:00Z') },
);
const seconds = (performance.now() - start) / 1000;
const errors = Object.values(summary.byCheck).reduce((n, c) => n + (c.error ?? 0), 0);
process.stdout.write(`${JSON.stringify({ bench: 'sweep', resources: RESOURCES, records: summary.records, errorRecords: errors, seconds, recordsPerSecond: summary.records / seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);

// The synthetic account the sweep benchmarks read: S3 buckets, security groups and IAM users in the
// ratio 10:5:2, answered by real SDK clients with real pagination (bench/fake-clients.ts).
import type { AwsClients } from '../lib/collectors/types.ts';
import { fakeClients, notFound, page } from './fake-clients.ts';

const empty = () => ({});

const group = (id: string) => ({
  GroupId: id, GroupName: id.endsWith('0') ? 'default' : `app-${id}`, VpcId: 'vpc-1', Tags: [],
  IpPermissions: id.endsWith('7') ? [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] : [],
  IpPermissionsEgress: [],
});

/**
 * Clients for one account of `resources` resources (10/17 buckets, 5/17 security groups, the rest
 * IAM users): every read a sweep makes is answered from memory, so the benchmark measures trailproof.
 */
export function accountClients(account: string, resources: number): AwsClients {
  const buckets = Array.from({ length: Math.round((resources * 10) / 17) }, (_, i) => `clinic-${account}-${i}`);
  const groups = Array.from({ length: Math.round((resources * 5) / 17) }, (_, i) => `sg-${i.toString(16).padStart(17, '0')}`);
  const users = Array.from({ length: resources - buckets.length - groups.length }, (_, i) => `user-${i}`);
  const user = (UserName: unknown) => ({ UserName, UserId: UserName, Arn: `arn:aws:iam::${account}:user/${String(UserName)}`, Path: '/', CreateDate: new Date(0) });
  return fakeClients({
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
      return { Users: items.map(user), IsTruncated: next !== undefined, Marker: next };
    },
    GetUser: (input) => ({ User: user(input.UserName) }),
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
}

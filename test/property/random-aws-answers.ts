/**
 * One output per SDK operation the collectors call, in the SDK v3 output shape (PascalCase members,
 * Dates for timestamps), about the resource the input names, with its settings thrown by `dice`:
 * encrypted or not, open to the internet or not, logging or not, tagged PHI or not. Listings name
 * zero to three resources. The NotFound error each operation raises for a resource that is gone.
 */
type Input = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- SDK inputs of many commands

/** Numbers from a seed: `below(n)` in [0, n), `bool()`, `pick(items)`. */
export interface Dice {
  below(n: number): number;
  bool(): boolean;
  pick<T>(items: readonly T[]): T;
}

type Answer = (input: Input, dice: Dice) => unknown;

const created = new Date('2024-01-02T03:04:05Z');
const tags = (d: Dice) => (d.bool() ? [{ Key: 'data-classification', Value: d.pick(['phi', 'ephi', 'public']) }] : d.bool() ? [{ Key: 'team', Value: 'clinic ü' }] : []);
const some = <T>(d: Dice, make: (i: number) => T): T[] => Array.from({ length: d.below(4) }, (_, i) => make(i));
const first = (list: unknown, fallback: string): string => (Array.isArray(list) && typeof list[0] === 'string' ? list[0] : fallback);
/** The value a Filters entry asks for (`vpc-id`, `association.subnet-id`, `resource-id`). */
const filter = (input: Input, filterName: string): string | undefined => (input.Filters ?? input.Filter)?.find((f: { Name: string }) => f.Name === filterName)?.Values?.[0];

function rules(d: Dice) {
  return some(d, () => {
    const port = d.pick([22, 80, 443, 3389, 5432]);
    const ipv6 = d.below(4) === 0;
    return {
      IpProtocol: d.pick(['tcp', 'udp', '-1']), FromPort: port, ToPort: port, UserIdGroupPairs: [], PrefixListIds: [],
      IpRanges: ipv6 ? [] : [{ CidrIp: d.pick(['0.0.0.0/0', '10.0.0.0/8', '203.0.113.0/24']) }], Ipv6Ranges: ipv6 ? [{ CidrIpv6: d.pick(['::/0', '2001:db8::/32']) }] : [],
    };
  });
}

const securityGroup = (id: string, d: Dice) => ({ GroupId: id, GroupName: d.pick(['default', 'web', 'db']), VpcId: 'vpc-0abc', OwnerId: '111122223333', IpPermissions: rules(d), IpPermissionsEgress: rules(d), Tags: tags(d) });
const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234';
const volume = (id: string, d: Dice) => ({
  VolumeId: id, Encrypted: d.bool(), ...(d.bool() ? { KmsKeyId: KEY_ARN } : {}), State: d.pick(['in-use', 'available']),
  Attachments: d.bool() ? [{ InstanceId: 'i-0123456789abcdef0', VolumeId: id, State: 'attached' }] : [], Tags: tags(d),
});
const subnet = (id: string, vpcId: string, d: Dice) => ({ SubnetId: id, VpcId: vpcId, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a', Tags: tags(d) });
const vpc = (id: string, d: Dice) => ({ VpcId: id, IsDefault: d.bool(), CidrBlock: '10.0.0.0/16', Tags: tags(d) });
const routeTable = (id: string, d: Dice, subnetId?: string) => ({
  RouteTableId: id, VpcId: 'vpc-0abc',
  Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' }, ...(d.bool() ? [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: d.pick(['igw-0abc', 'local']), NatGatewayId: d.bool() ? 'nat-0abc' : undefined, State: d.pick(['active', 'blackhole']) }] : [])],
  Associations: [{ Main: subnetId === undefined && d.bool(), RouteTableAssociationId: 'rtbassoc-0abc', RouteTableId: id, ...(subnetId ? { SubnetId: subnetId } : d.bool() ? { SubnetId: 'subnet-00000001' } : {}) }],
});
const trail = (arn: string, d: Dice) => {
  const match = /^arn:[^:]+:cloudtrail:([^:]*):(\d{12}):trail\/(.+)$/.exec(arn);
  return {
    Name: match?.[3] ?? arn, TrailARN: match ? arn : `arn:aws:cloudtrail:us-east-1:111122223333:trail/${arn}`, HomeRegion: match?.[1] || 'us-east-1',
    IsMultiRegionTrail: d.bool(), IsOrganizationTrail: d.below(4) === 0, LogFileValidationEnabled: d.bool(), HasCustomEventSelectors: d.bool(), S3BucketName: 'trail-bucket',
    ...(d.bool() ? { KmsKeyId: KEY_ARN } : {}),
  };
};
const policy = (bucket: string, d: Dice) => {
  const tlsOnly = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
  const publicRead = { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` };
  return JSON.stringify({ Version: '2012-10-17', Statement: [d.bool() ? tlsOnly : publicRead] });
};
const block = (d: Dice) => ({ PublicAccessBlockConfiguration: { BlockPublicAcls: d.below(4) > 0, IgnorePublicAcls: d.below(4) > 0, BlockPublicPolicy: d.below(4) > 0, RestrictPublicBuckets: d.below(4) > 0 } });
const listenerArnOf = (lbArn: string, i: number) => lbArn.replace(':loadbalancer/', ':listener/') + `/${i}0abc`;
const lbArnOf = (listenerArn: string) => listenerArn.replace(':listener/', ':loadbalancer/').replace(/\/[^/]+$/, '');
const listenerOut = (arn: string, d: Dice) => {
  const protocol = d.pick(['HTTP', 'HTTPS', 'TCP', 'TLS']);
  const redirect = d.bool();
  const action = redirect ? { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } } : { Type: 'forward', TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/0abc' };
  return {
    ListenerArn: arn, LoadBalancerArn: lbArnOf(arn), Port: protocol.startsWith('HTTP') ? 443 : 8443, Protocol: protocol, DefaultActions: [action],
    ...(protocol === 'HTTPS' || protocol === 'TLS' ? { SslPolicy: d.pick(['ELBSecurityPolicy-2016-08', 'ELBSecurityPolicy-TLS13-1-2-2021-06']) } : {}),
  };
};

export const AWS_ANSWERS: Record<string, Answer> = {
  // EC2
  DescribeSecurityGroups: (i, d) => ({ SecurityGroups: (i.GroupIds ?? some(d, (n) => `sg-0000000${n}`)).map((id: string) => securityGroup(id, d)) }),
  DescribeVolumes: (i, d) => ({ Volumes: (i.VolumeIds ?? some(d, (n) => `vol-0000000${n}`)).map((id: string) => volume(id, d)) }),
  GetEbsEncryptionByDefault: (_i, d) => ({ EbsEncryptionByDefault: d.bool() }),
  GetEbsDefaultKmsKeyId: (_i, d) => ({ KmsKeyId: d.pick(['alias/aws/ebs', 'arn:aws:kms:us-east-1:111122223333:key/1234']) }),
  DescribeSubnets: (i, d) => ({ Subnets: i.SubnetIds ? [subnet(first(i.SubnetIds, ''), 'vpc-0abc', d)] : some(d, (n) => subnet(`subnet-0000000${n}`, filter(i, 'vpc-id') ?? 'vpc-0abc', d)) }),
  DescribeVpcs: (i, d) => ({ Vpcs: (i.VpcIds ?? some(d, (n) => `vpc-0000000${n}`)).map((id: string) => vpc(id, d)) }),
  DescribeRouteTables: (i, d) => {
    if (i.RouteTableIds) return { RouteTables: [routeTable(first(i.RouteTableIds, ''), d)] };
    const subnetId = filter(i, 'association.subnet-id');
    return { RouteTables: d.bool() ? [] : [routeTable('rtb-0000000a', d, subnetId)] };
  },
  DescribeFlowLogs: (i, d) => ({
    FlowLogs: some(d, (n) => ({
      FlowLogId: `fl-0${n}`, ResourceId: filter(i, 'resource-id'), FlowLogStatus: 'ACTIVE', DeliverLogsStatus: d.pick(['SUCCESS', 'FAILED']),
      TrafficType: d.pick(['ALL', 'REJECT', 'ACCEPT']), LogDestinationType: d.pick(['cloud-watch-logs', 's3']), LogDestination: 'arn:aws:s3:::flow-logs',
    })),
  }),
  // S3
  GetBucketLocation: (_i, d) => ({ LocationConstraint: d.pick([undefined, 'us-west-2', 'EU', 'eu-west-1', 'us-east-1']) }),
  GetBucketTagging: (_i, d) => ({ TagSet: tags(d) }),
  GetBucketEncryption: (_i, d) => {
    const byDefault = { SSEAlgorithm: d.pick(['AES256', 'aws:kms', 'aws:kms:dsse']), ...(d.bool() ? { KMSMasterKeyID: KEY_ARN } : {}) };
    return { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: byDefault, BucketKeyEnabled: d.bool() }] } };
  },
  GetBucketPolicy: (i, d) => ({ Policy: d.below(20) === 0 ? '{"Version": "2012-10-17", "Statement": [' : policy(String(i.Bucket), d) }),
  GetPublicAccessBlock: (_i, d) => block(d),
  GetBucketLogging: (i, d) => (d.bool() ? { LoggingEnabled: { TargetBucket: 'access-logs', TargetPrefix: `${String(i.Bucket)}/` } } : {}),
  ListBuckets: (_i, d) => ({ Buckets: some(d, (n) => ({ Name: `bucket-${n}`, CreationDate: created, BucketRegion: d.pick(['us-east-1', 'us-west-2']) })) }),
  // CloudTrail
  DescribeTrails: (i, d) => ({ trailList: i.trailNameList ? [trail(first(i.trailNameList, ''), d)] : some(d, (n) => trail(`arn:aws:cloudtrail:us-east-1:${d.pick(['111122223333', '999988887777'])}:trail/t${n}`, d)) }),
  GetTrailStatus: (_i, d) => ({ IsLogging: d.below(4) > 0 }),
  GetEventSelectors: (_i, d) =>
    d.bool()
      ? { EventSelectors: [{ ReadWriteType: d.pick(['All', 'ReadOnly', 'WriteOnly']), IncludeManagementEvents: d.below(4) > 0, ExcludeManagementEventSources: d.bool() ? ['kms.amazonaws.com'] : [] }] }
      : { AdvancedEventSelectors: [{ Name: 'management', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, ...(d.bool() ? [{ Field: 'readOnly', Equals: [d.pick(['true', 'false'])] }] : [])] }] },
  ListTags: (i, d) => ({ ResourceTagList: [{ ResourceId: first(i.ResourceIdList, ''), TagsList: tags(d) }] }),
  ListTrails: (_i, d) => ({ Trails: some(d, (n) => ({ TrailARN: `arn:aws:cloudtrail:us-east-1:111122223333:trail/t${n}`, Name: `t${n}`, HomeRegion: 'us-east-1' })) }),
  // Config
  DescribeConfigurationRecorders: (_i, d) => {
    const recorder = { name: 'default', roleARN: 'arn:aws:iam::111122223333:role/config', recordingGroup: { allSupported: d.bool(), includeGlobalResourceTypes: d.bool(), resourceTypes: [] }, recordingMode: { recordingFrequency: d.pick(['CONTINUOUS', 'DAILY']) } };
    return { ConfigurationRecorders: d.below(5) === 0 ? [] : [recorder] };
  },
  DescribeConfigurationRecorderStatus: (_i, d) => ({ ConfigurationRecordersStatus: [{ name: 'default', recording: d.bool(), lastStatus: d.pick(['SUCCESS', 'FAILURE', 'PENDING']) }] }),
  // IAM
  GetUser: (i, d) => ({ User: { UserName: i.UserName, UserId: 'AIDAEXAMPLEUSER', Arn: `arn:aws:iam::111122223333:user/${String(i.UserName)}`, Path: '/', CreateDate: created, ...(d.bool() ? { PasswordLastUsed: created } : {}) } }),
  GetLoginProfile: (i, d) => ({ LoginProfile: { UserName: i.UserName, CreateDate: created, PasswordResetRequired: d.bool() } }),
  ListMFADevices: (i, d) => ({ MFADevices: d.bool() ? [{ UserName: i.UserName, SerialNumber: `arn:aws:iam::111122223333:mfa/${String(i.UserName)}`, EnableDate: created }] : [], IsTruncated: false }),
  ListUserTags: (_i, d) => ({ Tags: tags(d), IsTruncated: false }),
  ListUsers: (_i, d) => ({ Users: some(d, (n) => ({ UserName: `user-${n}`, UserId: `AIDAEXAMPLE${n}`, Arn: `arn:aws:iam::111122223333:user/user-${n}`, Path: '/', CreateDate: created })), IsTruncated: false }),
  GetAccountSummary: (_i, d) => ({ SummaryMap: { AccountMFAEnabled: d.pick([0, 1]), AccountAccessKeysPresent: d.pick([0, 1]) } }),
  ListVirtualMFADevices: (_i, d) => ({ VirtualMFADevices: d.bool() ? [{ SerialNumber: 'arn:aws:iam::111122223333:mfa/root-account-mfa-device', User: { Arn: 'arn:aws:iam::111122223333:root' } }] : [], IsTruncated: false }),
  // KMS
  DescribeKey: (i, d) => {
    const keyId = String(i.KeyId).replace(/^.*:key\//, '');
    return {
      KeyMetadata: {
        KeyId: keyId, Arn: `arn:aws:kms:us-east-1:111122223333:key/${keyId}`, KeyManager: d.pick(['CUSTOMER', 'AWS']), KeySpec: d.pick(['SYMMETRIC_DEFAULT', 'RSA_2048', 'HMAC_256']),
        KeyState: d.pick(['Enabled', 'Disabled', 'PendingDeletion']), KeyUsage: 'ENCRYPT_DECRYPT', Origin: d.pick(['AWS_KMS', 'EXTERNAL']),
      },
    };
  },
  GetKeyRotationStatus: (_i, d) => ({ KeyRotationEnabled: d.bool(), RotationPeriodInDays: 365 }),
  ListResourceTags: (_i, d) => ({ Tags: tags(d).map((t) => ({ TagKey: t.Key, TagValue: t.Value })), Truncated: false }),
  ListKeys: (_i, d) => ({ Keys: some(d, (n) => ({ KeyId: `0000000${n}-1111-2222-3333-444455556666` })), Truncated: false }),
  // RDS
  DescribeDBInstances: (i, d) => {
    const ids: string[] = i.DBInstanceIdentifier ? [String(i.DBInstanceIdentifier)] : i.Filters ? ['restored-db'] : some(d, (n) => `db-${n}`);
    return { DBInstances: ids.map((id) => ({ DBInstanceIdentifier: id, DBInstanceArn: `arn:aws:rds:us-east-1:111122223333:db:${id}`, Engine: 'postgres', DBInstanceStatus: 'available', StorageEncrypted: d.bool(), PubliclyAccessible: d.bool(), TagList: tags(d) })) };
  },
  // ELBv2
  DescribeListeners: (i, d) => ({ Listeners: i.ListenerArns ? [listenerOut(first(i.ListenerArns, ''), d)] : some(d, (n) => listenerOut(listenerArnOf(String(i.LoadBalancerArn), n), d)) }),
  DescribeLoadBalancers: (i, d) => ({ LoadBalancers: (i.LoadBalancerArns ?? []).map((arn: string) => ({ LoadBalancerArn: arn, LoadBalancerName: 'web', Scheme: d.pick(['internet-facing', 'internal']), Type: 'application' })) }),
  DescribeTags: (i, d) => ({ TagDescriptions: (i.ResourceArns ?? []).map((arn: string) => ({ ResourceArn: arn, Tags: tags(d) })) }),
  DescribeRules: (i, d) => {
    const rule = (n: number) => ({ RuleArn: `${String(i.ListenerArn)}/r${n}`, Priority: String(n + 1), IsDefault: false, Actions: [{ Type: d.pick(['forward', 'redirect', 'fixed-response']) }] });
    return { Rules: [{ RuleArn: `${String(i.ListenerArn)}/default`, Priority: 'default', IsDefault: true, Actions: [] }, ...some(d, rule)] };
  },
};

export const NOT_FOUND_NAMES: Record<string, string> = {
  DescribeSecurityGroups: 'InvalidGroup.NotFound',
  DescribeVolumes: 'InvalidVolume.NotFound',
  DescribeSubnets: 'InvalidSubnetID.NotFound',
  DescribeVpcs: 'InvalidVpcID.NotFound',
  DescribeRouteTables: 'InvalidRouteTableID.NotFound',
  GetBucketLocation: 'NoSuchBucket',
  GetBucketTagging: 'NoSuchTagSet',
  GetBucketEncryption: 'ServerSideEncryptionConfigurationNotFoundError',
  GetBucketPolicy: 'NoSuchBucketPolicy',
  GetPublicAccessBlock: 'NoSuchPublicAccessBlockConfiguration',
  DescribeTrails: 'TrailNotFoundException',
  GetTrailStatus: 'TrailNotFoundException',
  GetUser: 'NoSuchEntity',
  GetLoginProfile: 'NoSuchEntity',
  DescribeKey: 'NotFoundException',
  DescribeDBInstances: 'DBInstanceNotFoundFault',
  DescribeListeners: 'ListenerNotFound',
  DescribeLoadBalancers: 'LoadBalancerNotFound',
};

/**
 * The narrowest resource each read action can be granted on, from the IAM Service Authorization
 * Reference. Actions AWS authorizes only on "*" are granted under a Sid that says so; an action this
 * table does not know fails generation, so a new permission in metadata is scoped on purpose, never
 * widened to "*" by accident.
 */

/** A CloudFormation value usable as a policy Resource. */
type ResourceValue = string | { 'Fn::Sub': string };

/** Resource patterns; region is "*" because the sweep and org mode read every configured region. */
const ARN = {
  logGroup: 'arn:${AWS::Partition}:logs:*:${AWS::AccountId}:log-group:*',
  lambdaFunction: 'arn:${AWS::Partition}:lambda:*:${AWS::AccountId}:function:*',
  // API Gateway ARNs have no account; one pattern covers /restapis, /apis and their stages (all apigateway:GET).
  apiGatewayApis: 'arn:${AWS::Partition}:apigateway:*::/*apis*',
  guardDutyDetector: 'arn:${AWS::Partition}:guardduty:*:${AWS::AccountId}:detector/*',
  securityHubHub: 'arn:${AWS::Partition}:securityhub:*:${AWS::AccountId}:hub/default',
  // CloudFront is global: its ARNs have no region.
  cloudFrontDistribution: 'arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/*',
  s3Bucket: 'arn:${AWS::Partition}:s3:::*',
  iamUser: 'arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*',
  kmsKey: 'arn:${AWS::Partition}:kms:*:${AWS::AccountId}:key/*',
  cloudTrailTrail: 'arn:${AWS::Partition}:cloudtrail:*:${AWS::AccountId}:trail/*',
  configRecorder: 'arn:${AWS::Partition}:config:*:${AWS::AccountId}:configuration-recorder/*',
  rdsDb: 'arn:${AWS::Partition}:rds:*:${AWS::AccountId}:db:*',
  // Snapshot ARNs carry no account: arn:${Partition}:ec2:${Region}::snapshot/${SnapshotId}.
  ec2Snapshot: 'arn:${AWS::Partition}:ec2:*::snapshot/*',
  efsFileSystem: 'arn:${AWS::Partition}:elasticfilesystem:*:${AWS::AccountId}:file-system/*',
  sqsQueue: 'arn:${AWS::Partition}:sqs:*:${AWS::AccountId}:*',
  snsTopic: 'arn:${AWS::Partition}:sns:*:${AWS::AccountId}:*',
  kinesisStream: 'arn:${AWS::Partition}:kinesis:*:${AWS::AccountId}:stream/*',
  redshiftCluster: 'arn:${AWS::Partition}:redshift:*:${AWS::AccountId}:cluster:*',
  openSearchDomain: 'arn:${AWS::Partition}:es:*:${AWS::AccountId}:domain/*',
  elastiCacheReplicationGroup: 'arn:${AWS::Partition}:elasticache:*:${AWS::AccountId}:replicationgroup:*',
  elastiCacheServerlessCache: 'arn:${AWS::Partition}:elasticache:*:${AWS::AccountId}:serverlesscache:*',
  eksCluster: 'arn:${AWS::Partition}:eks:*:${AWS::AccountId}:cluster/*',
  // ListTagsForResource reads replication groups and serverless caches: one pattern for both ARN forms.
  elastiCacheResource: 'arn:${AWS::Partition}:elasticache:*:${AWS::AccountId}:*',
  rdsCluster: 'arn:${AWS::Partition}:rds:*:${AWS::AccountId}:cluster:*',
  rdsSnapshot: 'arn:${AWS::Partition}:rds:*:${AWS::AccountId}:snapshot:*',
  rdsClusterSnapshot: 'arn:${AWS::Partition}:rds:*:${AWS::AccountId}:cluster-snapshot:*',
  // DescribeDBSnapshots and DescribeDBClusterSnapshots take either of two optional types (db or snapshot, cluster or cluster-snapshot).
  rdsAnyOfAccount: 'arn:${AWS::Partition}:rds:*:${AWS::AccountId}:*',
  dynamoDbTable: 'arn:${AWS::Partition}:dynamodb:*:${AWS::AccountId}:table/*',
  secretsManagerSecret: 'arn:${AWS::Partition}:secretsmanager:*:${AWS::AccountId}:secret:*',
  backupPlan: 'arn:${AWS::Partition}:backup:*:${AWS::AccountId}:backup-plan:*',
  backupVault: 'arn:${AWS::Partition}:backup:*:${AWS::AccountId}:backup-vault:*',
  // backup:ListTags reads the tags of plans (backup-plan:) and vaults (backup-vault:) alike.
  backupPlanOrVault: 'arn:${AWS::Partition}:backup:*:${AWS::AccountId}:backup-*',
  // A recovery point's ARN is its service's (an EBS snapshot, an RDS snapshot, or backup's own) in any account field.
  backupRecoveryPoint: 'arn:${AWS::Partition}:*:*:*:*',
} as const;

export type ScopeName = keyof typeof ARN | 'none';

/** Exact actions with a resource type. */
const SCOPED: Record<string, ScopeName> = {
  'logs:ListTagsForResource': 'logGroup',
  'lambda:ListFunctionUrlConfigs': 'lambdaFunction',
  'lambda:ListAliases': 'lambdaFunction',
  'lambda:GetPolicy': 'lambdaFunction',
  'lambda:ListTags': 'lambdaFunction',
  'apigateway:GET': 'apiGatewayApis',
  'guardduty:GetDetector': 'guardDutyDetector',
  'securityhub:DescribeHub': 'securityHubHub',
  'securityhub:GetEnabledStandards': 'securityHubHub',
  'cloudfront:GetDistributionConfig': 'cloudFrontDistribution',
  's3:GetEncryptionConfiguration': 's3Bucket',
  's3:GetBucketPolicy': 's3Bucket',
  's3:GetBucketPolicyStatus': 's3Bucket',
  's3:GetBucketPublicAccessBlock': 's3Bucket',
  's3:GetBucketLogging': 's3Bucket',
  's3:GetBucketTagging': 's3Bucket',
  's3:GetBucketLocation': 's3Bucket',
  's3:GetBucketAcl': 's3Bucket',
  's3:GetBucketVersioning': 's3Bucket',
  's3:GetBucketOwnershipControls': 's3Bucket',
  's3:GetBucketObjectLockConfiguration': 's3Bucket',
  'iam:GetUser': 'iamUser',
  'iam:GetLoginProfile': 'iamUser',
  'iam:ListMFADevices': 'iamUser',
  'iam:ListUserTags': 'iamUser',
  'iam:ListAccessKeys': 'iamUser',
  'kms:DescribeKey': 'kmsKey',
  'kms:GetKeyRotationStatus': 'kmsKey',
  'kms:GetKeyPolicy': 'kmsKey',
  'kms:ListResourceTags': 'kmsKey',
  'cloudtrail:GetTrail': 'cloudTrailTrail',
  'cloudtrail:GetTrailStatus': 'cloudTrailTrail',
  'cloudtrail:GetEventSelectors': 'cloudTrailTrail',
  'cloudtrail:GetInsightSelectors': 'cloudTrailTrail',
  'cloudtrail:ListTags': 'cloudTrailTrail',
  'rds:DescribeDBInstances': 'rdsDb',
  'rds:DescribeDBClusters': 'rdsCluster',
  'rds:DescribeDBSnapshotAttributes': 'rdsSnapshot',
  'rds:DescribeDBClusterSnapshotAttributes': 'rdsClusterSnapshot',
  'rds:DescribeDBSnapshots': 'rdsAnyOfAccount',
  'rds:DescribeDBClusterSnapshots': 'rdsAnyOfAccount',
  'dynamodb:DescribeTable': 'dynamoDbTable',
  'dynamodb:DescribeContinuousBackups': 'dynamoDbTable',
  'dynamodb:ListTagsOfResource': 'dynamoDbTable',
  // The one EC2 Describe* read with a resource type (snapshot): the others are authorized on "*" only.
  'ec2:DescribeSnapshotAttribute': 'ec2Snapshot',
  // The Service Authorization Reference requires the ConfigurationRecorder resource type for both.
  'config:DescribeConfigurationRecorders': 'configRecorder',
  'config:DescribeConfigurationRecorderStatus': 'configRecorder',
  'rds:ListTagsForResource': 'rdsDb',
  // The resource type is optional for both: a listing call is authorized on every file system / cluster of the account.
  'elasticfilesystem:DescribeFileSystems': 'efsFileSystem',
  'redshift:DescribeClusters': 'redshiftCluster',
  'sqs:GetQueueAttributes': 'sqsQueue',
  'sqs:ListQueueTags': 'sqsQueue',
  'sns:GetTopicAttributes': 'snsTopic',
  'kinesis:DescribeStreamSummary': 'kinesisStream',
  'es:DescribeDomain': 'openSearchDomain',
  'es:ListTags': 'openSearchDomain',
  'elasticache:DescribeReplicationGroups': 'elastiCacheReplicationGroup',
  'elasticache:DescribeServerlessCaches': 'elastiCacheServerlessCache',
  'eks:DescribeCluster': 'eksCluster',
  'elasticache:ListTagsForResource': 'elastiCacheResource',
  'secretsmanager:DescribeSecret': 'secretsManagerSecret',
  'backup:ListBackupSelections': 'backupPlan',
  'backup:GetBackupSelection': 'backupPlan',
  'backup:DescribeBackupVault': 'backupVault',
  'backup:GetBackupVaultAccessPolicy': 'backupVault',
  'backup:ListTags': 'backupPlanOrVault',
  'backup:DescribeRecoveryPoint': 'backupRecoveryPoint',
};

/** Exact actions AWS authorizes only on "*". */
const RESOURCELESS = new Set([
  'dynamodb:ListTables',
  'logs:DescribeLogGroups',
  'lambda:ListFunctions',
  'guardduty:ListDetectors',
  'inspector2:BatchGetAccountStatus',
  'inspector2:ListCoverage',
  'cloudfront:ListDistributions',
  's3:ListAllMyBuckets',
  's3:GetAccountPublicAccessBlock',
  'iam:GetAccountSummary',
  'iam:GetAccountPasswordPolicy',
  'iam:ListUsers',
  'iam:ListVirtualMFADevices',
  'iam:GenerateCredentialReport',
  'iam:GetCredentialReport',
  'kms:ListKeys',
  'kms:ListAliases',
  'cloudtrail:DescribeTrails',
  'cloudtrail:ListTrails',
  'ec2:GetEbsEncryptionByDefault',
  'ec2:GetEbsDefaultKmsKeyId',
  'ec2:GetSnapshotBlockPublicAccessState',
  'ec2:GetImageBlockPublicAccessState',
  'config:GetResourceConfigHistory',
  'config:PutEvaluations',
  'iam:GetAccountAuthorizationDetails',
  'sqs:ListQueues',
  'sns:ListTopics',
  'kinesis:ListStreams',
  'es:ListDomainNames',
  'eks:ListClusters',
  'secretsmanager:ListSecrets',
  'backup:ListBackupPlans',
  'backup:ListBackupVaults',
  'backup:ListProtectedResources',
  'backup:ListRestoreJobs',
  'backup:ListRestoreTestingPlans',
]);

/** Whole verb families without resource-level permissions (EC2 and ELBv2 describes). */
const RESOURCELESS_FAMILIES = [/^ec2:Describe[A-Za-z]+$/, /^elasticloadbalancing:Describe[A-Za-z]+$/];

/**
 * The scope of one action.
 *
 * @throws RangeError when the action is not in the table (add it, with the resource type AWS documents)
 * @example scopeOf('ec2:DescribeSecurityGroups') // 'none'
 */
export function scopeOf(action: string): ScopeName {
  const scoped = SCOPED[action];
  if (scoped) return scoped;
  if (RESOURCELESS.has(action) || RESOURCELESS_FAMILIES.some((re) => re.test(action))) return 'none';
  throw new RangeError(`deploy/iam-scopes.ts does not know the resource type of ${action}: add it`);
}

/**
 * Where the trails of the account that owns organization trails are: a Fn::Sub account expression
 * (`${self:custom.managementAccountId}` in the stack, `${ManagementAccountId}` in the member template)
 * used only when the template's condition HasManagementAccount holds.
 */
export interface ReadScopeOptions {
  managementAccount?: string;
}

/**
 * The policy Resource for a scope: "*" only for 'none'. Trails also name the management account's,
 * because an organization trail belongs to it: a member account reads its status by that ARN.
 */
function resourceFor(scope: ScopeName, options: ReadScopeOptions): ResourceValue | Array<ResourceValue | Record<string, unknown>> {
  if (scope === 'none') return '*';
  const own = { 'Fn::Sub': ARN[scope] };
  if (scope !== 'cloudTrailTrail' || !options.managementAccount) return own;
  const organizationTrails = { 'Fn::Sub': ARN.cloudTrailTrail.replace('${AWS::AccountId}', options.managementAccount) };
  return [own, { 'Fn::If': ['HasManagementAccount', organizationTrails, { Ref: 'AWS::NoValue' }] }];
}

/** A plain IAM policy statement (CloudFormation values allowed). */
export interface Statement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Action: string[];
  Resource: ResourceValue | Array<ResourceValue | Record<string, unknown>> | Record<string, unknown>;
  Condition?: Record<string, unknown>;
}

function sidOf(scope: ScopeName): string {
  if (scope === 'none') return 'ReadNoResourceLevelPermissions';
  return `Read${scope[0]!.toUpperCase()}${scope.slice(1)}`;
}

/**
 * Read statements for a set of actions: one statement per scope, actions sorted, the resource-less
 * ones under Sid "ReadNoResourceLevelPermissions" (only actions the Service Authorization Reference
 * authorizes on "*" alone; test/deploy/iam-data.test.ts holds that true).
 */
export function readStatements(actions: Iterable<string>, options: ReadScopeOptions = {}): Statement[] {
  const byScope = new Map<ScopeName, Set<string>>();
  for (const action of actions) {
    const scope = scopeOf(action);
    byScope.set(scope, (byScope.get(scope) ?? new Set<string>()).add(action));
  }
  return [...byScope.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([scope, set]) => ({ Sid: sidOf(scope), Effect: 'Allow' as const, Action: [...set].sort(), Resource: resourceFor(scope, options) }));
}

import type { LazyKind } from './lazy-kinds.ts';

/**
 * Every snapshot kind a check can name in metadata.snapshotKind, each loaded only when a trigger
 * routes to it (so a function never loads an SDK it does not need). A literal list, no import side
 * effects. The "cloudtrail-event" kind is not here: its snapshot is the event itself
 * (lib/collectors/cloudtrail-event.ts).
 */
export const SNAPSHOT_KINDS: readonly LazyKind[] = [
  { kind: 'iam-user', load: async () => (await import('./iam.ts')).iamUserKind },
  { kind: 'iam-account', load: async () => (await import('./iam.ts')).iamAccountKind },
  { kind: 'iam-password-policy', load: async () => (await import('./iam-password-policy.ts')).iamPasswordPolicyKind },
  { kind: 'iam-user-credentials', load: async () => (await import('./iam-credentials.ts')).iamUserCredentialsKind },
  { kind: 'iam-user-access-keys', load: async () => (await import('./iam-credentials.ts')).iamUserAccessKeysKind },
  { kind: 's3-bucket', load: async () => (await import('./s3.ts')).s3BucketKind },
  { kind: 'ec2-security-group', load: async () => (await import('./ec2.ts')).securityGroupKind },
  { kind: 'ebs-encryption-default', load: async () => (await import('./ec2.ts')).ebsDefaultEncryptionKind },
  { kind: 'ebs-volume', load: async () => (await import('./ec2.ts')).ebsVolumeKind },
  { kind: 'ec2-vpc', load: async () => (await import('./ec2.ts')).vpcKind },
  { kind: 'ec2-subnet', load: async () => (await import('./ec2.ts')).subnetKind },
  { kind: 'elbv2-listener', load: async () => (await import('./elbv2.ts')).elbv2ListenerKind },
  { kind: 'rds-instance', load: async () => (await import('./rds.ts')).rdsInstanceKind },
  { kind: 'rds-database', load: async () => (await import('./rds-database.ts')).rdsDatabaseKind },
  { kind: 'rds-snapshot', load: async () => (await import('./rds-snapshot.ts')).rdsSnapshotKind },
  { kind: 'dynamodb-table', load: async () => (await import('./dynamodb.ts')).dynamodbTableKind },
  { kind: 'kms-key', load: async () => (await import('./kms.ts')).kmsKeyKind },
  { kind: 'cloudtrail-trail', load: async () => (await import('./cloudtrail.ts')).cloudTrailTrailKind },
  { kind: 'cloudtrail-account', load: async () => (await import('./cloudtrail.ts')).cloudTrailAccountKind },
  { kind: 'config-recorder', load: async () => (await import('./config-service.ts')).configRecorderKind },
  { kind: 'efs-file-system', load: async () => (await import('./efs.ts')).efsFileSystemKind },
  { kind: 'sqs-queue', load: async () => (await import('./sqs.ts')).sqsQueueKind },
  { kind: 'sns-topic', load: async () => (await import('./sns.ts')).snsTopicKind },
  { kind: 'kinesis-stream', load: async () => (await import('./kinesis.ts')).kinesisStreamKind },
  { kind: 'redshift-cluster', load: async () => (await import('./redshift.ts')).redshiftClusterKind },
  { kind: 'opensearch-domain', load: async () => (await import('./opensearch.ts')).openSearchDomainKind },
  { kind: 'elasticache-cache', load: async () => (await import('./elasticache.ts')).elastiCacheKind },
  { kind: 'eks-cluster', load: async () => (await import('./eks.ts')).eksClusterKind },
  { kind: 'ebs-snapshot', load: async () => (await import('./ec2.ts')).ebsSnapshotKind },
  { kind: 'ec2-image', load: async () => (await import('./ec2.ts')).imageKind },
  { kind: 'ec2-network-acl', load: async () => (await import('./ec2.ts')).networkAclKind },
  { kind: 'ec2-instance', load: async () => (await import('./ec2.ts')).instanceKind },
  { kind: 'guardduty-detector', load: async () => (await import('./guardduty.ts')).guardDutyDetectorKind },
  { kind: 'inspector-account', load: async () => (await import('./inspector2.ts')).inspectorAccountKind },
  { kind: 'securityhub-hub', load: async () => (await import('./securityhub.ts')).securityHubKind },
  { kind: 'cloudtrail-s3-data-events', load: async () => (await import('./cloudtrail-data-events.ts')).s3DataEventsKind },
  { kind: 'cloudfront-distribution', load: async () => (await import('./cloudfront.ts')).cloudFrontDistributionKind },
  { kind: 'elbv2-load-balancer', load: async () => (await import('./elbv2-load-balancer.ts')).elbv2LoadBalancerKind },
  { kind: 'logs-log-group', load: async () => (await import('./logs.ts')).logGroupKind },
  { kind: 'apigateway-stage', load: async () => (await import('./apigateway.ts')).apiGatewayStageKind },
  { kind: 'lambda-function', load: async () => (await import('./lambda.ts')).lambdaFunctionKind },
];

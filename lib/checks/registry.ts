import type { Check, CheckMetadata } from '../model/check.ts';
import iamUserConsoleMfa from './iam-user-console-mfa/index.ts';
import iamRootMfa from './iam-root-mfa/index.ts';
import signinConsoleMfa from './signin-console-mfa/index.ts';
import iamRootAccountActivity from './iam-root-account-activity/index.ts';
import s3BucketDefaultEncryption from './s3-bucket-default-encryption/index.ts';
import ebsDefaultEncryption from './ebs-default-encryption/index.ts';
import ebsVolumeEncrypted from './ebs-volume-encrypted/index.ts';
import rdsInstanceStorageEncrypted from './rds-instance-storage-encrypted/index.ts';
import kmsKeyRotationEnabled from './kms-key-rotation-enabled/index.ts';
import cloudtrailTrailKmsEncryption from './cloudtrail-trail-kms-encryption/index.ts';
import s3BucketTlsOnly from './s3-bucket-tls-only/index.ts';
import elbv2ListenerTls from './elbv2-listener-tls/index.ts';
import ec2SgNoPublicAdminPorts from './ec2-sg-no-public-admin-ports/index.ts';
import ec2SgNoPublicAllTraffic from './ec2-sg-no-public-all-traffic/index.ts';
import vpcDefaultSgClosed from './vpc-default-sg-closed/index.ts';
import s3BucketPublicAccessBlocked from './s3-bucket-public-access-blocked/index.ts';
import rdsInstanceNotPublic from './rds-instance-not-public/index.ts';
import ec2PhiSubnetNoIgwRoute from './ec2-phi-subnet-no-igw-route/index.ts';
import cloudtrailMultiRegionEnabled from './cloudtrail-multi-region-enabled/index.ts';
import cloudtrailLogFileValidation from './cloudtrail-log-file-validation/index.ts';
import configRecorderEnabled from './config-recorder-enabled/index.ts';
import vpcFlowLogsEnabled from './vpc-flow-logs-enabled/index.ts';
import s3BucketAccessLogging from './s3-bucket-access-logging/index.ts';
import iamRootHardwareMfa from './iam-root-hardware-mfa/index.ts';
import iamRootNoAccessKeys from './iam-root-no-access-keys/index.ts';
import ssoSigninMfa from './sso-signin-mfa/index.ts';
import iamPasswordPolicy from './iam-password-policy/index.ts';
import iamAccessKeyRotated from './iam-access-key-rotated/index.ts';
import iamUnusedCredentials from './iam-unused-credentials/index.ts';
import efsFileSystemEncrypted from './efs-file-system-encrypted/index.ts';
import sqsQueueEncrypted from './sqs-queue-encrypted/index.ts';
import snsTopicKmsEncrypted from './sns-topic-kms-encrypted/index.ts';
import kinesisStreamEncrypted from './kinesis-stream-encrypted/index.ts';
import redshiftClusterEncrypted from './redshift-cluster-encrypted/index.ts';
import redshiftClusterNotPublic from './redshift-cluster-not-public/index.ts';
import opensearchDomainEncrypted from './opensearch-domain-encrypted/index.ts';
import opensearchDomainTls from './opensearch-domain-tls/index.ts';
import elasticacheEncrypted from './elasticache-encrypted/index.ts';
import eksClusterEndpointPrivate from './eks-cluster-endpoint-private/index.ts';
import eksClusterSecretsEncrypted from './eks-cluster-secrets-encrypted/index.ts';
import ec2EbsSnapshotNotPublic from './ec2-ebs-snapshot-not-public/index.ts';
import ec2AmiNotPublic from './ec2-ami-not-public/index.ts';
import ec2NaclNoPublicAdminIngress from './ec2-nacl-no-public-admin-ingress/index.ts';
import ec2SubnetNoAutoPublicIp from './ec2-subnet-no-auto-public-ip/index.ts';
import ec2InstanceNoPublicIp from './ec2-instance-no-public-ip/index.ts';
import guarddutyEnabled from './guardduty-enabled/index.ts';
import inspectorEnabled from './inspector-enabled/index.ts';
import securityhubEnabled from './securityhub-enabled/index.ts';
import cloudtrailS3DataEventsPhi from './cloudtrail-s3-data-events-phi/index.ts';
import cloudfrontViewerHttps from './cloudfront-viewer-https/index.ts';
import elbv2AccessLogs from './elbv2-access-logs/index.ts';
import logsLogGroupKmsEncrypted from './logs-log-group-kms-encrypted/index.ts';
import logsLogGroupRetention from './logs-log-group-retention/index.ts';
import apigatewayStageLogging from './apigateway-stage-logging/index.ts';
import lambdaFunctionUrlAuth from './lambda-function-url-auth/index.ts';
import lambdaFunctionNotPublic from './lambda-function-not-public/index.ts';
import dynamodbTableKmsEncrypted from './dynamodb-table-kms-encrypted/index.ts';
import dynamodbPitrEnabled from './dynamodb-pitr-enabled/index.ts';
import rdsSnapshotNotPublic from './rds-snapshot-not-public/index.ts';
import rdsSnapshotEncrypted from './rds-snapshot-encrypted/index.ts';
import rdsBackupRetention from './rds-backup-retention/index.ts';
import rdsLogExports from './rds-log-exports/index.ts';
import backupResourceProtected from './backup-resource-protected/index.ts';
import backupVaultLocked from './backup-vault-locked/index.ts';
import backupRestoreTested from './backup-restore-tested/index.ts';
import secretsmanagerSecretRotation from './secretsmanager-secret-rotation/index.ts';

/** The catalog, in DESIGN.md order. A literal list: adding a check is adding a line here. */
export const CHECKS: readonly Check[] = [
  iamUserConsoleMfa,
  iamRootMfa,
  signinConsoleMfa,
  iamRootAccountActivity,
  s3BucketDefaultEncryption,
  ebsDefaultEncryption,
  ebsVolumeEncrypted,
  rdsInstanceStorageEncrypted,
  kmsKeyRotationEnabled,
  cloudtrailTrailKmsEncryption,
  s3BucketTlsOnly,
  elbv2ListenerTls,
  ec2SgNoPublicAdminPorts,
  ec2SgNoPublicAllTraffic,
  vpcDefaultSgClosed,
  s3BucketPublicAccessBlocked,
  rdsInstanceNotPublic,
  ec2PhiSubnetNoIgwRoute,
  cloudtrailMultiRegionEnabled,
  cloudtrailLogFileValidation,
  configRecorderEnabled,
  vpcFlowLogsEnabled,
  s3BucketAccessLogging,
  iamRootHardwareMfa,
  iamRootNoAccessKeys,
  ssoSigninMfa,
  iamPasswordPolicy,
  iamAccessKeyRotated,
  iamUnusedCredentials,
  efsFileSystemEncrypted,
  sqsQueueEncrypted,
  snsTopicKmsEncrypted,
  kinesisStreamEncrypted,
  redshiftClusterEncrypted,
  redshiftClusterNotPublic,
  opensearchDomainEncrypted,
  opensearchDomainTls,
  elasticacheEncrypted,
  eksClusterEndpointPrivate,
  eksClusterSecretsEncrypted,
  ec2EbsSnapshotNotPublic,
  ec2AmiNotPublic,
  ec2NaclNoPublicAdminIngress,
  ec2SubnetNoAutoPublicIp,
  ec2InstanceNoPublicIp,
  guarddutyEnabled,
  inspectorEnabled,
  securityhubEnabled,
  cloudtrailS3DataEventsPhi,
  cloudfrontViewerHttps,
  elbv2AccessLogs,
  logsLogGroupKmsEncrypted,
  logsLogGroupRetention,
  apigatewayStageLogging,
  lambdaFunctionUrlAuth,
  lambdaFunctionNotPublic,
  dynamodbTableKmsEncrypted,
  dynamodbPitrEnabled,
  rdsSnapshotNotPublic,
  rdsSnapshotEncrypted,
  rdsBackupRetention,
  rdsLogExports,
  backupResourceProtected,
  backupVaultLocked,
  backupRestoreTested,
  secretsmanagerSecretRotation,
] as Check[];

export function checkById(id: string): Check | undefined {
  return CHECKS.find((c) => c.metadata.id === id);
}

export function allMetadata(): CheckMetadata[] {
  return CHECKS.map((c) => c.metadata);
}

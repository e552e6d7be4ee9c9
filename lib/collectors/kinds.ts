import type { SnapshotKind } from './types.ts';
import { iamAccountKind, iamUserKind } from './iam.ts';
import { s3BucketKind } from './s3.ts';
import { ebsDefaultEncryptionKind, ebsVolumeKind, securityGroupKind, subnetKind, vpcKind } from './ec2.ts';
import { elbv2ListenerKind } from './elbv2.ts';
import { rdsInstanceKind } from './rds.ts';
import { kmsKeyKind } from './kms.ts';
import { cloudTrailAccountKind, cloudTrailTrailKind } from './cloudtrail.ts';
import { configRecorderKind } from './config-service.ts';

/**
 * Every snapshot kind a check can name in metadata.snapshotKind. A literal list, no import side
 * effects. The "cloudtrail-event" kind is not here: its snapshot is the event itself
 * (lib/collectors/cloudtrail-event.ts).
 */
export const SNAPSHOT_KINDS: readonly SnapshotKind[] = [
  iamUserKind,
  iamAccountKind,
  s3BucketKind,
  securityGroupKind,
  ebsDefaultEncryptionKind,
  ebsVolumeKind,
  vpcKind,
  subnetKind,
  elbv2ListenerKind,
  rdsInstanceKind,
  kmsKeyKind,
  cloudTrailTrailKind,
  cloudTrailAccountKind,
  configRecorderKind,
] as SnapshotKind[];

/**
 * S3 buckets (the benchmark's original kind, named and tagged as before) and EFS file systems.
 * Mix: one bucket in ten is PHI (its name ends in 3), half of those log access; three in four
 * buckets deny plain HTTP in their policy; half the PHI buckets use SSE-KMS (the others, on SSE-S3
 * like every other bucket, fail); the account blocks public access. One EFS file system in four is
 * unencrypted.
 */
import type { DescribeFileSystemsCommandInput, DescribeFileSystemsCommandOutput, FileSystemDescription } from '@aws-sdk/client-efs';
import type {
  GetBucketEncryptionCommandInput, GetBucketEncryptionCommandOutput, GetBucketLoggingCommandInput, GetBucketLoggingCommandOutput, GetBucketPolicyCommandInput,
  GetBucketPolicyCommandOutput, GetBucketTaggingCommandInput, GetBucketTaggingCommandOutput, ListBucketsCommandInput, ListBucketsCommandOutput, PublicAccessBlockConfiguration,
} from '@aws-sdk/client-s3';
import { indexPage, notFound, oneOrPage, type AnswerTable, type Output } from '../fake-clients.ts';
import { customerKey, daysAgo, hexId, indexOf, tagsOf, type AccountPlan } from './plan.ts';

const BLOCK_ALL: PublicAccessBlockConfiguration = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

/** The bucket names: `clinic-<account>-<i>`, as the benchmark always named them. */
function bucketName(plan: AccountPlan, i: number): string {
  return `clinic-${plan.account}-${i}`;
}

/** A TLS-only bucket policy, as AWS's own example writes it. */
function tlsOnlyPolicy(bucket: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{
      Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*',
      Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    }],
  });
}

function s3Answers(plan: AccountPlan): AnswerTable {
  const prefix = `clinic-${plan.account}-`;
  const index = (bucket: unknown) => indexOf(String(bucket), prefix, 10) ?? 0;
  const phi = (i: number) => i % 10 === 3;
  return {
    S3Client: {
      ListBuckets: (input: ListBucketsCommandInput): Output<ListBucketsCommandOutput> => {
        const { indexes, next } = indexPage(plan.counts.buckets, input.ContinuationToken, input.MaxBuckets ?? 1000);
        return {
          Buckets: indexes.map((i) => ({ Name: bucketName(plan, i), CreationDate: daysAgo(900 - (i % 800)), BucketRegion: plan.region })),
          Owner: { ID: 'c0ffee0123456789abcdef0123456789abcdef0123456789abcdef0123456789' },
          ...(next ? { ContinuationToken: next } : {}),
        };
      },
      HeadBucket: () => ({ BucketRegion: plan.region }),
      // us-east-1 answers an empty LocationConstraint.
      GetBucketLocation: () => ({}),
      GetBucketEncryption: (input: GetBucketEncryptionCommandInput): Output<GetBucketEncryptionCommandOutput> => {
        const i = index(input.Bucket);
        const byDefault = phi(i) && i % 20 === 3 ? { SSEAlgorithm: 'aws:kms' as const, KMSMasterKeyID: customerKey(plan, i) } : { SSEAlgorithm: 'AES256' as const };
        return { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: byDefault, BucketKeyEnabled: byDefault.SSEAlgorithm === 'aws:kms' }] } };
      },
      GetBucketPolicy: (input: GetBucketPolicyCommandInput): Output<GetBucketPolicyCommandOutput> | Error =>
        index(input.Bucket) % 4 === 0 ? notFound('NoSuchBucketPolicy') : { Policy: tlsOnlyPolicy(String(input.Bucket)) },
      GetPublicAccessBlock: () => ({ PublicAccessBlockConfiguration: BLOCK_ALL }),
      GetBucketLogging: (input: GetBucketLoggingCommandInput): Output<GetBucketLoggingCommandOutput> =>
        index(input.Bucket) % 20 === 3 ? { LoggingEnabled: { TargetBucket: `${prefix}access-logs`, TargetPrefix: `${String(input.Bucket)}/` } } : {},
      GetBucketTagging: (input: GetBucketTaggingCommandInput): Output<GetBucketTaggingCommandOutput> | Error =>
        phi(index(input.Bucket)) ? { TagSet: [{ Key: 'data-classification', Value: 'ephi' }] } : notFound('NoSuchTagSet'),
    },
    S3ControlClient: { GetPublicAccessBlock: () => ({ PublicAccessBlockConfiguration: BLOCK_ALL }) },
  };
}

function efsAnswers(plan: AccountPlan): AnswerTable {
  const fileSystem = (i: number): FileSystemDescription => {
    const id = hexId('fs-', i);
    const encrypted = i % 4 !== 3;
    return {
      OwnerId: plan.account, CreationToken: `efs-${i}`, FileSystemId: id, FileSystemArn: `arn:aws:elasticfilesystem:${plan.region}:${plan.account}:file-system/${id}`,
      CreationTime: daysAgo(700 - (i % 600)), LifeCycleState: 'available', Name: `shared-${i}`, NumberOfMountTargets: 2,
      SizeInBytes: { Value: 52_428_800 * (1 + (i % 40)), ValueInIA: 0, ValueInStandard: 52_428_800 * (1 + (i % 40)) }, PerformanceMode: 'generalPurpose',
      Encrypted: encrypted, ...(encrypted ? { KmsKeyId: customerKey(plan, i) } : {}), ThroughputMode: 'elastic',
      Tags: tagsOf(i, `shared-${i}`), FileSystemProtection: { ReplicationOverwriteProtection: 'ENABLED' },
    };
  };
  return {
    EFSClient: {
      // MaxItems defaults to 100.
      DescribeFileSystems: (input: DescribeFileSystemsCommandInput): Output<DescribeFileSystemsCommandOutput> | Error => {
        const out = oneOrPage(plan.counts.fileSystems, input.FileSystemId, (id) => indexOf(id, 'fs-'), fileSystem, { token: input.Marker, size: input.MaxItems ?? 100, fault: 'FileSystemNotFound' });
        return out instanceof Error ? out : { FileSystems: out.items, ...(input.Marker ? { Marker: input.Marker } : {}), ...(out.next ? { NextMarker: out.next } : {}) };
      },
    },
  };
}

/** The S3, S3 Control and EFS answers of the account. */
export function storageAnswers(plan: AccountPlan): AnswerTable {
  return { ...s3Answers(plan), ...efsAnswers(plan) };
}

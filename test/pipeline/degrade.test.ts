import 'aws-sdk-client-mock-vitest/extend';
import {
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  GetEbsDefaultKmsKeyIdCommand,
  GetEbsEncryptionByDefaultCommand,
} from '@aws-sdk/client-ec2';
import { GetAccountSummaryCommand, GetLoginProfileCommand, GetUserCommand, IAMClient, ListMFADevicesCommand, ListUserTagsCommand, ListVirtualMFADevicesCommand } from '@aws-sdk/client-iam';
import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../lib/checks/run-check.ts';
import ebsDefaultEncryption from '../../lib/checks/ebs-default-encryption/index.ts';
import phiSubnetNoIgw from '../../lib/checks/ec2-phi-subnet-no-igw-route/index.ts';
import rootMfa from '../../lib/checks/iam-root-mfa/index.ts';
import userConsoleMfa from '../../lib/checks/iam-user-console-mfa/index.ts';
import bucketAccessLogging from '../../lib/checks/s3-bucket-access-logging/index.ts';
import bucketDefaultEncryption from '../../lib/checks/s3-bucket-default-encryption/index.ts';
import bucketTlsOnly from '../../lib/checks/s3-bucket-tls-only/index.ts';
import { ebsDefaultEncryptionKind, subnetKind } from '../../lib/collectors/ec2.ts';
import { iamAccountKind, iamUserKind } from '../../lib/collectors/iam.ts';
import { s3BucketKind } from '../../lib/collectors/s3.ts';
import type { CollectContext, SnapshotKind } from '../../lib/collectors/types.ts';
import { buildRecord } from '../../lib/evidence/record.ts';
import { validateUnsignedRecord } from '../../lib/evidence/schemas.ts';
import type { UnsignedRecord } from '../../lib/evidence/types.ts';
import { DEFAULT_SETTINGS, type Check } from '../../lib/model/check.ts';
import { mockedClient, mockedContext, sdkError } from '../fixtures/collectors/ctx.ts';
import { noBucketPolicy, noPublicAccessBlock, ALL_BLOCKED } from '../fixtures/s3/answers.ts';

/**
 * Reads that decide and reads that enrich, end to end: mocked AWS answers → the real collector →
 * runCheck → a record the v1 schema accepts. A failed enrichment leaves the verdict standing and
 * is listed in observed.unreadable; unreadable tags make PHI scope unknown, judged by the stricter
 * rule only where scope can change the verdict; a failed deciding read is `error` with its code.
 */

const iam = mockedClient(IAMClient);
const ec2 = mockedClient(EC2Client);
const s3 = mockedClient(S3Client);
const s3control = mockedClient(S3ControlClient);
const ctx = mockedContext();

const denied = (operation: string) => sdkError('AccessDenied', `User is not authorized to perform: ${operation}`);

/** Collect one resource, judge it and build the record, which must validate against the v1 schema. */
async function recordOf<S>(check: Check<S>, kind: SnapshotKind<S>, id: string, context: CollectContext = ctx): Promise<UnsignedRecord> {
  const snapshot = await kind.collect(context, id);
  const record = buildRecord({
    metadata: check.metadata,
    finding: runCheck(check, snapshot, DEFAULT_SETTINGS),
    snapshot,
    trigger: { source: 'sweep', eventId: 'sweep:111122223333:us-east-1:2026-11-02T02:00:00.000Z' },
    observedAt: '2026-11-02T02:00:00.000Z',
    collectedAt: '2026-11-02T02:00:05.000Z',
    collectorFunction: 'test',
  });
  return validateUnsignedRecord(record);
}

function mockUserWithPasswordAndNoMfa(): void {
  iam.on(GetUserCommand).resolves({ User: { UserName: 'alice', UserId: 'AIDAJQABLZS4A3QDU576Q', Arn: 'arn:aws:iam::111122223333:user/alice', Path: '/', CreateDate: new Date('2024-03-01T09:00:00Z') } });
  iam.on(GetLoginProfileCommand).resolves({ LoginProfile: { UserName: 'alice', CreateDate: new Date('2024-03-01T09:01:12Z'), PasswordResetRequired: false } });
  iam.on(ListMFADevicesCommand).resolves({ MFADevices: [], IsTruncated: false });
}

/** claims-scans in us-east-1 with SSE-S3 default encryption, no policy, no logging; its tags are denied. */
function mockSseS3BucketWithTagsDenied(): void {
  s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: undefined });
  s3.on(GetBucketTaggingCommand).rejects(denied('s3:GetBucketTagging'));
  s3.on(GetBucketEncryptionCommand).resolves({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] } });
  s3.on(GetBucketPolicyCommand).rejects(noBucketPolicy());
  s3.on(GetPublicAccessBlockCommand).rejects(noPublicAccessBlock());
  s3.on(GetBucketLoggingCommand).resolves({});
  s3control.on(GetAccountPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: ALL_BLOCKED });
}

const TAGS_DENIED = { operation: 'GetBucketTagging', code: 'ACCESS_DENIED', name: 'AccessDenied', message: 'User is not authorized to perform: s3:GetBucketTagging' };

describe('an enrichment that fails leaves the verdict standing', () => {
  it('IAM user with a console password and no MFA, ListUserTags denied: fail, and the record says the tags could not be read', async () => {
    // Prepare
    mockUserWithPasswordAndNoMfa();
    iam.on(ListUserTagsCommand).rejects(denied('iam:ListUserTags'));
    // Act
    const record = await recordOf(userConsoleMfa, iamUserKind, 'alice');
    // Assess
    expect(record.result).toBe('fail');
    expect(record.reason).toBe('IAM user alice has a console password and no MFA device');
    expect(record.resource.phiScoped).toBe(false);
    expect(record.observed).toMatchObject({
      phiScope: 'unknown',
      unreadable: [{ operation: 'ListUserTags', code: 'ACCESS_DENIED', name: 'AccessDenied', message: 'User is not authorized to perform: iam:ListUserTags' }],
    });
  });

  it('EBS encryption by default off, GetEbsDefaultKmsKeyId denied: fail, and the key is not even asked for', async () => {
    // Prepare
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: false });
    ec2.on(GetEbsDefaultKmsKeyIdCommand).rejects(sdkError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
    // Act
    const record = await recordOf(ebsDefaultEncryption, ebsDefaultEncryptionKind, '111122223333:us-east-1');
    // Assess
    expect(record.result).toBe('fail');
    expect(record.observed).toEqual({ encryptedByDefault: false, kmsKeyId: null });
    expect(ec2).not.toHaveReceivedCommand(GetEbsDefaultKmsKeyIdCommand);
  });

  it('EBS encryption by default on, GetEbsDefaultKmsKeyId denied: pass, with the key read listed as unreadable', async () => {
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    ec2.on(GetEbsDefaultKmsKeyIdCommand).rejects(sdkError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
    const record = await recordOf(ebsDefaultEncryption, ebsDefaultEncryptionKind, '111122223333:us-east-1');
    expect(record.result).toBe('pass');
    expect(record.observed).toMatchObject({ encryptedByDefault: true, kmsKeyId: null, unreadable: [{ operation: 'ec2:GetEbsDefaultKmsKeyId', code: 'ACCESS_DENIED' }] });
    expect(record.observed).not.toHaveProperty('phiScope');
  });

  it('root MFA on, ListVirtualMFADevices denied: pass, device type unknown and the listing named', async () => {
    iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 } });
    iam.on(ListVirtualMFADevicesCommand).rejects(denied('iam:ListVirtualMFADevices'));
    const record = await recordOf(rootMfa, iamAccountKind, '111122223333');
    expect(record.result).toBe('pass');
    expect(record.observed).toMatchObject({ rootMfaType: 'unknown', unreadable: [{ operation: 'ListVirtualMFADevices', code: 'ACCESS_DENIED' }] });
  });

  it('a check whose verdict PHI scope cannot change keeps it when the tags are denied: phiScoped false, scope unknown', async () => {
    mockSseS3BucketWithTagsDenied();
    const record = await recordOf(bucketTlsOnly, s3BucketKind, 'claims-scans');
    expect(record.result).toBe('fail');
    expect(record.reason).toBe('bucket claims-scans has no bucket policy, so requests over plain HTTP are accepted');
    expect(record.resource.phiScoped).toBe(false);
    expect(record.observed).toMatchObject({ phiScope: 'unknown', unreadable: [TAGS_DENIED] });
  });
});

describe('PHI scope unknown where the verdict depends on it: judged by the stricter rule', () => {
  it('s3-bucket-default-encryption, SSE-S3 only, tags denied: fail judged as PHI-scoped, and the reason says why', async () => {
    // Prepare
    mockSseS3BucketWithTagsDenied();
    // Act
    const record = await recordOf(bucketDefaultEncryption, s3BucketKind, 'claims-scans');
    // Assess
    expect(record.result).toBe('fail');
    expect(record.reason).toBe(
      'PHI-scoped bucket claims-scans uses SSE-S3 (AES256); SSE-KMS or DSSE-KMS is required; PHI scope unknown: tags could not be read (ACCESS_DENIED), judged as PHI-scoped',
    );
    expect(record.resource.phiScoped).toBe(true);
    expect(record.observed).toMatchObject({ phiScope: 'unknown', unreadable: [TAGS_DENIED] });
  });

  it('s3-bucket-default-encryption with SSE-KMS, tags denied: pass either way, so not claimed as PHI-scoped', async () => {
    mockSseS3BucketWithTagsDenied();
    s3.on(GetBucketEncryptionCommand).resolves({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/claims' } }] } });
    const record = await recordOf(bucketDefaultEncryption, s3BucketKind, 'claims-scans');
    expect(record.result).toBe('pass');
    expect(record.resource.phiScoped).toBe(false);
    expect(record.observed).toMatchObject({ phiScope: 'unknown' });
  });

  it('a PHI-only check (s3-bucket-access-logging), logging off, tags denied: fail judged as PHI-scoped instead of not_applicable', async () => {
    mockSseS3BucketWithTagsDenied();
    const record = await recordOf(bucketAccessLogging, s3BucketKind, 'claims-scans');
    expect(record.result).toBe('fail');
    expect(record.reason).toMatch(/server access logging off; PHI scope unknown: tags could not be read \(ACCESS_DENIED\), judged as PHI-scoped$/);
    expect(record.resource.phiScoped).toBe(true);
  });

  it('a subnet whose VPC cannot be read: its default route to an internet gateway fails as a PHI subnet', async () => {
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: 'subnet-29428871', VpcId: 'vpc-0990dc6d', Tags: [{ Key: 'Name', Value: 'app-a' }] }] });
    ec2.on(DescribeVpcsCommand).rejects(sdkError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
    ec2.on(DescribeRouteTablesCommand).resolves({
      RouteTables: [{ RouteTableId: 'rtb-0a1b2c3d4e5f6a7b8', VpcId: 'vpc-0990dc6d', Associations: [{ SubnetId: 'subnet-29428871', Main: false }], Routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-a5f227c1', State: 'active' }] }],
    });
    const record = await recordOf(phiSubnetNoIgw, subnetKind, 'subnet-29428871');
    expect(record.result).toBe('fail');
    expect(record.resource.phiScoped).toBe(true);
    expect(record.observed).toMatchObject({ phiScope: 'unknown', unreadable: [{ operation: 'ec2:DescribeVpcs', code: 'ACCESS_DENIED', name: 'UnauthorizedOperation' }] });
  });

  it('a subnet whose own tags already say it is not PHI stays out of scope when its VPC cannot be read', async () => {
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: 'subnet-29428871', VpcId: 'vpc-0990dc6d', Tags: [{ Key: 'data-classification', Value: 'public' }] }] });
    ec2.on(DescribeVpcsCommand).rejects(sdkError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
    ec2.on(DescribeRouteTablesCommand).resolves({ RouteTables: [{ RouteTableId: 'rtb-1', VpcId: 'vpc-0990dc6d', Associations: [{ SubnetId: 'subnet-29428871' }], Routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-a5f227c1' }] }] });
    const record = await recordOf(phiSubnetNoIgw, subnetKind, 'subnet-29428871');
    expect(record.result).toBe('not_applicable');
    expect(record.observed).not.toHaveProperty('phiScope');
    expect(record.observed).toMatchObject({ unreadable: [{ operation: 'ec2:DescribeVpcs' }] });
  });
});

describe('a deciding read that fails is an error record with its code', () => {
  it.each<[string, () => Promise<UnsignedRecord>, string]>([
    [
      'iam-user-console-mfa, ListMFADevices denied',
      async () => {
        mockUserWithPasswordAndNoMfa();
        iam.on(ListMFADevicesCommand).rejects(denied('iam:ListMFADevices'));
        iam.on(ListUserTagsCommand).resolves({ Tags: [], IsTruncated: false });
        return recordOf(userConsoleMfa, iamUserKind, 'alice');
      },
      'ListMFADevices',
    ],
    [
      's3-bucket-default-encryption, GetBucketEncryption denied',
      async () => {
        mockSseS3BucketWithTagsDenied();
        s3.on(GetBucketEncryptionCommand).rejects(denied('s3:GetEncryptionConfiguration'));
        return recordOf(bucketDefaultEncryption, s3BucketKind, 'claims-scans');
      },
      'GetBucketEncryption',
    ],
    [
      'ebs-default-encryption, GetEbsEncryptionByDefault denied',
      async () => {
        ec2.on(GetEbsEncryptionByDefaultCommand).rejects(sdkError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
        return recordOf(ebsDefaultEncryption, ebsDefaultEncryptionKind, '111122223333:us-east-1');
      },
      'ec2:GetEbsEncryptionByDefault',
    ],
  ])('%s → error, observed.error.code ACCESS_DENIED', async (_name, act, operation) => {
    // Act
    const record = await act();
    // Assess
    expect(record.result).toBe('error');
    expect(record.reason).toMatch(new RegExp(`^ACCESS_DENIED: ${operation} was denied`));
    expect(record.observed.error).toMatchObject({ operation, code: 'ACCESS_DENIED' });
  });
});

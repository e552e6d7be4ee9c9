import 'aws-sdk-client-mock-vitest/extend';
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
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../lib/checks/registry.ts';
import { s3BucketKind } from '../../lib/collectors/s3.ts';
import type { SnapshotKind } from '../../lib/collectors/types.ts';
import { parseInput } from '../../lib/events/parse.ts';
import { runPipeline } from '../../lib/pipeline/run.ts';
import { runSweep } from '../../lib/pipeline/sweep.ts';
import { mockedClient, mockedContext } from '../fixtures/collectors/ctx.ts';
import { engine } from '../fixtures/pipeline/fake-engine.ts';
import { noBucketPolicy, noPublicAccessBlock, ALL_BLOCKED } from '../fixtures/s3/answers.ts';

/**
 * Reads the verdict at hand does not need are not made, and account-level facts are read once
 * per run: counted on the real S3 collector with aws-sdk-client-mock.
 */

const s3 = mockedClient(S3Client);
const s3control = mockedClient(S3ControlClient);
const ctx = mockedContext('us-west-2');
const S3_CHECKS = CHECKS.filter((c) => c.metadata.snapshotKind === 's3-bucket');
const event = (name: string): string => readFileSync(new URL(`../fixtures/s3/${name}`, import.meta.url), 'utf8');

/** An account with `count` buckets in us-west-2, each answering every facet read. */
function mockAccountWithBuckets(count: number): void {
  const buckets = Array.from({ length: count }, (_, i) => ({ Name: `bucket-${i}`, BucketRegion: 'us-west-2', CreationDate: new Date('2024-01-15T10:00:00Z') }));
  s3.on(ListBucketsCommand).resolves({ Buckets: buckets });
  s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'us-west-2' });
  s3.on(GetBucketTaggingCommand).resolves({ TagSet: [{ Key: 'data-classification', Value: 'ephi' }] });
  s3.on(GetBucketEncryptionCommand).resolves({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/claims' } }] } });
  s3.on(GetBucketPolicyCommand).rejects(noBucketPolicy());
  s3.on(GetPublicAccessBlockCommand).rejects(noPublicAccessBlock());
  s3.on(GetBucketLoggingCommand).resolves({});
  s3control.on(GetAccountPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: ALL_BLOCKED });
}

function s3Engine() {
  return engine({}, { checks: S3_CHECKS, kinds: [s3BucketKind] as SnapshotKind[], clientsFor: () => ctx.clients });
}

describe('account-level facts are read once per run', () => {
  it('a sweep of 50 buckets reads the account Block Public Access once, not 50 times', async () => {
    // Prepare
    mockAccountWithBuckets(50);
    const deps = s3Engine();
    // Act
    const summary = await runSweep(deps, { account: '111122223333', regions: ['us-west-2'], startedAt: new Date('2026-11-02T02:00:00Z') });
    // Assess
    expect(summary.written).toBe(50 * S3_CHECKS.length);
    expect(s3).toHaveReceivedCommandTimes(GetBucketLocationCommand, 50);
    expect(s3control).toHaveReceivedCommandTimes(GetAccountPublicAccessBlockCommand, 1);
  });

  it('an account-wide Block Public Access change re-reads every bucket and the account setting once', async () => {
    mockAccountWithBuckets(50);
    const deps = s3Engine();
    await runPipeline(parseInput(event('event-put-account-public-access-block.json'), 'account-block.json'), deps);
    expect(s3).toHaveReceivedCommandTimes(GetBucketLocationCommand, 50);
    expect(s3control).toHaveReceivedCommandTimes(GetAccountPublicAccessBlockCommand, 1);
  });

  it('a new run reads the account setting again: the memo never outlives its run', async () => {
    mockAccountWithBuckets(3);
    const deps = s3Engine();
    await runSweep(deps, { account: '111122223333', regions: ['us-west-2'], startedAt: new Date('2026-11-02T02:00:00Z') });
    await runSweep(deps, { account: '111122223333', regions: ['us-west-2'], startedAt: new Date('2026-11-03T02:00:00Z') });
    expect(s3control).toHaveReceivedCommandTimes(GetAccountPublicAccessBlockCommand, 2);
  });
});

describe('reads the routed checks do not need are not made', () => {
  it('DeleteBucketPolicy reaches only s3-bucket-tls-only: the bucket policy is read, no other facet', async () => {
    // Prepare
    mockAccountWithBuckets(1);
    const deps = s3Engine();
    // Act
    const summary = await runPipeline(parseInput(event('event-delete-bucket-policy.json'), 'delete-policy.json'), deps);
    // Assess
    expect(summary.outcomes[0]).toMatchObject({ status: 'recorded', recordIds: [expect.any(String)] });
    expect(s3).toHaveReceivedCommandWith(GetBucketPolicyCommand, { Bucket: 'claims-scans' });
    for (const unneeded of [GetBucketEncryptionCommand, GetBucketLoggingCommand, GetPublicAccessBlockCommand]) expect(s3).not.toHaveReceivedCommand(unneeded);
    expect(s3control).not.toHaveReceivedCommand(GetAccountPublicAccessBlockCommand);
  });

  it('a sweep of one check reads only its facet', async () => {
    mockAccountWithBuckets(2);
    const deps = s3Engine();
    await runSweep(deps, { account: '111122223333', regions: ['us-west-2'], checkIds: ['s3-bucket-default-encryption'], startedAt: new Date('2026-11-02T02:00:00Z') });
    expect(s3).toHaveReceivedCommandTimes(GetBucketEncryptionCommand, 2);
    for (const unneeded of [GetBucketPolicyCommand, GetBucketLoggingCommand, GetPublicAccessBlockCommand]) expect(s3).not.toHaveReceivedCommand(unneeded);
    expect(s3control).not.toHaveReceivedCommand(GetAccountPublicAccessBlockCommand);
  });
});

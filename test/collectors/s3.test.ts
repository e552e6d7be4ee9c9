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
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RunMemo } from '../../lib/collectors/run-memo.ts';
import { s3BucketKind } from '../../lib/collectors/s3.ts';
import type { ConfigItem } from '../../lib/model/config-item.ts';
import { normalizeConfigItem } from '../../lib/events/config-item.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import { mockedClient, mockedContext, sdkError } from '../fixtures/collectors/ctx.ts';
import { CORPUS } from '../fixtures/corpus.ts';
import { noPublicAccessBlock } from '../fixtures/s3/answers.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/s3/', import.meta.url));
const HAS_CORPUS = existsSync(join(CORPUS, 'api-responses'));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are SDK-shaped JSON handed to the mock as they are
const fixture = (name: string): any => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a botocore recording's `data`
const corpusData = (name: string): any => JSON.parse(readFileSync(join(CORPUS, 'api-responses', name), 'utf8')).data;
/** A recorded botocore error turned into the error the SDK v3 would throw. */
const corpusError = (name: string) => sdkError(corpusData(name).Error.Code, corpusData(name).Error.Message);

const s3 = mockedClient(S3Client);
const s3control = mockedClient(S3ControlClient);
const ctx = mockedContext('us-west-2');

/** A bucket with every facet configured: PHI-tagged, SSE-KMS, TLS-only policy, partial bucket block, logging. */
function mockHardenedBucket() {
  s3.on(GetBucketLocationCommand).resolves(fixture('get-bucket-location-us-west-2.json'));
  s3.on(GetBucketTaggingCommand).resolves(fixture('get-bucket-tagging-phi.json'));
  s3.on(GetBucketEncryptionCommand).resolves(fixture('get-bucket-encryption-kms.json'));
  s3.on(GetBucketPolicyCommand).resolves(fixture('get-bucket-policy-tls.json'));
  s3.on(GetPublicAccessBlockCommand).resolves(fixture('get-public-access-block-partial.json'));
  s3.on(GetBucketLoggingCommand).resolves(fixture('get-bucket-logging-on.json'));
  s3control.on(GetAccountPublicAccessBlockCommand, { AccountId: '111122223333' }).resolves(fixture('get-account-public-access-block-on.json'));
}

describe('s3BucketKind.collect', () => {
  it('reads every facet of a configured bucket', async () => {
    // Prepare
    mockHardenedBucket();
    // Act
    const snapshot = await s3BucketKind.collect(ctx, 'claims-scans');
    // Assess
    expect(snapshot).toMatchObject({ region: 'us-west-2', tags: { 'data-classification': 'ephi', owner: 'claims' }, resource: { id: 'claims-scans', arn: 'arn:aws:s3:::claims-scans' } });
    expect(snapshot.state).toMatchObject({
      bucket: 'claims-scans',
      region: 'us-west-2',
      encryptionRules: [{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', bucketKeyEnabled: true }],
      publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: false, blockPublicPolicy: true, restrictPublicBuckets: true },
      accountPublicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
      logging: { targetBucket: 'claims-access-logs', targetPrefix: 'claims-scans/' },
      facetErrors: {},
    });
    expect(snapshot.state?.policy?.Statement.map((s) => s.Sid)).toEqual(['AllowClaimsApp', 'DenyInsecureTransport']);
    expect(s3control).toHaveReceivedCommandWith(GetAccountPublicAccessBlockCommand, { AccountId: '111122223333' });
  });

  it.skipIf(!HAS_CORPUS)('maps the real recorded "absent" errors to explicit absent values', async () => {
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: undefined });
    s3.on(GetBucketTaggingCommand).rejects(sdkError('NoSuchTagSet', 'The TagSet does not exist'));
    s3.on(GetBucketEncryptionCommand).rejects(corpusError('test_s3_bucket_encryption_filter_absent__s3.GetBucketEncryption_1.json'));
    s3.on(GetBucketPolicyCommand).rejects(corpusError('test_s3_missing_policy__s3.GetBucketPolicy_1.json'));
    s3.on(GetPublicAccessBlockCommand).rejects(corpusError('test_s3_public_block_throws_errors__s3.GetPublicAccessBlock_1.json'));
    s3.on(GetBucketLoggingCommand).resolves({});
    s3control.on(GetAccountPublicAccessBlockCommand).rejects(noPublicAccessBlock());
    const snapshot = await s3BucketKind.collect(ctx, 'scans');
    expect(snapshot.error).toBeUndefined();
    expect(snapshot.region).toBe('us-east-1'); // the legacy empty LocationConstraint
    expect(snapshot.tags).toEqual({});
    expect(snapshot.state).toEqual({
      bucket: 'scans',
      region: 'us-east-1',
      encryptionRules: [],
      policy: null,
      publicAccessBlock: null,
      accountPublicAccessBlock: { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false },
      logging: null,
      facetErrors: {},
    });
  });

  it.skipIf(!HAS_CORPUS)('reads the real recorded responses of each facet', async () => {
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'EU' });
    s3.on(GetBucketTaggingCommand).resolves({ TagSet: [] });
    s3.on(GetBucketEncryptionCommand).resolves(corpusData('test_s3_bucket_encryption_filter_kms__s3.GetBucketEncryption_1.json'));
    s3.on(GetBucketPolicyCommand).resolves(corpusData('test_cloudtrail_enable__s3.GetBucketPolicy_1.json'));
    s3.on(GetPublicAccessBlockCommand).resolves(corpusData('test_s3_check_public_block__s3.GetPublicAccessBlock_2.json'));
    s3.on(GetBucketLoggingCommand).resolves(corpusData('test_s3_log_target__s3.GetBucketLogging_3.json'));
    s3control.on(GetAccountPublicAccessBlockCommand).resolves(corpusData('test_account_action_s3_public_block__s3-control.GetPublicAccessBlock_1.json'));
    const snapshot = await s3BucketKind.collect(ctx, 'nosetest-bucket');
    expect(snapshot.region).toBe('eu-west-1');
    expect(snapshot.state).toMatchObject({
      encryptionRules: [{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'alias/aws/s3', bucketKeyEnabled: false }],
      publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: false, blockPublicPolicy: true, restrictPublicBuckets: true },
      accountPublicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false },
      logging: { targetBucket: 'custodian-log-test', targetPrefix: 's3-logs/' },
    });
    expect(snapshot.state?.policy?.Statement).toHaveLength(2);
  });

  it('AccessDenied on one facet stays in that facet; the others are still read', async () => {
    mockHardenedBucket();
    s3.on(GetBucketPolicyCommand).rejects(sdkError('AccessDenied', 'Access Denied'));
    const snapshot = await s3BucketKind.collect(ctx, 'claims-scans');
    expect(snapshot.error).toBeUndefined();
    expect(snapshot.state?.facetErrors).toEqual({ policy: { operation: 'GetBucketPolicy', code: 'ACCESS_DENIED', name: 'AccessDenied', message: 'Access Denied' } });
    expect(snapshot.state?.policy).toBeUndefined();
    expect(snapshot.state?.encryptionRules).toHaveLength(1);
  });

  it('a policy that is not JSON is a facet error naming the parse failure', async () => {
    mockHardenedBucket();
    s3.on(GetBucketPolicyCommand).resolves({ Policy: '{"Version":"2012-10-17",' });
    const snapshot = await s3BucketKind.collect(ctx, 'claims-scans');
    expect(snapshot.state?.facetErrors.policy).toMatchObject({ operation: 'GetBucketPolicy', name: 'ParseError' });
  });

  it('AccessDenied on the bucket itself is the snapshot error', async () => {
    s3.on(GetBucketLocationCommand).rejects(sdkError('AccessDenied', 'Access Denied'));
    const snapshot = await s3BucketKind.collect(ctx, 'claims-scans');
    expect(snapshot.state).toBeUndefined();
    expect(snapshot.error).toMatchObject({ operation: 'GetBucketLocation', code: 'ACCESS_DENIED' });
  });

  it('unreadable tags leave PHI scope unknown (tagsError), never the snapshot error: every facet is still read', async () => {
    mockHardenedBucket();
    s3.on(GetBucketTaggingCommand).rejects(sdkError('AccessDenied', 'Access Denied'));
    const snapshot = await s3BucketKind.collect(ctx, 'claims-scans');
    expect(snapshot.error).toBeUndefined();
    expect(snapshot.tags).toBeUndefined();
    expect(snapshot.tagsError).toMatchObject({ operation: 'GetBucketTagging', code: 'ACCESS_DENIED' });
    expect(snapshot.state).toMatchObject({ encryptionRules: [{ sseAlgorithm: 'aws:kms' }], facetErrors: {} });
  });

  it('reads only the facets the checks at hand declare (ctx.reads); the others stay unread, not failed', async () => {
    // Prepare
    mockHardenedBucket();
    // Act
    const snapshot = await s3BucketKind.collect({ ...ctx, reads: new Set(['s3:GetBucketLocation', 's3:GetBucketTagging', 's3:GetBucketPolicy']) }, 'claims-scans');
    // Assess
    expect(snapshot.state?.policy?.Statement).toHaveLength(2);
    expect(snapshot.state).not.toHaveProperty('encryptionRules');
    expect(snapshot.state?.facetErrors).toEqual({});
    for (const unneeded of [GetBucketEncryptionCommand, GetBucketLoggingCommand, GetPublicAccessBlockCommand]) expect(s3).not.toHaveReceivedCommand(unneeded);
    expect(s3control).not.toHaveReceivedCommand(GetAccountPublicAccessBlockCommand);
  });

  it('shares the account Block Public Access between buckets of one run (ctx.memo)', async () => {
    mockHardenedBucket();
    const run = { ...ctx, memo: new RunMemo() };
    const [first, second] = await Promise.all([s3BucketKind.collect(run, 'claims-scans'), s3BucketKind.collect(run, 'claims-exports')]);
    expect(first.state?.accountPublicAccessBlock).toEqual(second.state?.accountPublicAccessBlock);
    expect(s3control).toHaveReceivedCommandTimes(GetAccountPublicAccessBlockCommand, 1);
  });

  it('a bucket that does not exist is deleted, not an error', async () => {
    s3.on(GetBucketLocationCommand).rejects(sdkError('NoSuchBucket', 'The specified bucket does not exist'));
    const snapshot = await s3BucketKind.collect(ctx, 'gone-bucket');
    expect(snapshot).toMatchObject({ deleted: true, resource: { id: 'gone-bucket' } });
    expect(snapshot.error).toBeUndefined();
  });
});

describe('s3BucketKind.enumerate', () => {
  it('pages through ListBuckets for the context region', async () => {
    s3.on(ListBucketsCommand).resolves(fixture('list-buckets-page1.json'));
    s3.on(ListBucketsCommand, { ContinuationToken: 'ZXhhbXBsZS10b2tlbg==' }).resolves(fixture('list-buckets-page2.json'));
    const names: string[] = [];
    for await (const name of s3BucketKind.enumerate(ctx)) names.push(name);
    expect(names).toEqual(['claims-scans', 'claims-access-logs', 'claims-exports']);
    expect(s3).toHaveReceivedCommandTimes(ListBucketsCommand, 2);
    expect(s3).toHaveReceivedCommandWith(ListBucketsCommand, { BucketRegion: 'us-west-2' });
  });

  it('lists the whole account for an account-level change, each bucket with its region', async () => {
    // Prepare: one bucket without BucketRegion (an older answer) is read through the context region
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'claims-scans', BucketRegion: 'us-west-2' }, { Name: 'eu-archive', BucketRegion: 'eu-west-1' }, { Name: 'legacy' }] });
    // Act
    const listed: Array<{ id: string; region: string }> = [];
    for await (const bucket of s3BucketKind.enumerateAccount!(ctx)) listed.push(bucket);
    // Assess
    expect(listed).toEqual([{ id: 'claims-scans', region: 'us-west-2' }, { id: 'eu-archive', region: 'eu-west-1' }, { id: 'legacy', region: 'us-west-2' }]);
    expect(s3).toHaveReceivedCommandWith(ListBucketsCommand, {});
    expect(s3).not.toHaveReceivedCommandWith(ListBucketsCommand, { BucketRegion: expect.anything() });
  });
});

describe('s3BucketKind.fromConfigItem', () => {
  it('builds the state from a Config item with every facet', () => {
    const snapshot = s3BucketKind.fromConfigItem!(fixture('config-item-bucket.json') as ConfigItem);
    expect(snapshot).toMatchObject({ source: 'config-item', region: 'us-west-2', account: '111122223333', tags: { 'data-classification': 'ephi' } });
    expect(snapshot?.state).toMatchObject({
      bucket: 'claims-scans',
      encryptionRules: [{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', bucketKeyEnabled: true }],
      publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
      logging: { targetBucket: 'claims-access-logs', targetPrefix: 'claims-scans/' },
      facetErrors: {},
    });
    expect(snapshot?.state?.policy?.Statement).toHaveLength(2);
  });

  it('needs the account setting when the bucket block is partial: no snapshot, read live', () => {
    expect(s3BucketKind.fromConfigItem!(fixture('config-item-bucket-strings-partial-block.json') as ConfigItem)).toBeUndefined();
  });

  it('reads JSON-string supplementary values like objects', () => {
    const item = fixture('config-item-bucket-strings-partial-block.json') as ConfigItem;
    item.supplementaryConfiguration.PublicAccessBlockConfiguration = JSON.stringify({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true });
    const fromStrings = s3BucketKind.fromConfigItem!(item);
    const fromObjects = s3BucketKind.fromConfigItem!(fixture('config-item-bucket.json') as ConfigItem);
    expect(fromStrings?.state).toEqual(fromObjects?.state);
  });

  it('a deleted bucket item is a deleted snapshot', () => {
    expect(s3BucketKind.fromConfigItem!(fixture('config-item-bucket-deleted.json') as ConfigItem)).toMatchObject({ deleted: true, resource: { id: 'claims-scans' } });
  });

  it.skipIf(!existsSync(join(CORPUS, 'config')))('real bucket items without an encryption entry are read live', () => {
    for (const name of ['c7n__s3.json', 'rdk__AWS_S3_Bucket.json']) {
      const raw = JSON.parse(readFileSync(join(CORPUS, 'config/configuration-items', name), 'utf8'));
      expect(s3BucketKind.fromConfigItem!(normalizeConfigItem(raw, { path: '' }))).toBeUndefined();
    }
  });

  it.skipIf(!existsSync(join(CORPUS, 'config')))('reads the real policy and logging shapes once the missing facts are present', () => {
    const raw = JSON.parse(readFileSync(join(CORPUS, 'config/configuration-items/rdk__AWS_S3_Bucket.json'), 'utf8'));
    const item = normalizeConfigItem(raw, { path: '' });
    item.supplementaryConfiguration.ServerSideEncryptionConfiguration = { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256', kmsMasterKeyID: null }, bucketKeyEnabled: false }] };
    item.supplementaryConfiguration.PublicAccessBlockConfiguration = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
    const snapshot = s3BucketKind.fromConfigItem!(item);
    expect(snapshot?.state).toMatchObject({ bucket: 'mborch-test-bucket-config-item', encryptionRules: [{ sseAlgorithm: 'AES256' }], logging: null });
    expect(snapshot?.state?.policy?.Statement[0]).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });
});

describe('s3BucketKind.idsFromEvent', () => {
  it.each([
    ['event-delete-bucket-policy.json', ['claims-scans']],
    ['event-put-account-public-access-block.json', []], // account level: names no bucket
  ])('%s → %j', (file, ids) => {
    expect(s3BucketKind.idsFromEvent(fixture(file) as CloudTrailRecord)).toEqual(ids);
  });

  it.skipIf(!existsSync(join(CORPUS, 'cloudtrail')))('names the bucket of every real bucket-level S3 record in the corpus', () => {
    const dir = join(CORPUS, 'cloudtrail');
    const files = [...readdirSync(dir).map((f) => join(dir, f)), ...readdirSync(join(dir, 'eventbridge')).map((f) => join(dir, 'eventbridge', f))].filter((f) => f.endsWith('.json'));
    const records = files
      .map((f) => JSON.parse(readFileSync(f, 'utf8')))
      .map((parsed) => (parsed.detail ?? parsed) as CloudTrailRecord)
      .filter((r) => r.eventSource === 's3.amazonaws.com' && /Bucket/.test(r.eventName));
    expect(records.length).toBeGreaterThanOrEqual(8);
    for (const record of records) expect(s3BucketKind.idsFromEvent(record)).toEqual([record.requestParameters?.bucketName]);
  });
});

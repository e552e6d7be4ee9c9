import { CloudWatchLogsClient, DescribeLogGroupsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-cloudwatch-logs';
import 'aws-sdk-client-mock-vitest/extend';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { logGroupKind } from '../../lib/collectors/logs.ts';
import kmsCheck from '../../lib/checks/logs-log-group-kms-encrypted/index.ts';
import retentionCheck from '../../lib/checks/logs-log-group-retention/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Snapshot } from '../../lib/model/check.ts';
import type { LogGroupState } from '../../lib/model/states/logs.ts';
import groups from '../fixtures/logs/describe-log-groups.json' with { type: 'json' };
import events from '../fixtures/logs/cloudtrail-events.json' with { type: 'json' };
import { recordFrom } from '../fixtures/ec2/aws-harness.ts';
import { mockedClient, mockedContext, sdkError } from '../fixtures/collectors/ctx.ts';
import { corpusPath, corpusPresent } from '../fixtures/corpus.ts';

const logs = mockedClient(CloudWatchLogsClient);
const ctx = mockedContext('us-east-1', '111122223333');

async function drain<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

describe('logGroupKind.collect', () => {
  it('maps key, retention, class and tags (tagged by the ARN without :*)', async () => {
    // Prepare
    logs.on(DescribeLogGroupsCommand, { logGroupIdentifiers: ['/aws/lambda/intake'] }).resolves({ logGroups: [groups.encrypted] } as never);
    logs.on(ListTagsForResourceCommand, { resourceArn: groups.encrypted.logGroupArn }).resolves({ tags: { 'data-classification': 'ephi' } });
    // Act
    const snapshot = await logGroupKind.collect(ctx, '/aws/lambda/intake');
    // Assess
    expect(snapshot.resource).toEqual({ type: 'AWS::Logs::LogGroup', id: '/aws/lambda/intake', arn: groups.encrypted.logGroupArn });
    expect(snapshot.state).toEqual({
      logGroupName: '/aws/lambda/intake',
      arn: groups.encrypted.logGroupArn,
      kmsKeyId: groups.encrypted.kmsKeyId,
      retentionInDays: 2192,
      logGroupClass: 'STANDARD',
      storedBytes: 5120,
      createdAt: '2024-05-01T10:00:00.000Z',
    });
    expect(snapshot.tags).toEqual({ 'data-classification': 'ephi' });
  });

  it('reads an absent retentionInDays as never expire and strips :* from the older ARN', async () => {
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [groups.plain] } as never);
    logs.on(ListTagsForResourceCommand).resolves({ tags: {} });
    const snapshot = await logGroupKind.collect(ctx, 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/intake-worker:*');
    expect(snapshot.state).toMatchObject({ logGroupName: '/aws/lambda/intake-worker', retentionInDays: null, kmsKeyId: null, arn: 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/intake-worker' });
    expect(logs).toHaveReceivedCommandWith(ListTagsForResourceCommand, { resourceArn: 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/intake-worker' });
  });

  it('is deleted when no group has exactly that name', async () => {
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [] });
    expect((await logGroupKind.collect(ctx, '/aws/lambda/old')).deleted).toBe(true);
  });

  it('turns AccessDeniedException into an error snapshot with its code', async () => {
    logs.on(DescribeLogGroupsCommand).rejects(sdkError('AccessDeniedException', 'User is not authorized to perform: logs:DescribeLogGroups'));
    const snapshot = await logGroupKind.collect(ctx, '/aws/lambda/intake');
    expect(snapshot.error).toMatchObject({ operation: 'logs:DescribeLogGroups', code: 'ACCESS_DENIED' });
  });

  it('keeps the state when the tag read is denied, and reads no tags for the retention check alone', async () => {
    // Prepare
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [groups.encrypted] } as never);
    logs.on(ListTagsForResourceCommand).rejects(sdkError('AccessDeniedException'));
    // Act
    const denied = await logGroupKind.collect(ctx, '/aws/lambda/intake');
    logs.resetHistory();
    const retentionOnly = await logGroupKind.collect({ ...ctx, reads: new Set(retentionCheck.metadata.reads.decide) }, '/aws/lambda/intake');
    // Assess
    expect(denied.tagsError).toMatchObject({ operation: 'logs:ListTagsForResource', code: 'ACCESS_DENIED' });
    expect(denied.state?.kmsKeyId).toBe(groups.encrypted.kmsKeyId);
    expect(logs).not.toHaveReceivedCommand(ListTagsForResourceCommand);
    expect(retentionOnly.state?.retentionInDays).toBe(2192);
  });
});

describe('logGroupKind listing', () => {
  it('enumerates and snapshots every group across two pages', async () => {
    // Prepare
    logs.on(DescribeLogGroupsCommand).callsFake((input: { nextToken?: string }) =>
      input.nextToken ? { logGroups: [groups.short] } : { logGroups: [groups.encrypted, groups.plain], nextToken: 'page-2' },
    );
    logs.on(ListTagsForResourceCommand).resolves({ tags: {} });
    // Act
    const ids = await drain(logGroupKind.enumerate(ctx));
    const snapshots = await drain(logGroupKind.snapshotsFromListing!(ctx));
    // Assess
    expect(ids).toEqual(['/aws/lambda/intake', '/aws/lambda/intake-worker', 'vpc-flow-logs']);
    expect(snapshots.map((s) => runCheck(retentionCheck, s, DEFAULT_SETTINGS).result)).toEqual(['pass', 'pass', 'fail']);
    expect(snapshots.map((s) => runCheck(kmsCheck, s, DEFAULT_SETTINGS).result)).toEqual(['pass', 'fail', 'fail']);
    expect(snapshots[2]?.state?.retentionPolicyName).toBe('org-default-retention');
  });
});

describe('logGroupKind.idsFromEvent', () => {
  it.each([
    ['CreateLogGroup', ['/aws/lambda/intake']],
    ['AssociateKmsKey', ['/aws/lambda/intake']],
    ['PutRetentionPolicy', ['vpc-flow-logs']],
    ['DeleteLogGroup', ['/aws/lambda/old']],
    ['TagResource', ['/aws/lambda/intake']],
  ])('%s names its log group', (name, expected) => {
    expect(logGroupKind.idsFromEvent(recordFrom(events, name))).toEqual(expected);
  });

  it.each([
    ['AssociateKmsKeyQueryResults', 'AssociateKmsKey'],
    ['TagResourceDestination', 'TagResource'],
  ])('%s names no log group', (key, eventName) => {
    expect(logGroupKind.idsFromEvent(recordFrom(events, key, eventName))).toEqual([]);
  });
});

describe.skipIf(!corpusPresent)('the corpus\'s real DescribeLogGroups answer', () => {
  it('is judged: no KMS key (fail) and no retention set (never expire: pass)', async () => {
    // Prepare: a placebo recording, {status_code, data}
    const recorded = JSON.parse(readFileSync(corpusPath('api-responses/test_log_group_encrypt__logs.DescribeLogGroups_1.json'), 'utf8')) as { data: object };
    logs.on(DescribeLogGroupsCommand).resolves(recorded.data as never);
    logs.on(ListTagsForResourceCommand).resolves({ tags: {} });
    const corpusCtx = mockedContext('us-west-2', '644160558196');
    // Act
    const snapshots: Snapshot<LogGroupState>[] = await drain(logGroupKind.snapshotsFromListing!(corpusCtx));
    // Assess
    expect(snapshots.map((s) => s.resource)).toEqual([{ type: 'AWS::Logs::LogGroup', id: 'c7n-encrypted', arn: 'arn:aws:logs:us-west-2:644160558196:log-group:c7n-encrypted' }]);
    expect(runCheck(kmsCheck, snapshots[0]!, DEFAULT_SETTINGS).result).toBe('fail');
    expect(runCheck(retentionCheck, snapshots[0]!, DEFAULT_SETTINGS).result).toBe('pass');
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../lib/checks/registry.ts';
import { SNAPSHOT_KINDS } from '../../lib/collectors/kinds.ts';
import { parseInput } from '../../lib/events/parse.ts';
import { generateKeyPair } from '../../lib/evidence/keys.ts';
import type { EvidenceRecord } from '../../lib/evidence/types.ts';
import { DEFAULT_SETTINGS } from '../../lib/model/check.ts';
import { runPipeline } from '../../lib/pipeline/run.ts';
import { clientsFromRecordedResponses } from '../../lib/recorded/clients.ts';
import type { RecordedResponses } from '../../lib/recorded/responses.ts';
import { LocalKeySigner } from '../../lib/signers/local.ts';
import { MemoryStore } from '../../lib/store/memory.ts';
import { readRecords } from '../../lib/store/read-records.ts';

const NOW = new Date('2025-06-01T12:00:00Z');
const signin = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/signin/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

/** The records the whole pipeline (parse, route, collect, judge, sign, store) makes of `text`, answered from `responses`. */
async function recordsOf(text: string, responses: RecordedResponses['responses'] = []): Promise<EvidenceRecord[]> {
  const { privatePem } = generateKeyPair();
  const clients = clientsFromRecordedResponses({ account: '111122223333', region: 'us-east-1', responses });
  const store = new MemoryStore();
  const deps = { clientsFor: () => clients, settings: DEFAULT_SETTINGS, checks: CHECKS, kinds: SNAPSHOT_KINDS, functionName: 'test', store, signer: LocalKeySigner.fromPem(privatePem), now: () => NOW };
  await runPipeline(parseInput(text, 'event.json'), deps);
  const records: EvidenceRecord[] = [];
  for await (const { record } of readRecords(store)) records.push(record);
  return records;
}

const eventBridge = (detailType: string, detail: Record<string, unknown>) =>
  JSON.stringify({ version: '0', id: 'eb-1', 'detail-type': detailType, source: 'aws.signin', account: '111122223333', time: detail.eventTime, region: 'us-east-1', resources: [], detail });

describe('IAM events through the whole pipeline', () => {
  it('an Identity Center sign-in event, as EventBridge delivers a CloudTrail service event, is judged by sso-signin-mfa alone', async () => {
    // Act
    const records = await recordsOf(eventBridge('AWS Service Event via CloudTrail', signin('sso-user-authentication-password-only.json')));
    // Assess
    expect(records.map((r) => [r.check.id, r.result, r.resource.type])).toEqual([['sso-signin-mfa', 'fail', 'AWS::SSO::Instance']]);
    expect(records[0]!.trigger).toMatchObject({ source: 'cloudtrail', eventName: 'UserAuthentication', sourceIp: '203.0.113.0' });
  });

  it('a 2025 Identity Center sign-in names the Identity Store user as the resource', async () => {
    const records = await recordsOf(JSON.stringify({ Records: [signin('sso-user-authentication-webauthn-2025.json')] }));
    expect(records.map((r) => [r.check.id, r.result, r.resource.type, r.resource.id])).toEqual([
      ['sso-signin-mfa', 'pass', 'AWS::IdentityStore::User', 'identitycenter:arn:aws:identitystore::111122223333:identitystore/d-9067230c03/94482488-3041-7026-18f3-be45837cd0e4'],
    ]);
  });

  it('deactivating an old access key is judged on the live keys, not on a credential report hours old', async () => {
    // Prepare
    const event = {
      eventVersion: '1.09', eventID: 'ak-1', eventTime: '2025-06-01T11:59:00Z', eventSource: 'iam.amazonaws.com', eventName: 'UpdateAccessKey', awsRegion: 'us-east-1',
      recipientAccountId: '111122223333', sourceIPAddress: '203.0.113.7', userAgent: 'aws-cli/2', eventType: 'AwsApiCall',
      userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: 'arn:aws:iam::111122223333:user/admin', accountId: '111122223333', userName: 'admin' },
      requestParameters: { userName: 'bob', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', status: 'Inactive' }, responseElements: null,
    };
    const keys = { AccessKeyMetadata: [{ UserName: 'bob', AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', Status: 'Inactive', CreateDate: '2023-06-01T12:00:00Z' }, { UserName: 'bob', AccessKeyId: 'AKIAI44QH8DHBEXAMPLE', Status: 'Active', CreateDate: '2025-05-31T09:00:00Z' }] };
    // Act
    const records = await recordsOf(JSON.stringify({ Records: [event] }), [{ service: 'iam', operation: 'ListAccessKeys', input: { UserName: 'bob' }, output: keys }]);
    // Assess
    expect(records.map((r) => [r.check.id, r.resource.id, r.result])).toEqual([['iam-access-key-rotated', 'bob', 'pass']]);
    expect(records[0]!.observed).toMatchObject({ from: { source: 'ListAccessKeys' }, settings: { accessKeyMaxAgeDays: 90 } });
  });

  it('the root creating an access key for itself is judged by iam-root-no-access-keys (and is root activity), not as an IAM user', async () => {
    // Prepare
    const event = {
      eventVersion: '1.09', eventID: 'ak-2', eventTime: '2025-06-01T11:59:00Z', eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey', awsRegion: 'us-east-1',
      recipientAccountId: '111122223333', sourceIPAddress: '203.0.113.7', eventType: 'AwsApiCall',
      userIdentity: { type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' },
      requestParameters: null, responseElements: { accessKey: { accessKeyId: 'AKIAROOTEXAMPLE', status: 'Active', createDate: 'Jun 1, 2025 11:59:00 AM' } },
    };
    // Act
    const records = await recordsOf(JSON.stringify({ Records: [event] }), [{ service: 'iam', operation: 'GetAccountSummary', output: { SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 1 } } }]);
    // Assess
    expect(records.map((r) => [r.check.id, r.result]).sort()).toEqual([['iam-root-account-activity', 'fail'], ['iam-root-no-access-keys', 'fail']]);
  });
});

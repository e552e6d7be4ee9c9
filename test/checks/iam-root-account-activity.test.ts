import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/iam-root-account-activity/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import { snapshotFromEvent } from '../../lib/collectors/cloudtrail-event.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import { matchesCloudTrail } from '../../lib/events/route.ts';
import { itHasValidMetadata, parseFailed } from '../fixtures/checks/harness.ts';
import { corpusPath } from '../fixtures/corpus.ts';

const ID = 'iam-root-account-activity';
const FIXTURES = fileURLToPath(new URL('../fixtures/signin/', import.meta.url));
const CORPUS_CLOUDTRAIL = corpusPath('cloudtrail');

const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as CloudTrailRecord;
const evaluate = (record: CloudTrailRecord) => runCheck(check, snapshotFromEvent(record, check.metadata.resourceType), DEFAULT_SETTINGS);

describe(ID, () => {
  it.each<[string, Result, RegExp]>([
    ['root-create-access-key.json', 'fail', /the root user of account 111122223333 called iam:CreateAccessKey from 203\.0\.113\.7$/],
    ['root-put-bucket-policy-denied.json', 'fail', /called s3:PutBucketPolicy from 203\.0\.113\.7 \(it failed: AccessDenied\)/],
    ['console-login-root-no-mfa.json', 'fail', /the root user of account 111122223333 signed in to the console from 203\.0\.113\.7/],
    ['iam-user-describe-trails.json', 'not_applicable', /cloudtrail:DescribeTrails was called by arn:aws:iam::111122223333:user\/alice \(IAMUser\), not the root user/],
  ])('%s → %s', (file, expected, reason) => {
    const finding = evaluate(fixture(file));
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('names the account as the resource and records actor, event and source IP', () => {
    const snap = snapshotFromEvent(fixture('root-create-access-key.json'), check.metadata.resourceType);
    const finding = runCheck(check, snap, DEFAULT_SETTINGS);
    expect(snap.resource).toEqual({ type: 'AWS::::Account', id: '111122223333', arn: 'arn:aws:iam::111122223333:root' });
    expect(finding.observed).toMatchObject({ actor: 'arn:aws:iam::111122223333:root', eventName: 'CreateAccessKey', sourceIPAddress: '203.0.113.7', mfaAuthenticated: 'false' });
  });

  it('a snapshot that carries a read error is an error finding', () => {
    const snap = snapshotFromEvent(fixture('root-create-access-key.json'), 'AWS::::Account');
    const finding = runCheck(check, { ...snap, state: undefined, error: parseFailed('bad record') }, DEFAULT_SETTINGS);
    expect(finding.result).toBe('error');
  });

  it('its trigger matches root events of any service and nothing else', () => {
    expect(matchesCloudTrail(check.metadata.triggers.cloudtrail, fixture('root-put-bucket-policy-denied.json'))).toBe(true);
    expect(matchesCloudTrail(check.metadata.triggers.cloudtrail, fixture('iam-user-describe-trails.json'))).toBe(false);
  });

  it.skipIf(!existsSync(CORPUS_CLOUDTRAIL))('fails every real root record in the corpus and passes none', () => {
    const records = readdirSync(CORPUS_CLOUDTRAIL)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(CORPUS_CLOUDTRAIL, f), 'utf8')) as CloudTrailRecord)
      .filter((r) => r.userIdentity?.type === 'Root');
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) expect(evaluate(record).result).toBe('fail');
  });

  it('metadata: triggered by every root call of any service, never swept', () => {
    expect(check.metadata.triggers).toMatchObject({ cloudtrail: [{ eventSource: '*', eventNames: ['*'], userIdentityTypes: ['Root'] }], sweep: false });
  });

  itHasValidMetadata(check, ID, { service: '*', eventOnly: true, hasConfigRule: false });
});

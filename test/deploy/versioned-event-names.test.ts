import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_PATTERN_CHARS, cloudTrailPatterns, patternSize } from '../../deploy/event-patterns.ts';
import { validateMetadata } from '../../lib/evidence/schemas.ts';
import { matchesCloudTrail } from '../../lib/events/route.ts';
import type { CheckMetadata, CloudTrailTrigger } from '../../lib/model/check.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import { cloudTrailEnvelope, matchesPattern } from './event-pattern-matcher.ts';
import base from '../fixtures/deploy/checks/sg-open/metadata.json' with { type: 'json' };

/** The (valid) metadata of a test-only check with these CloudTrail triggers and no Config trigger. */
function checkWith(id: string, cloudtrail: CloudTrailTrigger[]): CheckMetadata {
  return validateMetadata({ ...structuredClone(base), id, triggers: { cloudtrail, configResourceTypes: [], sweep: true }, configRules: [] });
}

/** The real-shaped Lambda AddPermission20150331v2 record, renamed when asked. */
function lambdaRecord(eventName?: string): CloudTrailRecord {
  const record = JSON.parse(readFileSync(new URL('../fixtures/events/cloudtrail-lambda-add-permission.json', import.meta.url), 'utf8')) as CloudTrailRecord;
  return eventName === undefined ? record : { ...record, eventName };
}

const lambdaTrigger: CloudTrailTrigger = { eventSource: 'lambda.amazonaws.com', eventNames: ['AddPermission', 'CreateFunction'] };
const patterns = cloudTrailPatterns([
  checkWith('fn-not-public', [lambdaTrigger]),
  checkWith('cdn-https', [{ eventSource: 'cloudfront.amazonaws.com', eventNames: ['UpdateDistribution'] }]),
  checkWith('sg-open', [{ eventSource: 'ec2.amazonaws.com', eventNames: ['AuthorizeSecurityGroupIngress'] }]),
]);

/** The queues whose rules select the event. */
function queuesReached(record: Record<string, unknown>): string[] {
  return patterns.filter((p) => matchesPattern(p.pattern, cloudTrailEnvelope(record))).map((p) => p.queue);
}

describe('event patterns for services that version their event names', () => {
  it('match the event names of Lambda and CloudFront by prefix, and other services exactly', () => {
    // Act
    const byName = Object.fromEntries(patterns.map((p) => [p.name, (p.pattern.detail as Record<string, unknown>).eventName]));

    // Assess
    expect(byName).toEqual({
      'ct-lambda': [{ prefix: 'AddPermission' }, { prefix: 'CreateFunction' }],
      'ct-cloudfront': [{ prefix: 'UpdateDistribution' }],
      'ct-ec2': ['AuthorizeSecurityGroupIngress'],
    });
  });

  it('deliver a real-shaped AddPermission20150331v2 event, and the unversioned name, to the CloudTrail queue', () => {
    // Act + Assess
    expect(queuesReached(lambdaRecord())).toEqual(['cloudtrail']);
    expect(queuesReached(lambdaRecord('AddPermission'))).toEqual(['cloudtrail']);
    expect(queuesReached({ ...lambdaRecord(), eventSource: 'cloudfront.amazonaws.com', eventName: 'UpdateDistribution2020_05_31' })).toEqual(['cloudtrail']);
  });

  it('do not deliver another API of the service, nor a failed call', () => {
    // Act + Assess
    expect(queuesReached(lambdaRecord('AddLayerVersionPermission20181031'))).toEqual([]);
    expect(queuesReached({ ...lambdaRecord(), errorCode: 'ResourceConflictException' })).toEqual([]);
  });

  it('let a prefix over-match reach the queue, where the exact-stem router drops it', () => {
    // Prepare: the prefix CreateFunction also starts CreateFunctionUrlConfig20211031
    const urlConfig = lambdaRecord('CreateFunctionUrlConfig20211031');

    // Act
    const delivered = queuesReached(urlConfig);
    const routed = matchesCloudTrail([lambdaTrigger], urlConfig);

    // Assess
    expect(delivered).toEqual(['cloudtrail']);
    expect(routed).toBe(false);
    expect(matchesCloudTrail([lambdaTrigger], lambdaRecord('CreateFunction20150331'))).toBe(true);
  });

  it('match by prefix in an identity rule whose trigger names no service', () => {
    // Prepare
    const rootPermission = checkWith('root-permission', [{ eventSource: '*', eventNames: ['AddPermission'], userIdentityTypes: ['Root'] }]);

    // Act
    const [rule] = cloudTrailPatterns([rootPermission]);
    const byRoot = { ...lambdaRecord(), userIdentity: { type: 'Root', accountId: '111122223333' } };

    // Assess
    expect((rule?.pattern.detail as Record<string, unknown>).eventName).toEqual([{ prefix: 'AddPermission' }]);
    expect(matchesPattern(rule!.pattern, cloudTrailEnvelope(byRoot))).toBe(true);
  });

  it('split many prefixed names into rules under the size quota, every name still selected', () => {
    // Prepare
    const names = Array.from({ length: 150 }, (_, i) => `UpdateSomeFairlyLongLambdaSetting${i}`);
    const many = cloudTrailPatterns([checkWith('fn-many-settings', [{ eventSource: 'lambda.amazonaws.com', eventNames: names }])]);

    // Act
    const unselected = names.filter((name) => !many.some((p) => matchesPattern(p.pattern, cloudTrailEnvelope(lambdaRecord(`${name}20150331v2`)))));

    // Assess
    expect(many.length).toBeGreaterThan(1);
    for (const p of many) expect(patternSize(p.pattern), p.name).toBeLessThanOrEqual(MAX_PATTERN_CHARS);
    expect(unselected).toEqual([]);
  });
});

describe('the test matcher implements EventBridge prefix matching', () => {
  it.each([
    [{ prefix: 'AddPermission' }, 'AddPermission20150331v2', true],
    [{ prefix: 'AddPermission' }, 'AddPermission', true],
    [{ prefix: 'AddPermission' }, 'addpermission20150331v2', false],
    [{ prefix: 'AddPermission' }, 'AddLayerVersionPermission20181031', false],
    [{ prefix: { 'equals-ignore-case': 'addpermission' } }, 'AddPermission20150331v2', true],
    [{ prefix: '2015' }, 20150331, false],
    [{ prefix: 'Add' }, ['GetPolicy', 'AddPermission'], true],
  ])('%j against %j is %s', (filter, value, expected) => {
    // Act
    const matched = matchesPattern({ detail: { eventName: [filter] } }, { detail: { eventName: value } });

    // Assess
    expect(matched).toBe(expected);
  });

  it('does not match an absent field, and refuses a prefix form it does not know', () => {
    // Act + Assess
    expect(matchesPattern({ detail: { eventName: [{ prefix: 'Add' }] } }, { detail: {} })).toBe(false);
    expect(() => matchesPattern({ detail: { eventName: [{ prefix: 42 }] } }, { detail: { eventName: 'Add' } })).toThrow(/does not support prefix/);
  });
});

/**
 * cloudtrail-multi-region-enabled end to end, from documented API shapes through the account
 * collector to the verdict: organization trails seen from a member account, advanced and classic
 * event selectors, and reads a member account may be refused.
 */
import 'aws-sdk-client-mock-vitest/extend';
import { readFileSync } from 'node:fs';
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { describe, expect, it } from 'vitest';
import multiRegion from '../../lib/checks/cloudtrail-multi-region-enabled/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { cloudTrailAccountKind } from '../../lib/collectors/cloudtrail.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import memberDescribeTrails from '../fixtures/cloudtrail/describe-trails-member-account.json' with { type: 'json' };
import advancedReadOnly from '../fixtures/cloudtrail/get-event-selectors-advanced-read-only.json' with { type: 'json' };
import advancedWriteOnly from '../fixtures/cloudtrail/get-event-selectors-advanced-write-only.json' with { type: 'json' };
import allSelectors from '../fixtures/cloudtrail/get-event-selectors-all.json' with { type: 'json' };
import readOnly from '../fixtures/cloudtrail/get-event-selectors-read-only.json' with { type: 'json' };
import writeOnly from '../fixtures/cloudtrail/get-event-selectors-write-only.json' with { type: 'json' };
import logging from '../fixtures/cloudtrail/get-trail-status-logging.json' with { type: 'json' };
import stopped from '../fixtures/cloudtrail/get-trail-status-stopped.json' with { type: 'json' };
import { corpusPath, corpusPresent } from '../fixtures/corpus.ts';
import { mockedClient, mockedContext, sdkError, sdkOutput } from '../fixtures/collectors/ctx.ts';

const MEMBER = '111122223333';
const ORG_TRAIL = 'arn:aws:cloudtrail:us-east-1:999988887777:trail/OrganizationTrail';
const cloudtrail = mockedClient(CloudTrailClient);
const [orgTrail] = memberDescribeTrails.trailList;

/** The member account's view in eu-west-1: the organization trail, a shadow of us-east-1's. */
function memberSees(trail = orgTrail!) {
  cloudtrail.on(DescribeTrailsCommand, { includeShadowTrails: true }).resolves({ trailList: [trail] });
}

/** The member sees the organization trail; GetTrailStatus and GetEventSelectors answer (or throw) as given. */
function orgTrailAnswers(status: unknown, selectors: unknown, trail: Partial<typeof orgTrail> = {}) {
  const answer = (mock: { resolves(v: never): unknown; rejects(e: Error): unknown }, value: unknown) =>
    value instanceof Error ? mock.rejects(value) : mock.resolves(sdkOutput(value));
  return () => {
    memberSees({ ...orgTrail!, ...trail });
    answer(cloudtrail.on(GetTrailStatusCommand), status);
    answer(cloudtrail.on(GetEventSelectorsCommand), selectors);
  };
}

async function verdict(region = 'eu-west-1', account = MEMBER) {
  const snapshot = await cloudTrailAccountKind.collect(mockedContext(region, account), account);
  return runCheck(multiRegion, snapshot, DEFAULT_SETTINGS);
}

describe('cloudtrail-multi-region-enabled from documented API shapes', () => {
  it.each<[string, () => void, Result, RegExp]>([
    ['the organization trail, logging all management events, seen from a member', orgTrailAnswers(logging, allSelectors),
      'pass', /^multi-region organization trail OrganizationTrail \(home us-east-1, owned by 999988887777\) is logging and records all management events$/],
    ['the organization trail whose status the member is refused', orgTrailAnswers(sdkError('AccessDeniedException', 'not authorized to perform: cloudtrail:GetTrailStatus'), allSelectors),
      'error', /^ACCESS_DENIED: GetTrailStatus was denied for multi-region organization trail OrganizationTrail/],
    ['the organization trail answering TrailNotFound to the member (not a deleted trail)', orgTrailAnswers(sdkError('TrailNotFoundException', 'Unknown trail'), allSelectors),
      'error', /^NOT_FOUND: GetTrailStatus found no such resource for multi-region organization trail OrganizationTrail/],
    ['the organization trail whose selectors the member is refused', orgTrailAnswers(logging, sdkError('AccessDeniedException')),
      'error', /^ACCESS_DENIED: GetEventSelectors was denied for multi-region organization trail OrganizationTrail/],
    ['the organization trail with default selectors: no selector read needed', orgTrailAnswers(logging, sdkError('AccessDeniedException'), { HasCustomEventSelectors: false }),
      'pass', /organization trail OrganizationTrail .* records all management events$/],
    ['the organization trail is stopped', orgTrailAnswers(stopped, allSelectors),
      'fail', /OrganizationTrail is multi-region but logging is stopped/],
    ['advanced selectors: Management events, writes only', orgTrailAnswers(logging, advancedWriteOnly),
      'fail', /records only WriteOnly management events/],
    ['advanced selectors: Management events with readOnly = true only', orgTrailAnswers(logging, advancedReadOnly),
      'fail', /OrganizationTrail is multi-region but records only ReadOnly management events \(no write events\)/],
    ['classic selectors: WriteOnly management events', orgTrailAnswers(logging, writeOnly),
      'fail', /records only WriteOnly management events/],
    ['classic selectors: ReadOnly management events', orgTrailAnswers(logging, readOnly),
      'fail', /records only ReadOnly management events/],
    ['no trail at all', () => cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [] }),
      'fail', /^no CloudTrail trail applies to account 111122223333 in eu-west-1$/],
  ])('%s -> %s', async (_name, prepare, expected, reason) => {
    // Prepare
    prepare();
    // Act
    const finding = await verdict();
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('reads the organization trail by its ARN, as documented for member accounts and shadow trails', async () => {
    // Prepare
    memberSees();
    cloudtrail.on(GetTrailStatusCommand).resolves(sdkOutput(logging));
    cloudtrail.on(GetEventSelectorsCommand).resolves(sdkOutput(allSelectors));
    // Act
    const finding = await verdict();
    // Assess
    expect(cloudtrail).toHaveReceivedCommandWith(DescribeTrailsCommand, { includeShadowTrails: true });
    expect(cloudtrail).toHaveReceivedCommandWith(GetTrailStatusCommand, { Name: ORG_TRAIL });
    expect(cloudtrail).toHaveReceivedCommandWith(GetEventSelectorsCommand, { TrailName: ORG_TRAIL });
    expect(finding.observed.passedBy).toEqual({ trail: ORG_TRAIL, homeRegion: 'us-east-1', isOrganizationTrail: true, ownerAccount: '999988887777' });
  });

  it('does not read the selectors of a trail DescribeTrails reports without custom selectors', async () => {
    memberSees({ ...orgTrail!, HasCustomEventSelectors: false });
    cloudtrail.on(GetTrailStatusCommand).resolves(sdkOutput(logging));
    await verdict();
    expect(cloudtrail).not.toHaveReceivedCommand(GetEventSelectorsCommand);
  });
});

describe.skipIf(!corpusPresent)('cloudtrail-multi-region-enabled on the real recorded responses', () => {
  const recorded = (file: string) => JSON.parse(readFileSync(corpusPath('api-responses', file), 'utf8')).data as unknown;

  it('reads the recorded advanced selectors as management events included (rdsdata excluded, named)', async () => {
    // Prepare: a multi-region trail that is logging, with the recorded advanced selectors.
    cloudtrail.on(DescribeTrailsCommand).resolves(sdkOutput(recorded('test_account_trail__cloudtrail.DescribeTrails_1.json')));
    cloudtrail.on(GetTrailStatusCommand).resolves(sdkOutput(recorded('test_account_trail__cloudtrail.GetTrailStatus_1.json')));
    cloudtrail.on(GetEventSelectorsCommand).resolves(sdkOutput(recorded('test_cloudtrail_success_management_advanced_events_included__cloudtrail.GetEventSelectors_1.json')));
    // Act
    const finding = await verdict('us-east-1', '644160558196');
    // Assess
    expect(finding.result).toBe('pass');
    expect(finding.reason).toBe('multi-region trail skunk-trails (home us-east-1) is logging and records all management events except those of rdsdata.amazonaws.com');
  });
});

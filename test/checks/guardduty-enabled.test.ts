import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/guardduty-enabled/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/model/check.ts';
import type { GuardDutyDetectorState } from '../../lib/model/states/guardduty.ts';
import states from '../fixtures/guardduty/detector-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf, TEST_ACCOUNT } from '../fixtures/checks/harness.ts';

const detectors = states as Record<keyof typeof states, GuardDutyDetectorState>;

describe('guardduty-enabled', () => {
  it.each<[string, Result, Snapshot<GuardDutyDetectorState>, RegExp]>([
    ['an enabled detector with S3, RDS and malware protection', 'pass', snapshotOf(check, TEST_ACCOUNT, detectors.enabledAllPlans), /^GuardDuty detector 12abc34d567e8fa901bc2d34e56789f0 is enabled in account 111122223333 in us-east-1 \(S3 protection on, RDS protection on, Malware protection \(EC2\) on\)$/],
    ['an enabled detector without the protection plans', 'pass', snapshotOf(check, TEST_ACCOUNT, detectors.enabledNoPlans), /S3 protection off, RDS protection off, Malware protection \(EC2\) off/],
    ['no detector in the region (empty ListDetectors)', 'fail', snapshotOf(check, TEST_ACCOUNT, detectors.noDetector), /^GuardDuty is not enabled in account 111122223333 in us-east-1: no detector$/],
    ['a suspended detector', 'fail', snapshotOf(check, TEST_ACCOUNT, detectors.suspended), /is DISABLED \(suspended\)$/],
    ['a snapshot marked deleted (the collector never reports one: no detector is a state)', 'not_applicable', snapshotOf(check, TEST_ACCOUNT, undefined, { deleted: true }), /was deleted/],
    ['a member account refused the detector read', 'error', snapshotOf(check, TEST_ACCOUNT, undefined, { error: accessDenied('ListDetectors', 'AccessDeniedException') }), /^ACCESS_DENIED: ListDetectors was denied/],
    ['GetDetector refused', 'error', snapshotOf(check, TEST_ACCOUNT, undefined, { error: accessDenied('GetDetector', 'AccessDeniedException') }), /^ACCESS_DENIED: GetDetector was denied/],
  ])('%s -> %s', (_name, expected, snapshot, reason) => {
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('records every feature and the detector id', () => {
    const finding = runCheck(check, snapshotOf(check, TEST_ACCOUNT, detectors.enabledAllPlans), DEFAULT_SETTINGS);
    expect(finding.observed).toMatchObject({ detectorId: '12abc34d567e8fa901bc2d34e56789f0', status: 'ENABLED', features: detectors.enabledAllPlans.features });
  });

  itHasValidMetadata(check, 'guardduty-enabled', { service: 'guardduty' });
});

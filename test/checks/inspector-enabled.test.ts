import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/inspector-enabled/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/model/check.ts';
import type { InspectorAccountState } from '../../lib/model/states/inspector.ts';
import states from '../fixtures/inspector2/account-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf, TEST_ACCOUNT } from '../fixtures/checks/harness.ts';

const accounts = states as Record<keyof typeof states, InspectorAccountState>;
/** The judging time: 180 days before it is 2025-12-03. */
const NOW = new Date('2026-06-01T00:00:00Z');

describe('inspector-enabled', () => {
  it.each<[string, Result, Snapshot<InspectorAccountState>, RegExp]>([
    ['all scan types on, every resource scanned recently (stopped and new ones left out)', 'pass', snapshotOf(check, TEST_ACCOUNT, accounts.allFresh), /^Inspector scans EC2, ECR and Lambda in account 111122223333 in us-east-1; all 3 scanned resources were scanned in the last 180 days \(1 awaiting a first scan, 1 out of scope\)$/],
    ['Lambda scanning not offered in the region (not reported)', 'pass', snapshotOf(check, TEST_ACCOUNT, accounts.lambdaNotOffered), /^Inspector scans EC2 and ECR \(Lambda not offered in the region\) in account/],
    ['enabled with nothing to cover yet', 'pass', snapshotOf(check, TEST_ACCOUNT, accounts.nothingCovered), /all 0 scanned resources/],
    ['Inspector DISABLED in the region', 'fail', snapshotOf(check, TEST_ACCOUNT, accounts.disabled), /^Amazon Inspector is not enabled in account 111122223333 in us-east-1 \(DISABLED\)$/],
    ['Lambda scanning off', 'fail', snapshotOf(check, TEST_ACCOUNT, accounts.lambdaOff), /not every scan type is on: Lambda DISABLED$/],
    ['an image last scanned at push, nine months ago', 'fail', snapshotOf(check, TEST_ACCOUNT, accounts.staleImage), /^1 of 4 resources .* no scan in the last 180 days: AWS_ECR_CONTAINER_IMAGE .*sha256:9e1d77 \(last scanned 2025-09-01, SCAN_FREQUENCY_SCAN_ON_PUSH\)$/],
    ['an instance without the SSM agent, never scanned', 'fail', snapshotOf(check, TEST_ACCOUNT, accounts.unmanagedInstance), /AWS_EC2_INSTANCE i-0nossmagent0000001 \(never scanned, UNMANAGED_EC2_INSTANCE\)$/],
    ['a snapshot marked deleted (the collector never reports one)', 'not_applicable', snapshotOf(check, TEST_ACCOUNT, undefined, { deleted: true }), /was deleted/],
    ['a member account refused BatchGetAccountStatus', 'error', snapshotOf(check, TEST_ACCOUNT, undefined, { error: accessDenied('BatchGetAccountStatus', 'ACCESS_DENIED') }), /^ACCESS_DENIED: BatchGetAccountStatus was denied/],
  ])('%s -> %s', (_name, expected, snapshot, reason) => {
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS, NOW);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('judges freshness against the setting, and the record states it', () => {
    // Prepare: the Lambda function was scanned 61 days before NOW
    const settings = { ...DEFAULT_SETTINGS, inspectorScanMaxAgeDays: 60 };
    // Act
    const finding = runCheck(check, snapshotOf(check, TEST_ACCOUNT, accounts.allFresh), settings, NOW);
    // Assess
    expect(finding.result).toBe('fail');
    expect(finding.reason).toMatch(/AWS_LAMBDA_FUNCTION .*hl7-ingest \(last scanned 2026-04-01, SUCCESSFUL\)/);
    expect(finding.observed.settings).toEqual({ inspectorScanMaxAgeDays: 60 });
    expect(finding.observed.coverage).toMatchObject({ resources: 5, fresh: 2, stale: 1, never: 0, pending: 1, 'out-of-scope': 1 });
  });

  it('ages scans from the judging time, not the wall clock', () => {
    const later = new Date('2026-12-01T00:00:00Z');
    expect(runCheck(check, snapshotOf(check, TEST_ACCOUNT, accounts.allFresh), DEFAULT_SETTINGS, later).result).toBe('fail');
  });

  itHasValidMetadata(check, 'inspector-enabled', { service: 'inspector2', hasConfigRule: false });
});

import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/securityhub-enabled/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/model/check.ts';
import type { SecurityHubState } from '../../lib/model/states/securityhub.ts';
import states from '../fixtures/securityhub/hub-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf, TEST_ACCOUNT } from '../fixtures/checks/harness.ts';

const hubs = states as Record<keyof typeof states, SecurityHubState>;

describe('securityhub-enabled', () => {
  it.each<[string, Result, Snapshot<SecurityHubState>, RegExp]>([
    ['a hub running AWS Foundational Security Best Practices', 'pass', snapshotOf(check, TEST_ACCOUNT, hubs.foundationalReady), /^Security Hub is enabled in account 111122223333 in us-east-1 with aws-foundational-security-best-practices\/v\/1\.0\.0 \(READY\)$/],
    ['a CIS standard whose controls are partly enabled', 'pass', snapshotOf(check, TEST_ACCOUNT, hubs.cisIncomplete), /with cis-aws-foundations-benchmark\/v\/1\.2\.0 \(INCOMPLETE: NO_AVAILABLE_CONFIGURATION_RECORDER\)$/],
    ['not subscribed in the region (InvalidAccessException)', 'fail', snapshotOf(check, TEST_ACCOUNT, hubs.notSubscribed), /^Security Hub is not enabled in account 111122223333 in us-east-1$/],
    ['a hub without any standard', 'fail', snapshotOf(check, TEST_ACCOUNT, hubs.noStandards), /but no security standard is on$/],
    ['only failed and deleting standards', 'fail', snapshotOf(check, TEST_ACCOUNT, hubs.onlyFailedStandard), /no security standard is on: nist-800-53\/v\/5\.0\.0 \(FAILED: INTERNAL_ERROR\), pci-dss\/v\/3\.2\.1 \(DELETING\)$/],
    ['a snapshot marked deleted (the collector never reports one)', 'not_applicable', snapshotOf(check, TEST_ACCOUNT, undefined, { deleted: true }), /was deleted/],
    ['a member account refused DescribeHub', 'error', snapshotOf(check, TEST_ACCOUNT, undefined, { error: accessDenied('DescribeHub', 'AccessDeniedException') }), /^ACCESS_DENIED: DescribeHub was denied/],
  ])('%s -> %s', (_name, expected, snapshot, reason) => {
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('keeps what Security Hub said when the account is not subscribed', () => {
    const finding = runCheck(check, snapshotOf(check, TEST_ACCOUNT, hubs.notSubscribed), DEFAULT_SETTINGS);
    expect(finding.observed).toMatchObject({ enabled: false, notEnabledMessage: 'Account 111122223333 is not subscribed to AWS Security Hub' });
  });

  itHasValidMetadata(check, 'securityhub-enabled', { service: 'securityhub', hasConfigRule: false });
});

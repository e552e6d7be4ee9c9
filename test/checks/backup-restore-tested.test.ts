import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/backup-restore-tested/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { BackupPlanState, BackupSelectionDoc } from '../../lib/model/states/backup.ts';
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const NOW = new Date('2025-06-30T12:00:00Z');
const NO_CONDITIONS = { stringEquals: [], stringNotEquals: [], stringLike: [], stringNotLike: [] };

function selection(change: Partial<BackupSelectionDoc>): BackupSelectionDoc {
  return { planId: 'plan-1', planName: 'phi-daily', selectionId: 'sel-1', selectionName: 'phi', resources: ['*'], notResources: [], listOfTags: [], conditions: NO_CONDITIONS, ...change };
}

/** The console's tag-based assignment of PHI stores: every resource type, refined by the PHI tag. */
const byPhiTag = selection({ conditions: { ...NO_CONDITIONS, stringEquals: [{ key: 'aws:ResourceTag/data-classification', value: 'ephi' }] } });

const tested: BackupPlanState = {
  planId: 'plan-1',
  planName: 'phi-daily',
  planArn: 'arn:aws:backup:us-east-1:111122223333:backup-plan:plan-1',
  selections: [byPhiTag],
  latestRestore: {
    restoreJobId: 'AB123456-78C9-0123-456D-789012E34567',
    completionDate: '2025-06-01T03:14:53.128Z',
    recoveryPointArn: 'arn:aws:backup:us-east-1:111122223333:recovery-point:6f7fc1f8',
    resourceType: 'RDS',
    restoreTestingPlanArn: 'arn:aws:backup:us-east-1:111122223333:restore-testing-plan:phi_monthly-1a2b',
    validationStatus: 'SUCCESSFUL',
  },
  untracedRestores: 0,
  tracingComplete: true,
  restoreTestingPlans: ['phi_monthly'],
};

describe('backup-restore-tested', () => {
  it.each<[string, Partial<BackupPlanState>, Result, RegExp]>([
    ['a restore testing plan restored a recovery point 29 days ago', {}, 'pass', /restore job AB123456-78C9-0123-456D-789012E34567 by a restore testing plan completed 29 days ago \(within 365\)$/],
    ['a manual restore', { latestRestore: { ...tested.latestRestore!, restoreTestingPlanArn: null, validationStatus: null } }, 'pass', /restore job AB123456-\S+ completed 29 days ago/],
    ['a plan selecting by ARN patterns, not by tag (may hold PHI)', { selections: [selection({ resources: ['arn:aws:rds:*:*:db:*'] })] }, 'pass', /completed 29 days ago/],
    ['the latest restore is too old', { latestRestore: { ...tested.latestRestore!, completionDate: '2024-05-01T00:00:00.000Z' } }, 'fail', /its latest completed restore was 425 days ago, more than the 365 days allowed; restore testing plans \(phi_monthly\) have not restored/],
    ['never restored, no testing plan', { latestRestore: null, restoreTestingPlans: [] }, 'fail', /no completed restore of its recovery points was found \(one is required every 365 days\)$/],
    ['never restored, and restores that can no longer be traced', { latestRestore: null, untracedRestores: 3, restoreTestingPlans: null }, 'fail', /3 completed restores could not be traced to a plan/],
    ['more restores than one run traces', { latestRestore: null, tracingComplete: false }, 'error', /more completed restores than one run traces/],
    ['a plan without resource assignment', { selections: [] }, 'not_applicable', /has no resource assignment: it backs up nothing$/],
    ['a plan selecting only by another tag', { selections: [selection({ resources: [], listOfTags: [{ key: 'backup', value: 'daily' }] })] }, 'not_applicable', /selects only by tags other than data-classification/],
  ])('%s -> %s', (_name, change, expected, reason) => {
    // Prepare
    const plan = { ...tested, ...change };
    // Act
    const finding = runCheck(check, snapshotOf(check, plan.planId, plan), DEFAULT_SETTINGS, NOW);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
    expect(finding.observed.settings).toEqual({ restoreTestMaxAgeDays: 365 });
  });

  it('judges a plan tagged PHI even when it selects only by another tag', () => {
    // Prepare
    const plan = { ...tested, selections: [selection({ resources: [], listOfTags: [{ key: 'backup', value: 'daily' }] })], latestRestore: null };
    // Act
    const finding = runCheck(check, snapshotOf(check, plan.planId, plan, { tags: { 'data-classification': 'phi' } }), DEFAULT_SETTINGS, NOW);
    // Assess
    expect(finding).toMatchObject({ result: 'fail', phiScoped: true, observed: { phiBecause: 'the plan is tagged PHI' } });
  });

  it('recognizes the PHI tag in ListOfTags and in a StringLike condition', () => {
    for (const phi of [selection({ resources: [], listOfTags: [{ key: 'data-classification', value: 'phi' }] }), selection({ conditions: { ...NO_CONDITIONS, stringLike: [{ key: 'aws:ResourceTag/data-classification', value: 'e*' }] } })]) {
      const plan = { ...tested, selections: [phi] };
      expect(runCheck(check, snapshotOf(check, plan.planId, plan), DEFAULT_SETTINGS, NOW)).toMatchObject({ result: 'pass', observed: { phiBecause: 'selects the PHI tag' } });
    }
  });

  it('judges restore age against the deployment setting (one month)', () => {
    // Prepare
    const settings = { ...DEFAULT_SETTINGS, restoreTestMaxAgeDays: 28 };
    // Act
    const finding = runCheck(check, snapshotOf(check, tested.planId, tested), settings, NOW);
    // Assess
    expect(finding).toMatchObject({ result: 'fail', observed: { settings: { restoreTestMaxAgeDays: 28 }, daysSinceRestore: 29 } });
  });

  it('is not_applicable for a deleted plan and error when a deciding read failed', () => {
    expect(runCheck(check, snapshotOf(check, 'gone', undefined, { deleted: true }), DEFAULT_SETTINGS, NOW).result).toBe('not_applicable');
    const error = accessDenied('ListRestoreJobs', 'AccessDeniedException');
    expect(runCheck(check, snapshotOf(check, 'plan-1', undefined, { error }), DEFAULT_SETTINGS, NOW)).toMatchObject({ result: 'error', observed: { error: { code: 'ACCESS_DENIED' } } });
  });

  itHasValidMetadata(check, 'backup-restore-tested', { service: 'backup', hasConfigRule: false });
});

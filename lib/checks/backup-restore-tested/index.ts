import type { Check, CheckMetadata, Finding } from '../../model/check.ts';
import type { BackupPlanState } from '../../model/states/backup.ts';
import { phiSelectionReason } from '../helpers/backup-selection.ts';
import metadata from './metadata.json' with { type: 'json' };

const DAY_MS = 86_400_000;

/**
 * backup-restore-tested: a backup plan that can hold ePHI has a completed restore of one of its
 * own recovery points within `restoreTestMaxAgeDays` (a manual restore or one a restore testing
 * plan ran; a restore whose validation failed does not count). A restore testing plan alone is a
 * schedule, not evidence: it passes once one of its restores completed. A plan is judged when it
 * is tagged PHI, or one of its selections selects the PHI tag or selects by resource rather than
 * by tag; a plan that selects nothing, or only by other tags, is not_applicable.
 */
const check: Check<BackupPlanState> = {
  metadata: metadata as CheckMetadata,
  evaluate(plan, { settings, phiScoped, now }): Finding {
    const maxDays = settings.restoreTestMaxAgeDays;
    const why = plan.selections.map((s) => phiSelectionReason(s, settings)).find((reason) => reason !== undefined);
    const restore = plan.latestRestore;
    const observed: Record<string, unknown> = {
      planName: plan.planName,
      selections: plan.selections.map((s) => s.selectionName),
      phiBecause: phiScoped ? 'the plan is tagged PHI' : (why ?? null),
      latestRestore: restore,
      restoreTestingPlans: plan.restoreTestingPlans,
    };
    if (plan.selections.length === 0 && !phiScoped) {
      return { result: 'not_applicable', reason: `backup plan ${plan.planName} has no resource assignment: it backs up nothing`, observed };
    }
    if (!phiScoped && why === undefined) {
      return { result: 'not_applicable', reason: `backup plan ${plan.planName} selects only by tags other than ${settings.phiTagKey}: it backs up no PHI-tagged data store`, observed };
    }
    const age = restore ? Math.floor((now.getTime() - new Date(restore.completionDate).getTime()) / DAY_MS) : undefined;
    observed.daysSinceRestore = age ?? null;
    if (restore && age !== undefined && age <= maxDays) {
      const by = restore.restoreTestingPlanArn ? ' by a restore testing plan' : '';
      return { result: 'pass', reason: `backup plan ${plan.planName}: restore job ${restore.restoreJobId}${by} completed ${age} days ago (within ${maxDays})`, observed };
    }
    if (!plan.tracingComplete) {
      return { result: 'error', reason: `backup plan ${plan.planName}: more completed restores than one run traces to their plans; a recent restore of this plan may be among them`, observed };
    }
    const latest = restore
      ? `its latest completed restore was ${age} days ago, more than the ${maxDays} days allowed`
      : `no completed restore of its recovery points was found (one is required every ${maxDays} days)`;
    const testing = plan.restoreTestingPlans?.length ? `; restore testing plans (${plan.restoreTestingPlans.join(', ')}) have not restored one of them within the window` : '';
    const untraced = plan.untracedRestores > 0 ? `; ${plan.untracedRestores} completed restores could not be traced to a plan (recovery point deleted since)` : '';
    return { result: 'fail', reason: `backup plan ${plan.planName}: ${latest}${testing}${untraced}`, observed };
  },
};

export default check;

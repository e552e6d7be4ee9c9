import type { Check, CheckMetadata } from '../../model/check.ts';
import type { SecurityHubStandard, SecurityHubState } from '../../model/states/securityhub.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * Standards that are on: READY, INCOMPLETE (on, but some controls could not be enabled) and
 * PENDING (being turned on, e.g. right after the BatchEnableStandards that triggered this
 * evaluation). FAILED and DELETING standards run no controls.
 */
const ON = new Set(['READY', 'INCOMPLETE', 'PENDING']);

/** "aws-foundational-security-best-practices/v/1.0.0 (READY)". */
function describe(standard: SecurityHubStandard): string {
  const name = standard.standardsArn.replace(/^arn:[^:]+:securityhub:[^:]*:[^:]*:(standards|ruleset)\//, '');
  return `${name} (${standard.status}${standard.statusReason ? `: ${standard.statusReason}` : ''})`;
}

/**
 * securityhub-enabled: Security Hub is enabled in the region with at least one security standard
 * running. Not subscribed in the region (DescribeHub's InvalidAccessException) is a fail; a hub
 * without a standard is a fail too, since it then evaluates no control and only collects other
 * services' findings. A denied read is `error` (runCheck), never a fail.
 */
const check: Check<SecurityHubState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state, { snapshot }) {
    const observed = {
      enabled: state.enabled,
      hubArn: state.hubArn,
      subscribedAt: state.subscribedAt,
      standards: state.standards,
      ...(state.notEnabledMessage ? { notEnabledMessage: state.notEnabledMessage } : {}),
    };
    const where = `account ${state.accountId} in ${snapshot.region}`;
    if (!state.enabled) return { result: 'fail', reason: `Security Hub is not enabled in ${where}`, observed };
    const running = state.standards.filter((s) => ON.has(s.status));
    if (running.length === 0) {
      const others = state.standards.length > 0 ? `: ${state.standards.map(describe).join(', ')}` : '';
      return { result: 'fail', reason: `Security Hub is enabled in ${where} but no security standard is on${others}`, observed };
    }
    return { result: 'pass', reason: `Security Hub is enabled in ${where} with ${running.map(describe).join(', ')}`, observed };
  },
};

export default check;

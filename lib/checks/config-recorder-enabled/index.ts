import type { Check, CheckMetadata, Finding } from '../../model/check.ts';
import type { ConfigRecorderFacts, ConfigRecorderState } from '../../model/states/config.ts';
import metadata from './metadata.json' with { type: 'json' };

function recordsEverything(r: ConfigRecorderFacts): boolean {
  return (r.allSupported || r.recordingStrategy === 'ALL_SUPPORTED_RESOURCE_TYPES') && r.exclusions.length === 0;
}

/** Why a recorder falls short, or undefined when it records everything and is on. */
function shortfall(r: ConfigRecorderFacts): string | undefined {
  if (!r.recording) return `recorder ${r.name} is stopped`;
  if (r.exclusions.length > 0) return `recorder ${r.name} excludes ${r.exclusions.join(', ')}`;
  if (!recordsEverything(r)) {
    const listed = r.resourceTypes.length > 0 ? `only ${r.resourceTypes.length} resource type(s): ${r.resourceTypes.join(', ')}` : 'only selected resource types';
    return `recorder ${r.name} records ${listed}`;
  }
  if (r.lastStatus?.toLowerCase() === 'failure') return `recorder ${r.name} is on but its last recording failed (${r.lastErrorCode ?? 'no error code'})`;
  return undefined;
}

/**
 * Passes when the region's configuration recorder records all supported resource types and is
 * recording. Service-linked recorders (created by an AWS service for itself) do not count.
 */
const check: Check<ConfigRecorderState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state, { snapshot }): Finding {
    const observed = { recorders: state.recorders };
    const where = `account ${snapshot.account} in ${snapshot.region}`;
    const own = state.recorders.filter((r) => !r.serviceLinked);
    if (own.length === 0) {
      const linked = state.recorders.length > 0 ? ` (only service-linked recorders: ${state.recorders.map((r) => r.name).join(', ')})` : '';
      return { result: 'fail', reason: `no AWS Config configuration recorder in ${where}${linked}`, observed };
    }
    const good = own.find((r) => shortfall(r) === undefined);
    if (good) {
      return { result: 'pass', reason: `recorder ${good.name} records all supported resource types in ${where} and is recording`, observed };
    }
    return { result: 'fail', reason: `${own.map((r) => shortfall(r)).join('; ')} (${where})`, observed };
  },
};

export default check;

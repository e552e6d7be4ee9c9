import type { Check, CheckMetadata } from '../../model/check.ts';
import type { EbsSnapshotState } from '../../model/states/ec2.ts';
import metadata from './metadata.json' with { type: 'json' };

/** Block public access modes that stop new public sharing (only block-all-sharing also hides snapshots already public). */
const BLOCKING = new Set(['block-all-sharing', 'block-new-sharing']);

/**
 * Passes when nobody outside the account can restore the snapshot and the region's block public
 * access for snapshots is on. Under block-all-sharing a snapshot whose permission still says
 * "all" is treated as private by AWS (it fails again the moment the setting is relaxed, which
 * triggers a re-evaluation); under block-new-sharing it stays public.
 */
const check: Check<EbsSnapshotState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state, { snapshot }) {
    const setting = state.blockPublicAccess;
    const observed = {
      snapshotId: state.snapshotId,
      sharedPublicly: state.sharedPublicly,
      ...(state.sharedWithAccounts ? { sharedWithAccounts: state.sharedWithAccounts } : {}),
      blockPublicAccess: setting,
    };
    const mode = `snapshot block public access in ${snapshot.region} is ${setting.state}`;
    if (setting.state === 'block-all-sharing') {
      const stale = state.sharedPublicly ? ': its createVolumePermission still names "all", but AWS treats it as private' : '';
      return { result: 'pass', reason: `${state.snapshotId} cannot be restored publicly (${mode})${stale}`, observed };
    }
    if (state.sharedPublicly === null) {
      return { result: 'error', reason: `whether ${state.snapshotId} is shared publicly was not read (${mode})`, observed };
    }
    if (state.sharedPublicly) {
      return { result: 'fail', reason: `${state.snapshotId} is publicly restorable: createVolumePermission grants "all" (${mode})`, observed };
    }
    if (!BLOCKING.has(setting.state)) {
      return { result: 'fail', reason: `${state.snapshotId} is not shared publicly, but ${mode}: nothing stops it being made public`, observed };
    }
    return { result: 'pass', reason: `${state.snapshotId} is not shared publicly (${mode})`, observed };
  },
};

export default check;

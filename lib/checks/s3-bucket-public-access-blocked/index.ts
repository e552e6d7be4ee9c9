import type { Check, CheckMetadata } from '../../model/check.ts';
import { allBlocked, type PublicAccessBlock, type S3BucketState } from '../../model/states/s3.ts';
import { facetErrorFinding } from '../helpers/s3-facets.ts';
import metadata from './metadata.json' with { type: 'json' };

/** The switches that are off, by their API names, for a readable reason. */
function offSwitches(block: PublicAccessBlock | null | undefined): string[] {
  if (!block) return ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'];
  return Object.entries({
    BlockPublicAcls: block.blockPublicAcls,
    IgnorePublicAcls: block.ignorePublicAcls,
    BlockPublicPolicy: block.blockPublicPolicy,
    RestrictPublicBuckets: block.restrictPublicBuckets,
  }).flatMap(([name, on]) => (on ? [] : [name]));
}

/**
 * s3-bucket-public-access-blocked: all four Block Public Access settings are on at bucket level,
 * or all four at account level (S3 applies the most restrictive of the two).
 */
const check: Check<S3BucketState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const bucketFailed = facetErrorFinding(state, 'publicAccessBlock');
    const observed = { bucket: state.bucket, bucketLevel: state.publicAccessBlock ?? null, accountLevel: state.accountPublicAccessBlock ?? null };
    // A fully blocked bucket passes whatever the account says, so an unreadable account level does not matter.
    if (!bucketFailed && allBlocked(state.publicAccessBlock)) {
      return { result: 'pass', reason: `bucket ${state.bucket} has all four Block Public Access settings on`, observed };
    }
    const accountFailed = facetErrorFinding(state, 'accountPublicAccessBlock');
    if (!accountFailed && allBlocked(state.accountPublicAccessBlock)) {
      return { result: 'pass', reason: `account-level Block Public Access is fully on, covering bucket ${state.bucket}`, observed };
    }
    if (bucketFailed) return bucketFailed;
    if (accountFailed) return accountFailed;
    if (!state.accountPublicAccessBlock) {
      return { result: 'error', reason: `the account-level Block Public Access setting for bucket ${state.bucket} was not collected`, observed };
    }
    const bucketOff = state.publicAccessBlock ? offSwitches(state.publicAccessBlock).join(', ') + ' off' : 'not configured';
    const accountOff = offSwitches(state.accountPublicAccessBlock).join(', ');
    return {
      result: 'fail',
      reason: `bucket ${state.bucket} can be made public: bucket-level Block Public Access ${bucketOff}; account level has ${accountOff} off`,
      observed,
    };
  },
};

export default check;

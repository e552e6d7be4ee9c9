import type { Check, CheckMetadata } from '../../model/check.ts';
import type { ImageState } from '../../model/states/ec2.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * Passes when the AMI is not public and the region's block public access for AMIs is on. The
 * setting never makes a public AMI private (it only refuses new public sharing), so a public AMI
 * fails under either mode.
 */
const check: Check<ImageState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state, { snapshot }) {
    const setting = state.blockPublicAccess;
    const name = state.name ? `${state.imageId} (${state.name})` : state.imageId;
    const observed = { imageId: state.imageId, public: state.public, imageState: state.imageState ?? null, blockPublicAccess: setting };
    const mode = `image block public access in ${snapshot.region} is ${setting.state}`;
    if (state.public) {
      return { result: 'fail', reason: `${name} is public: any AWS account can launch it (${mode})`, observed };
    }
    if (setting.state !== 'block-new-sharing') {
      return { result: 'fail', reason: `${name} is private, but ${mode}: nothing stops it being made public`, observed };
    }
    return { result: 'pass', reason: `${name} is private (${mode})`, observed };
  },
};

export default check;

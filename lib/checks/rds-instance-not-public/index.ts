import type { Check, CheckMetadata } from '../../model/check.ts';
import type { RdsInstanceState } from '../../model/states/rds.ts';
import metadata from './metadata.json' with { type: 'json' };

/** Passes when the DB instance has no public endpoint (PubliclyAccessible false). */
const check: Check<RdsInstanceState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const observed = { dbInstanceIdentifier: state.identifier, engine: state.engine, publiclyAccessible: state.publiclyAccessible };
    const engine = state.engine ? ` (${state.engine})` : '';
    if (state.publiclyAccessible) {
      return {
        result: 'fail',
        reason: `DB instance ${state.identifier}${engine} is publicly accessible: its endpoint resolves to a public IP`,
        observed,
      };
    }
    return { result: 'pass', reason: `DB instance ${state.identifier}${engine} is not publicly accessible`, observed };
  },
};

export default check;

import type { Check, CheckMetadata } from '../../model/check.ts';
import type { LambdaFunctionState } from '../../model/states/lambda.ts';
import { publicGrants } from '../helpers/lambda-policy.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * Passes when neither the function's resource policy nor any alias's grants a wildcard principal
 * without a condition pinning the caller, or a service principal without a source condition.
 */
const check: Check<LambdaFunctionState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const name = state.functionName;
    if (!state.policies) return { result: 'error', reason: `the resource policies of ${name} were not read`, observed: {} };
    const grants = publicGrants(state.policies);
    const observed = {
      policiesRead: state.policies.map((p) => ({ qualifier: p.qualifier, statements: p.statements.length })),
      publicGrants: grants,
    };
    if (grants.length === 0) {
      const count = state.policies.reduce((sum, p) => sum + p.statements.length, 0);
      return { result: 'pass', reason: `no resource policy statement of ${name} grants public access (${count} statements read)`, observed };
    }
    const list = grants.map((g) => `${g.sid ?? 'statement'}${g.qualifier ? ` on alias ${g.qualifier}` : ''}: ${g.why}`).join('; ');
    return { result: 'fail', reason: `${name} is open: ${list}`, observed };
  },
};

export default check;

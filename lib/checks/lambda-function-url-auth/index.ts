import type { Check, CheckMetadata } from '../../model/check.ts';
import type { LambdaFunctionState } from '../../model/states/lambda.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * Passes when every function URL of the function (its own and its aliases') requires AWS_IAM
 * auth. A function without a URL is not applicable: it cannot be reached by one.
 */
const check: Check<LambdaFunctionState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const name = state.functionName;
    if (!state.urls) return { result: 'error', reason: `the function URLs of ${name} were not read`, observed: {} };
    const observed = { urls: state.urls };
    if (state.urls.length === 0) return { result: 'not_applicable', reason: `${name} has no function URL`, observed };
    const open = state.urls.filter((u) => u.authType !== 'AWS_IAM');
    if (open.length === 0) return { result: 'pass', reason: `every function URL of ${name} requires AWS_IAM auth (${state.urls.length})`, observed };
    const list = open.map((u) => `${u.url} (${u.functionArn}, ${u.authType})`).join(', ');
    return { result: 'fail', reason: `${name} has a function URL without IAM auth: ${list}`, observed };
  },
};

export default check;

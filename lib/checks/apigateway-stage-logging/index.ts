import type { Check, CheckMetadata } from '../../model/check.ts';
import type { ApiGatewayStageState } from '../../model/states/apigateway.ts';
import metadata from './metadata.json' with { type: 'json' };

const EXECUTION_LEVELS = ['ERROR', 'INFO'];

/**
 * Passes when the stage writes access logs (one line per request, every method or route), or
 * execution logs at ERROR or INFO for every method or route with none turned off. HTTP APIs have
 * no execution logging: only access logs count there.
 */
const check: Check<ApiGatewayStageState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const observed = { ...state };
    const name = `${state.api} API ${state.apiId} stage ${state.stageName}`;
    if (state.accessLogDestination) return { result: 'pass', reason: `${name} writes access logs to ${state.accessLogDestination}`, observed };
    if (state.api === 'HTTP') return { result: 'fail', reason: `${name} has access logging off (HTTP APIs have no execution logging)`, observed };
    const level = state.defaultLoggingLevel ?? 'OFF';
    const unit = state.api === 'REST' ? 'method' : 'route';
    if (!EXECUTION_LEVELS.includes(level)) return { result: 'fail', reason: `${name} has access logging off and execution logging ${level} for every ${unit}`, observed };
    if (state.loggingOffOverrides.length > 0) {
      return { result: 'fail', reason: `${name} has access logging off and execution logging turned off for ${unit}s ${state.loggingOffOverrides.join(', ')}`, observed };
    }
    return { result: 'pass', reason: `${name} writes execution logs at ${level} for every ${unit}`, observed };
  },
};

export default check;

import type { Check, CheckMetadata, Finding } from '../../model/check.ts';
import type { Elbv2ListenerState } from '../../model/states/elbv2.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * The oldest TLS version each family of AWS predefined ELBv2 policies accepts. ELBv2 has no
 * custom policies, so the name decides; a name not listed here cannot be shown to be safe.
 */
const POLICY_MIN_TLS: ReadonlyArray<[RegExp, string]> = [
  [/^ELBSecurityPolicy-TLS13-1-3-/, '1.3'],
  [/^ELBSecurityPolicy-(TLS13-1-2|TLS-1-2|FS-1-2)-/, '1.2'],
  [/^ELBSecurityPolicy-(TLS13-1-1|TLS-1-1|FS-1-1)-/, '1.1'],
  [/^ELBSecurityPolicy-(TLS13-1-0-|TLS-1-0-|FS-2018-06$|2016-08$|2015-05$)/, '1.0'],
];

/** "1.2" for ELBSecurityPolicy-TLS13-1-2-2021-06; undefined for a name we do not know. */
export function policyMinTls(policy: string): string | undefined {
  return POLICY_MIN_TLS.find(([pattern]) => pattern.test(policy))?.[1];
}

const TERMINATES_TLS = new Set(['HTTPS', 'TLS']);

function evaluateTls(state: Elbv2ListenerState, minTls: string, name: string, observed: Record<string, unknown>): Finding {
  if (!state.sslPolicy) return { result: 'fail', reason: `${name} has no TLS security policy`, observed };
  const min = policyMinTls(state.sslPolicy);
  const withMin = { ...observed, policyMinTls: min ?? null, requiredMinTls: minTls };
  if (min === undefined) {
    return { result: 'fail', reason: `${name} uses ${state.sslPolicy}, not a known policy limited to TLS ${minTls}+`, observed: withMin };
  }
  if (Number(min) < Number(minTls)) {
    return { result: 'fail', reason: `${name} uses ${state.sslPolicy}, which still accepts TLS ${min} (minimum is ${minTls})`, observed: withMin };
  }
  return { result: 'pass', reason: `${name} uses ${state.sslPolicy} (TLS ${min}+)`, observed: withMin };
}

/** HTTPS/TLS with a policy at or above settings.minTlsVersion, or HTTP that only redirects to HTTPS. */
const check: Check<Elbv2ListenerState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state, { settings }) {
    const name = `${state.protocol}:${state.port ?? '?'} listener ${state.listenerArn}`;
    const observed = {
      listenerArn: state.listenerArn,
      protocol: state.protocol,
      port: state.port ?? null,
      sslPolicy: state.sslPolicy ?? null,
      defaultActions: state.defaultActions,
      loadBalancer: state.loadBalancer,
    };
    if (TERMINATES_TLS.has(state.protocol)) return evaluateTls(state, settings.minTlsVersion, name, observed);
    if (state.protocol !== 'HTTP') {
      return { result: 'not_applicable', reason: `${name} does not terminate TLS at the load balancer (${state.protocol} passes traffic through)`, observed };
    }
    const actions = state.defaultActions;
    if (actions.length > 0 && actions.every((a) => a.type === 'redirect' && a.redirectProtocol?.toUpperCase() === 'HTTPS')) {
      return { result: 'pass', reason: `${name} only redirects to HTTPS`, observed };
    }
    const what = actions.map((a) => (a.type === 'redirect' ? `redirect to ${a.redirectProtocol ?? '#{protocol}'}` : a.type)).join(', ') || 'no action';
    return { result: 'fail', reason: `${name} serves plain HTTP (default action: ${what})`, observed };
  },
};

export default check;

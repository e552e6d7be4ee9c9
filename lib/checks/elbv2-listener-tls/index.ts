import type { Check, CheckMetadata, Finding } from '../../model/check.ts';
import { redirectsToHttps, type Elbv2ListenerState, type ListenerAction } from '../../model/states/elbv2.ts';
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

function describeActions(actions: readonly ListenerAction[]): string {
  return actions.map((a) => (a.type === 'redirect' ? `redirect to ${a.redirectProtocol ?? '#{protocol}'}` : a.type)).join(', ') || 'no action';
}

/**
 * An HTTP listener carries no plain-text data only when its default action and every rule's
 * actions redirect to HTTPS: one `forward` rule (a path, a host header) serves that traffic in
 * the clear.
 */
function evaluateHttp(state: Elbv2ListenerState, name: string, observed: Record<string, unknown>): Finding {
  if (!redirectsToHttps(state.defaultActions)) {
    return { result: 'fail', reason: `${name} serves plain HTTP (default action: ${describeActions(state.defaultActions)})`, observed };
  }
  if (!state.rules) return { result: 'error', reason: `${name} redirects to HTTPS by default, but its rules were not read`, observed };
  const plain = state.rules.filter((rule) => !redirectsToHttps(rule.actions));
  if (plain.length > 0) {
    const which = plain.map((rule) => `priority ${rule.priority}: ${describeActions(rule.actions)}`).join('; ');
    return { result: 'fail', reason: `${name} redirects to HTTPS by default, but ${plain.length} rule(s) serve plain HTTP (${which})`, observed };
  }
  const rules = state.rules.length > 0 ? ` (default action and ${state.rules.length} rule(s))` : '';
  return { result: 'pass', reason: `${name} only redirects to HTTPS${rules}`, observed };
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
      ...(state.rules ? { rules: state.rules } : {}),
      loadBalancer: state.loadBalancer,
    };
    if (TERMINATES_TLS.has(state.protocol)) return evaluateTls(state, settings.minTlsVersion, name, observed);
    if (state.protocol === 'HTTP') return evaluateHttp(state, name, observed);
    return { result: 'not_applicable', reason: `${name} does not terminate TLS at the load balancer (${state.protocol} passes traffic through)`, observed };
  },
};

export default check;

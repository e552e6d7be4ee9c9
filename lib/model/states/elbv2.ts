export interface ListenerAction {
  /** "forward", "redirect", "fixed-response", "authenticate-oidc", "authenticate-cognito", ... */
  type: string;
  /** For redirects: the target protocol ("HTTPS", or "#{protocol}" to keep the request's). */
  redirectProtocol?: string;
  redirectPort?: string;
}

/** A listener rule other than the default one (DescribeRules): its own actions. */
export interface ListenerRule {
  ruleArn: string;
  /** "1" to "50000"; rules are tried in this order. */
  priority: string;
  actions: ListenerAction[];
}

export interface Elbv2ListenerState {
  listenerArn: string;
  /** "HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE". */
  protocol: string;
  port?: number;
  sslPolicy?: string;
  defaultActions: ListenerAction[];
  /**
   * The non-default rules. Read only for an HTTP listener whose default action redirects to
   * HTTPS: the one case where a rule (a `forward` on some path) changes the verdict. Undefined
   * when not read.
   */
  rules?: ListenerRule[];
  /** Scheme and type are unknown when the state came from a listener Config item. */
  loadBalancer: { arn: string; name?: string; scheme?: string; type?: string };
}

/**
 * True when every action redirects to HTTPS, so nothing is served in plain text. An empty list
 * serves nothing useful either, but proves nothing: false.
 *
 * @example redirectsToHttps([{ type: 'redirect', redirectProtocol: 'HTTPS' }]) // true
 */
export function redirectsToHttps(actions: readonly ListenerAction[]): boolean {
  return actions.length > 0 && actions.every((a) => a.type === 'redirect' && a.redirectProtocol?.toUpperCase() === 'HTTPS');
}

/** Where a load balancer writes its access logs (DescribeLoadBalancerAttributes `access_logs.s3.*`). */
export interface AccessLogSettings {
  enabled: boolean;
  bucket?: string;
  prefix?: string;
}

/**
 * An ALB, NLB or Gateway Load Balancer and its S3 access-log attributes. `listenerProtocols` is
 * read only for a Network Load Balancer whose access logs are off: NLB access logs record TLS
 * connections only, so whether it has a TLS listener decides whether the missing logs matter.
 */
export interface Elbv2LoadBalancerState {
  loadBalancerArn: string;
  name?: string;
  /** "application", "network" or "gateway". */
  type: string;
  scheme?: string;
  accessLogs: AccessLogSettings;
  listenerProtocols?: string[];
}

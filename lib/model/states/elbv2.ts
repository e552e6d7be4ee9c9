export interface ListenerAction {
  /** "forward", "redirect", "fixed-response", "authenticate-oidc", "authenticate-cognito", ... */
  type: string;
  /** For redirects: the target protocol ("HTTPS", or "#{protocol}" to keep the request's). */
  redirectProtocol?: string;
  redirectPort?: string;
}

export interface Elbv2ListenerState {
  listenerArn: string;
  /** "HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE". */
  protocol: string;
  port?: number;
  sslPolicy?: string;
  defaultActions: ListenerAction[];
  /** Scheme and type are unknown when the state came from a listener Config item. */
  loadBalancer: { arn: string; name?: string; scheme?: string; type?: string };
}

/**
 * Pure reading of normalized security group rules: which of them let the whole internet in.
 * Shared by the security group checks; no SDK import, so checks may import it.
 */
import type { SecurityGroupRule } from '../../model/states/ec2.ts';

/** One internet source on one rule. */
export interface Exposure {
  cidr: string;
  protocol: string;
  fromPort?: number;
  toPort?: number;
}

/**
 * A /0 prefix is the whole address space whatever its address bits: AWS accepts
 * "208.236.235.254/0" (seen in real CloudTrail) and it opens as much as 0.0.0.0/0.
 */
function isInternetCidr(cidr: string): boolean {
  return /\/0+$/.test(cidr.trim());
}

/** Every (rule, internet CIDR) pair of the given rules, IPv4 and IPv6. */
export function internetExposures(rules: SecurityGroupRule[]): Exposure[] {
  return rules.flatMap((rule) =>
    [...rule.ipv4Ranges, ...rule.ipv6Ranges].filter(isInternetCidr).map((cidr) => ({
      cidr,
      protocol: rule.protocol,
      ...(rule.fromPort !== undefined ? { fromPort: rule.fromPort } : {}),
      ...(rule.toPort !== undefined ? { toPort: rule.toPort } : {}),
    })),
  );
}

/** True when the exposure's port range includes `port` (no ports given means all ports). */
export function coversPort(exposure: Exposure, port: number): boolean {
  if (exposure.protocol === '-1') return true;
  const from = exposure.fromPort ?? 0;
  const to = exposure.toPort ?? 65535;
  // EC2 uses -1 for "all" on some protocols.
  return (from === -1 && to === -1) || (from <= port && port <= to);
}

/** "tcp/22", "tcp/1024-2048" or "all traffic", as reasons write it. */
export function describeExposure(exposure: Exposure): string {
  if (exposure.protocol === '-1') return `${exposure.cidr} on all traffic`;
  const { fromPort: from, toPort: to } = exposure;
  const ports = from === undefined || (from === -1 && to === -1) ? 'all ports' : from === to ? `${from}` : `${from}-${to}`;
  return `${exposure.cidr} on ${exposure.protocol}/${ports}`;
}

/**
 * Pure reading of network ACL rules: which ingress rules let the whole internet in, taking rule
 * order into account. AWS evaluates a network ACL's rules in ascending rule number and stops at
 * the first rule that matches, so an allow from 0.0.0.0/0 is dead when lower-numbered deny rules
 * already cover every source address for that traffic; a deny of part of the internet leaves the
 * rest of it coming in. No SDK import, so checks may import it.
 */
import type { NetworkAclEntry } from '../../model/states/ec2.ts';

// RDP also listens on UDP 3389; the other admin and database services are TCP only (as for security groups).
const UDP_ADMIN_PORTS = new Set([3389]);

/** An allow rule from the whole internet that traffic reaches: what it opens. */
export interface NaclExposure {
  ruleNumber: number;
  cidr: string;
  protocol: string;
  fromPort?: number;
  toPort?: number;
  /** The rule allows every protocol and port (protocol -1), not cut down by a lower-numbered deny of all traffic. */
  allTraffic: boolean;
  /** The admin ports (settings.adminPorts) it opens: no lower-numbered deny covers them for every source. */
  adminPorts: number[];
}

/** An allow rule from the whole internet that lower-numbered deny rules shadow for everything it would open. */
export interface NaclShadowedAllow {
  ruleNumber: number;
  cidr: string;
  protocol: string;
  deniedBy: number[];
}

/** One kind of traffic to ask about: every protocol and port, or one protocol to one port. */
type Probe = { protocol: '-1' } | { protocol: 'tcp' | 'udp'; port: number };

/** A /0 prefix is the whole address space whatever its address bits ("208.236.235.254/0" opens as much as 0.0.0.0/0). */
function isWholeSpace(cidr: string): boolean {
  return /\/0+$/.test(cidr.trim());
}

const familyOf = (cidr: string): 4 | 6 => (cidr.includes(':') ? 6 : 4);

/** True when the rule matches all of the probe's traffic. */
function covers(entry: NetworkAclEntry, probe: Probe): boolean {
  if (entry.protocol === '-1') return true;
  if (probe.protocol === '-1' || entry.protocol !== probe.protocol) return false;
  const from = entry.fromPort ?? 0;
  const to = entry.toPort ?? 65535;
  return from <= probe.port && probe.port <= to;
}

/** The address interval of a CIDR as [first, last], or undefined when it does not parse. */
function interval(cidr: string): [bigint, bigint] | undefined {
  const [address = '', prefixText = ''] = cidr.trim().split('/');
  const family = familyOf(cidr);
  const bits = family === 4 ? 32 : 128;
  const prefix = Number(prefixText);
  const value = family === 4 ? ipv4(address) : ipv6(address);
  if (value === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > bits) return undefined;
  const hostBits = BigInt(bits - prefix);
  const first = (value >> hostBits) << hostBits;
  return [first, first + (1n << hostBits) - 1n];
}

function ipv4(address: string): bigint | undefined {
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((sum, p) => (sum << 8n) + BigInt(p), 0n);
}

function ipv6(address: string): bigint | undefined {
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const groups = (text: string) => (text === '' ? [] : text.split(':'));
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const all = [...head, ...Array<string>(missing).fill('0'), ...tail];
  if (all.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return all.reduce((sum, g) => (sum << 16n) + BigInt(parseInt(g, 16)), 0n);
}

/** True when the CIDRs together hold every address of the family. */
function coverWholeSpace(cidrs: string[], family: 4 | 6): boolean {
  const last = (1n << (family === 4 ? 32n : 128n)) - 1n;
  const ranges = cidrs.map(interval).filter((r): r is [bigint, bigint] => r !== undefined).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let next = 0n;
  for (const [first, end] of ranges) {
    if (first > next) return false;
    if (end + 1n > next) next = end + 1n;
    if (next > last) return true;
  }
  return false;
}

/** The lower-numbered ingress denies of the allow's address family that cover the probe, when together they cover every source. */
function shadowingDenies(allow: NetworkAclEntry, ingress: NetworkAclEntry[], probe: Probe): number[] | undefined {
  const family = familyOf(allow.cidr);
  const denies = ingress.filter((e) => e.ruleAction === 'deny' && e.ruleNumber < allow.ruleNumber && familyOf(e.cidr) === family && covers(e, probe));
  return coverWholeSpace(denies.map((d) => d.cidr), family) ? denies.map((d) => d.ruleNumber) : undefined;
}

/**
 * Every ingress allow rule from 0.0.0.0/0 or ::/0 (any /0) that opens all traffic or one of
 * `adminPorts` (TCP; UDP for 3389) to the internet, and the ones lower-numbered denies shadow.
 *
 * @example publicIngress(state.entries, settings.adminPorts).exposures // [{ ruleNumber: 100, cidr: '0.0.0.0/0', allTraffic: true, ... }]
 */
export function publicIngress(entries: readonly NetworkAclEntry[], adminPorts: readonly number[]): { exposures: NaclExposure[]; shadowed: NaclShadowedAllow[] } {
  const ingress = entries.filter((e) => !e.egress);
  const exposures: NaclExposure[] = [];
  const shadowed: NaclShadowedAllow[] = [];
  const allows = ingress.filter((e) => e.ruleAction === 'allow' && isWholeSpace(e.cidr)).sort((a, b) => a.ruleNumber - b.ruleNumber);
  for (const allow of allows) {
    const probes: Array<{ probe: Probe; port?: number }> = [
      ...(allow.protocol === '-1' ? [{ probe: { protocol: '-1' } as Probe }] : []),
      ...adminPorts.map((port) => ({ probe: { protocol: 'tcp', port } as Probe, port })),
      ...adminPorts.filter((p) => UDP_ADMIN_PORTS.has(p)).map((port) => ({ probe: { protocol: 'udp', port } as Probe, port })),
    ].filter(({ probe }) => covers(allow, probe));
    if (probes.length === 0) continue;
    const deniedBy = new Set<number>();
    const open = probes.filter(({ probe }) => {
      const denies = shadowingDenies(allow, ingress, probe);
      for (const n of denies ?? []) deniedBy.add(n);
      return denies === undefined;
    });
    const where = { ruleNumber: allow.ruleNumber, cidr: allow.cidr, protocol: allow.protocol };
    if (open.length === 0) {
      shadowed.push({ ...where, deniedBy: [...deniedBy].sort((a, b) => a - b) });
      continue;
    }
    const ports = [...new Set(open.flatMap(({ port }) => (port === undefined ? [] : [port])))].sort((a, b) => a - b);
    exposures.push({
      ...where,
      ...(allow.fromPort !== undefined ? { fromPort: allow.fromPort } : {}),
      ...(allow.toPort !== undefined ? { toPort: allow.toPort } : {}),
      allTraffic: open.some(({ probe }) => probe.protocol === '-1'),
      adminPorts: ports,
    });
  }
  return { exposures, shadowed };
}

/**
 * No test reaches beyond loopback: every TCP connection to another host is refused before a
 * packet leaves (a collector test that forgot a mock fails instead of calling AWS). Installed for
 * every test file by vitest.config.ts; the local servers (radosgw, Chromium, the TSA) are on
 * 127.0.0.1 / ::1 / localhost and unaffected.
 */
import net from 'node:net';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);

/** The host a Socket#connect call names, if it names one (a path means a Unix socket). */
function hostOf(args: unknown[]): string | undefined {
  const [first] = args;
  if (Array.isArray(first)) return hostOf(first);
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: string; path?: string | null };
    return typeof options.path === 'string' ? undefined : (options.host ?? 'localhost');
  }
  if (typeof first === 'number') return typeof args[1] === 'string' ? args[1] : 'localhost';
  return undefined;
}

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const host = hostOf(args);
  if (host !== undefined && !isLoopback(host)) {
    const error = Object.assign(new Error(`test tried to reach ${host}: tests never leave loopback (test/setup/no-network.ts)`), { code: 'ENETUNREACH' });
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

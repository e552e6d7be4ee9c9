import { ConfigError } from '../errors.ts';

/** One request's bound: a TSA that does not answer in time delays the token to the next run, never the seal. */
const DEFAULT_TSA_TIMEOUT_MS = 10_000;

/** Where tokens are asked for and how long one request may take. No ASN.1 here: options are checked before pkijs loads. */
export interface TimestampAuthority {
  url: URL;
  timeoutMs: number;
}

/**
 * A TSA from its URL: http or https only (RFC 3161 3.4, the time-stamp protocol via HTTP).
 *
 * @throws ConfigError for any other URL or timeout.
 * @example timestampAuthority('https://tsa.example/tsr')
 */
export function timestampAuthority(url: string, timeoutMs = DEFAULT_TSA_TIMEOUT_MS): TimestampAuthority {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new ConfigError(`the TSA URL ${JSON.stringify(url)} is not a URL`, { cause: error });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ConfigError(`the TSA URL must be http(s), got ${parsed.protocol} in ${url}`);
  if (!(Number.isInteger(timeoutMs) && timeoutMs > 0)) throw new ConfigError(`the TSA timeout must be a positive number of milliseconds, got ${timeoutMs}`);
  return { url: parsed, timeoutMs };
}

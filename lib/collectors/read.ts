import type { ReadError, ReadErrorCode } from '../model/check.ts';

/** Thrown by the recorded-responses mock when a call has no recorded answer. */
export const MISSING_RECORDING = 'MissingRecordedResponse';

const NOT_FOUND = /^(NoSuch|NotFound|.*NotFound(Exception|Fault)?$|InvalidGroup\.NotFound|InvalidVpcID\.NotFound|InvalidVolume\.NotFound|InvalidSubnetID\.NotFound|DBInstanceNotFound|TrailNotFound|NoSuchEntity)/;
const ACCESS_DENIED = /^(AccessDenied|AccessDeniedException|UnauthorizedOperation|AuthorizationError|Forbidden|UnrecognizedClientException|InvalidClientTokenId|ExpiredToken)/;
const THROTTLED = /^(Throttling|ThrottlingException|TooManyRequestsException|RequestLimitExceeded|SlowDown|RequestThrottled)/;
const TIMEOUT = /^(TimeoutError|RequestTimeout|ETIMEDOUT|ECONNRESET|AbortError)/;

/**
 * Map any thrown SDK error to the ReadError a finding carries. The code comes from the error's
 * name (the service's error code), never from its message text.
 */
export function toReadError(operation: string, error: unknown): ReadError {
  const e = error as { name?: string; Code?: string; code?: string; message?: string } | undefined;
  const name = String(e?.name ?? e?.Code ?? e?.code ?? 'Error');
  const message = String(e?.message ?? error);
  const code: ReadErrorCode =
    name === MISSING_RECORDING ? 'MISSING_RECORDING'
    : ACCESS_DENIED.test(name) ? 'ACCESS_DENIED'
    : NOT_FOUND.test(name) ? 'NOT_FOUND'
    : THROTTLED.test(name) ? 'THROTTLED'
    : TIMEOUT.test(name) ? 'TIMEOUT'
    : 'OTHER';
  return { operation, code, name, message };
}

/** A failed read, carried as a value so one bad call never hides the others. */
export class ReadFailure {
  readonly error: ReadError;
  constructor(error: ReadError) {
    this.error = error;
  }
}

/**
 * Run one SDK read; AWS errors come back as a ReadFailure, not a throw. Errors whose name is in
 * `expected` (e.g. NoSuchBucketPolicy: "there is no policy") resolve to `fallback` instead.
 */
export async function read<T, F = never>(
  operation: string,
  call: () => Promise<T>,
  expected: { names: string[]; fallback: F } = { names: [], fallback: undefined as never },
): Promise<T | F | ReadFailure> {
  try {
    return await call();
  } catch (error) {
    const mapped = toReadError(operation, error);
    if (expected.names.includes(mapped.name)) return expected.fallback;
    return new ReadFailure(mapped);
  }
}

export function isFailure(value: unknown): value is ReadFailure {
  return value instanceof ReadFailure;
}

/** The client's built-in retry handles throttling with backoff; this is how many attempts we allow. */
export const SDK_MAX_ATTEMPTS = 6;

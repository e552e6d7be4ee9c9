/**
 * A snapshot from one Describe call, the shape most kinds' `collect` takes: a failed read becomes
 * `snapshot.error`, the service's own not-found answer `deleted: true`, anything else the state.
 */
import type { Snapshot } from '../model/check.ts';
import { isFailure, read } from './read.ts';
import type { CollectContext } from './types.ts';

/** What is being described, and how. */
export interface DescribeCall<T> {
  kind: string;
  resourceType: string;
  id: string;
  /** The API operation, as error records name it (DescribeSecret). */
  operation: string;
  send: () => Promise<T>;
  /** The service's error names for "no such resource" (ResourceNotFoundException). */
  notFound: string[];
}

/**
 * The snapshot `present` makes of the answer, or the error or deleted snapshot.
 *
 * @example collectDescribed(ctx, { kind, resourceType, id, operation: 'DescribeSecret', send, notFound: ['ResourceNotFoundException'] }, (out) => snapshotOf(ctx, out, id))
 */
export async function collectDescribed<T, S>(ctx: CollectContext, call: DescribeCall<T>, present: (answer: T) => Snapshot<S> | Promise<Snapshot<S>>): Promise<Snapshot<S>> {
  const out = await read(call.operation, call.send, { names: call.notFound, fallback: null });
  const base = { kind: call.kind, resource: { type: call.resourceType, id: call.id }, account: ctx.account, region: ctx.region, source: 'api' as const };
  if (isFailure(out)) return { ...base, error: out.error };
  if (out === null) return { ...base, deleted: true };
  return present(out);
}

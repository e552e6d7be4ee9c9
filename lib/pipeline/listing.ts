/**
 * Reading every resource a listing names, in bounded chunks: the daily sweep and an event's
 * fan-out (DeleteFlowLogs → the region's VPCs) walk listings the same way, so memory grows with a
 * chunk, not with the account, and a fan-out stops at its bound.
 */
import type { Snapshot } from '../model/check.ts';
import { toReadError } from '../collectors/read.ts';
import type { CollectContext, SnapshotKind } from '../collectors/types.ts';
import { chunks, mapLimit } from '../util/concurrency.ts';

/** Resources read per chunk: one chunk of snapshots is in memory at a time. */
const CHUNK_SIZE = 100;

/** At most `limit` entries of a listing; `exceeded` turns true when the listing had more. */
export interface ListingBound {
  limit: number;
  exceeded: boolean;
}

/**
 * The first `bound.limit` items of `source`. It pulls one item more to learn whether the listing
 * went on (then sets `bound.exceeded`), and stops there: no further page is requested.
 */
async function* bounded<T>(source: AsyncIterable<T>, bound: ListingBound | undefined): AsyncIterable<T> {
  let count = 0;
  for await (const item of source) {
    if (bound && count >= bound.limit) {
      bound.exceeded = true;
      return;
    }
    count++;
    yield item;
  }
}

/** A snapshot that says why one resource could not be read (the read threw, or no client for its region). */
export function failedSnapshot(kind: SnapshotKind, scope: { account: string; region: string }, id: string, operation: string, error: unknown): Snapshot {
  return { kind: kind.kind, resource: { type: kind.resourceType, id }, account: scope.account, region: scope.region, error: toReadError(operation, error), source: 'api' };
}

async function collectOne(kind: SnapshotKind, ctx: CollectContext, id: string): Promise<Snapshot> {
  try {
    return await kind.collect(ctx, id);
  } catch (error) {
    return failedSnapshot(kind, ctx, id, `${kind.kind}.collect`, error);
  }
}

/**
 * Every resource of `kind` in the context's account and region, `CHUNK_SIZE` snapshots at a time:
 * straight from the listing when it has every fact, else the listed ids read `concurrency` at a
 * time. With a bound, at most `bound.limit` resources. A failed listing page throws.
 *
 * @example for await (const snapshots of snapshotChunks(vpcKind, ctx, 8)) ...
 */
export async function* snapshotChunks(kind: SnapshotKind, ctx: CollectContext, concurrency: number, bound?: ListingBound): AsyncIterable<Snapshot[]> {
  if (kind.snapshotsFromListing) {
    yield* chunks(bounded(kind.snapshotsFromListing(ctx), bound), CHUNK_SIZE);
    return;
  }
  for await (const ids of chunks(bounded(kind.enumerate(ctx), bound), CHUNK_SIZE)) {
    yield await mapLimit(ids, concurrency, (id) => collectOne(kind, ctx, id));
  }
}

/**
 * Every resource of `kind` in the whole account (`kind.enumerateAccount`), each read through the
 * context of its own region, in chunks like {@link snapshotChunks}. A region whose clients cannot
 * be had gives error snapshots for its resources; a failed listing page throws.
 */
export async function* accountSnapshotChunks(
  kind: SnapshotKind,
  home: CollectContext,
  contextIn: (region: string) => Promise<CollectContext>,
  concurrency: number,
  bound?: ListingBound,
): AsyncIterable<Snapshot[]> {
  if (!kind.enumerateAccount) throw new TypeError(`${kind.kind} cannot list the whole account`);
  for await (const listed of chunks(bounded(kind.enumerateAccount(home), bound), CHUNK_SIZE)) {
    yield await mapLimit(listed, concurrency, async ({ id, region }) => {
      let ctx: CollectContext;
      try {
        ctx = await contextIn(region);
      } catch (error) {
        return failedSnapshot(kind, { account: home.account, region }, id, 'sts:AssumeRole', error);
      }
      return collectOne(kind, ctx, id);
    });
  }
}

/**
 * Walking SDK v3 paginators, the two ways collectors need: draining one into a list for a
 * snapshot (a failed page is a ReadFailure, as with `read()`), and streaming the ids a sweep
 * enumerates (a failed page throws: the sweep reports the listing itself as failed).
 */
import { ReadFailure, toReadError } from './read.ts';

/**
 * Drain a paginator into one list. A failed page comes back as a ReadFailure, never a throw, so
 * one bad page is the snapshot's error instead of a crash.
 *
 * @example await readPages('ec2:DescribeSubnets', paginateDescribeSubnets({ client }, {}), (p) => p.Subnets ?? [])
 */
export async function readPages<P, T>(operation: string, pages: AsyncIterable<P>, items: (page: P) => T[]): Promise<T[] | ReadFailure> {
  const all: T[] = [];
  try {
    for await (const page of pages) all.push(...items(page));
  } catch (error) {
    return new ReadFailure(toReadError(operation, error));
  }
  return all;
}

/**
 * Every id of a paginated listing, page by page, for `SnapshotKind.enumerate` (or an id with more,
 * such as a bucket's region, for `enumerateAccount`). Entries whose `idOf` is undefined or empty
 * (no id, or filtered out) are skipped.
 *
 * @example enumerate: (ctx) => idsFromPages(paginateListKeys({ client: ctx.clients.get(KMSClient) }, {}), (p) => p.Keys, (k) => k.KeyId)
 */
export async function* idsFromPages<P, T, I = string>(
  pages: AsyncIterable<P>,
  items: (page: P) => T[] | undefined,
  idOf: (item: T) => I | undefined,
): AsyncIterable<I> {
  for await (const page of pages) {
    for (const item of items(page) ?? []) {
      const id = idOf(item);
      if (id) yield id;
    }
  }
}

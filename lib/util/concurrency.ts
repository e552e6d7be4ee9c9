/**
 * Run `task` over `items` with at most `limit` in flight, preserving result order. Bounded so a
 * sweep over 10,000 buckets neither opens 10,000 sockets nor holds 10,000 pending promises.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Drain an async iterable into fixed-size chunks, so callers can process a stream in bounded memory. */
export async function* chunks<T>(source: AsyncIterable<T>, size: number): AsyncIterable<T[]> {
  let chunk: T[] = [];
  for await (const item of source) {
    chunk.push(item);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * `task` over a stream with at most `limit` in flight, yielding results in the stream's order:
 * an S3 listing read with concurrent GETs, the output still in key order. A failed task rethrows
 * when its turn comes (never as an unhandled rejection while it waits).
 */
export async function* mapOrdered<T, R>(source: AsyncIterable<T>, limit: number, task: (item: T) => Promise<R>): AsyncIterable<R> {
  const inFlight: Array<Promise<R>> = [];
  for await (const item of source) {
    const result = task(item);
    result.catch(() => undefined); // handled when awaited below, in order
    inFlight.push(result);
    if (inFlight.length >= Math.max(1, limit)) yield await inFlight.shift()!;
  }
  while (inFlight.length > 0) yield await inFlight.shift()!;
}

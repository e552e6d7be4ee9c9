import type { EvidenceStore, ListOptions, PutResult } from './types.ts';

/**
 * An in-memory, write-once EvidenceStore for tests, benchmarks and `trailproof demo`.
 * Bodies are copied on the way in and out, so a caller mutating a Buffer cannot rewrite evidence.
 *
 * @example
 * const store = new MemoryStore();
 * await store.put('keys/sha256-ab.pem', pem); // { key, created: true }
 */
export class MemoryStore implements EvidenceStore {
  readonly location = 'memory:';
  readonly #objects = new Map<string, Buffer>();
  /** Sorted keys, rebuilt lazily: a burst of puts followed by one list sorts once. */
  #sorted: string[] | undefined;

  async put(key: string, body: string | Buffer): Promise<PutResult> {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
    const existing = this.#objects.get(key);
    if (existing) return existing.equals(bytes) ? { key, created: false } : { key, created: false, conflict: true };
    this.#objects.set(key, bytes);
    this.#sorted = undefined;
    return { key, created: true };
  }

  async get(key: string): Promise<Buffer | undefined> {
    const bytes = this.#objects.get(key);
    return bytes && Buffer.from(bytes);
  }

  async *list(prefix: string, options: ListOptions = {}): AsyncIterable<string> {
    // Plain code-unit comparison: the byte order S3 lists in, for the ASCII keys of our layout.
    const sorted = (this.#sorted ??= [...this.#objects.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    // Binary search for the first key at or after the prefix (and after startAfter): a store of a
    // million keys lists one hour without walking the others.
    const from = options.startAfter !== undefined && options.startAfter >= prefix ? `${options.startAfter}\u0000` : prefix;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < sorted.length && sorted[i]!.startsWith(prefix); i++) yield sorted[i]!;
  }

  /** Number of objects held (benchmarks and tests). */
  get size(): number {
    return this.#objects.size;
  }
}

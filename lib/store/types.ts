/**
 * An object store that never overwrites: `put` of an existing key is a no-op that reports
 * `created: false`. Keys use DESIGN.md's layout (see lib/store/layout.ts).
 */
export interface PutResult {
  key: string;
  created: boolean;
  /**
   * True when the key already held DIFFERENT bytes: the write was refused (never an overwrite) and
   * the caller should report it. Undefined when the store cannot tell cheaply (S3 412).
   */
  conflict?: boolean;
}

export interface StoredObjectInfo {
  key: string;
  /** Object Lock facts, when the store has them (S3). */
  lockMode?: 'COMPLIANCE' | 'GOVERNANCE';
  retainUntil?: string;
  /** Number of versions of the key (S3). */
  versions?: number;
  /**
   * Versions with distinct content (ETag and size), when the store can tell. More than one means an
   * overwrite attempt; several versions of ONE content are a retried write on a server that ignores
   * If-None-Match (radosgw), not an attack.
   */
  distinctVersions?: number;
  deleteMarker?: boolean;
}

export interface ListOptions {
  /** Only keys that sort after this one. */
  startAfter?: string;
}

export interface EvidenceStore {
  /** Human-readable location, e.g. `dir:/tmp/x` or `s3://bucket/prefix`. */
  readonly location: string;
  put(key: string, body: string | Buffer): Promise<PutResult>;
  get(key: string): Promise<Buffer | undefined>;
  /**
   * Keys under a prefix, in lexicographic (byte) order; with `startAfter`, only keys after it (S3
   * ListObjectsV2 StartAfter), so a sealer resumes an hour without listing it again.
   */
  list(prefix: string, options?: ListOptions): AsyncIterable<string>;
  /** Lock/version facts for a key, when the backend has them. */
  describe?(key: string): Promise<StoredObjectInfo | undefined>;
  /**
   * Keys under a prefix whose current version is a delete marker (versioned backends): listings
   * hide them, but each is evidence that somebody deleted a record.
   */
  listDeleted?(prefix: string): AsyncIterable<string>;
  /**
   * Entries under a prefix that `list` leaves out because they are not plain objects (a directory
   * store's symbolic links, FIFOs, directories named like objects), with what each is instead.
   * Verification reports each one; nothing follows or reads them.
   */
  listIrregular?(prefix: string): AsyncIterable<{ key: string; kind: string }>;
}

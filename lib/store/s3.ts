import { createHash } from 'node:crypto';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
  type ObjectLockMode,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { ConfigError, StoreError } from '../errors.ts';
import type { EvidenceStore, ListOptions, PutResult, StoredObjectInfo } from './types.ts';

/** 164.316(b)(2)(i): keep documentation six years. 6 x 365 + 2 leap days. */
const DEFAULT_RETENTION_DAYS = 2192;
const DAY_MS = 86_400_000;

export interface S3StoreOptions {
  client: S3Client;
  bucket: string;
  /** Key prefix inside the bucket (`trailproof/` or ''); keys passed to the store are relative to it. */
  prefix?: string;
  /** COMPLIANCE (default): nobody, root included, can delete or shorten retention. */
  lockMode?: 'COMPLIANCE' | 'GOVERNANCE';
  /** Retention from the time of each write, in days; default 2192 (6 years). */
  retentionDays?: number;
  /** Clock for retain-until dates (tests). */
  now?: () => Date;
}

/** By extension; a seal's `.tsr` is a DER TimeStampResp, the media type RFC 3161 gives it. */
const CONTENT_TYPES = new Map([
  ['json', 'application/json'],
  ['jsonl', 'application/x-ndjson'],
  ['pem', 'application/x-pem-file'],
  ['tsr', 'application/timestamp-reply'],
]);
const contentType = (key: string) => CONTENT_TYPES.get(key.slice(key.lastIndexOf('.') + 1)) ?? 'application/octet-stream';

/**
 * The retry settings of every S3 client the evidence store uses (the Lambdas' and the CLI's):
 * 503 SlowDown and other throttling answers are retried with exponential backoff and jitter, and
 * `adaptive` also slows this client's own request rate while S3 is throttling it, so the sweeps of
 * an organization writing into one hour ride out a prefix's ramp-up instead of failing a batch.
 * PutObject is safe to retry: its body is a Buffer, and a retry after a lost 200 gets 412 (created: false).
 */
export const S3_RETRY: Pick<S3ClientConfig, 'maxAttempts' | 'retryMode'> = { maxAttempts: 10, retryMode: 'adaptive' };

function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

/**
 * The production EvidenceStore: an S3 bucket with Object Lock. Every put is a conditional create
 * (IfNoneMatch '*': a second write of a key gets 412 and reports `created: false` instead of making
 * a new version), carries its own retention (lock mode + retain-until) and a SHA-256 checksum S3
 * verifies on arrival.
 *
 * @example
 * const store = new S3Store({ client: new S3Client({}), bucket: 'acme-evidence', prefix: 'trailproof/' });
 */
export class S3Store implements EvidenceStore {
  readonly location: string;
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;
  readonly #lockMode: ObjectLockMode;
  readonly #retentionDays: number;
  readonly #now: () => Date;

  constructor(options: S3StoreOptions) {
    const { client, bucket, prefix = '', lockMode = 'COMPLIANCE', retentionDays = DEFAULT_RETENTION_DAYS, now = () => new Date() } = options;
    if (!bucket) throw new ConfigError('S3Store needs a bucket');
    if (!Number.isInteger(retentionDays) || retentionDays < 1) throw new ConfigError(`retentionDays must be a whole number of days >= 1, got ${retentionDays}`);
    if (lockMode !== 'COMPLIANCE' && lockMode !== 'GOVERNANCE') throw new ConfigError(`lockMode must be COMPLIANCE or GOVERNANCE, got ${String(lockMode)}`);
    this.#client = client;
    this.#bucket = bucket;
    this.#prefix = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
    this.#lockMode = lockMode;
    this.#retentionDays = retentionDays;
    this.#now = now;
    this.location = `s3://${bucket}/${this.#prefix}`;
  }

  /** The retention every write asks for, in days. */
  get retentionDays(): number {
    return this.#retentionDays;
  }

  async put(key: string, body: string | Buffer): Promise<PutResult> {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    try {
      await this.#client.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key: this.#prefix + key,
          Body: bytes,
          ContentType: contentType(key),
          ChecksumAlgorithm: 'SHA256',
          ChecksumSHA256: createHash('sha256').update(bytes).digest('base64'),
          IfNoneMatch: '*',
          ObjectLockMode: this.#lockMode,
          ObjectLockRetainUntilDate: new Date(this.#now().getTime() + this.#retentionDays * DAY_MS),
        }),
      );
      return { key, created: true };
    } catch (error) {
      // 412: the key exists. Write-once is the point, so this is an answer, not a failure.
      if (httpStatus(error) === 412 || (error as Error).name === 'PreconditionFailed') return { key, created: false };
      throw new StoreError(`cannot write s3://${this.#bucket}/${this.#prefix}${key}: ${(error as Error).name}: ${(error as Error).message}`, { cause: error });
    }
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      const out = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: this.#prefix + key }));
      if (!out.Body) return Buffer.alloc(0);
      const bytes = await out.Body.transformToByteArray();
      // A view, not a copy: an object of 5,000 records is about 12 MB.
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (error) {
      if (httpStatus(error) === 404 || (error as Error).name === 'NoSuchKey') return undefined;
      throw new StoreError(`cannot read s3://${this.#bucket}/${this.#prefix}${key}: ${(error as Error).name}: ${(error as Error).message}`, { cause: error });
    }
  }

  async *list(prefix: string, options: ListOptions = {}): AsyncIterable<string> {
    let ContinuationToken: string | undefined;
    const StartAfter = options.startAfter === undefined ? undefined : this.#prefix + options.startAfter;
    do {
      let out;
      try {
        out = await this.#client.send(
          new ListObjectsV2Command({ Bucket: this.#bucket, Prefix: this.#prefix + prefix, ...(ContinuationToken ? { ContinuationToken } : StartAfter ? { StartAfter } : {}) }),
        );
      } catch (error) {
        throw new StoreError(`cannot list s3://${this.#bucket}/${this.#prefix}${prefix}: ${(error as Error).message}`, { cause: error });
      }
      for (const object of out.Contents ?? []) if (object.Key) yield object.Key.slice(this.#prefix.length);
      ContinuationToken = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  /** Keys whose latest version is a delete marker, from one version listing of the prefix. */
  async *listDeleted(prefix: string): AsyncIterable<string> {
    let KeyMarker: string | undefined;
    let VersionIdMarker: string | undefined;
    do {
      let out;
      try {
        out = await this.#client.send(new ListObjectVersionsCommand({ Bucket: this.#bucket, Prefix: this.#prefix + prefix, KeyMarker, VersionIdMarker }));
      } catch (error) {
        throw new StoreError(`cannot list versions under s3://${this.#bucket}/${this.#prefix}${prefix}: ${(error as Error).message}`, { cause: error });
      }
      for (const marker of out.DeleteMarkers ?? []) if (marker.IsLatest && marker.Key) yield marker.Key.slice(this.#prefix.length);
      [KeyMarker, VersionIdMarker] = out.IsTruncated ? [out.NextKeyMarker, out.NextVersionIdMarker] : [undefined, undefined];
    } while (KeyMarker);
  }

  /**
   * Object Lock and version facts of a key: lock mode and retain-until of the current version,
   * the number of versions and of distinct contents among them (ETag and size: more than one means
   * someone tried to overwrite; several versions of one content are a retried write on a server
   * that ignores If-None-Match) and whether a delete marker exists. Undefined when the key never existed.
   */
  async describe(key: string): Promise<StoredObjectInfo | undefined> {
    const fullKey = this.#prefix + key;
    // HEAD while the versions are listed: one round trip for both. It settles either way; read below.
    const headed = this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: fullKey })).then(
      (out) => ({ out }),
      (error: unknown) => ({ error }),
    );
    const contents = new Set<string>();
    let versions = 0;
    let deleteMarker = false;
    let KeyMarker: string | undefined;
    let VersionIdMarker: string | undefined;
    try {
      do {
        const out = await this.#client.send(new ListObjectVersionsCommand({ Bucket: this.#bucket, Prefix: fullKey, KeyMarker, VersionIdMarker }));
        // The prefix also matches longer keys (`a.json` vs `a.json.bak`): count exact matches only.
        for (const version of out.Versions ?? []) {
          if (version.Key !== fullKey) continue;
          versions++;
          contents.add(`${version.ETag ?? version.VersionId}/${version.Size ?? ''}`);
        }
        deleteMarker ||= (out.DeleteMarkers ?? []).some((m) => m.Key === fullKey);
        [KeyMarker, VersionIdMarker] = out.IsTruncated ? [out.NextKeyMarker, out.NextVersionIdMarker] : [undefined, undefined];
      } while (KeyMarker);
    } catch (error) {
      throw new StoreError(`cannot list versions of s3://${this.#bucket}/${fullKey}: ${(error as Error).message}`, { cause: error });
    }
    const answer = await headed;
    if ('error' in answer && httpStatus(answer.error) !== 404 && (answer.error as Error).name !== 'NotFound') {
      throw new StoreError(`cannot head s3://${this.#bucket}/${fullKey}: ${(answer.error as Error).message}`, { cause: answer.error });
    }
    const head = 'out' in answer ? answer.out : undefined;
    if (!head && versions === 0 && !deleteMarker) return undefined;
    const info: StoredObjectInfo = { key, versions, deleteMarker, ...(versions > 1 ? { distinctVersions: contents.size } : {}) };
    if (head?.ObjectLockMode === 'COMPLIANCE' || head?.ObjectLockMode === 'GOVERNANCE') info.lockMode = head.ObjectLockMode;
    if (head?.ObjectLockRetainUntilDate) info.retainUntil = new Date(head.ObjectLockRetainUntilDate).toISOString();
    return info;
  }
}

/** Client settings for s3StoreFromUrl. */
export interface S3UrlOptions {
  /** A non-AWS endpoint (radosgw, MinIO on loopback): path-style addressing is used with it. */
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  lockMode?: S3StoreOptions['lockMode'];
  retentionDays?: number;
}

/**
 * An S3Store from a URL like `s3://bucket/optional/prefix` (the CLI's `--store`). The client
 * sends checksums only when an operation requires them: S3Store computes SHA-256 itself, and
 * S3-compatible servers reject the SDK's default streaming checksums (411).
 *
 * @throws ConfigError when the URL is not `s3://bucket[/prefix]`.
 * @example const store = s3StoreFromUrl('s3://acme-evidence/trailproof', { region: 'us-east-1' });
 */
export function s3StoreFromUrl(url: string, options: S3UrlOptions = {}): S3Store {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!m) throw new ConfigError(`not an S3 URL (s3://bucket[/prefix]): ${url}`);
  const client = new S3Client({
    ...S3_RETRY,
    region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
    requestChecksumCalculation: 'WHEN_REQUIRED',
    ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  return new S3Store({ client, bucket: m[1]!, prefix: m[2] ?? '', lockMode: options.lockMode, retentionDays: options.retentionDays });
}

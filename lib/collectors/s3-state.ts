import type { Finding, ReadError } from '../checks/types.ts';

/**
 * The S3 bucket state the s3-bucket-* checks read. Pure types and helpers (no SDK import), so the
 * check bodies can use them without pulling a client into their bundle.
 */

/** The readable parts of a bucket; each can fail on its own (AccessDenied on one API only). */
export type S3Facet = 'encryption' | 'policy' | 'publicAccessBlock' | 'accountPublicAccessBlock' | 'logging';

/** The four S3 Block Public Access switches, at bucket or account level. */
export interface PublicAccessBlock {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

/** One default-encryption rule (GetBucketEncryption `Rules[]`). */
export interface S3EncryptionRule {
  /** "AES256" (SSE-S3), "aws:kms" (SSE-KMS), "aws:kms:dsse" (DSSE-KMS). */
  sseAlgorithm: string;
  kmsMasterKeyId?: string;
  bucketKeyEnabled?: boolean;
}

/** One IAM policy statement as written in a bucket policy (fields keep their policy-language names). */
export interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement[];
}

/**
 * What we know about one bucket. A facet whose read failed is `undefined` and its error is in
 * `facetErrors`; an "absent" configuration is an explicit empty value (`[]`, `null`).
 */
export interface S3BucketState {
  bucket: string;
  /** The bucket's location ("us-east-1" for the legacy empty LocationConstraint). */
  region: string;
  /** Default encryption rules; `[]` when none is configured. */
  encryptionRules?: S3EncryptionRule[];
  /** The parsed bucket policy; `null` when the bucket has none. */
  policy?: PolicyDocument | null;
  /** Bucket-level Block Public Access; `null` when not configured. */
  publicAccessBlock?: PublicAccessBlock | null;
  /** Account-level Block Public Access; a missing configuration reads as all four false. */
  accountPublicAccessBlock?: PublicAccessBlock;
  /** Server access logging target; `null` when logging is off. */
  logging?: { targetBucket: string; targetPrefix: string } | null;
  facetErrors: Partial<Record<S3Facet, ReadError>>;
}

/** Block Public Access when nothing is configured: every switch off. */
export const NO_PUBLIC_ACCESS_BLOCK: PublicAccessBlock = Object.freeze({
  blockPublicAcls: false,
  ignorePublicAcls: false,
  blockPublicPolicy: false,
  restrictPublicBuckets: false,
});

/**
 * The `error` finding a check returns when a facet it needs could not be read, else undefined.
 *
 * @example
 * const failed = facetErrorFinding(state, 'policy'); if (failed) return failed;
 */
export function facetErrorFinding(state: S3BucketState, facet: S3Facet): Finding | undefined {
  const error = state.facetErrors[facet];
  if (!error) return undefined;
  return {
    result: 'error',
    reason: `${error.kind}: ${error.operation} failed for bucket ${state.bucket} (${error.name}: ${error.message})`,
    observed: { bucket: state.bucket, facet, error },
  };
}

/** True when all four Block Public Access switches are on. */
export function allBlocked(block: PublicAccessBlock | null | undefined): boolean {
  return !!block && block.blockPublicAcls && block.ignorePublicAcls && block.blockPublicPolicy && block.restrictPublicBuckets;
}

/** Normalize a Block Public Access object from the SDK (PascalCase) or a Config item (camelCase). */
export function toPublicAccessBlock(raw: unknown): PublicAccessBlock {
  const r = (raw ?? {}) as Record<string, unknown>;
  const flag = (pascal: string, camel: string) => r[pascal] === true || r[camel] === true;
  return {
    blockPublicAcls: flag('BlockPublicAcls', 'blockPublicAcls'),
    ignorePublicAcls: flag('IgnorePublicAcls', 'ignorePublicAcls'),
    blockPublicPolicy: flag('BlockPublicPolicy', 'blockPublicPolicy'),
    restrictPublicBuckets: flag('RestrictPublicBuckets', 'restrictPublicBuckets'),
  };
}

/** GetBucketLocation's LocationConstraint to a region name (empty/null means us-east-1, "EU" eu-west-1). */
export function regionFromLocation(location: string | null | undefined): string {
  if (!location) return 'us-east-1';
  return location === 'EU' ? 'eu-west-1' : location;
}

/**
 * Parse a bucket policy's JSON text; `Statement` may be one object or an array.
 * Throws a SyntaxError or TypeError on text that is not a policy document.
 */
export function parsePolicy(text: string): PolicyDocument {
  const doc = JSON.parse(text) as { Statement?: unknown } | null;
  if (!doc || typeof doc !== 'object') throw new TypeError('policy is not a JSON object');
  const raw = doc.Statement;
  const statements = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? [raw] : [];
  return { ...(doc as object), Statement: statements as PolicyStatement[] };
}

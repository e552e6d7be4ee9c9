/** The readable parts of a bucket; each can fail on its own (AccessDenied on one API only). */
import type { ReadError } from '../check.ts';
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

/** True when all four Block Public Access switches are on. */
export function allBlocked(block: PublicAccessBlock | null | undefined): boolean {
  return !!block && block.blockPublicAcls && block.ignorePublicAcls && block.blockPublicPolicy && block.restrictPublicBuckets;
}

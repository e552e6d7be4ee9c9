import type { PolicyDocument, PolicyStatement, PublicAccessBlock } from '../model/states/s3.ts';

/**
 * Turning S3 API answers and Config items into the bucket state (lib/model/states/s3.ts) the
 * s3-bucket-* checks read. Pure helpers: no SDK import.
 */

/** Block Public Access when nothing is configured: every switch off. */
export const NO_PUBLIC_ACCESS_BLOCK: PublicAccessBlock = Object.freeze({
  blockPublicAcls: false,
  ignorePublicAcls: false,
  blockPublicPolicy: false,
  restrictPublicBuckets: false,
});

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

import type { Family, Result, Severity } from '../model/check.ts';
import type { TriggerInfo } from '../model/trigger-info.ts';

/** The record format of checks in the five v1 families; evidence-record.v1 is frozen with them. */
export const RECORD_SCHEMA = 'trailproof/evidence-record/v1';
/** The same record for checks of the families added later (evidence-schemas/evidence-record.v2.schema.json). */
export const RECORD_SCHEMA_V2 = 'trailproof/evidence-record/v2';
/** The families an evidence-record.v1 can carry (its schema's enum; a test holds them equal). */
export const RECORD_V1_FAMILIES: readonly Family[] = ['mfa', 'encryption-at-rest', 'encryption-in-transit', 'segmentation', 'logging'];

/** The lowest record version that can carry a family: v1-only readers keep verifying every v1-family record. */
export function recordSchemaFor(family: Family): typeof RECORD_SCHEMA | typeof RECORD_SCHEMA_V2 {
  return RECORD_V1_FAMILIES.includes(family) ? RECORD_SCHEMA : RECORD_SCHEMA_V2;
}
export const BATCH_TYPE = 'trailproof/batch/v1';
export const SIGNATURE_ALGORITHM = 'ECDSA_P256_SHA256';

export interface BatchProof {
  root: string;
  treeSize: number;
  leafIndex: number;
  auditPath: string[];
  signedAt: string;
  keyId: string;
  algorithm: typeof SIGNATURE_ALGORITHM;
  signature: string;
}

export interface Integrity {
  canonicalization: 'RFC8785';
  leafHash: string;
  batch: BatchProof;
}

export interface EvidenceRecord {
  schema: typeof RECORD_SCHEMA | typeof RECORD_SCHEMA_V2;
  id: string;
  check: { id: string; family: Family; title: string; severity: Severity };
  controls: { hipaa: string[]; hipaaProposed: string[] };
  result: Result;
  reason: string;
  resource: { type: string; id: string; arn?: string; phiScoped: boolean };
  account: string;
  region: string;
  observedAt: string;
  collectedAt: string;
  trigger: TriggerInfo;
  observed: Record<string, unknown>;
  collector: { name: 'trailproof'; version: string; function: string };
  integrity: Integrity;
}

export type UnsignedRecord = Omit<EvidenceRecord, 'integrity'>;

/** The statement a batch signature covers (JCS of this object). */
export interface BatchStatement {
  type: typeof BATCH_TYPE;
  root: string;
  treeSize: number;
  signedAt: string;
  keyId: string;
}

/**
 * Signs batch statements with ECDSA P-256 / SHA-256. `sign` returns a DER signature over the
 * SHA-256 of `message` (the signer hashes). One call per batch.
 */
export interface Signer {
  /** `sha256:` + hex SHA-256 of the DER SubjectPublicKeyInfo. */
  keyId(): Promise<string>;
  publicKeyPem(): Promise<string>;
  sign(message: Buffer): Promise<Buffer>;
}

import type { Result } from '../model/check.ts';
import type { HipaaRule } from '../model/hipaa.ts';
import type { EvidenceRecord, Integrity } from './types.ts';

/**
 * The signed documents of the audit workflow, beside evidence records (issue 12): exceptions and
 * their revocations, sweep run records and attestations. Each is its own record type with its own
 * JSON Schema (evidence-schemas/*.v1.schema.json), signed in batches exactly like records and
 * stored as store v2 objects under its own area (lib/store/layout.ts). Nothing here ever changes a
 * record: an exception makes a fail "excepted" in reports, its record still says `fail`.
 */

export const EXCEPTION_SCHEMA = 'trailproof/exception/v1';
export const REVOCATION_SCHEMA = 'trailproof/exception-revocation/v1';
export const RUN_SCHEMA = 'trailproof/run/v1';
export const ATTESTATION_SCHEMA = 'trailproof/attestation/v1';

/** Why a fail is accepted: the three kinds GRC tools and scanners' suppression files know. */
export const EXCEPTION_KINDS = ['risk-accepted', 'false-positive', 'compensating-control'] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

type Collector = EvidenceRecord['collector'];

/** evidence-schemas/exception.v1.schema.json */
export interface ExceptionDocument {
  schema: typeof EXCEPTION_SCHEMA;
  id: string;
  check: { id: string };
  /** Matches a record's resource.id or resource.arn exactly; account and region narrow it. */
  resource: { id: string; account?: string; region?: string };
  kind: ExceptionKind;
  reason: string;
  approver: string;
  ticket?: string;
  effectiveFrom: string;
  expiresAt: string;
  createdAt: string;
  collector: Collector;
  integrity: Integrity;
}

/** evidence-schemas/exception-revocation.v1.schema.json */
export interface RevocationDocument {
  schema: typeof REVOCATION_SCHEMA;
  id: string;
  exception: { id: string; check: string; resource: string };
  reason?: string;
  approver?: string;
  revokedAt: string;
  collector: Collector;
  integrity: Integrity;
}

/** One check of a sweep in one account and region: resources judged, by result. */
interface RunCheck {
  id: string;
  resources: number;
  results: Record<Result, number>;
}

/** evidence-schemas/run.v1.schema.json */
export interface RunDocument {
  schema: typeof RUN_SCHEMA;
  id: string;
  account: string;
  region: string;
  startedAt: string;
  endedAt: string;
  checks: RunCheck[];
  errors: Array<{ source: string; code?: string; detail: string }>;
  errorsOmitted?: number;
  collector: Collector;
  integrity: Integrity;
}

/** evidence-schemas/attestation.v1.schema.json */
export interface AttestationDocument {
  schema: typeof ATTESTATION_SCHEMA;
  id: string;
  citation: { rule: HipaaRule; id: string };
  statement: string;
  attestedBy: string;
  attestedAt: string;
  expiresAt?: string;
  attachment?: { sha256: string; name: string; bytes: number };
  collector: Collector;
  integrity: Integrity;
}

/** Any signed document of the audit workflow, told apart by `schema`. */
export type LedgerDocument = ExceptionDocument | RevocationDocument | RunDocument | AttestationDocument;

/** A ledger document before signing. */
export type Unsigned<D extends LedgerDocument> = D extends unknown ? Omit<D, 'integrity'> : never;
export type UnsignedLedgerDocument = Unsigned<LedgerDocument>;


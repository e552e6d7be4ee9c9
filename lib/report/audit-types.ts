import type { AttestationDocument, ExceptionDocument, RevocationDocument, RunDocument } from '../evidence/ledger-types.ts';
import type { HipaaRule } from '../model/hipaa.ts';
import type { IntegrityStatus } from './integrity-status.ts';

/**
 * The audit workflow's part of the report model (issue 12): exceptions applied to fails, stale
 * evidence and silent accounts, history per resource, and one row per requirement. Everything
 * here is computed from signed documents the caller verified; a document that failed
 * verification is shown as such and never excepts, attests or reports anything.
 */

/** A ledger document with what verification said about it, and where it is stored. */
export interface LedgerEntry<D> {
  document: D;
  integrity: IntegrityStatus;
  key?: string;
}

/** The ledger documents a report is built with (lib/report/generate.ts reads and verifies them). */
export interface LedgerInput {
  exceptions: ReadonlyArray<LedgerEntry<ExceptionDocument>>;
  revocations: ReadonlyArray<LedgerEntry<RevocationDocument>>;
  runs: ReadonlyArray<LedgerEntry<RunDocument>>;
  attestations: ReadonlyArray<LedgerEntry<AttestationDocument>>;
}

/** The exception a fail is excepted by, as a report prints it next to the (unchanged) fail. */
export type AppliedException = Pick<ExceptionDocument, 'id' | 'kind' | 'reason' | 'approver' | 'ticket' | 'effectiveFrom' | 'expiresAt' | 'createdAt'> & {
  /** When a revocation ended it early (only a revocation recorded by the judging time). */
  revokedAt?: string;
};

/** Where an exception stands at the judging time. */
export type ExceptionState = 'in-force' | 'pending' | 'expired' | 'revoked' | 'unverified';

/** One exception of the store as the report lists it. */
export interface ExceptionView extends LedgerEntry<ExceptionDocument> {
  state: ExceptionState;
  revocation?: RevocationDocument;
  /** Fail records of the period it excepts. */
  excepted: number;
}

/** Days one expected account (and region) wrote no run record: a finding, grouped into runs of consecutive days. */
export interface SilenceFinding {
  account: string;
  /** The region, or undefined when the account was expected (`--accounts`) in any region. */
  region?: string;
  /** First and last silent UTC day (`YYYY-MM-DD`), inclusive. */
  from: string;
  to: string;
  days: number;
  /** Why it was expected: it wrote run records before, or `--accounts` named it. */
  expectedBy: 'run-records' | 'accounts';
}

/** One resource's failures in the period, for the history table. */
export interface ResourceHistory {
  check: string;
  account: string;
  region: string;
  resourceType: string;
  resourceId: string;
  /** observedAt of the first fail in the period. */
  firstFailure: string;
  /** observedAt of the pass (or n/a) that ended the last failure; undefined while it still fails. */
  fixedAt?: string;
  /** Time spent failing in the period (until the judging time for a failure still open). */
  exposedMs: number;
  /** Failures that were fixed in the period: each a time to remediate. */
  remediated: number;
  failingNow: boolean;
}

/** An attestation as a requirement row shows it. */
export interface AttestationView extends LedgerEntry<AttestationDocument> {
  /** Verified, made by the judging time and not expired at it. */
  inForce: boolean;
}

/** How a requirement is evidenced at the judging time. */
type RequirementStatus = 'automated' | 'attested' | 'no-evidence';

/** One row per requirement: every technical safeguard and proposed paragraph, automated or not. */
export interface RequirementRow {
  citation: string;
  rule: HipaaRule;
  title?: string;
  unconfirmed: boolean;
  status: RequirementStatus;
  /** Checks mapped to it (metadata and records), and those with records in the period. */
  checks: string[];
  checksWithEvidence: string[];
  /** Resources whose latest record of a mapped check is fail or error, and how many of them are excepted. */
  failingNow: number;
  excepted: number;
  attestations: AttestationView[];
}

/** The audit workflow's summary in the report model. */
export interface AuditModel {
  /** The time state is judged at: --as-of, else --to, else when the report was generated. */
  judgedAt: string;
  staleAfterMs: number;
  exceptions: ExceptionView[];
  silence: SilenceFinding[];
  /** Run records seen (verified), and the account/region scopes they name. */
  runs: { count: number; scopes: number; unverified: number };
  history: ResourceHistory[];
  requirements: RequirementRow[];
  /** Latest records that are stale at judgedAt, and excepted fails among the latest records. */
  staleNow: number;
  exceptedNow: number;
}

import type { CheckMetadata, Family, Result, Severity } from '../model/check.ts';
import type { EvidenceRecord } from '../evidence/types.ts';
import type { AppliedException, AuditModel, LedgerInput } from './audit-types.ts';
import type { IntegrityStatus } from './integrity-status.ts';

/**
 * The shapes of the report model: what every auditor output (HTML, CSV, OSCAL, OCSF) is rendered
 * from, so the formats cannot disagree about a count or a citation.
 */

export type { IntegrityStatus } from './integrity-status.ts';

/** One record in the report with its integrity status and, when read from a store, its key. */
export interface ReportEntry {
  record: EvidenceRecord;
  integrity: IntegrityStatus;
  key?: string;
  /** The exception this fail is excepted by: shown beside the verdict, which stays `fail`. */
  exception?: AppliedException;
  /** Its resource's latest record in the period is older than the stale limit at the judging time. */
  stale?: boolean;
  /** observedAt of its resource's latest record in the period. */
  lastEvaluatedAt?: string;
}

export type ResultCounts = Record<Result, number> & { total: number };

/** Result counts of one UTC day (`YYYY-MM-DD`). */
interface DayCounts {
  day: string;
  counts: ResultCounts;
}

/**
 * Where a citation stands at the end of the period: `not-satisfied` when some resource's latest
 * record of a mapped check is fail or error, `satisfied` when there is evidence and none is,
 * `no-evidence` when no mapped check produced a record (a gap an auditor must see).
 */
type CitationState = 'satisfied' | 'not-satisfied' | 'no-evidence';

/** One HIPAA citation of one rule (the current rule and the 2025 proposal are kept apart). */
export interface CitationSummary {
  citation: string;
  rule: 'current' | 'proposed';
  /** Check ids mapped to the citation, in catalog order. */
  checks: string[];
  counts: ResultCounts;
  /** Resources whose latest record of a mapped check is fail or error. */
  failingNow: number;
  state: CitationState;
}

export interface CheckSummary {
  id: string;
  title: string;
  family: Family;
  severity: Severity;
  hipaa: string[];
  hipaaProposed: string[];
  counts: ResultCounts;
  failingNow: number;
  /** Of the resources failing now, those whose fail an exception in force covers. */
  excepted: number;
  /** Resources whose latest record is stale (checks the daily sweep evaluates). */
  stale: number;
  /** Failures fixed in the period, and their median time to remediate (ms). */
  remediated: number;
  medianRemediationMs?: number;
  /** The metadata's remediation text, when the check is in the registry. */
  remediation?: string;
  /** Days that have records, ascending; the report's day axis is {@link ReportModel.days}. */
  timeline: DayCounts[];
}

export interface ReportOptions {
  /** Inclusive ISO time on observedAt. */
  from?: string;
  /** Exclusive ISO time on observedAt. */
  to?: string;
  generatedAt: string;
  /** Check metadata (normally `allMetadata()`); checks with no records still show, as gaps. */
  checks: readonly CheckMetadata[];
  /**
   * The state at this time (exclusive): each resource's latest record observed before it, the
   * exceptions, attestations and run records recorded by then. Ends the period when `to` is not given.
   */
  asOf?: string;
  /** A resource whose latest record is older than this at the judging time is stale; default 26 hours. */
  staleAfterMs?: number;
  /** Accounts expected to report every day, whatever the run records say (`--accounts`). */
  accounts?: readonly string[];
  /** The exceptions, revocations, run records and attestations, each with its verification. */
  ledger?: LedgerInput;
}

export interface ReportModel {
  period: { from?: string; to?: string; firstObservedAt?: string; lastObservedAt?: string };
  generatedAt: string;
  /** Every UTC day from the first to the last observed record, ascending (the timeline axis). */
  days: string[];
  totals: ResultCounts;
  integrity: { verified: number; failed: number };
  citations: { current: CitationSummary[]; proposed: CitationSummary[] };
  checks: CheckSummary[];
  /** For each (check, resource), its latest record when that is fail or error; newest first. */
  failingNow: ReportEntry[];
  /** Every record of the period, once per id, newest observedAt first. */
  entries: ReportEntry[];
  /** Exceptions, freshness and silence, history, requirements (lib/report/audit-types.ts). */
  audit: AuditModel;
}

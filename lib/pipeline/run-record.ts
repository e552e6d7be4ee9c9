import { ledgerCollector, ledgerDocumentId } from '../evidence/ledger.ts';
import { RUN_SCHEMA, type RunDocument, type Unsigned } from '../evidence/ledger-types.ts';
import { RESULTS, type Result } from '../model/check.ts';
import type { InputOutcome, StoredBrief } from './writer.ts';

/** Errors one run record lists at most; the rest are counted (errorsOmitted). */
const MAX_ERRORS = 100;

interface RegionTally {
  checks: Map<string, { resources: number; results: Record<Result, number> }>;
  outcomes: InputOutcome[];
}

const zero = (): Record<Result, number> => ({ pass: 0, fail: 0, not_applicable: 0, error: 0 });

/**
 * What one sweep did, per account and region, for its run records (evidence-schemas/run.v1): the
 * checks it ran there, the resources each judged by result, and the inputs that could not be
 * recorded. Records are counted once per id as they are stored, so a retried batch is not counted twice.
 */
export class RunTally {
  readonly #regions = new Map<string, RegionTally>();
  readonly #counted = new Set<string>();
  /** The account:region scopes swept: a record whose resource is its scope itself is a listing error, not a resource. */
  readonly #scopes = new Set<string>();
  readonly account: string;

  constructor(account: string) {
    this.account = account;
  }

  #region(region: string): RegionTally {
    let tally = this.#regions.get(region);
    if (!tally) this.#regions.set(region, (tally = { checks: new Map(), outcomes: [] }));
    return tally;
  }

  /** The checks swept in a region, each listed even when it found nothing to judge. */
  ran(region: string, checkIds: readonly string[]): void {
    const { checks } = this.#region(region);
    for (const id of checkIds) if (!checks.has(id)) checks.set(id, { resources: 0, results: zero() });
    this.#scopes.add(`${this.account}:${region}`);
  }

  /** An outcome of the region's inputs: those failed or invalid become the run record's errors. */
  outcome(region: string, outcome: InputOutcome): void {
    this.#region(region).outcomes.push(outcome);
  }

  /** A record as it is stored. */
  stored(record: StoredBrief): void {
    if (this.#counted.has(record.id)) return;
    this.#counted.add(record.id);
    const { checks } = this.#region(record.region);
    let check = checks.get(record.checkId);
    if (!check) checks.set(record.checkId, (check = { resources: 0, results: zero() }));
    if (RESULTS.includes(record.result as Result)) check.results[record.result as Result] += 1;
    if (!this.#scopes.has(record.resourceId)) check.resources += 1;
  }

  /** One unsigned run record per region swept, in region order. */
  documents(startedAt: string, endedAt: string, collectorFunction: string): Array<Unsigned<RunDocument>> {
    return [...this.#regions.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([region, tally]) => {
        const failed = tally.outcomes.filter((o) => o.status === 'failed' || o.status === 'invalid');
        const errors = failed.slice(0, MAX_ERRORS).map((o) => ({ source: o.source, ...(o.code ? { code: o.code } : {}), detail: (o.detail ?? o.status).slice(0, 4000) || o.status }));
        const content: Omit<Unsigned<RunDocument>, 'id' | 'collector'> = {
          schema: RUN_SCHEMA,
          account: this.account,
          region,
          startedAt,
          endedAt,
          checks: [...tally.checks.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, c]) => ({ id, resources: c.resources, results: c.results })),
          errors,
          ...(failed.length > MAX_ERRORS ? { errorsOmitted: failed.length - MAX_ERRORS } : {}),
        };
        // One sweep of one scope is one run: a retried sweep (same schedule time) gives the same id, counted once.
        const id = ledgerDocumentId({ schema: RUN_SCHEMA, account: this.account, region, startedAt });
        return { ...content, id, collector: ledgerCollector(collectorFunction) };
      });
  }
}

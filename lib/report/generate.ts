import type { CheckMetadata } from '../model/check.ts';
import { ConfigError, ParseError, SchemaError } from '../errors.ts';
import type { EvidenceRecord } from '../evidence/types.ts';
import { verificationProblem, type VerificationProblem } from '../evidence/verification-codes.ts';
import { EXCEPTION_SCHEMA, REVOCATION_SCHEMA, RUN_SCHEMA, type AttestationDocument, type ExceptionDocument, type RevocationDocument, type RunDocument } from '../evidence/ledger-types.ts';
import { readLedger, readRecords } from '../store/read-records.ts';
import type { EvidenceStore } from '../store/types.ts';
import { renderCsv } from './csv.ts';
import { recordPredicate } from './filter.ts';
import { renderHtml } from './html.ts';
import { ExceptionIndex } from './exceptions.ts';
import { ReportBuilder, type KeptRecords } from './model.ts';
import { streamRows, type ReportSink } from './stream-rows.ts';
import type { LedgerEntry, LedgerInput } from './audit-types.ts';
import type { IntegrityStatus, ReportModel } from './model-types.ts';
import { renderOcsf } from './ocsf.ts';
import { renderOscal, renderOscalPlan } from './oscal.ts';

/**
 * From a store to a report file's content: read the period's records, verify each with the
 * caller's verifier (the pinned key lives there, not here), build the model, render one format.
 * The CLI wires the real verifier and the check registry; tests can pass their own.
 */

export const REPORT_FORMATS = ['html', 'csv', 'oscal', 'ocsf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Verifies one record, e.g. `(r) => verifyRecord(r, pinKeys(pems), cache)`. */
export type RecordVerifier = (record: unknown) => IntegrityStatus;

/** A stored object that cannot be shown as a record (not even the fields a report prints). */
interface MalformedRecord {
  key: string;
  errors: VerificationProblem[];
}

export interface GenerateOptions {
  format: ReportFormat;
  from?: string;
  to?: string;
  /** Report the state at this time (ends the period when `to` is not given). */
  asOf?: string;
  staleAfterMs?: number;
  /** Accounts expected to report every day (silence is a finding). */
  accounts?: readonly string[];
  checks: readonly CheckMetadata[];
  generatedAt?: string;
  /**
   * Verifies one exception, revocation, run record or attestation, e.g.
   * `(d) => verifyLedgerDocument(d, trusted, cache)`. Without it every such document is
   * unverified: shown, but it excepts, attests and reports nothing.
   */
  verifyDocument?: RecordVerifier;
  /** Called for each record of the period that failed verification, as it is read (the CLI prints them). */
  onUnverifiedRecord?: (key: string, integrity: IntegrityStatus) => void;
  /** OSCAL only: the file name the assessment plan is written under, beside the results (what import-ap points at). */
  planFile?: string;
}

export interface GeneratedReport {
  content: string;
  /** Files written beside the report, by name: the OSCAL assessment plan its import-ap names. */
  companions: Array<{ name: string; content: string }>;
  model: ReportModel;
  /** Records (v1 objects, v2 lines, by address) that could not even be displayed: listed, never dropped silently. */
  malformed: MalformedRecord[];
  /** Exceptions, revocations, run records and attestations that failed verification (they count for nothing), by address. */
  unverifiedDocuments: MalformedRecord[];
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** True when a record has every field a report prints; anything else is shown as malformed. */
export function isDisplayable(value: unknown): value is EvidenceRecord {
  const r = value as Partial<EvidenceRecord> | null;
  return (
    !!r &&
    typeof r === 'object' &&
    isText(r.id) &&
    isText(r.check?.id) &&
    isText(r.check?.title) &&
    isText(r.check?.family) &&
    isText(r.check?.severity) &&
    isText(r.result) &&
    typeof r.reason === 'string' &&
    isText(r.resource?.type) &&
    isText(r.resource?.id) &&
    typeof r.account === 'string' &&
    typeof r.region === 'string' &&
    typeof r.observedAt === 'string' &&
    typeof r.collectedAt === 'string'
  );
}

/** Checks a `--format` value. @throws ConfigError naming the allowed formats. */
export function parseFormat(value: string): ReportFormat {
  if (!(REPORT_FORMATS as readonly string[]).includes(value)) {
    throw new ConfigError(`--format must be one of ${REPORT_FORMATS.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as ReportFormat;
}

/** The plan file an OSCAL report names when the caller gives none. */
const DEFAULT_PLAN_FILE = 'assessment-plan.json';

/**
 * The content of a report in one format, and the files it needs beside it: an OSCAL
 * assessment-results document comes with the assessment plan its `import-ap` points at.
 *
 * @example writeFile(out, renderReport('csv', model).content)
 */
function renderReport(format: ReportFormat, model: ReportModel, planFile: string): Pick<GeneratedReport, 'content' | 'companions'> {
  switch (format) {
    case 'html':
      return { content: renderHtml(model), companions: [] };
    case 'csv':
      return { content: renderCsv(model), companions: [] };
    case 'oscal':
      return { content: json(renderOscal(model, { assessmentPlanHref: `./${planFile}` })), companions: companionsOf(format, model, planFile) };
    case 'ocsf':
      return { content: renderOcsf(model), companions: [] };
  }
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** The files a report needs beside it: the OSCAL assessment plan its `import-ap` points at. */
function companionsOf(format: ReportFormat, model: ReportModel, planFile: string): GeneratedReport['companions'] {
  return format === 'oscal' ? [{ name: planFile, content: json(renderOscalPlan(model)) }] : [];
}

/** The ledger documents of a store, each with its verification, sorted into their kinds. */
async function readLedgerInput(store: EvidenceStore, verify: RecordVerifier | undefined, onInvalid: (key: string, error: ParseError | SchemaError) => void): Promise<LedgerInput> {
  const exceptions: Array<LedgerEntry<ExceptionDocument>> = [];
  const revocations: Array<LedgerEntry<RevocationDocument>> = [];
  const runs: Array<LedgerEntry<RunDocument>> = [];
  const attestations: Array<LedgerEntry<AttestationDocument>> = [];
  for await (const { key, document } of readLedger(store, { onInvalid })) {
    const { ok, errors } = verify ? verify(document) : NOT_VERIFIED_DOCUMENT;
    const entry = { key, integrity: { ok, errors } };
    if (document.schema === EXCEPTION_SCHEMA) exceptions.push({ ...entry, document });
    else if (document.schema === REVOCATION_SCHEMA) revocations.push({ ...entry, document });
    else if (document.schema === RUN_SCHEMA) runs.push({ ...entry, document });
    else attestations.push({ ...entry, document });
  }
  return { exceptions, revocations, runs, attestations };
}

const NOT_VERIFIED_DOCUMENT: IntegrityStatus = { ok: false, errors: [verificationProblem('NOT_VERIFIED')] };

/** Why a stored object is not a schema-valid document. */
function problemsOf(error: ParseError | SchemaError): VerificationProblem[] {
  return error instanceof SchemaError
    ? error.errors.map((e) => verificationProblem('SCHEMA_INVALID', { error: e }))
    : [verificationProblem('JSON_INVALID', { error: error.cause instanceof Error ? error.cause.message : error.message })];
}

/** The period's displayable records of a store, verified, but those at the addresses in `skip`; the malformed reported. */
async function* periodRecords(store: EvidenceStore, verify: RecordVerifier, options: GenerateOptions, skip: ReadonlySet<string>, onMalformed?: (m: MalformedRecord) => void): AsyncIterable<{ key: string; record: EvidenceRecord; integrity: IntegrityStatus }> {
  const inPeriod = recordPredicate({ from: options.from, to: options.to ?? options.asOf });
  // An object that is not a schema-valid record is listed as malformed, never dropped silently.
  const onInvalid = (key: string, error: ParseError | SchemaError): void => onMalformed?.({ key, errors: problemsOf(error) });
  for await (const { key, record } of readRecords(store, { onInvalid })) {
    if (!isDisplayable(record)) {
      onMalformed?.({ key, errors: verify(record).errors });
      continue;
    }
    if (!inPeriod(record) || skip.has(key)) continue;
    const { ok, errors } = verify(record);
    yield { key, record, integrity: { ok, errors } };
  }
}

/** What {@link writeReport} tells besides the content it wrote. */
export type WrittenReport = Omit<GeneratedReport, 'content'>;

/**
 * Reads, verifies and writes the report of a period (`from` inclusive, `to` exclusive) chunk by
 * chunk, holding no more than the model needs: each resource's latest record and the aggregates
 * (HTML: also every fail and error record, which the page carries). CSV, OCSF and OSCAL read the
 * records a second time and write each as they read it (lib/report/stream-rows.ts), in store order.
 *
 * @throws ParseError for a period that does not parse; StoreError when the store cannot be read.
 * @example const out = createWriteStream(file); await writeReport(store, verify, options, (c) => { out.write(c); });
 */
export async function writeReport(store: EvidenceStore, verify: RecordVerifier, options: GenerateOptions & { keepAll?: boolean }, write: ReportSink): Promise<WrittenReport> {
  const malformedLedger: MalformedRecord[] = [];
  const ledger = await readLedgerInput(store, options.verifyDocument, (key, error) => malformedLedger.push({ key, errors: problemsOf(error) }));
  const unverifiedDocuments = [...ledger.exceptions, ...ledger.revocations, ...ledger.runs, ...ledger.attestations]
    .filter((e) => !e.integrity.ok)
    .map((e) => ({ key: e.key ?? e.document.id, errors: e.integrity.errors }));
  const modelOptions = {
    from: options.from,
    to: options.to,
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    checks: options.checks,
    ledger,
    ...(options.asOf !== undefined ? { asOf: options.asOf } : {}),
    ...(options.staleAfterMs !== undefined ? { staleAfterMs: options.staleAfterMs } : {}),
    ...(options.accounts ? { accounts: options.accounts } : {}),
  };
  const streamed = !options.keepAll && options.format !== 'html';
  const keep: KeptRecords = options.keepAll ? 'all' : options.format === 'html' ? 'failing' : 'latest';
  const builder = new ReportBuilder(modelOptions, keep);
  const malformed: MalformedRecord[] = [];
  // The addresses of records whose id came before: the second reading skips them (no set of every id).
  const repeated = new Set<string>();
  for await (const { key, record, integrity } of periodRecords(store, verify, options, repeated, (m) => malformed.push(m))) {
    if (!builder.add(record, integrity, key)) repeated.add(key);
    else if (!integrity.ok) options.onUnverifiedRecord?.(key, integrity);
  }
  malformed.push(...malformedLedger);
  const exceptions = new ExceptionIndex(ledger, Date.parse(options.asOf ?? options.to ?? modelOptions.generatedAt));
  const model = builder.finish(exceptions);
  const planFile = options.planFile ?? DEFAULT_PLAN_FILE;
  // An OSCAL document without records has no observations array at all: rendered whole.
  if (streamed && !(options.format === 'oscal' && model.totals.total === 0)) {
    const target = options.format === 'oscal' ? { format: 'oscal' as const, assessmentPlanHref: `./${planFile}` } : { format: options.format as 'csv' | 'ocsf' };
    await streamRows(target, model, builder.latest(), exceptions, periodRecords(store, verify, options, repeated), write);
    return { companions: companionsOf(options.format, model, planFile), model, malformed, unverifiedDocuments };
  }
  const { content, companions } = renderReport(options.format, model, planFile);
  await write(content);
  return { companions, model, malformed, unverifiedDocuments };
}

/**
 * The report of a period as one string, every record in the model (for small stores, the demo and
 * tests; the CLI writes with {@link writeReport}).
 *
 * @throws ParseError for a period that does not parse; StoreError when the store cannot be read.
 * @example
 * const trusted = pinKeys([pem]); const cache = new Map();
 * const { content, model } = await generateReport(openStore(dir), (r) => verifyRecord(r, trusted, cache),
 *   { format: 'html', checks: allMetadata() });
 */
export async function generateReport(store: EvidenceStore, verify: RecordVerifier, options: GenerateOptions): Promise<GeneratedReport> {
  const chunks: string[] = [];
  const written = await writeReport(store, verify, { ...options, keepAll: true }, (chunk) => void chunks.push(chunk));
  return { content: chunks.join(''), ...written };
}

import type { CheckMetadata } from '../model/check.ts';
import { ConfigError, ParseError, SchemaError } from '../errors.ts';
import type { EvidenceRecord } from '../evidence/types.ts';
import { verificationProblem, type VerificationProblem } from '../evidence/verification-codes.ts';
import { readRecords } from '../store/read-records.ts';
import type { EvidenceStore } from '../store/types.ts';
import { renderCsv } from './csv.ts';
import { recordPredicate } from './filter.ts';
import { renderHtml } from './html.ts';
import { buildReportModel } from './model.ts';
import type { IntegrityStatus, ReportModel } from './model-types.ts';
import { renderOcsf } from './ocsf.ts';
import { renderOscal } from './oscal.ts';

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
  checks: readonly CheckMetadata[];
  generatedAt?: string;
}

export interface GeneratedReport {
  content: string;
  model: ReportModel;
  /** Records (v1 objects, v2 lines, by address) that could not even be displayed: listed, never dropped silently. */
  malformed: MalformedRecord[];
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

/**
 * The content of a report in one format.
 *
 * @example writeFile(out, renderReport('csv', model))
 */
function renderReport(format: ReportFormat, model: ReportModel): string {
  switch (format) {
    case 'html':
      return renderHtml(model);
    case 'csv':
      return renderCsv(model);
    case 'oscal':
      return `${JSON.stringify(renderOscal(model), null, 2)}\n`;
    case 'ocsf':
      return renderOcsf(model);
  }
}

/**
 * Reads, verifies and renders the records of a period (`from` inclusive, `to` exclusive).
 *
 * @throws ParseError for a period that does not parse; StoreError when the store cannot be read.
 * @example
 * const trusted = pinKeys([pem]); const cache = new Map();
 * const { content, model } = await generateReport(openStore(dir), (r) => verifyRecord(r, trusted, cache),
 *   { format: 'html', checks: allMetadata() });
 */
export async function generateReport(store: EvidenceStore, verify: RecordVerifier, options: GenerateOptions): Promise<GeneratedReport> {
  const inPeriod = recordPredicate({ from: options.from, to: options.to });
  const stored: Array<{ key: string; record: EvidenceRecord }> = [];
  const statuses = new Map<string, IntegrityStatus>();
  const malformed: MalformedRecord[] = [];
  // An object that is not a schema-valid record is listed as malformed, never dropped silently.
  const onInvalid = (key: string, error: ParseError | SchemaError): void => {
    const errors =
      error instanceof SchemaError
        ? error.errors.map((e) => verificationProblem('SCHEMA_INVALID', { error: e }))
        : [verificationProblem('JSON_INVALID', { error: error.cause instanceof Error ? error.cause.message : error.message })];
    malformed.push({ key, errors });
  };
  for await (const { key, record } of readRecords(store, { onInvalid })) {
    if (!isDisplayable(record)) {
      malformed.push({ key, errors: verify(record).errors });
      continue;
    }
    if (!inPeriod(record)) continue;
    const { ok, errors } = verify(record);
    statuses.set(record.id, { ok, errors });
    stored.push({ key, record });
  }
  const model = buildReportModel(stored, statuses, {
    from: options.from,
    to: options.to,
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    checks: options.checks,
  });
  return { content: renderReport(options.format, model), model, malformed };
}

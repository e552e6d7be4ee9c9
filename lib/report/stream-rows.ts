import type { EvidenceRecord } from '../evidence/types.ts';
import type { Result } from '../model/check.ts';
import { CSV_HEADER, csvRows } from './csv.ts';
import type { ExceptionIndex } from './exceptions.ts';
import { resourceKey } from './model.ts';
import type { IntegrityStatus, ReportEntry, ReportModel } from './model-types.ts';
import { ocsfFinding } from './ocsf.ts';

/**
 * CSV and OCSF written as the records are read, for stores of any size: the model (built first,
 * lib/report/model.ts ReportBuilder) holds each resource's latest record, not every record, and
 * each record read again becomes one row or line at once, with the facts its resource's latest
 * record carries (last evaluated, stale) and the exception that covers it. Rows come in store order
 * (key order, so write order), not newest first; OCSF's Create/Update follows that order too.
 */

/** Where the text goes, a chunk at a time (e.g. a file stream's write, awaited for back-pressure). */
export type ReportSink = (chunk: string) => Promise<void> | void;

/** The records again, each with its verification and address. */
export type RecordSource = AsyncIterable<{ key: string; record: EvidenceRecord; integrity: IntegrityStatus }>;

/** Rows kept in memory before a write: about 1 MB of CSV. */
const ROWS_PER_CHUNK = 1000;

/**
 * Writes `records` (the period's, each id once; the caller filters) as CSV or OCSF JSON Lines.
 *
 * @param latest each resource's latest entry, by resourceKey, as the model judged it.
 * @example await streamRows('csv', model, builder.latest(), exceptions, recordsAgain(), (c) => out.write(c));
 */
export async function streamRows(format: 'csv' | 'ocsf', model: Pick<ReportModel, 'checks' | 'generatedAt'>, latest: ReadonlyMap<string, ReportEntry>, exceptions: ExceptionIndex, records: RecordSource, write: ReportSink): Promise<void> {
  const csvRow = csvRows(model.checks);
  const generatedAtMs = Date.parse(model.generatedAt) || 0;
  const previous = new Map<string, Result>();
  let chunk: string[] = format === 'csv' ? [CSV_HEADER] : [];
  for await (const { key, record, integrity } of records) {
    const resource = resourceKey(record);
    const newest = latest.get(resource);
    let entry: ReportEntry;
    if (newest?.record.id === record.id) entry = newest;
    else {
      entry = { record, integrity, key };
      const exception = exceptions.applied(record, false);
      if (exception) entry.exception = exception;
      if (newest?.lastEvaluatedAt) entry.lastEvaluatedAt = newest.lastEvaluatedAt;
      if (newest?.stale) entry.stale = true;
    }
    if (format === 'csv') chunk.push(csvRow(entry));
    else {
      chunk.push(`${JSON.stringify(ocsfFinding(entry, previous.get(resource), generatedAtMs))}\n`);
      previous.set(resource, record.result);
    }
    if (chunk.length >= ROWS_PER_CHUNK) {
      await write(chunk.join(''));
      chunk = [];
    }
  }
  if (chunk.length > 0) await write(chunk.join(''));
}

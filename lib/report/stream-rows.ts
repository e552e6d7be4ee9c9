import type { EvidenceRecord } from '../evidence/types.ts';
import type { Result } from '../model/check.ts';
import { CSV_HEADER, csvRows } from './csv.ts';
import type { ExceptionIndex } from './exceptions.ts';
import { resourceKey } from './model.ts';
import type { IntegrityStatus, ReportEntry, ReportModel } from './model-types.ts';
import { ocsfFinding } from './ocsf.ts';
import { observation, renderOscal } from './oscal.ts';

/**
 * CSV, OCSF and OSCAL written as the records are read, for stores of any size: the model (built first,
 * lib/report/model.ts ReportBuilder) holds each resource's latest record, not every record, and
 * each record read again becomes one row or line at once, with the facts its resource's latest
 * record carries (last evaluated, stale) and the exception that covers it. Rows come in store order
 * (key order, so write order), not newest first; OCSF's Create/Update follows that order too.
 */

/** Where the text goes, a chunk at a time (e.g. a file stream's write, awaited for back-pressure). */
export type ReportSink = (chunk: string) => Promise<void> | void;

/** The records again, each with its verification and address. */
export type RecordSource = AsyncIterable<{ key: string; record: EvidenceRecord; integrity: IntegrityStatus }>;

/** Rows kept in memory before a write: about 0.5 MB of CSV, 1 MB of OSCAL. */
const ROWS_PER_CHUNK = 500;

/** How one format streams: its text before the rows, each row, the text after them. */
interface RowFormat {
  head(): string;
  row(entry: ReportEntry, first: boolean): string;
  tail(): string;
}

function csvFormat(model: Pick<ReportModel, 'checks'>): RowFormat {
  const row = csvRows(model.checks);
  return { head: () => CSV_HEADER, row, tail: () => '' };
}

function ocsfFormat(model: Pick<ReportModel, 'generatedAt'>): RowFormat {
  const generatedAtMs = Date.parse(model.generatedAt) || 0;
  const previous = new Map<string, Result>();
  return {
    head: () => '',
    row(entry) {
      const resource = resourceKey(entry.record);
      const line = `${JSON.stringify(ocsfFinding(entry, previous.get(resource), generatedAtMs))}\n`;
      previous.set(resource, entry.record.result);
      return line;
    },
    tail: () => '',
  };
}

// Stands in for the observations in the rendered document; JSON escapes the NULs, so no record text can equal it.
const PLACEHOLDER = '\u0000observations\u0000';

/**
 * OSCAL assessment-results with its observations streamed: the document is rendered with a
 * placeholder in the observations array, written up to it, the observations are written one by one,
 * one per line at its indentation, and the rest (findings, risks with the excepted fails met on the way,
 * back-matter) is rendered again once they are all seen.
 */
function oscalFormat(model: ReportModel, exceptions: ExceptionIndex, assessmentPlanHref: string): RowFormat {
  const mark = JSON.stringify(PLACEHOLDER);
  const render = (exceptedRecords?: Map<string, string[]>) => `${JSON.stringify(renderOscal(model, { assessmentPlanHref, observationsPlaceholder: PLACEHOLDER, ...(exceptedRecords ? { exceptedRecords } : {}) }), null, 2)}\n`;
  const excepted = new Map<string, string[]>();
  const before = render();
  const at = before.indexOf(mark);
  const indent = before.slice(before.lastIndexOf('\n', at) + 1, at);
  return {
    head: () => before.slice(0, at),
    row(entry, first) {
      if (entry.exception) excepted.set(entry.exception.id, [...(excepted.get(entry.exception.id) ?? []), entry.record.id]);
      // One line per observation (the document around them stays indented): half the bytes, no re-indenting.
      return `${first ? '' : `,\n${indent}`}${JSON.stringify(observation(entry, model.generatedAt))}`;
    },
    tail() {
      // The exceptions' counts now include every fail they excepted, not only the latest ones.
      model.audit.exceptions = exceptions.views();
      const after = render(excepted);
      return after.slice(after.indexOf(mark) + mark.length);
    },
  };
}

/**
 * Writes `records` (the period's, each id once; the caller filters) as CSV, OCSF JSON Lines or
 * OSCAL assessment-results.
 *
 * @param latest each resource's latest entry, by resourceKey, as the model judged it.
 * @example await streamRows({ format: 'csv' }, model, builder.latest(), exceptions, recordsAgain(), (c) => out.write(c));
 */
export async function streamRows(target: { format: 'csv' | 'ocsf' } | { format: 'oscal'; assessmentPlanHref: string }, model: ReportModel, latest: ReadonlyMap<string, ReportEntry>, exceptions: ExceptionIndex, records: RecordSource, write: ReportSink): Promise<void> {
  const format = 'assessmentPlanHref' in target ? oscalFormat(model, exceptions, target.assessmentPlanHref) : target.format === 'csv' ? csvFormat(model) : ocsfFormat(model);
  let chunk: string[] = [format.head()];
  let first = true;
  for await (const { key, record, integrity } of records) {
    const newest = latest.get(resourceKey(record));
    let entry: ReportEntry;
    if (newest?.record.id === record.id) entry = newest;
    else {
      entry = { record, integrity, key };
      const exception = exceptions.applied(record, false);
      if (exception) entry.exception = exception;
      if (newest?.lastEvaluatedAt) entry.lastEvaluatedAt = newest.lastEvaluatedAt;
      if (newest?.stale) entry.stale = true;
    }
    chunk.push(format.row(entry, first));
    first = false;
    if (chunk.length >= ROWS_PER_CHUNK) {
      await write(chunk.join(''));
      chunk = [];
    }
  }
  chunk.push(format.tail());
  await write(chunk.join(''));
}

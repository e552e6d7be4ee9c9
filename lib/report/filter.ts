import { ParseError } from '../errors.ts';
import { FAMILIES, RESULTS, type Family, type Result } from '../model/check.ts';
import type { EvidenceRecord } from '../evidence/types.ts';
import { parseTime } from '../util/time.ts';

/**
 * The record filters `list`, `show` and `report` share, so "records of check X in March" means the
 * same thing in every view.
 */
export interface RecordFilter {
  check?: string;
  family?: string;
  result?: string;
  /** Case-insensitive substring of the resource id or ARN. */
  resource?: string;
  account?: string;
  region?: string;
  /** ISO 8601; compared with observedAt, inclusive. */
  from?: string;
  /** ISO 8601; compared with observedAt, exclusive (so consecutive periods never overlap). */
  to?: string;
}


/** Either a bare record or a stored one (`readRecords` yields `{ key, record }`). */
export type RecordLike = EvidenceRecord | { key: string; record: EvidenceRecord };

/** The record inside a {@link RecordLike}. */
export function recordOf(item: RecordLike): EvidenceRecord {
  return 'record' in item && 'key' in item ? item.record : (item as EvidenceRecord);
}

/** A filter checked once and turned into a predicate (times parsed, values validated). */
export function recordPredicate(filter: RecordFilter): (record: EvidenceRecord) => boolean {
  if (filter.result !== undefined && !RESULTS.includes(filter.result as Result)) {
    throw new ParseError('result', 'INVALID_VALUE', `must be one of ${RESULTS.join(', ')}, got ${JSON.stringify(filter.result)}`);
  }
  if (filter.family !== undefined && !FAMILIES.includes(filter.family as Family)) {
    throw new ParseError('family', 'INVALID_VALUE', `must be one of ${FAMILIES.join(', ')}, got ${JSON.stringify(filter.family)}`);
  }
  const from = filter.from === undefined ? undefined : parseTime(filter.from, 'from').getTime();
  const to = filter.to === undefined ? undefined : parseTime(filter.to, 'to').getTime();
  if (from !== undefined && to !== undefined && from >= to) {
    throw new ParseError('to', 'INVALID_VALUE', `must be after from (${filter.from} .. ${filter.to} is empty)`);
  }
  const needle = filter.resource?.toLowerCase();
  return (record) => {
    if (filter.check !== undefined && record.check.id !== filter.check) return false;
    if (filter.family !== undefined && record.check.family !== filter.family) return false;
    if (filter.result !== undefined && record.result !== filter.result) return false;
    if (filter.account !== undefined && record.account !== filter.account) return false;
    if (filter.region !== undefined && record.region !== filter.region) return false;
    if (needle !== undefined) {
      const inId = record.resource.id.toLowerCase().includes(needle);
      if (!inId && !(record.resource.arn ?? '').toLowerCase().includes(needle)) return false;
    }
    if (from !== undefined || to !== undefined) {
      // A record whose observedAt does not parse belongs to no period: it cannot be placed in time.
      const observed = Date.parse(record.observedAt);
      if (Number.isNaN(observed)) return false;
      if (from !== undefined && observed < from) return false;
      if (to !== undefined && observed >= to) return false;
    }
    return true;
  };
}

/**
 * The records (bare or stored) that pass every given filter, in their original order.
 *
 * @throws ParseError for an unknown result or family, or a time that does not parse.
 * @example filterRecords(records, { check: 'iam-root-mfa', result: 'fail', from: '2026-03-01', to: '2026-04-01' })
 */
export function filterRecords<T extends RecordLike>(records: Iterable<T>, filter: RecordFilter): T[] {
  const keep = recordPredicate(filter);
  const kept: T[] = [];
  for (const item of records) if (keep(recordOf(item))) kept.push(item);
  return kept;
}

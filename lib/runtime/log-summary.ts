import type { Logger } from '@aws-lambda-powertools/logger';
import type { RunSummary } from '../pipeline/run.ts';

/** One structured line per input that did not become evidence, then one summary line: nothing is dropped silently. */
export function logSummary(logger: Logger, summary: RunSummary): void {
  for (const outcome of summary.outcomes) {
    if (outcome.status === 'invalid' || outcome.status === 'failed') logger.error(`input ${outcome.status}`, { source: outcome.source, ...(outcome.code ? { code: outcome.code } : {}), reason: outcome.detail });
    else if (outcome.status === 'skipped' || outcome.status === 'no-check') logger.info(`input ${outcome.status}`, { source: outcome.source, ...(outcome.code ? { code: outcome.code } : {}), reason: outcome.detail });
  }
  logger.info('batch done', { records: summary.records, written: summary.written, duplicates: summary.duplicates, byCheck: summary.byCheck });
}

import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { readEnvironment } from '../lib/runtime/environment.ts';
import { evidenceSigner, evidenceStore } from '../lib/runtime/evidence-io.ts';
import { lazyHandler, logger } from '../lib/runtime/lambda-kit.ts';
import { runSealer } from '../lib/seal/seal-pending.ts';

/** What one hourly run did; `remaining` > 0 means the next run continues (at most 168 seals per run, within the time left). */
export interface SealResponse {
  sealed: number;
  head: number | null;
  lostRaces: number;
  remaining: number;
}

/** Time kept back from the Lambda timeout: one more seal (a few LIST pages, one kms:Sign, one PUT) fits in it. */
const SAFETY_MARGIN_MS = 60_000;

/**
 * Hourly: seal every closed hour after the chain head (lib/seal/seal-pending.ts). No collector
 * clients here, only the evidence bucket and the signing key.
 */
export function createHandler(clients: { s3?: S3Client; kms?: KMSClient } = {}, env: NodeJS.ProcessEnv = process.env) {
  const environment = readEnvironment(env);
  const store = evidenceStore(environment, clients.s3);
  const signer = evidenceSigner(environment, clients.kms);
  return middy<ScheduledEvent, SealResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (_event: ScheduledEvent, context: Context) => {
      // The real clock, not the schedule's time: a delayed or retried run must still see which hours have closed.
      // No seal is started in the last minute before the timeout: the chain stays resumable, never half-written.
      const run = await runSealer(store, signer, {
        budgetMs: Math.max(0, context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS),
        ...(environment.tsaUrl ? { timestamps: { tsaUrl: environment.tsaUrl } } : {}),
      });
      for (const s of run.skipped) logger.warn('not a record, left out of its seal', { key: s.key, reason: s.reason });
      const response = { sealed: run.sealed.length, head: run.head?.seq ?? null, lostRaces: run.lostRaces, remaining: run.remaining };
      logger.info('seal done', { ...response, windows: run.sealed.map((s) => `${s.window.start}#${s.part} (${s.records} records, ${s.objects} objects)`) });
      // A TSA that is down is a warning, never a failed run: the seals are written and the next run adds the tokens.
      if (run.timestamps) logger[run.timestamps.failed ? 'warn' : 'info']('time-stamp tokens', { ...run.timestamps });
      return response;
    });
}

export const handler = lazyHandler<ScheduledEvent, SealResponse>(() => createHandler());

import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { ScheduledEvent } from 'aws-lambda';
import { TrailproofError } from '../lib/errors.ts';
import { runSweep } from '../lib/pipeline/sweep.ts';
import { readEnvironment } from '../lib/runtime/environment.ts';
import { lambdaDeps, type LambdaClients } from '../lib/runtime/lambda-deps.ts';
import { logSummary } from '../lib/runtime/log-summary.ts';
import { lazyHandler, logger } from '../lib/runtime/lambda-kit.ts';

/** Daily baseline of every check over every resource in the configured regions and accounts. */
export function createHandler(clients: LambdaClients = {}, env: NodeJS.ProcessEnv = process.env) {
  const environment = readEnvironment(env);
  const deps = lambdaDeps(environment, 'posture-sweep', clients);
  return middy<ScheduledEvent, { records: number }>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event, context) => {
      // The schedule's own time is the baseline's observedAt, so a retried run has the same record ids.
      // A run started by hand (an empty event) sweeps now, in the function's own account.
      const startedAt = event?.time ? new Date(event.time) : new Date();
      const ownAccount = event?.account ?? context.invokedFunctionArn?.split(':')[4] ?? '';
      const accounts = (env.SWEEP_ACCOUNTS || ownAccount).split(',').map((a) => a.trim()).filter(Boolean);
      let records = 0;
      const failures: string[] = [];
      for (const account of accounts) {
        // One unreadable member account (its role missing) must not cost the others their baseline.
        try {
          const summary = await runSweep(deps, { account, regions: environment.regions, startedAt });
          logSummary(logger, summary);
          records += summary.records;
          for (const o of summary.outcomes) if (o.status === 'failed') failures.push(`${o.source}: ${o.detail}`);
        } catch (error) {
          logger.error('account not swept', { account, reason: (error as Error).message });
          failures.push(`account ${account}: ${(error as Error).message}`);
        }
      }
      // Fail the invocation so Lambda retries (same record ids) and the errors alarm fires.
      if (failures.length > 0) throw new TrailproofError(`sweep not fully recorded (${failures.length}): ${failures.slice(0, 5).join('; ')}`);
      return { records };
    });
}

export const handler = lazyHandler<ScheduledEvent, { records: number }>(() => createHandler());

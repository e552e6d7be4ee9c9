import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { parseInput } from '../lib/events/parse.ts';
import { processConfigRuleInvocation } from '../lib/pipeline/config-rule.ts';
import { readEnvironment } from '../lib/runtime/environment.ts';
import { lambdaDeps, type LambdaClients } from '../lib/runtime/lambda-deps.ts';
import { logSummary } from '../lib/runtime/log-summary.ts';
import { lazyHandler, logger } from '../lib/runtime/lambda-kit.ts';

/** AWS Config custom rule (change-triggered or periodic): evaluate, write evidence, PutEvaluations. */
export function createHandler(clients: LambdaClients & { config?: ConfigServiceClient } = {}, env: NodeJS.ProcessEnv = process.env) {
  const deps = { ...lambdaDeps(readEnvironment(env), 'config-rule', clients), config: clients.config ?? new ConfigServiceClient({}) };
  return middy<Record<string, unknown>, { evaluations: number }>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const { summary, evaluations } = await processConfigRuleInvocation(parseInput(JSON.stringify(event), 'config-rule-invocation'), deps);
      logSummary(logger, summary);
      const failed = summary.outcomes.filter((o) => o.status === 'invalid' || o.status === 'failed');
      // Throw so Lambda retries the invocation: records and evaluations are idempotent.
      if (failed.length > 0) throw new Error(`config rule invocation not fully processed: ${failed.map((o) => o.detail).join('; ')}`);
      return { evaluations };
    });
}

export const handler = lazyHandler<Record<string, unknown>, { evaluations: number }>(() => createHandler());

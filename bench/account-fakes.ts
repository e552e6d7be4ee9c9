// The synthetic account the sweep benchmarks read (bench/account/plan.ts says what it holds and
// why): every kind a sweep check enumerates, answered by real SDK clients with AWS's pagination
// (bench/fake-clients.ts), one file per service family under bench/account/.
import type { AwsClients } from '../lib/collectors/types.ts';
import { auditAnswers } from './account/audit.ts';
import { backupAnswers } from './account/backup.ts';
import { computeAnswers } from './account/compute.ts';
import { dataStoreAnswers } from './account/data-stores.ts';
import { detectionAnswers } from './account/detection.ts';
import { edgeAnswers } from './account/edge.ts';
import { iamAnswers } from './account/iam.ts';
import { imageAnswers } from './account/images.ts';
import { instanceAnswers } from './account/instances.ts';
import { deliberateErrors, keyAnswers } from './account/keys.ts';
import { loadBalancerAnswers } from './account/load-balancers.ts';
import { messagingAnswers } from './account/messaging.ts';
import { networkAnswers } from './account/network.ts';
import { accountPlan, SWEEP_TIME, type AccountPlan } from './account/plan.ts';
import { rdsAnswers } from './account/rds.ts';
import { storageAnswers } from './account/storage.ts';
import { fakeClients, type AnswerTable } from './fake-clients.ts';

export { SWEEP_TIME };

/** The answers of every family, per client; two families answering one command is a mistake in the benchmark. */
function mergeAnswers(tables: AnswerTable[]): AnswerTable {
  const merged: AnswerTable = {};
  for (const table of tables) {
    for (const [client, answers] of Object.entries(table)) {
      const into = (merged[client] ??= {});
      for (const [command, answer] of Object.entries(answers)) {
        if (into[command]) throw new Error(`two families answer ${client} ${command}`);
        into[command] = answer;
      }
    }
  }
  return merged;
}

/** What the benchmark reports about the account it swept: its resources by kind, and the `error` records it makes on purpose. */
interface AccountFacts {
  counts: AccountPlan['counts'];
  errorRecordsByDesign: number;
}

/**
 * Clients for one account of `resources` resources (bench/account/plan.ts), each read answered
 * from memory, so the benchmark measures trailproof; and the facts of that account.
 */
export function syntheticAccount(account: string, resources: number): { clients: AwsClients; facts: AccountFacts } {
  const plan = accountPlan(account, resources);
  const families = [storageAnswers, iamAnswers, keyAnswers, networkAnswers, instanceAnswers, imageAnswers, rdsAnswers, dataStoreAnswers, messagingAnswers, computeAnswers, edgeAnswers, loadBalancerAnswers, auditAnswers, detectionAnswers, backupAnswers];
  return { clients: fakeClients(mergeAnswers(families.map((answers) => answers(plan)))), facts: { counts: plan.counts, errorRecordsByDesign: deliberateErrors(plan) } };
}

/** Clients for one account of `resources` resources. */
export function accountClients(account: string, resources: number): AwsClients {
  return syntheticAccount(account, resources).clients;
}

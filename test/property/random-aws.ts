/**
 * AWS answering at random, so the real collectors run on every property case: each call gets a
 * well-formed output in the SDK's shape (a compliant or a non-compliant resource, echoing the id it
 * was asked about) or an error AWS sends (AccessDenied, the operation's own NotFound, throttling,
 * a 500). The choice is a hash of a per-batch seed, the operation and its input: the same call
 * gets the same answer within a batch (a rerun of the batch sees the same world), another batch
 * sees another world. Real SDK client instances, whose `send` is replaced, as in bench/fake-clients.ts.
 */
import { createHash } from 'node:crypto';
import { createAwsClients } from '../../lib/collectors/clients.ts';
import type { AwsClients } from '../../lib/collectors/types.ts';
import { AWS_ANSWERS, NOT_FOUND_NAMES, type Dice } from './random-aws-answers.ts';

/** Errors any read may meet, by name as the SDK raises them, and how often (out of 100 calls). */
const FAILURES: Array<{ name: string; status: number; per100: number }> = [
  { name: 'AccessDenied', status: 403, per100: 5 },
  { name: 'AccessDeniedException', status: 400, per100: 2 },
  { name: 'ThrottlingException', status: 400, per100: 3 },
  { name: 'InternalError', status: 500, per100: 1 },
];
const NOT_FOUND_PER_100 = 5;

function sdkError(name: string, status: number): Error {
  return Object.assign(new Error(`${name} (random answer)`), { name, Code: name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status } });
}

/** A deterministic stream of numbers from a text (SHA-256 counter mode). */
function diceFor(seed: string): Dice {
  let counter = 0;
  let pool: Buffer = Buffer.alloc(0);
  const next = (): number => {
    if (pool.length < 4) pool = createHash('sha256').update(`${seed}\u0000${counter++}`).digest();
    const value = pool.readUInt32BE(0);
    pool = pool.subarray(4);
    return value;
  };
  return {
    below: (n) => next() % n,
    bool: () => next() % 2 === 0,
    pick: (items) => items[next() % items.length]!,
  };
}

/** The AWS every property case runs against; `reseed` starts another world. */
export class RandomAws {
  readonly clients: AwsClients;
  /** Calls answered, by operation (the tests show every collector ran). */
  readonly calls = new Map<string, number>();
  #seed = '0';

  constructor() {
    const clients = createAwsClients('us-east-1', { credentials: { accessKeyId: 'property', secretAccessKey: 'property' } });
    const send = async (command: { constructor: { name: string }; input: Record<string, unknown> }) => this.#answer(command.constructor.name.replace(/Command$/, ''), command.input);
    for (const client of Object.values(clients)) Object.assign(client, { send });
    this.clients = clients;
  }

  reseed(seed: number): void {
    this.#seed = String(seed);
  }

  #answer(operation: string, input: Record<string, unknown>): unknown {
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
    const dice = diceFor(`${this.#seed}\u0000${operation}\u0000${JSON.stringify(input)}`);
    const answer = AWS_ANSWERS[operation];
    if (!answer) throw sdkError('UnknownOperation', 400);
    let roll = dice.below(100);
    for (const failure of FAILURES) {
      if (roll < failure.per100) throw sdkError(failure.name, failure.status);
      roll -= failure.per100;
    }
    const notFound = NOT_FOUND_NAMES[operation];
    if (notFound && roll < NOT_FOUND_PER_100) throw sdkError(notFound, 404);
    return answer(input, dice);
  }
}

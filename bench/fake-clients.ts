import { createAwsClients } from '../lib/collectors/clients.ts';
import type { AwsClients } from '../lib/collectors/types.ts';

type Answer = (input: Record<string, unknown>) => unknown;

/**
 * Real SDK client instances (so the SDK's paginators accept them) whose `send` answers from a
 * table keyed by command name: a benchmark measures the pipeline, not a mock matcher or a network.
 */
export function fakeClients(answers: Record<string, Answer>): AwsClients {
  const options = { region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } };
  const send = async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
    const answer = answers[command.constructor.name.replace(/Command$/, '')];
    if (!answer) throw Object.assign(new Error(`no fake answer for ${command.constructor.name}`), { name: 'MissingRecordedResponse' });
    const output = answer(command.input);
    if (output instanceof Error) throw output;
    return output;
  };
  // Every client the pool makes answers from the table.
  return createAwsClients(options.region, { credentials: options.credentials, onCreate: (client) => Object.assign(client, { send }) });
}

export function notFound(name: string): Error {
  return Object.assign(new Error(name), { name });
}

/** One page of `items` the way AWS pages them: a token (or marker) until the last page. */
export function page<T>(items: readonly T[], token: unknown, size: number): { items: T[]; next: string | undefined } {
  const start = token ? Number(token) : 0;
  const end = Math.min(start + size, items.length);
  return { items: items.slice(start, end), next: end < items.length ? String(end) : undefined };
}

/**
 * A store that accepts and discards, like S3 from the function's point of view: the sweep's own
 * memory is measured, not the benchmark's copy of 50,000 records.
 */
export function discardingStore() {
  let count = 0;
  return {
    location: 'discard:',
    get count() {
      return count;
    },
    async put(key: string) {
      count += 1;
      return { key, created: true };
    },
    async get() {
      return undefined;
    },
    async *list() {},
  };
}

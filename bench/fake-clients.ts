import { createAwsClients } from '../lib/collectors/clients.ts';
import type { AwsClients } from '../lib/collectors/types.ts';

/**
 * One command's answer: its output as the SDK hands it over (Dates as Date, blobs as Uint8Array,
 * no `$metadata`), or an Error with the service's error name (`notFound`, `denied`) to throw.
 * Each answer declares the input type it reads; `never` lets any of them sit in one table.
 */
type Answer = (input: never) => unknown;

/** The answers of one SDK client, by command name without "Command" (ListUsers, GetStage, ...). */
type ClientAnswers = Record<string, Answer>;

/**
 * Answers by SDK client class name (EC2Client, ApiGatewayV2Client, ...): command names repeat
 * across services (GetStage in both API Gateway clients, ListTags in five, GetPublicAccessBlock
 * in S3 and S3 Control), so a client answers only from its own table.
 */
export type AnswerTable = Record<string, ClientAnswers>;

/** The output type of an SDK command without the `$metadata` the transport adds. */
export type Output<T> = Omit<T, '$metadata'>;

/**
 * Real SDK client instances (so the SDK's paginators accept them) whose `send` answers from a
 * table keyed by client and command name: a benchmark measures the pipeline, not a mock matcher
 * or a network. A command without an answer throws MissingRecordedResponse, which the sweep
 * records as an `error` record: the benchmark reports those, so a gap in the table shows.
 */
export function fakeClients(answers: AnswerTable): AwsClients {
  const options = { region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } };
  return createAwsClients(options.region, {
    credentials: options.credentials,
    onCreate: (client, Client) => {
      const table = answers[Client.name] ?? {};
      const send = async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
        const answer = table[command.constructor.name.replace(/Command$/, '')] as ((input: unknown) => unknown) | undefined;
        if (!answer) throw Object.assign(new Error(`no fake answer for ${Client.name} ${command.constructor.name}`), { name: 'MissingRecordedResponse' });
        const output = answer(command.input);
        if (output instanceof Error) throw output;
        return output;
      };
      Object.assign(client, { send });
    },
  });
}

/** The error a service answers with, by its error name (NoSuchBucketPolicy, ResourceNotFoundException, ...). */
export function notFound(name: string): Error {
  return Object.assign(new Error(name), { name });
}

/** What a service answers a caller its policies do not allow (the SDK's AccessDeniedException). */
export function denied(action: string): Error {
  return Object.assign(new Error(`the sweep's role is not authorized to perform: ${action}`), { name: 'AccessDeniedException' });
}

/**
 * One page of `count` generated resources: the indexes on it, and the token of the next page
 * (undefined on the last). Resources are made per page from their index, so the benchmark holds
 * no copy of the account while the sweep runs.
 */
export function indexPage(count: number, token: unknown, size: number): { indexes: number[]; next: string | undefined } {
  const start = token ? Number(token) : 0;
  const end = Math.min(start + size, count);
  return { indexes: Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i), next: end < count ? String(end) : undefined };
}

/**
 * What a Describe call with an optional identifier answers: the one resource it names (`indexOfId`
 * gives its number), or the service's not-found `fault` when it names none; without an identifier
 * a page of all `count` resources.
 */
export function oneOrPage<T>(
  count: number,
  id: string | undefined,
  indexOfId: (id: string) => number | undefined,
  make: (i: number) => T,
  page: { token: unknown; size: number; fault: string },
): { items: T[]; next: string | undefined } | Error {
  if (id !== undefined) {
    const i = indexOfId(id);
    return i !== undefined && i < count ? { items: [make(i)], next: undefined } : notFound(page.fault);
  }
  const { indexes, next } = indexPage(count, page.token, page.size);
  return { items: indexes.map(make), next };
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

/**
 * A store that keeps each object's bytes as it was given, by reference: what the collect bench
 * reads back for its floors. MemoryStore copies every body in and out to protect tests from a
 * caller that changes a Buffer later; S3, where the collector really writes, takes the bytes as
 * they are, so that copy is not the collector's work.
 */
export function keepingStore() {
  const objects = new Map<string, Buffer>();
  return {
    location: 'keep:',
    async put(key: string, body: string | Buffer) {
      const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      const existing = objects.get(key);
      if (existing) return existing.equals(bytes) ? { key, created: false } : { key, created: false, conflict: true };
      objects.set(key, bytes);
      return { key, created: true };
    },
    async get(key: string) {
      return objects.get(key);
    },
    async *list(prefix: string) {
      for (const key of [...objects.keys()].sort()) if (key.startsWith(prefix)) yield key;
    },
  };
}

import { isDeepStrictEqual } from 'node:util';
import { TrailproofError } from '../errors.ts';
import { MISSING_RECORDING } from '../collectors/read.ts';
import { createAwsClients } from '../collectors/clients.ts';
import type { AwsClients } from '../collectors/types.ts';
import { validateRecordedResponses } from '../evidence/schemas.ts';
import type { RecordedResponse, RecordedResponses } from './responses.ts';
import { serviceOfClient, type RecordedService } from './services.ts';

/** The name of the middleware that answers from the recording, in each recorded client's stack. */
export const RECORDED_MIDDLEWARE = 'trailproofRecordedResponses';

/** A read with no recorded answer: its `name` is MISSING_RECORDING, so it becomes an `error` finding. */
class MissingRecordingError extends TrailproofError {
  readonly service: string;
  readonly operation: string;
  readonly input: unknown;
  constructor(service: string, operation: string, input: unknown) {
    super(`no recorded response for ${service} ${operation} ${formatInput(input)}`, { code: 'MISSING_RECORDING' });
    this.name = MISSING_RECORDING;
    this.service = service;
    this.operation = operation;
    this.input = input;
  }
}

/** `{Bucket: scans}`: short and readable in a finding's reason. */
function formatInput(value: unknown): string {
  const text = format(value);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

function format(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(format).join(', ')}]`;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${format(v)}`).join(', ')}}`;
  }
  return typeof value === 'string' ? value : String(value);
}

/** How many leaf values a recorded input pins down: the more, the more specific. */
function specificity(input: unknown): number {
  if (typeof input !== 'object' || input === null) return 1;
  return Object.values(input).reduce<number>((sum, value) => sum + specificity(value), 0);
}

/**
 * Partial match: every property the recording names must be in the call, objects compared
 * member by member, anything else (strings, numbers, arrays) exactly. A recording without
 * input answers any input.
 */
function matches(actual: unknown, recorded: unknown): boolean {
  if (typeof recorded === 'object' && recorded !== null && !Array.isArray(recorded)) {
    if (typeof actual !== 'object' || actual === null) return false;
    return Object.entries(recorded).every(([key, value]) => matches((actual as Record<string, unknown>)[key], value));
  }
  return isDeepStrictEqual(actual, recorded);
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The SDK returns timestamps as Date; recorded JSON holds ISO strings. Collectors expect Dates. */
function reviveTimestamps(value: unknown): unknown {
  if (typeof value === 'string') return ISO_TIMESTAMP.test(value) ? new Date(value) : value;
  if (Array.isArray(value)) return value.map(reviveTimestamps);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reviveTimestamps(v)]));
  }
  return value;
}

function sdkError(service: string, operation: string, recorded: NonNullable<RecordedResponse['error']>): Error {
  const error = new Error(recorded.message ?? `${recorded.name} (recorded ${service} ${operation})`);
  error.name = recorded.name;
  // The SDK's service exceptions carry these; collectors may read them.
  Object.assign(error, { Code: recorded.name, $fault: 'client', $metadata: { httpStatusCode: recorded.httpStatusCode ?? 400 } });
  return error;
}

type Handler = (args: { input: object }) => Promise<{ output: unknown }>;
/** The part of an SDK v3 client this module uses: its own middleware stack. */
interface StackedClient {
  middlewareStack: {
    add(middleware: (next: Handler, context: { commandName?: string }) => Handler, options: { step: 'initialize'; priority: 'high'; name: string }): void;
  };
}

/**
 * The middleware that ends every call at the first step: the recorded answer (or error) is the
 * result, and nothing after it (serialize, sign, send) ever runs.
 */
function answerFromRecording(service: RecordedService, responses: readonly RecordedResponse[]) {
  // Most specific first; of two equally specific answers, the earlier in the file.
  const ordered = responses
    .map((response, index) => ({ response, index }))
    .sort((a, b) => specificity(b.response.input ?? {}) - specificity(a.response.input ?? {}) || a.index - b.index)
    .map(({ response }) => response);
  return (_next: Handler, context: { commandName?: string }): Handler =>
    async ({ input }) => {
      if (!context.commandName) throw new Error(`recorded ${service}: the SDK did not name the command`);
      const operation = context.commandName.replace(/Command$/, '');
      const answer = ordered.find((r) => r.operation === operation && matches(input, r.input ?? {}));
      if (!answer) throw new MissingRecordingError(service, operation, input ?? {});
      if (answer.error) throw sdkError(service, operation, answer.error);
      return { output: reviveTimestamps(answer.output ?? {}) };
    };
}

/**
 * SDK clients whose every call is answered from a recorded-responses file (local mode, tests):
 * real client instances, made on first use like real ones, each with one middleware added to its
 * own stack, so several recorded sets (and real clients) coexist in one process and paginators
 * work unchanged. Inputs match partially; when several recorded inputs match, the one naming more
 * values wins. A call with no recorded answer rejects with a MissingRecordingError (`name`
 * MISSING_RECORDING), and so does every call to a service the file does not serve.
 *
 * @example
 * const clients = clientsFromRecordedResponses(await loadRecordedResponses('responses.json'));
 * await clients.get(S3Client).send(new GetBucketEncryptionCommand({ Bucket: 'scans' }));
 */
export function clientsFromRecordedResponses(file: RecordedResponses): AwsClients {
  const { region, responses } = validateRecordedResponses(file);
  // Never used (nothing is signed or sent), but the SDK resolves credentials only when it signs.
  const credentials = { accessKeyId: 'recorded', secretAccessKey: 'recorded' };
  return createAwsClients(region, {
    credentials,
    onCreate(client) {
      const service = serviceOfClient(client);
      if (!service) throw new Error(`recorded clients: ${(client as { config?: { serviceId?: string } }).config?.serviceId ?? 'a client'} is not a recorded service`);
      const answer = answerFromRecording(service, responses.filter((r) => r.service === service));
      (client as unknown as StackedClient).middlewareStack.add(answer, { step: 'initialize', priority: 'high', name: RECORDED_MIDDLEWARE });
    },
  });
}

import { readFile } from 'node:fs/promises';
import * as cloudtrailSdk from '@aws-sdk/client-cloudtrail';
import * as configSdk from '@aws-sdk/client-config-service';
import * as ec2Sdk from '@aws-sdk/client-ec2';
import * as elbv2Sdk from '@aws-sdk/client-elastic-load-balancing-v2';
import * as iamSdk from '@aws-sdk/client-iam';
import * as kmsSdk from '@aws-sdk/client-kms';
import * as rdsSdk from '@aws-sdk/client-rds';
import * as s3Sdk from '@aws-sdk/client-s3';
import * as s3controlSdk from '@aws-sdk/client-s3-control';
import * as stsSdk from '@aws-sdk/client-sts';
import { type AwsStub, mockClient } from 'aws-sdk-client-mock';
import { z } from 'zod';
import { ParseError, TrailproofError } from '../errors.ts';
import { validateRecordedResponses } from '../evidence/schemas.ts';
import { SERVICE_CLIENT_KEYS } from './clients.ts';
import { MISSING_RECORDING } from './read.ts';
import type { AwsClients } from './types.ts';

type Constructor = new (...args: never[]) => unknown;
type SdkClient = { send(command: unknown): Promise<unknown> };
/** Any client's stub: outputs are plain recorded objects here. */
type Stub = AwsStub<object, { $metadata: object }, unknown>;

/** Each SDK package's exports: the client class and every `<Operation>Command` class. */
const SDKS = {
  iam: { module: iamSdk, Client: iamSdk.IAMClient },
  s3: { module: s3Sdk, Client: s3Sdk.S3Client },
  's3-control': { module: s3controlSdk, Client: s3controlSdk.S3ControlClient },
  ec2: { module: ec2Sdk, Client: ec2Sdk.EC2Client },
  cloudtrail: { module: cloudtrailSdk, Client: cloudtrailSdk.CloudTrailClient },
  'config-service': { module: configSdk, Client: configSdk.ConfigServiceClient },
  kms: { module: kmsSdk, Client: kmsSdk.KMSClient },
  rds: { module: rdsSdk, Client: rdsSdk.RDSClient },
  'elastic-load-balancing-v2': { module: elbv2Sdk, Client: elbv2Sdk.ElasticLoadBalancingV2Client },
  sts: { module: stsSdk, Client: stsSdk.STSClient },
} as const;

/** The SDK v3 client names a recorded response may name. */
export type RecordedService = keyof typeof SDKS;
const SERVICE_NAMES = Object.keys(SDKS) as RecordedService[];

const responseSchema = z.strictObject({
  service: z.string().refine((s) => s in SDKS, { error: (issue) => `unknown service ${JSON.stringify(issue.input)}` }),
  operation: z.string().regex(/^[A-Z][A-Za-z0-9]+$/, 'expected an operation name like GetBucketEncryption'),
  input: z.record(z.string(), z.unknown()).optional(),
  output: z.record(z.string(), z.unknown()).optional(),
  error: z.strictObject({ name: z.string().min(1), message: z.string().optional(), httpStatusCode: z.number().int().optional() }).optional(),
});

const fileSchema = z.looseObject({
  account: z.string().min(1),
  region: z.string().min(1),
  responses: z.array(responseSchema),
});

/** One recorded answer: an output, or an error the SDK would throw. */
export interface RecordedResponse {
  service: RecordedService;
  operation: string;
  input?: Record<string, unknown>;
  output?: Record<string, unknown>;
  error?: { name: string; message?: string; httpStatusCode?: number };
}

/** A recorded-responses file (evidence-schemas/recorded-responses.v1.schema.json). */
export interface RecordedResponses {
  account: string;
  region: string;
  responses: RecordedResponse[];
}

/** A read with no recorded answer: its `name` is MISSING_RECORDING, so it becomes an `error` finding. */
export class MissingRecordingError extends TrailproofError {
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
export function formatInput(value: unknown): string {
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

/**
 * Validate a parsed recorded-responses document: ParseError naming the field
 * (`responses[3].service: unknown service "s4"`), and an unknown operation of a known service.
 */
export function parseRecordedResponses(value: unknown): RecordedResponses {
  const result = fileSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.reduce<string>((p, k) => (typeof k === 'number' ? `${p}[${k}]` : p ? `${p}.${String(k)}` : String(k)), '');
    throw new ParseError(field || '$', /received undefined$/.test(issue.message) ? 'required' : issue.message.replace(/^Invalid input: /, ''));
  }
  result.data.responses.forEach((response, index) => {
    if (response.output && response.error) throw new ParseError(`responses[${index}]`, 'has both output and error');
    if (!commandClassFor(response.service as RecordedService, response.operation)) {
      throw new ParseError(`responses[${index}].operation`, `unknown operation ${response.operation} for ${response.service}`);
    }
  });
  return result.data as RecordedResponses;
}

/** The SDK command class of a service's operation (`s3`, `GetBucketPolicy` → GetBucketPolicyCommand). */
export function commandClassFor(service: RecordedService, operation: string): Constructor | undefined {
  const exported = (SDKS[service].module as Record<string, unknown>)[`${operation}Command`];
  return typeof exported === 'function' ? (exported as Constructor) : undefined;
}

/** The member of the returned clients that serves a service (`config-service` → `config`). */
export function clientKeyFor(service: RecordedService): keyof AwsClients | 'sts' {
  return service === 'sts' ? 'sts' : SERVICE_CLIENT_KEYS[service];
}

/** How many leaf values a recorded input pins down: the more, the more specific. */
function specificity(input: unknown): number {
  if (typeof input !== 'object' || input === null) return 1;
  return Object.values(input).reduce<number>((sum, value) => sum + specificity(value), 0);
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The SDK returns timestamps as Date; recorded JSON holds ISO strings. Collectors expect Dates. */
export function reviveTimestamps(value: unknown): unknown {
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

/**
 * AwsClients whose every read is answered from a recorded-responses file (local mode, tests).
 * Each call builds new client instances and mocks those instances only, so several recorded sets
 * (and real clients) coexist in one process. Inputs match partially; when several recorded inputs
 * match, the one naming more values wins. A call with no recorded answer rejects with a
 * MissingRecordingError (`name` MISSING_RECORDING).
 *
 * @example
 * const clients = clientsFromRecordedResponses(await loadRecordedResponses('responses.json'));
 * await clients.s3.send(new GetBucketEncryptionCommand({ Bucket: 'scans' }));
 */
export function clientsFromRecordedResponses(file: RecordedResponses): AwsClients & { sts: stsSdk.STSClient } {
  const parsed = parseRecordedResponses(file);
  const credentials = { accessKeyId: 'recorded', secretAccessKey: 'recorded' };
  const clients = {} as Record<string, SdkClient>;
  const stubs = new Map<RecordedService, Stub>();
  for (const service of SERVICE_NAMES) {
    const client = new (SDKS[service].Client as unknown as new (config: object) => SdkClient)({ region: parsed.region, credentials });
    const stub = mockClient(client as never) as unknown as Stub;
    // The stub's default (no recorded input matched): say exactly which call was not recorded.
    stub.send.callsFake(async (command: { input?: unknown; constructor: { name: string } }) => {
      throw new MissingRecordingError(service, command.constructor.name.replace(/Command$/, ''), command.input ?? {});
    });
    stubs.set(service, stub);
    clients[clientKeyFor(service)] = client;
  }
  // Sinon answers with the last-defined matching behaviour: define the least specific first.
  const ordered = parsed.responses.map((response, index) => ({ response, index }));
  ordered.sort((a, b) => specificity(a.response.input ?? {}) - specificity(b.response.input ?? {}) || b.index - a.index);
  for (const { response } of ordered) {
    const behaviour = stubs.get(response.service)!.on(commandClassFor(response.service, response.operation) as never, response.input as never, false);
    if (response.error) behaviour.rejects(sdkError(response.service, response.operation, response.error));
    else behaviour.resolves(reviveTimestamps(response.output ?? {}) as never);
  }
  return clients as unknown as AwsClients & { sts: stsSdk.STSClient };
}

/**
 * Read and validate a recorded-responses file: ParseError for bad JSON or a bad field, SchemaError
 * (from lib/evidence/schemas.ts) when it breaks evidence-schemas/recorded-responses.v1.schema.json.
 *
 * @example
 * const clients = clientsFromRecordedResponses(await loadRecordedResponses('demo/responses.json'));
 */
export async function loadRecordedResponses(path: string): Promise<RecordedResponses> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code) throw error;
    throw new ParseError('$', `${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  // Field-level ParseError first (it names the field plainly), then the published JSON Schema.
  const parsed = parseRecordedResponses(value);
  validateRecordedResponses(value);
  return parsed;
}

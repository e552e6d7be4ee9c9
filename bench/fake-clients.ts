import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
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
  const fake = <T extends object>(client: T): T => Object.assign(client, { send });
  return {
    iam: fake(new IAMClient(options)), s3: fake(new S3Client(options)), s3control: fake(new S3ControlClient(options)),
    ec2: fake(new EC2Client(options)), cloudtrail: fake(new CloudTrailClient(options)), config: fake(new ConfigServiceClient(options)),
    kms: fake(new KMSClient(options)), rds: fake(new RDSClient(options)), elbv2: fake(new ElasticLoadBalancingV2Client(options)),
  };
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

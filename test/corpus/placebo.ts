import { basename } from 'node:path';
import type { RecordedResponse } from '../../lib/recorded/responses.ts';

/** botocore service names (placebo file names) → SDK v3 client names. */
const SERVICES: Record<string, RecordedResponse['service']> = {
  iam: 'iam',
  s3: 's3',
  's3-control': 's3-control',
  s3control: 's3-control',
  ec2: 'ec2',
  cloudtrail: 'cloudtrail',
  config: 'config-service',
  kms: 'kms',
  rds: 'rds',
  elasticloadbalancing: 'elastic-load-balancing-v2',
  elbv2: 'elastic-load-balancing-v2',
  sts: 'sts',
};

/** boto3 recordings serialize datetimes as {"__class__": "datetime", "year": ...}. */
function reviveBotoDates(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reviveBotoDates);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (record.__class__ === 'datetime') {
    const n = (key: string) => Number(record[key] ?? 0);
    return new Date(Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'), Math.floor(n('microsecond') / 1000))).toISOString();
  }
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, reviveBotoDates(v)]));
}

/**
 * One cloud-custodian placebo recording (`<test>__<service>.<Operation>_N.json`, body
 * `{status_code, data}`) as a recorded response; a string saying why when trailproof has no
 * client for the service.
 */
export function placeboToRecordedResponse(path: string, body: { status_code: number; data: Record<string, unknown> }): RecordedResponse | string {
  const match = /__([a-z0-9-]+)\.([A-Za-z0-9]+)_\d+\.json$/.exec(basename(path));
  if (!match) return `file name does not follow <test>__<service>.<Operation>_N.json`;
  const [, botoService, operation] = match;
  const service = SERVICES[botoService!];
  if (!service) return `trailproof has no client for ${botoService}`;
  // ResponseMetadata is botocore's HTTP bookkeeping, not part of an SDK v3 output.
  const { Error: error, ...rest } = body.data;
  const output = Object.fromEntries(Object.entries(rest).filter(([key]) => key !== 'ResponseMetadata'));
  if (error && typeof error === 'object') {
    const { Code, Message } = error as { Code?: string; Message?: string };
    return { service, operation: operation!, error: { name: Code ?? 'Error', message: Message ?? '', httpStatusCode: body.status_code } };
  }
  return { service, operation: operation!, output: reviveBotoDates(output) as Record<string, unknown> };
}

/**
 * Kinesis data streams (kind "kinesis-stream"), named by stream name: AWS Config's resource id
 * for the stream and what ListStreams lists. Events that name the stream by ARN are mapped to it.
 */
import { DescribeStreamSummaryCommand, KinesisClient, paginateListStreams } from '@aws-sdk/client-kinesis';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import { isGoneItem, snapshotFromItem } from './config-item-snapshot.ts';
import { isFailure, read } from './read.ts';
import type { CollectContext, SnapshotKind } from './types.ts';
import { arnOf, text, withArn } from './values.ts';
import type { ConfigItem } from '../model/config-item.ts';
import type { KinesisStreamState } from '../model/states/kinesis.ts';

const KIND = 'kinesis-stream';
const RESOURCE_TYPE = 'AWS::Kinesis::Stream';
const STREAM_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;

/** A stream name, or the name in a stream ARN (`arn:aws:kinesis:<region>:<account>:stream/<name>`). */
function streamNameOf(value: string): string {
  return /:stream\/([^/]+)$/.exec(value)?.[1] ?? value;
}

async function collect(ctx: CollectContext, id: string): Promise<Snapshot<KinesisStreamState>> {
  const streamName = streamNameOf(id);
  const base = { kind: KIND, resource: { type: RESOURCE_TYPE, id: streamName }, account: ctx.account, region: ctx.region, source: 'api' as const };
  const out = await read('kinesis:DescribeStreamSummary', () => ctx.clients.get(KinesisClient).send(new DescribeStreamSummaryCommand({ StreamName: streamName })), {
    names: ['ResourceNotFoundException'],
    fallback: null,
  });
  if (isFailure(out)) return { ...base, error: out.error };
  const summary = out?.StreamDescriptionSummary;
  if (!summary) return { ...base, deleted: true };
  const state: KinesisStreamState = {
    streamName,
    streamArn: text(summary.StreamARN),
    encryptionType: text(summary.EncryptionType) ?? 'NONE',
    keyId: text(summary.KeyId),
    streamStatus: text(summary.StreamStatus),
  };
  return { ...base, resource: { ...base.resource, ...withArn(state.streamArn) }, state };
}

async function* enumerate(ctx: CollectContext): AsyncIterable<string> {
  for await (const page of paginateListStreams({ client: ctx.clients.get(KinesisClient) }, {})) {
    // StreamSummaries is the current answer; StreamNames the older one, still returned beside it.
    const names = page.StreamSummaries?.map((s) => s.StreamName) ?? page.StreamNames ?? [];
    for (const name of names) if (name) yield name;
  }
}

/**
 * Config records the stream in CloudFormation's shape: configuration.StreamEncryption
 * ({EncryptionType, KeyId}) when server-side encryption is on. Its absence is not documented to
 * mean "off", so such items are read live.
 */
function fromConfigItem(item: ConfigItem): Snapshot<KinesisStreamState> | undefined {
  if (item.resourceType !== RESOURCE_TYPE) return undefined;
  const config = item.configuration ?? {};
  const streamName = text(config.Name) ?? item.resourceName ?? item.resourceId;
  const arn = arnOf(config.Arn, item.arn);
  const base = snapshotFromItem<KinesisStreamState>(KIND, item, { resource: { type: RESOURCE_TYPE, id: streamName, ...withArn(arn) } });
  if (isGoneItem(item)) return { ...base, deleted: true };
  const encryption = (config.StreamEncryption ?? {}) as Record<string, unknown>;
  const encryptionType = text(encryption.EncryptionType);
  if (encryptionType === null) return undefined;
  return { ...base, state: { streamName, streamArn: arn ?? null, encryptionType, keyId: text(encryption.KeyId), streamStatus: null } };
}

/**
 * CreateStream, StartStreamEncryption, StopStreamEncryption and DeleteStream name the stream by
 * requestParameters.streamName, or by requestParameters.streamARN when the caller passed the ARN.
 */
function idsFromEvent(record: CloudTrailRecord): string[] {
  const request = record.requestParameters ?? {};
  const named = [text(request.streamName), text(request.streamARN)].filter((v): v is string => v !== null);
  return [...new Set(named.map(streamNameOf).filter((name) => STREAM_NAME.test(name)))];
}

/**
 * Snapshot kind "kinesis-stream": one Kinesis data stream, id = its name.
 *
 * @example
 * const snapshot = await kinesisStreamKind.collect(ctx, 'hl7-feed');
 * snapshot.state?.encryptionType; // 'KMS'
 */
export const kinesisStreamKind: SnapshotKind<KinesisStreamState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,
  collect,
  enumerate,
  fromConfigItem,
  idsFromEvent,
};

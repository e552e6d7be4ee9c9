import { DescribeSecretCommand, paginateListSecrets, SecretsManagerClient, type SecretListEntry } from '@aws-sdk/client-secrets-manager';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import type { SecretState } from '../model/states/secretsmanager.ts';
import { collectDescribed } from './described.ts';
import { isoTime } from './iso-time.ts';
import { idsFromPages } from './pages.ts';
import { tagsFromList } from './tags.ts';
import type { CollectContext, SnapshotKind } from './types.ts';
import { asString } from './values.ts';

const KIND = 'secretsmanager-secret';
const RESOURCE_TYPE = 'AWS::SecretsManager::Secret';

/** DescribeSecret's answer and a ListSecrets entry share these members (SecretListEntry). */
type SecretFacts = Pick<
  SecretListEntry,
  'ARN' | 'Name' | 'RotationEnabled' | 'RotationLambdaARN' | 'RotationRules' | 'LastRotatedDate' | 'NextRotationDate' | 'CreatedDate' | 'DeletedDate' | 'OwningService' | 'Tags'
>;

function stateOf(secret: SecretFacts, id: string): SecretState {
  return {
    name: secret.Name ?? id,
    arn: secret.ARN ?? null,
    rotationEnabled: secret.RotationEnabled === true,
    rotationLambdaArn: secret.RotationLambdaARN ?? null,
    rotationAfterDays: secret.RotationRules?.AutomaticallyAfterDays ?? null,
    rotationSchedule: secret.RotationRules?.ScheduleExpression ?? null,
    lastRotatedDate: isoTime(secret.LastRotatedDate),
    nextRotationDate: isoTime(secret.NextRotationDate),
    createdDate: isoTime(secret.CreatedDate),
    deletedDate: isoTime(secret.DeletedDate),
    owningService: secret.OwningService ?? null,
  };
}

function snapshotOf(ctx: CollectContext, secret: SecretFacts, id: string): Snapshot<SecretState> {
  const state = stateOf(secret, id);
  return {
    kind: KIND,
    resource: { type: RESOURCE_TYPE, id: state.name, ...(state.arn ? { arn: state.arn } : {}) },
    account: ctx.account,
    region: ctx.region,
    // Both answers carry the tags: PHI scope needs no extra call.
    tags: tagsFromList(secret.Tags),
    state,
    source: 'api',
  };
}

/**
 * Snapshot kind "secretsmanager-secret": one secret, id = its ARN or name (DescribeSecret takes
 * either); the record names it by name, with the ARN beside it.
 *
 * @example
 * const snapshot = await secretKind.collect(ctx, 'prod/orders-db');
 * snapshot.state?.rotationEnabled; // true
 */
export const secretKind: SnapshotKind<SecretState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,

  async collect(ctx: CollectContext, id: string): Promise<Snapshot<SecretState>> {
    const send = () => ctx.clients.get(SecretsManagerClient).send(new DescribeSecretCommand({ SecretId: id }));
    const call = { kind: KIND, resourceType: RESOURCE_TYPE, id, operation: 'DescribeSecret', send, notFound: ['ResourceNotFoundException'] };
    return collectDescribed(ctx, call, (secret) => snapshotOf(ctx, secret, id));
  },

  enumerate(ctx: CollectContext): AsyncIterable<string> {
    return idsFromPages(paginateListSecrets({ client: ctx.clients.get(SecretsManagerClient) }, {}), (page) => page.SecretList, (s) => s.ARN);
  },

  // ListSecrets returns every member the check reads: one call per page, none per secret.
  async *snapshotsFromListing(ctx: CollectContext): AsyncIterable<Snapshot<SecretState>> {
    for await (const page of paginateListSecrets({ client: ctx.clients.get(SecretsManagerClient) }, {})) {
      for (const secret of page.SecretList ?? []) if (secret.ARN) yield snapshotOf(ctx, secret, secret.ARN);
    }
  },

  idsFromEvent(record: CloudTrailRecord): string[] {
    const request = record.requestParameters ?? {};
    const response = record.responseElements ?? {};
    // The ARN when the event has it (before February 2024 Secrets Manager logged it as "aRN"),
    // else the secretId the caller gave (a name or an ARN), else CreateSecret's name.
    const id = asString(response.arn) ?? asString(response.aRN) ?? asString(request.secretId) ?? asString(request.name);
    return id ? [id] : [];
  },
};

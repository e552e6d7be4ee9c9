/**
 * KMS keys and Secrets Manager secrets. Keys: one in five AWS managed (aws/dynamodb, aws/rds, ...),
 * the rest customer managed, one in four of those without automatic rotation; one customer key in
 * ten has a key policy that does not let the sweep's role read its rotation status
 * (GetKeyRotationStatus AccessDenied): the benchmark's deliberate `error` records. Secrets: RDS
 * managed ones rotating weekly, others monthly or every 60 days, one in five not rotating and one
 * in five overdue.
 */
import type {
  DescribeKeyCommandInput, DescribeKeyCommandOutput, GetKeyRotationStatusCommandInput, GetKeyRotationStatusCommandOutput, ListKeysCommandInput, ListKeysCommandOutput,
  ListResourceTagsCommandInput, ListResourceTagsCommandOutput,
} from '@aws-sdk/client-kms';
import type { ListSecretsCommandInput, ListSecretsCommandOutput, SecretListEntry } from '@aws-sdk/client-secrets-manager';
import { denied, indexPage, notFound, type AnswerTable, type Output } from '../fake-clients.ts';
import { customerKey, daysAgo, isAwsManagedKey, keyArn, keyId, keyIndexOf, tagsOf, type AccountPlan } from './plan.ts';

/** The customer key number (0, 1, 2, ... skipping the AWS managed ones) of key `i`. */
const customerNumber = (i: number) => i - Math.floor(i / 5);
const rotates = (i: number) => customerNumber(i) % 4 !== 3;
const rotationDenied = (i: number) => !isAwsManagedKey(i) && customerNumber(i) % 10 === 9;

/** How many `error` records the account makes on purpose: the keys whose rotation status is denied. */
export function deliberateErrors(plan: AccountPlan): number {
  let count = 0;
  for (let i = 0; i < plan.counts.keys; i++) if (rotationDenied(i)) count++;
  return count;
}

function kmsAnswers(plan: AccountPlan): AnswerTable {
  const known = (id: string | undefined) => {
    const i = keyIndexOf(id ?? '');
    return i !== undefined && i < plan.counts.keys ? i : undefined;
  };
  return {
    KMSClient: {
      // Limit defaults to 100.
      ListKeys: (input: ListKeysCommandInput): Output<ListKeysCommandOutput> => {
        const { indexes, next } = indexPage(plan.counts.keys, input.Marker, input.Limit ?? 100);
        return { Keys: indexes.map((i) => ({ KeyId: keyId(i), KeyArn: keyArn(plan, i) })), Truncated: next !== undefined, ...(next ? { NextMarker: next } : {}) };
      },
      DescribeKey: (input: DescribeKeyCommandInput): Output<DescribeKeyCommandOutput> | Error => {
        const i = known(input.KeyId);
        if (i === undefined) return notFound('NotFoundException');
        const aws = isAwsManagedKey(i);
        return {
          KeyMetadata: {
            AWSAccountId: plan.account, KeyId: keyId(i), Arn: keyArn(plan, i), CreationDate: daysAgo(900 - (i % 800)), Enabled: true,
            Description: aws ? 'Default key that protects my data when no other key is defined' : `clinic data key ${i}`,
            KeyUsage: 'ENCRYPT_DECRYPT', KeyState: 'Enabled', Origin: 'AWS_KMS', KeyManager: aws ? 'AWS' : 'CUSTOMER',
            CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT', KeySpec: 'SYMMETRIC_DEFAULT', EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'], MultiRegion: false,
          },
        };
      },
      GetKeyRotationStatus: (input: GetKeyRotationStatusCommandInput): Output<GetKeyRotationStatusCommandOutput> | Error => {
        const i = known(input.KeyId);
        if (i === undefined) return notFound('NotFoundException');
        if (rotationDenied(i)) return denied('kms:GetKeyRotationStatus');
        const on = isAwsManagedKey(i) || rotates(i);
        return { KeyId: keyArn(plan, i), KeyRotationEnabled: on, ...(on ? { RotationPeriodInDays: 365, NextRotationDate: daysAgo(-100 - (i % 200)) } : {}) };
      },
      ListResourceTags: (input: ListResourceTagsCommandInput): Output<ListResourceTagsCommandOutput> => {
        const i = known(input.KeyId) ?? 0;
        return { Tags: tagsOf(i, `key-${i}`).map((t) => ({ TagKey: t.Key, TagValue: t.Value })), Truncated: false };
      },
    },
  };
}

function secret(plan: AccountPlan, i: number): SecretListEntry {
  const kind = i % 5;
  const name = kind === 0 ? `rds!db-${i}` : `clinic/integration-${i}`;
  const rotation = kind === 2 ? { RotationEnabled: false } : {
    RotationEnabled: true,
    RotationLambdaARN: `arn:aws:lambda:${plan.region}:${plan.account}:function:secret-rotator`,
    RotationRules: kind === 0 ? { AutomaticallyAfterDays: 7 } : kind === 4 ? { ScheduleExpression: 'rate(60 days)' } : { AutomaticallyAfterDays: 30 },
    // Kind 3 was due 15 days ago and has not rotated since.
    LastRotatedDate: daysAgo(kind === 3 ? 45 : 3),
    NextRotationDate: daysAgo(kind === 3 ? 15 : -4),
  };
  return {
    ARN: `arn:aws:secretsmanager:${plan.region}:${plan.account}:secret:${name}-${(i * 7919).toString(36).padStart(6, 'a').slice(-6)}`,
    Name: name, Description: kind === 0 ? 'The secret associated with the primary RDS DB instance' : 'Integration credentials',
    KmsKeyId: customerKey(plan, i), ...rotation, ...(kind === 0 ? { OwningService: 'rds' } : {}),
    LastChangedDate: daysAgo(3), LastAccessedDate: daysAgo(0), Tags: tagsOf(i, name),
    SecretVersionsToStages: { [`0b4e5c1d-0000-4000-8000-${String(i).padStart(12, '0')}`]: ['AWSCURRENT'] }, CreatedDate: daysAgo(500 - (i % 400)),
  };
}

function secretsAnswers(plan: AccountPlan): AnswerTable {
  return {
    SecretsManagerClient: {
      // MaxResults defaults to 100.
      ListSecrets: (input: ListSecretsCommandInput): Output<ListSecretsCommandOutput> => {
        const { indexes, next } = indexPage(plan.counts.secrets, input.NextToken, input.MaxResults ?? 100);
        return { SecretList: indexes.map((i) => secret(plan, i)), ...(next ? { NextToken: next } : {}) };
      },
    },
  };
}

/** The KMS and Secrets Manager answers of the account. */
export function keyAnswers(plan: AccountPlan): AnswerTable {
  return { ...kmsAnswers(plan), ...secretsAnswers(plan) };
}

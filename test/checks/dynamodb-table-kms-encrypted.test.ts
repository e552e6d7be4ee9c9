import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/dynamodb-table-kms-encrypted/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/model/check.ts';
import type { DynamoDbTableState } from '../../lib/model/states/dynamodb.ts';
import states from '../fixtures/dynamodb/table-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const tables = states as Record<keyof typeof states, DynamoDbTableState>;
const PHI = { 'data-classification': 'ephi' };
const denied = accessDenied('DescribeKey', 'AccessDeniedException');
const snap = (state: DynamoDbTableState, tags: Record<string, string> = {}, extra: Partial<Snapshot<DynamoDbTableState>> = {}) =>
  snapshotOf(check, state.tableName, state, { tags, ...extra });

describe('dynamodb-table-kms-encrypted', () => {
  it.each<[string, Snapshot<DynamoDbTableState>, Result, RegExp]>([
    // Trap: every table is encrypted; the AWS owned default key must not pass.
    ['the AWS owned default key', snap(tables.awsOwnedKey), 'fail', /^table sessions is encrypted with the AWS owned key \(the DynamoDB default\), not a KMS key$/],
    ['the AWS managed key on a table without PHI', snap(tables.awsManagedKey), 'pass', /^table audit-events is encrypted with KMS key arn:aws:kms:us-east-1:111122223333:key\/0b5e2a6c-aws-dynamodb$/],
    ['the AWS managed key on a PHI table', snap(tables.awsManagedKey, PHI), 'fail', /^PHI table audit-events is encrypted with the AWS managed key aws\/dynamodb .*; PHI tables need a customer managed key$/],
    ['a customer managed key on a PHI table', snap(tables.customerManagedKey, PHI), 'pass', /^PHI table patients is encrypted with customer managed KMS key arn:aws:kms:.*7c1d9f4e-phi-cmk$/],
    ['a KMS key being applied', snap(tables.kmsUpdating, PHI), 'pass', /customer managed KMS key .* \(status UPDATING\)$/],
    ['KMS being turned off', snap(tables.kmsDisabling), 'fail', /^table claims KMS encryption is DISABLING: it is moving back to the AWS owned key$/],
    ['the owned key on a PHI table', snap(tables.awsOwnedKey, PHI), 'fail', /AWS owned key/],
    // Trap: the key's manager decides only on PHI tables.
    ['DescribeKey denied on a table without PHI', snap({ ...tables.keyNotRead, kmsKeyError: denied }), 'pass', /^table patients is encrypted with KMS key/],
    ['DescribeKey denied on a PHI table', snap({ ...tables.keyNotRead, kmsKeyError: denied }, PHI), 'error', /^ACCESS_DENIED: DescribeKey was denied for KMS key .* of PHI table patients/],
    ['the key manager not collected on a PHI table', snap(tables.keyNotRead, PHI), 'error', /^who manages KMS key .* of PHI table patients was not collected$/],
    ['a deleted table', snap(tables.awsOwnedKey, {}, { deleted: true, state: undefined }), 'not_applicable', /sessions was deleted/],
    ['DescribeTable denied', snap(tables.awsOwnedKey, {}, { error: accessDenied('DescribeTable', 'AccessDeniedException'), state: undefined }), 'error', /^ACCESS_DENIED: DescribeTable was denied/],
  ])('%s -> %s', (_name, snapshot, expected, reason) => {
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('judges a table whose tags could not be read as PHI-scoped when the key would pass only outside PHI', () => {
    // Prepare
    const snapshot = snap(tables.awsManagedKey, {}, { tagsError: accessDenied('ListTagsOfResource', 'AccessDeniedException') });
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding).toMatchObject({ result: 'fail', phiScoped: true, observed: { phiScope: 'unknown' } });
    expect(finding.reason).toMatch(/PHI scope unknown: tags could not be read \(ACCESS_DENIED\), judged as PHI-scoped$/);
  });

  it('lets a verdict scope cannot change stand when the tags could not be read', () => {
    const finding = runCheck(check, snap(tables.awsOwnedKey, {}, { tagsError: accessDenied('ListTagsOfResource') }), DEFAULT_SETTINGS);
    expect(finding).toMatchObject({ result: 'fail', phiScoped: false });
  });

  it('records the key and its manager', () => {
    expect(runCheck(check, snap(tables.customerManagedKey, PHI), DEFAULT_SETTINGS).observed).toEqual({
      tableName: 'patients', sseType: 'KMS', sseStatus: 'ENABLED', kmsMasterKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/7c1d9f4e-phi-cmk', kmsKeyManager: 'CUSTOMER',
    });
  });

  itHasValidMetadata(check, 'dynamodb-table-kms-encrypted', { service: ['dynamodb', 'kms'], hasConfigRule: false });
});

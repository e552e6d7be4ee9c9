import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/dynamodb-pitr-enabled/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { DynamoDbTableState } from '../../lib/model/states/dynamodb.ts';
import states from '../fixtures/dynamodb/table-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const tables = states as Record<keyof typeof states, DynamoDbTableState>;

describe('dynamodb-pitr-enabled', () => {
  it.each<[string, DynamoDbTableState, Result, RegExp]>([
    ['PITR on, 35-day window', tables.awsManagedKey, 'pass', /^table audit-events has point-in-time recovery enabled for 35 day\(s\), restorable from 2024-06-01T00:00:00.000Z$/],
    ['PITR on (Config item: no window)', tables.customerManagedKey, 'pass', /^table patients has point-in-time recovery enabled$/],
    ['PITR off', tables.awsOwnedKey, 'fail', /^table sessions has point-in-time recovery DISABLED$/],
    ['DescribeContinuousBackups denied', { ...tables.keyNotRead, continuousBackupsError: accessDenied('DescribeContinuousBackups', 'AccessDeniedException') }, 'error', /^ACCESS_DENIED: DescribeContinuousBackups was denied for table patients/],
    ['not collected', tables.keyNotRead, 'error', /^the point-in-time recovery status of table patients was not collected$/],
  ])('%s -> %s', (_name, state, expected, reason) => {
    // Act
    const finding = runCheck(check, snapshotOf(check, state.tableName, state), DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('does not depend on PHI scope: unreadable tags leave the verdict and are listed', () => {
    // Prepare
    const snapshot = snapshotOf(check, 'sessions', tables.awsOwnedKey, { tagsError: accessDenied('ListTagsOfResource', 'AccessDeniedException') });
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding).toMatchObject({ result: 'fail', phiScoped: false, observed: { unreadable: [{ operation: 'ListTagsOfResource', code: 'ACCESS_DENIED' }] } });
  });

  it.each<[string, Result, object]>([
    ['a deleted table', 'not_applicable', { deleted: true }],
    ['a denied DescribeTable', 'error', { error: accessDenied('DescribeTable', 'AccessDeniedException') }],
  ])('%s -> %s', (_name, expected, extra) => {
    expect(runCheck(check, snapshotOf(check, 'sessions', undefined, extra), DEFAULT_SETTINGS).result).toBe(expected);
  });

  itHasValidMetadata(check, 'dynamodb-pitr-enabled', { service: 'dynamodb' });
});

import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/backup-resource-protected/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { BackupProtectedResourceState, BackupSelectionDoc } from '../../lib/model/states/backup.ts';
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const NO_CONDITIONS = { stringEquals: [], stringNotEquals: [], stringLike: [], stringNotLike: [] };
const PHI = { 'data-classification': 'ephi' };
const TABLE_ARN = 'arn:aws:dynamodb:us-east-1:111122223333:table/orders';
const VOLUME_ARN = 'arn:aws:ec2:us-east-1:111122223333:volume/vol-0abc1234def567890';

function selection(change: Partial<BackupSelectionDoc>): BackupSelectionDoc {
  return { planId: 'plan-1', planName: 'phi-daily', selectionId: 'sel-1', selectionName: 'phi', resources: [], notResources: [], listOfTags: [], conditions: NO_CONDITIONS, ...change };
}

const byPhiCondition = selection({ resources: ['*'], conditions: { ...NO_CONDITIONS, stringEquals: [{ key: 'aws:ResourceTag/data-classification', value: 'ephi' }] } });

function table(selections: BackupSelectionDoc[], change: Partial<BackupProtectedResourceState> = {}): BackupProtectedResourceState {
  return { arn: TABLE_ARN, resourceType: 'AWS::DynamoDB::Table', clusterId: null, attachedInstances: [], selections, lastBackup: { time: '2025-06-29T05:00:00.000Z', vaultArn: null }, ...change };
}

describe('backup-resource-protected', () => {
  it.each<[string, BackupSelectionDoc[], Result, RegExp]>([
    ['every resource refined by the PHI tag (the console\'s tag assignment)', [byPhiCondition], 'pass', /^orders is assigned to backup plan phi-daily by selection phi; last backed up 2025-06-29T05:00:00.000Z$/],
    ['ListOfTags with the bare key', [selection({ listOfTags: [{ key: 'data-classification', value: 'ephi' }] })], 'pass', /assigned to backup plan phi-daily/],
    ['ListOfTags with an aws:ResourceTag/ key', [selection({ listOfTags: [{ key: 'aws:ResourceTag/data-classification', value: 'ephi' }] })], 'pass', /assigned/],
    ['its ARN listed', [selection({ resources: [TABLE_ARN] })], 'pass', /assigned/],
    ['every DynamoDB table by wildcard', [selection({ resources: ['arn:aws:dynamodb:*:*:table/*'] })], 'pass', /assigned/],
    ['an empty selection selects every supported resource', [selection({})], 'pass', /assigned/],
    ['resources OR tags: another ARN, but its tag matches', [selection({ resources: ['arn:aws:rds:*:*:db:*'], listOfTags: [{ key: 'data-classification', value: 'ephi' }] })], 'pass', /assigned/],
    ['a StringLike condition', [selection({ resources: ['*'], conditions: { ...NO_CONDITIONS, stringLike: [{ key: 'aws:ResourceTag/data-classification', value: 'e*' }] } })], 'pass', /assigned/],
    ['no selection in the region', [], 'fail', /^orders is in no AWS Backup plan: the region has no backup plan with a resource assignment: it has recovery points up to 2025-06-29T05:00:00.000Z, but no plan backs it up any more$/],
    ['only other resource types selected', [selection({ resources: ['arn:aws:ec2:*:*:volume/*'] })], 'fail', /none of the region's 1 backup selections assigns it/],
    ['tag values are case-sensitive in AWS Backup', [selection({ listOfTags: [{ key: 'data-classification', value: 'EPHI' }] })], 'fail', /in no AWS Backup plan/],
    ['excluded by NotResources', [selection({ resources: ['*'], notResources: ['arn:aws:dynamodb:*:*:table/orders'] })], 'fail', /in no AWS Backup plan/],
    ['a condition that does not hold (AND)', [selection({ resources: ['*'], conditions: { ...NO_CONDITIONS, stringEquals: [{ key: 'aws:ResourceTag/data-classification', value: 'ephi' }, { key: 'aws:ResourceTag/env', value: 'prod' }] } })], 'fail', /in no AWS Backup plan/],
    ['excluded by StringNotEquals', [selection({ resources: ['*'], conditions: { ...NO_CONDITIONS, stringNotEquals: [{ key: 'aws:ResourceTag/data-classification', value: 'ephi' }] } })], 'fail', /in no AWS Backup plan/],
  ])('%s -> %s', (_name, selections, expected, reason) => {
    // Prepare
    const state = table(selections);
    // Act
    const finding = runCheck(check, snapshotOf(check, 'orders', state, { tags: PHI, arn: TABLE_ARN }), DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('passes a PHI volume whose instance is assigned (an instance backup holds its volumes)', () => {
    // Prepare: the plan selects instances tagged backup=daily; the volume carries only the PHI tag
    const state: BackupProtectedResourceState = {
      arn: VOLUME_ARN,
      resourceType: 'AWS::EC2::Volume',
      clusterId: null,
      attachedInstances: [{ arn: 'arn:aws:ec2:us-east-1:111122223333:instance/i-0aaaaec4b77188b69', tags: { backup: 'daily' } }],
      selections: [selection({ resources: ['arn:aws:ec2:*:*:instance/*'], conditions: { ...NO_CONDITIONS, stringEquals: [{ key: 'aws:ResourceTag/backup', value: 'daily' }] } })],
      lastBackup: null,
    };
    // Act
    const finding = runCheck(check, snapshotOf(check, 'vol-0abc1234def567890', state, { tags: PHI }), DEFAULT_SETTINGS);
    // Assess
    expect(finding).toMatchObject({ result: 'pass', observed: { assignedBy: { plan: 'phi-daily', instance: 'arn:aws:ec2:us-east-1:111122223333:instance/i-0aaaaec4b77188b69' } } });
    expect(finding.reason).toBe('vol-0abc1234def567890 is backed up with instance i-0aaaaec4b77188b69, assigned to backup plan phi-daily by selection phi; no recovery point yet');
  });

  it('leaves an Aurora cluster member to its cluster', () => {
    // Prepare
    const state = { ...table([]), arn: 'arn:aws:rds:us-east-1:111122223333:db:orders-aurora-1', resourceType: 'AWS::RDS::DBInstance', clusterId: 'orders-aurora' };
    // Act
    const finding = runCheck(check, snapshotOf(check, 'orders-aurora-1', state, { tags: PHI }), DEFAULT_SETTINGS);
    // Assess
    expect(finding).toMatchObject({ result: 'not_applicable', observed: { clusterId: 'orders-aurora' } });
    expect(finding.reason).toMatch(/belongs to cluster orders-aurora: AWS Backup protects the cluster/);
  });

  it('is not_applicable outside PHI scope, for a deleted store, and error when a deciding read failed', () => {
    expect(runCheck(check, snapshotOf(check, 'orders', table([]), { tags: { 'data-classification': 'internal' } }), DEFAULT_SETTINGS).result).toBe('not_applicable');
    expect(runCheck(check, snapshotOf(check, 'gone', undefined, { deleted: true }), DEFAULT_SETTINGS).result).toBe('not_applicable');
    const error = accessDenied('GetBackupSelection', 'AccessDeniedException');
    expect(runCheck(check, snapshotOf(check, 'orders', undefined, { error, tags: PHI }), DEFAULT_SETTINGS)).toMatchObject({ result: 'error', observed: { error: { code: 'ACCESS_DENIED' } } });
  });

  it('keeps its verdict when only the latest-backup listing failed, and says so', () => {
    // Prepare
    const unreadable = [accessDenied('ListProtectedResources', 'AccessDeniedException')];
    // Act
    const finding = runCheck(check, snapshotOf(check, 'orders', table([byPhiCondition], { lastBackup: null }), { tags: PHI, unreadable }), DEFAULT_SETTINGS);
    // Assess
    expect(finding).toMatchObject({ result: 'pass', observed: { unreadable: [{ operation: 'ListProtectedResources', code: 'ACCESS_DENIED' }] } });
  });

  itHasValidMetadata(check, 'backup-resource-protected', { service: ['backup', 'rds', 'dynamodb', 'ec2', 'elasticfilesystem'], hasConfigRule: false });
});

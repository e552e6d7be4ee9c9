/**
 * How the backup and Secrets Manager checks route the events and Config items that name their
 * resources, over the real registry: a Config item is read live (its configuration is not relied
 * on), a selection change fans out, a store's own event names its ARN.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../lib/checks/registry.ts';
import { SNAPSHOT_KINDS } from '../../lib/collectors/kinds.ts';
import { loadKinds } from '../../lib/collectors/lazy-kinds.ts';
import { parseInput } from '../../lib/events/parse.ts';
import { routeTrigger } from '../../lib/events/route.ts';
import { fixture, triggerOf } from './helpers.ts';

const KINDS = await loadKinds(SNAPSHOT_KINDS);
const planned = (text: string) => routeTrigger(triggerOf(parseInput(text, 'e.json')[0]), CHECKS, KINDS).evaluations.map((e) => [e.check.metadata.id, e.resourceId ?? e.fanOut, e.snapshot === undefined]);
const backupEvent = (name: string) => readFileSync(new URL(`../fixtures/backup/${name}`, import.meta.url), 'utf8');

/** The documented Config item change envelope, about another resource. */
function configItem(resourceType: string, resourceId: string): string {
  const event = JSON.parse(fixture('eventbridge-config-item.json')) as { detail: { configurationItem: Record<string, unknown> } };
  Object.assign(event.detail.configurationItem, { resourceType, resourceId, resourceName: resourceId, ARN: resourceId, configuration: {}, supplementaryConfiguration: {}, tags: {} });
  return JSON.stringify(event);
}

describe('routing the backup and Secrets Manager checks', () => {
  it.each([
    ['a secret item, by its ARN', configItem('AWS::SecretsManager::Secret', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/orders-db-AbCdEf'), [['secretsmanager-secret-rotation', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/orders-db-AbCdEf', true]]],
    ['a backup vault item', configItem('AWS::Backup::BackupVault', 'phi-vault'), [['backup-vault-locked', 'phi-vault', true]]],
  ])('reads %s live', (_name, text, expected) => {
    expect(planned(text)).toEqual(expected);
  });

  it('re-evaluates a plan by id and every PHI store of the region when a selection changes', () => {
    expect(planned(backupEvent('cloudtrail-create-backup-selection.json'))).toEqual([
      ['backup-resource-protected', 'region', true],
      ['backup-restore-tested', '8ae3c1f2-5d4b-4c2a-9e1f-0a1b2c3d4e5f', true],
    ]);
  });

  it('re-evaluates the region\'s plans when a restore starts, and a store by its ARN when it is created', () => {
    expect(planned(backupEvent('cloudtrail-start-restore-job.json'))).toEqual([['backup-restore-tested', 'region', true]]);
    expect(planned(backupEvent('cloudtrail-dynamodb-create-table.json'))).toContainEqual(['backup-resource-protected', 'arn:aws:dynamodb:us-east-1:111122223333:table/orders', true]);
  });
});

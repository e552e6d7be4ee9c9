import type { Check, CheckMetadata, Finding } from '../../model/check.ts';
import type { BackupProtectedResourceState, BackupSelectionDoc } from '../../model/states/backup.ts';
import { selectionAssigns } from '../helpers/backup-selection.ts';
import metadata from './metadata.json' with { type: 'json' };

const named = (s: BackupSelectionDoc) => ({ plan: s.planName, selection: s.selectionName });

/**
 * backup-resource-protected: a PHI-tagged data store is assigned to an AWS Backup plan by one of
 * the region's backup selections, judged as AWS Backup assigns resources (ARN patterns, tags,
 * conditions, exclusions). An EBS volume also counts as protected when the EC2 instance it is
 * attached to is assigned (an instance backup holds its volumes). A DB instance that belongs to a
 * cluster is not_applicable: AWS Backup protects the cluster, which is judged itself. Recovery
 * points alone do not pass: a store no plan selects any more gets no new backups.
 */
const check: Check<BackupProtectedResourceState> = {
  metadata: metadata as CheckMetadata,
  evaluate(store, { snapshot }): Finding {
    const id = snapshot.resource.id;
    const observed: Record<string, unknown> = { arn: store.arn, selectionsExamined: store.selections.length, lastBackup: store.lastBackup };
    if (store.resourceType === 'AWS::RDS::DBInstance' && store.clusterId) {
      return { result: 'not_applicable', reason: `DB instance ${id} belongs to cluster ${store.clusterId}: AWS Backup protects the cluster, judged on its own`, observed: { ...observed, clusterId: store.clusterId } };
    }
    const own = store.selections.find((s) => selectionAssigns(s, { arn: store.arn, tags: snapshot.tags ?? {} }));
    const backedUp = store.lastBackup?.time ? `; last backed up ${store.lastBackup.time}` : '; no recovery point yet';
    if (own) {
      return { result: 'pass', reason: `${id} is assigned to backup plan ${own.planName} by selection ${own.selectionName}${backedUp}`, observed: { ...observed, assignedBy: named(own) } };
    }
    for (const instance of store.attachedInstances) {
      const viaInstance = store.selections.find((s) => selectionAssigns(s, instance));
      if (viaInstance) {
        const instanceId = instance.arn.slice(instance.arn.lastIndexOf('/') + 1);
        return {
          result: 'pass',
          reason: `${id} is backed up with instance ${instanceId}, assigned to backup plan ${viaInstance.planName} by selection ${viaInstance.selectionName}${backedUp}`,
          observed: { ...observed, assignedBy: { ...named(viaInstance), instance: instance.arn } },
        };
      }
    }
    const stale = store.lastBackup?.time ? `: it has recovery points up to ${store.lastBackup.time}, but no plan backs it up any more` : '';
    const none = store.selections.length === 0 ? 'the region has no backup plan with a resource assignment' : `none of the region's ${store.selections.length} backup selections assigns it`;
    return { result: 'fail', reason: `${id} is in no AWS Backup plan: ${none}${stale}`, observed };
  },
};

export default check;

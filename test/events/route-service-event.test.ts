import { describe, expect, it } from 'vitest';
import type { SnapshotKind } from '../../lib/collectors/types.ts';
import { parseInput } from '../../lib/events/parse.ts';
import { matchesServiceEvent, routeTrigger } from '../../lib/events/route.ts';
import type { Check, CheckMetadata, EventBridgeTrigger } from '../../lib/model/check.ts';
import { fixture, triggerOf } from './helpers.ts';

const planKind: SnapshotKind = {
  kind: 'fake-plan',
  resourceType: 'AWS::Backup::BackupPlan',
  collect: async () => {
    throw new Error('routing must not collect');
  },
  async *enumerate() {},
  idsFromEvent: () => [],
};

function checkWith(eventbridge: EventBridgeTrigger[] | undefined, id = 'fake-plan-check'): Check {
  const metadata: CheckMetadata = {
    id, family: 'backup', title: 't', severity: 'low', resourceType: 'AWS::Backup::BackupPlan', snapshotKind: 'fake-plan', scope: 'all',
    triggers: { cloudtrail: [], configResourceTypes: [], sweep: true, ...(eventbridge ? { eventbridge } : {}) },
    reads: { decide: [], enrich: [] }, hipaa: [], hipaaProposed: [], configRules: [], rationale: '', remediation: '',
  };
  return { metadata, evaluate: () => ({ result: 'pass', reason: '', observed: {} }) };
}

const restore = () => triggerOf(parseInput(fixture('backup/restore-completed.json'), 'restore.json')[0]);
const restoreTrigger: EventBridgeTrigger = { source: 'aws.backup', detailTypes: ['Restore Job State Change'] };

describe('routing EventBridge service events', () => {
  it('re-evaluates every resource of the kind in the event region for each check declaring the event', () => {
    // Act
    const plan = routeTrigger(restore(), [checkWith([restoreTrigger]), checkWith(undefined, 'other-check')], [planKind]);

    // Assess
    expect(plan.evaluations.map((e) => [e.check.metadata.id, e.kind, e.fanOut, e.resourceId])).toEqual([['fake-plan-check', 'fake-plan', 'region', undefined]]);
    expect(plan.unrouted).toEqual([]);
  });

  it('says why when no check declares the event', () => {
    // Act
    const plan = routeTrigger(restore(), [checkWith([{ source: 'aws.backup', detailTypes: ['Copy Job State Change'] }])], [planKind]);

    // Assess
    expect(plan.evaluations).toEqual([]);
    expect(plan.unrouted).toEqual(['no check applies to aws.backup "Restore Job State Change"']);
  });

  it('reports a declaring check whose snapshot kind is not registered', () => {
    // Act
    const plan = routeTrigger(restore(), [checkWith([restoreTrigger])], []);

    // Assess
    expect(plan.evaluations).toEqual([]);
    expect(plan.unrouted).toEqual(['fake-plan-check: snapshot kind fake-plan is not registered']);
  });

  it('matches source and detail-type exactly', () => {
    const event = { source: 'aws.backup', detailType: 'Restore Job State Change' } as const;
    expect(matchesServiceEvent([restoreTrigger], event)).toBe(true);
    expect(matchesServiceEvent([{ source: 'aws.backups', detailTypes: ['Restore Job State Change'] }], event)).toBe(false);
    expect(matchesServiceEvent([{ source: 'aws.backup', detailTypes: ['Restore Job'] }], event)).toBe(false);
    expect(matchesServiceEvent(undefined, event)).toBe(false);
  });
});

/* eslint-disable @typescript-eslint/no-explicit-any -- the assertions walk untyped CloudFormation JSON. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCheckMetadata } from '../../deploy/check-metadata.ts';
import { serviceEventPatterns } from '../../deploy/event-patterns.ts';
import { eventBridgeResources } from '../../deploy/eventbridge.ts';
import { REPO_ROOT, allPatterns } from '../../deploy/generate.ts';
import { readActionsFor } from '../../deploy/roles.ts';
import { validateMetadata } from '../../lib/evidence/schemas.ts';
import type { CheckMetadata } from '../../lib/model/check.ts';
import { matchesPattern } from './event-pattern-matcher.ts';

const restoreEvent = (name: string): unknown => JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/events/backup', name), 'utf8'));

function metadataWith(eventbridge: CheckMetadata['triggers']['eventbridge'], id = 'backup-fake'): CheckMetadata {
  return {
    id, family: 'backup', title: 't', severity: 'low', resourceType: 'AWS::Backup::BackupPlan', snapshotKind: 'fake', scope: 'all',
    triggers: { cloudtrail: [], configResourceTypes: [], sweep: true, eventbridge },
    reads: { decide: [], enrich: [] }, hipaa: [], hipaaProposed: [], configRules: [], rationale: 'r', remediation: 'r',
  };
}

describe('EventBridge rules for service events (metadata triggers.eventbridge)', () => {
  it('writes one rule per source with every detail-type the checks name, for the CloudTrail queue', () => {
    // Prepare
    const checks = [
      metadataWith([{ source: 'aws.backup', detailTypes: ['Restore Job State Change'] }]),
      metadataWith([{ source: 'aws.backup', detailTypes: ['Copy Job State Change', 'Restore Job State Change'] }], 'backup-other'),
      metadataWith(undefined, 'backup-none'),
    ];

    // Act
    const patterns = serviceEventPatterns(checks);

    // Assess
    expect(patterns).toEqual([
      {
        name: 'events-backup',
        description: 'aws.backup service events that trigger checks',
        queue: 'cloudtrail',
        pattern: { source: ['aws.backup'], 'detail-type': ['Copy Job State Change', 'Restore Job State Change'] },
      },
    ]);
  });

  it('selects the documented restore events and no CloudTrail call of AWS Backup', () => {
    // Prepare
    const [rule] = serviceEventPatterns([metadataWith([{ source: 'aws.backup', detailTypes: ['Restore Job State Change'] }])]);
    const apiCall = { source: 'aws.backup', 'detail-type': 'AWS API Call via CloudTrail', detail: { eventName: 'StartRestoreJob' } };

    // Act / Assess
    expect(matchesPattern(rule!.pattern, restoreEvent('restore-completed.json'))).toBe(true);
    expect(matchesPattern(rule!.pattern, restoreEvent('restore-failed.json'))).toBe(true);
    expect(matchesPattern(rule!.pattern, apiCall)).toBe(false);
  });

  it('delivers the rule to the CloudTrail queue on both buses, and lets it send there', () => {
    // Prepare
    const patterns = serviceEventPatterns([metadataWith([{ source: 'aws.backup', detailTypes: ['Restore Job State Change'] }])]);

    // Act
    const resources = eventBridgeResources(patterns) as Record<string, any>;

    // Assess
    expect(resources.EventsBackupRule.Properties.Targets[0].Arn).toEqual({ 'Fn::GetAtt': ['CloudTrailEventQueue', 'Arn'] });
    expect(resources.EventsBackupOrgRule.Condition).toBe('OrganizationMode');
    const allowed = resources.CloudTrailEventQueuePolicy.Properties.PolicyDocument.Statement[1].Condition.ArnEquals['aws:SourceArn'];
    expect(allowed).toContainEqual({ 'Fn::GetAtt': ['EventsBackupRule', 'Arn'] });
  });

  it('grants the cloudtrail-event function the reads of a check that only service events trigger', () => {
    // Prepare
    const check = { ...metadataWith([{ source: 'aws.backup', detailTypes: ['Restore Job State Change'] }]), reads: { decide: ['backup:ListRestoreJobs'], enrich: [] } };
    // Act / Assess
    expect(readActionsFor('cloudtrail-event', [check])).toEqual(['backup:ListRestoreJobs']);
    expect(readActionsFor('cloudtrail-event', [{ ...check, triggers: { ...check.triggers, eventbridge: undefined } }])).toEqual([]);
  });

  it('is part of the real deployment: the restore events of backup-restore-tested reach a rule', () => {
    // Prepare
    const patterns = allPatterns(loadCheckMetadata(join(REPO_ROOT, 'lib/checks')));

    // Act
    const matching = patterns.filter((p) => matchesPattern(p.pattern, restoreEvent('restore-completed.json')));

    // Assess
    expect(matching.map((p) => [p.name, p.queue])).toEqual([['events-backup', 'cloudtrail']]);
  });

  it('refuses an EventBridge trigger on a v1-family check (its records cannot name the trigger) and a malformed one', () => {
    // Prepare
    const v1 = { ...metadataWith([{ source: 'aws.backup', detailTypes: ['Restore Job State Change'] }]), family: 'logging' };
    const noTypes = metadataWith([{ source: 'aws.backup', detailTypes: [] }]);
    const notAws = metadataWith([{ source: 'com.example', detailTypes: ['Restore Job State Change'] }]);

    // Act / Assess
    expect(() => validateMetadata(v1)).toThrow(/family/);
    expect(() => validateMetadata(noTypes)).toThrow(/detailTypes/);
    expect(() => validateMetadata(notAws)).toThrow(/source/);
    expect(() => validateMetadata({ ...v1, family: 'backup' })).not.toThrow();
  });
});

/**
 * The five EC2 exposure checks on the real public corpus (read at test time, never copied): a
 * DescribeNetworkAcls recording, an AWS::EC2::NetworkAcl Config item, ModifySnapshotAttribute and
 * CreateNetworkAclEntry records, and an AWS::EC2::Instance Config item from an SNS notification.
 */
import { readFileSync } from 'node:fs';
import { DescribeNetworkAclsCommand, DescribeSnapshotAttributeCommand, DescribeSnapshotsCommand, EC2Client, GetSnapshotBlockPublicAccessStateCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { checkById, CHECKS } from '../../lib/checks/registry.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { instanceKind, networkAclKind } from '../../lib/collectors/ec2.ts';
import { SNAPSHOT_KINDS } from '../../lib/collectors/kinds.ts';
import { loadKinds } from '../../lib/collectors/lazy-kinds.ts';
import { parseInput } from '../../lib/events/parse.ts';
import { routeTrigger } from '../../lib/events/route.ts';
import type { Trigger } from '../../lib/events/types.ts';
import { DEFAULT_SETTINGS, type Check, type Snapshot } from '../../lib/model/check.ts';
import { evaluateTrigger } from '../../lib/pipeline/evaluate.ts';
import { corpusConfigItem } from '../fixtures/ec2/aws-harness.ts';
import { corpusPath, corpusPresent } from '../fixtures/corpus.ts';
import { mockedClient, mockedContext } from '../fixtures/collectors/ctx.ts';

const ec2 = mockedClient(EC2Client);

function triggersOf(...path: string[]): Trigger[] {
  return parseInput(readFileSync(corpusPath(...path), 'utf8'), path.join('/')).flatMap((unit) => (unit.ok === true ? [unit.trigger] : []));
}

const check = (id: string): Check => checkById(id)!;

describe.skipIf(!corpusPresent)('EC2 exposure checks on the real corpus', () => {
  it('fails the real default network ACL of a DescribeNetworkAcls recording (all traffic from 0.0.0.0/0)', async () => {
    // Prepare
    const recording = JSON.parse(readFileSync(corpusPath('api-responses', 'test_network_acl_s3_present__ec2.DescribeNetworkAcls_1.json'), 'utf8'));
    ec2.on(DescribeNetworkAclsCommand).resolves(recording.data);
    // Act
    const snapshots: Snapshot[] = [];
    for await (const snapshot of networkAclKind.snapshotsFromListing!(mockedContext())) snapshots.push(snapshot);
    const finding = runCheck(check('ec2-nacl-no-public-admin-ingress'), snapshots[0]!, DEFAULT_SETTINGS);
    // Assess
    expect(snapshots.map((s) => s.resource.id)).toEqual(['acl-2495b15d']);
    expect(finding.result).toBe('fail');
    expect(finding.reason).toBe('acl-2495b15d (default, associated with no subnet): rule 100 allows 0.0.0.0/0 on all traffic');
  });

  it('reads the real AWS::EC2::NetworkAcl Config item without an API call and fails its allow-all rule', () => {
    // Act
    const snapshot = networkAclKind.fromConfigItem!(corpusConfigItem('rdk__AWS_EC2_NetworkAcl.json'))!;
    const finding = runCheck(check('ec2-nacl-no-public-admin-ingress'), snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(snapshot.source).toBe('config-item');
    expect(snapshot.state?.subnetIds).toHaveLength(4);
    expect(finding.result).toBe('fail');
    expect(finding.observed.publicIngressRules).toEqual([{ ruleNumber: 100, cidr: '0.0.0.0/0', protocol: '-1', allTraffic: true, adminPorts: [...DEFAULT_SETTINGS.adminPorts].sort((a, b) => a - b) }]);
  });

  it('routes the real CreateNetworkAclEntry records to the ACL they change', async () => {
    // Prepare
    const kinds = await loadKinds(SNAPSHOT_KINDS);
    const files = ['panther__CreateNetworkAclEntry__aws_network_acl_permissive_entry__t0.json', 'panther__CreateNetworkAclEntry__aws_network_acl_permissive_entry__t1.json'];
    // Act
    const routed = files.flatMap((file) => triggersOf('cloudtrail', file)).flatMap((trigger) => routeTrigger(trigger, CHECKS, kinds).evaluations);
    // Assess
    const ours = routed.filter((e) => e.check.metadata.id === 'ec2-nacl-no-public-admin-ingress');
    expect(ours.map((e) => e.resourceId)).toEqual(['acl-1111', 'acl-1111']);
  });

  it('evaluates the real ModifySnapshotAttribute record: a snapshot shared with one account in a region without block public access', async () => {
    // Prepare: AWS's answers after the share the record logged
    const [trigger] = triggersOf('cloudtrail', 'stratus__ModifySnapshotAttribute__exfiltration.ec2-share-ebs-snapshot.json');
    const snapshotId = 'snap-041993b54a9b3af6f';
    ec2.on(DescribeSnapshotsCommand, { SnapshotIds: [snapshotId] }).resolves({ Snapshots: [{ SnapshotId: snapshotId, OwnerId: '756680937392', State: 'completed' }] });
    ec2.on(DescribeSnapshotAttributeCommand).resolves({ SnapshotId: snapshotId, CreateVolumePermissions: [{ UserId: '098797384747' }] });
    ec2.on(GetSnapshotBlockPublicAccessStateCommand).resolves({ State: 'unblocked', ManagedBy: 'account' });
    const snapshotCheck = check('ec2-ebs-snapshot-not-public');
    // Act
    const { records } = await evaluateTrigger(trigger!, { clientsFor: (_a, region) => mockedContext(region, '756680937392').clients, settings: DEFAULT_SETTINGS, checks: [snapshotCheck], kinds: SNAPSHOT_KINDS, functionName: 'test' });
    // Assess
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([[snapshotId, 'fail']]);
    expect(records[0]!.observed).toMatchObject({ sharedPublicly: false, sharedWithAccounts: ['098797384747'], blockPublicAccess: { state: 'unblocked' } });
    expect(records[0]!.trigger).toMatchObject({ eventName: 'ModifySnapshotAttribute' });
  });

  it('reads every public address of the real AWS::EC2::Instance Config item (SNS notification)', () => {
    // Prepare
    const [trigger] = triggersOf('config', 'sns-notifications', 'awsconfigdoc__ConfigurationItemChangeNotification__ec2-instance-sg-change.json');
    if (trigger?.kind !== 'config-item') throw new Error(`expected a Config item trigger, got ${trigger?.kind}`);
    const instanceCheck = check('ec2-instance-no-public-ip');
    // Act
    const snapshot = instanceKind.fromConfigItem!(trigger.item)!;
    const asTagged = runCheck(instanceCheck, snapshot, DEFAULT_SETTINGS);
    const asPhi = runCheck(instanceCheck, { ...snapshot, tags: { ...snapshot.tags, 'data-classification': 'ephi' } }, DEFAULT_SETTINGS);
    // Assess: tagged only Name, so out of PHI scope; the same instance PHI-tagged fails
    expect(snapshot.state?.publicIps).toEqual([{ publicIp: '54.175.43.43', networkInterfaceId: 'eni-fde9493f', privateIp: '172.31.16.84', ipOwnerId: 'amazon' }]);
    expect(asTagged.result).toBe('not_applicable');
    expect(asPhi.result).toBe('fail');
  });
});

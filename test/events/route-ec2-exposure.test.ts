/**
 * The EC2 exposure checks' events, routed and evaluated through the engine: account-level block
 * public access changes and address disassociations fan out over the region, an AssociateAddress
 * naming only an interface is resolved to its instance, and every other event names its resource.
 */
import { DescribeInstancesCommand, DescribeNetworkInterfacesCommand, DescribeSnapshotsCommand, EC2Client, GetSnapshotBlockPublicAccessStateCommand } from '@aws-sdk/client-ec2';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { CHECKS, checkById } from '../../lib/checks/registry.ts';
import { SNAPSHOT_KINDS } from '../../lib/collectors/kinds.ts';
import { loadKinds } from '../../lib/collectors/lazy-kinds.ts';
import { parseInput } from '../../lib/events/parse.ts';
import { routeTrigger } from '../../lib/events/route.ts';
import { DEFAULT_SETTINGS } from '../../lib/model/check.ts';
import { evaluateTrigger } from '../../lib/pipeline/evaluate.ts';
import events from '../fixtures/ec2/exposure-events.json' with { type: 'json' };
import { recordFrom } from '../fixtures/ec2/aws-harness.ts';
import { mockedClient, mockedContext } from '../fixtures/collectors/ctx.ts';
import { triggerOf } from './helpers.ts';

const KINDS = await loadKinds(SNAPSHOT_KINDS);
const ec2 = mockedClient(EC2Client);
const OURS = new Set(['ec2-ebs-snapshot-not-public', 'ec2-ami-not-public', 'ec2-nacl-no-public-admin-ingress', 'ec2-subnet-no-auto-public-ip', 'ec2-instance-no-public-ip']);

function trigger(key: keyof typeof events.events, eventName: string = key) {
  return triggerOf(parseInput(JSON.stringify(recordFrom(events, key, eventName)), `${key}.json`)[0]);
}

/** What the plan does with our checks: `check resource`, `check fan-out:region` or `check related:<id>`. */
function routed(key: keyof typeof events.events, eventName: string = key): string[] {
  const plan = routeTrigger(trigger(key, eventName), CHECKS, KINDS);
  return plan.evaluations
    .filter((e) => OURS.has(e.check.metadata.id))
    .map((e) => `${e.check.metadata.id} ${e.resourceId ?? (e.fanOut ? `fan-out:${e.fanOut}` : `related:${e.related?.resourceId}`)}`);
}

describe('routing the EC2 exposure events', () => {
  it.each([
    ['ModifySnapshotAttributePublic', 'ModifySnapshotAttribute', ['ec2-ebs-snapshot-not-public snap-0a1b2c3d4e5f60001']],
    ['DeleteSnapshot', 'DeleteSnapshot', ['ec2-ebs-snapshot-not-public snap-0a1b2c3d4e5f60006']],
    ['EnableSnapshotBlockPublicAccess', 'EnableSnapshotBlockPublicAccess', ['ec2-ebs-snapshot-not-public fan-out:region']],
    ['EnableSnapshotBlockPublicAccess', 'DisableImageBlockPublicAccess', ['ec2-ami-not-public fan-out:region']],
    ['ModifyImageAttributePublic', 'ModifyImageAttribute', ['ec2-ami-not-public ami-0a1b2c3d4e5f60001']],
    ['ReplaceNetworkAclAssociation', 'ReplaceNetworkAclAssociation', ['ec2-nacl-no-public-admin-ingress acl-0a1b2c3d4e5f60002']],
    ['ModifySubnetAttribute', 'ModifySubnetAttribute', ['ec2-subnet-no-auto-public-ip subnet-29428871']],
    ['RunInstances', 'RunInstances', ['ec2-instance-no-public-ip i-0a1b2c3d4e5f60011', 'ec2-instance-no-public-ip i-0a1b2c3d4e5f60012']],
    ['AssociateAddressInstance', 'AssociateAddress', ['ec2-instance-no-public-ip i-0b263919b6498b123']],
    ['AssociateAddressInterface', 'AssociateAddress', ['ec2-instance-no-public-ip related:eni-0a1b2c3d4e5f60b02']],
    ['DisassociateAddress', 'DisassociateAddress', ['ec2-instance-no-public-ip fan-out:region']],
  ] as const)('%s as %s', (key, eventName, expected) => {
    expect(routed(key, eventName)).toEqual(expected);
  });
});

describe('evaluating the EC2 exposure events', () => {
  const deps = (checkIds: string[]) => ({
    clientsFor: (_account: string, region: string) => mockedContext(region).clients,
    settings: DEFAULT_SETTINGS,
    checks: checkIds.map((id) => checkById(id)!),
    kinds: SNAPSHOT_KINDS,
    functionName: 'test',
  });

  it('re-evaluates every snapshot of the region when snapshot block public access is disabled', async () => {
    // Prepare: two snapshots, one of them public, and the setting now off
    ec2.on(GetSnapshotBlockPublicAccessStateCommand).resolves({ State: 'unblocked' });
    ec2.on(DescribeSnapshotsCommand).callsFake((input: { RestorableByUserIds?: string[] }) =>
      input.RestorableByUserIds ? { Snapshots: [{ SnapshotId: 'snap-2' }] } : { Snapshots: [{ SnapshotId: 'snap-1' }, { SnapshotId: 'snap-2' }] },
    );
    // Act
    const { records } = await evaluateTrigger(trigger('EnableSnapshotBlockPublicAccess', 'DisableSnapshotBlockPublicAccess'), deps(['ec2-ebs-snapshot-not-public']));
    // Assess
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([['snap-1', 'fail'], ['snap-2', 'fail']]);
    expect(ec2).toHaveReceivedCommandTimes(GetSnapshotBlockPublicAccessStateCommand, 1);
  });

  it('resolves an AssociateAddress on an interface to its PHI instance and fails it', async () => {
    // Prepare
    ec2.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [{ NetworkInterfaceId: 'eni-0a1b2c3d4e5f60b02', Attachment: { InstanceId: 'i-0a1b2c3d4e5f60003' } }] });
    ec2.on(DescribeInstancesCommand, { InstanceIds: ['i-0a1b2c3d4e5f60003'] }).resolves({
      Reservations: [{ Instances: [{ InstanceId: 'i-0a1b2c3d4e5f60003', State: { Name: 'running' }, Tags: [{ Key: 'data-classification', Value: 'ephi' }],
        NetworkInterfaces: [{ NetworkInterfaceId: 'eni-0a1b2c3d4e5f60b02', PrivateIpAddresses: [{ PrivateIpAddress: '10.0.1.57', Association: { PublicIp: '203.0.113.25', IpOwnerId: '111122223333' } }] }] }] }],
    } as never);
    // Act
    const { records } = await evaluateTrigger(trigger('AssociateAddressInterface', 'AssociateAddress'), deps(['ec2-instance-no-public-ip']));
    // Assess
    expect(records.map((r) => [r.resource.id, r.result, r.reason])).toEqual([['i-0a1b2c3d4e5f60003', 'fail', 'i-0a1b2c3d4e5f60003 (running) has a public IPv4 address: 203.0.113.25 on eni-0a1b2c3d4e5f60b02 (Elastic IP)']]);
  });

  it('records only PHI instances when a DisassociateAddress fans out, and the rest as a note', async () => {
    // Prepare
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [{ Instances: [
        { InstanceId: 'i-phi', State: { Name: 'running' }, Tags: [{ Key: 'data-classification', Value: 'phi' }], NetworkInterfaces: [] },
        { InstanceId: 'i-web', State: { Name: 'running' }, PublicIpAddress: '198.51.100.4', Tags: [{ Key: 'Name', Value: 'web' }], NetworkInterfaces: [] },
      ] }],
    } as never);
    // Act
    const { records, notes } = await evaluateTrigger(trigger('DisassociateAddress'), deps(['ec2-instance-no-public-ip']));
    // Assess
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([['i-phi', 'pass']]);
    expect(notes.join('\n')).toMatch(/1 outside PHI scope/);
  });
});

import { DescribeInstancesCommand, DescribeNetworkInterfacesCommand, EC2Client } from '@aws-sdk/client-ec2';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { instanceKind } from '../../lib/collectors/ec2.ts';
import { isFailure } from '../../lib/collectors/read.ts';
import events from '../fixtures/ec2/exposure-events.json' with { type: 'json' };
import { recordFrom } from '../fixtures/ec2/aws-harness.ts';
import { configItem, mockedClient, mockedContext, sdkError } from '../fixtures/collectors/ctx.ts';

const ec2 = mockedClient(EC2Client);
const ctx = mockedContext();
const ID = 'i-0a1b2c3d4e5f60003';
/** An instance with no primary public address but an Elastic IP on a secondary private address. */
const instance = {
  InstanceId: ID,
  State: { Code: 16, Name: 'running' },
  SubnetId: 'subnet-38c20312',
  VpcId: 'vpc-0990dc6d',
  PrivateIpAddress: '10.0.1.10',
  Tags: [{ Key: 'data-classification', Value: 'ephi' }],
  NetworkInterfaces: [
    {
      NetworkInterfaceId: 'eni-0a1b2c3d4e5f60b02',
      PrivateIpAddress: '10.0.1.10',
      PrivateIpAddresses: [
        { Primary: true, PrivateIpAddress: '10.0.1.10' },
        { Primary: false, PrivateIpAddress: '10.0.1.57', Association: { PublicIp: '203.0.113.25', IpOwnerId: '111122223333' } },
      ],
    },
  ],
};

describe('instanceKind.collect', () => {
  it('finds an Elastic IP on a secondary private address that PublicIpAddress does not show', async () => {
    // Prepare
    ec2.on(DescribeInstancesCommand, { InstanceIds: [ID] }).resolves({ Reservations: [{ Instances: [instance] }] } as never);
    // Act
    const snapshot = await instanceKind.collect(ctx, ID);
    // Assess
    expect(snapshot.tags).toEqual({ 'data-classification': 'ephi' });
    expect(snapshot.state).toEqual({
      instanceId: ID,
      instanceState: 'running',
      subnetId: 'subnet-38c20312',
      vpcId: 'vpc-0990dc6d',
      publicIps: [{ publicIp: '203.0.113.25', networkInterfaceId: 'eni-0a1b2c3d4e5f60b02', privateIp: '10.0.1.57', ipOwnerId: '111122223333' }],
    });
  });

  it('lists an address once when the instance, its interface and its primary address all name it', async () => {
    const association = { PublicIp: '54.175.43.43', IpOwnerId: 'amazon' };
    const eni = { NetworkInterfaceId: 'eni-fde9493f', PrivateIpAddress: '172.31.16.84', Association: association, PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: '172.31.16.84', Association: association }] };
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [{ InstanceId: ID, PublicIpAddress: '54.175.43.43', NetworkInterfaces: [eni] }] }] } as never);
    const snapshot = await instanceKind.collect(ctx, ID);
    expect(snapshot.state?.publicIps).toEqual([{ publicIp: '54.175.43.43', networkInterfaceId: 'eni-fde9493f', privateIp: '172.31.16.84', ipOwnerId: 'amazon' }]);
  });

  it.each([
    ['not found', () => ec2.on(DescribeInstancesCommand).rejects(sdkError('InvalidInstanceID.NotFound'))],
    ['terminated', () => ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [{ ...instance, State: { Code: 48, Name: 'terminated' } }] }] } as never)],
  ])('reports a gone instance as deleted (%s)', async (_name, answer) => {
    answer();
    expect((await instanceKind.collect(ctx, ID)).deleted).toBe(true);
  });

  it('reports a denied read as the error', async () => {
    ec2.on(DescribeInstancesCommand).rejects(sdkError('UnauthorizedOperation'));
    expect((await instanceKind.collect(ctx, ID)).error).toMatchObject({ operation: 'ec2:DescribeInstances', code: 'ACCESS_DENIED' });
  });
});

describe('instanceKind.enumerate / snapshotsFromListing / fromConfigItem', () => {
  const pages = (input: { NextToken?: string }) =>
    input.NextToken
      ? { Reservations: [{ Instances: [{ InstanceId: 'i-2', State: { Name: 'stopped' } }, { InstanceId: 'i-3', State: { Name: 'terminated' } }] }] }
      : { Reservations: [{ Instances: [{ InstanceId: 'i-1', State: { Name: 'running' }, PublicIpAddress: '198.51.100.1' }] }], NextToken: 'n' };

  it('enumerates instances across two pages, leaving out terminated ones', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(pages);
    const ids: string[] = [];
    for await (const id of instanceKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual(['i-1', 'i-2']);
  });

  it('builds the sweep snapshots from the listing pages', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(pages);
    const found: unknown[] = [];
    for await (const snapshot of instanceKind.snapshotsFromListing!(ctx)) found.push([snapshot.resource.id, snapshot.state?.publicIps.length]);
    expect(found).toEqual([['i-1', 1], ['i-2', 0]]);
  });

  it('reads the addresses from a Config item, and a terminated or deleted item as deleted', () => {
    // Prepare
    const base = {
      configurationItemVersion: '1.3', configurationItemCaptureTime: '2024-06-02T19:41:40.000Z', configurationItemStatus: 'OK',
      awsAccountId: '111122223333', awsRegion: 'us-east-1', resourceType: 'AWS::EC2::Instance', resourceId: 'i-007d374c8912e3e90',
      tags: { 'data-classification': 'phi' }, supplementaryConfiguration: {}, relationships: [],
    };
    const configuration = {
      instanceId: 'i-007d374c8912e3e90', state: { code: 16, name: 'running' }, subnetId: 'subnet-2372be7b', vpcId: 'vpc-14400670', publicIpAddress: '54.175.43.43',
      networkInterfaces: [{ networkInterfaceId: 'eni-fde9493f', privateIpAddress: '172.31.16.84', association: { publicIp: '54.175.43.43', ipOwnerId: 'amazon' }, privateIpAddresses: [] }],
    };
    // Act
    const snapshot = instanceKind.fromConfigItem!(configItem({ ...base, configuration }));
    const terminated = instanceKind.fromConfigItem!(configItem({ ...base, configuration: { ...configuration, state: { code: 48, name: 'terminated' } } }));
    const withoutInterfaces = instanceKind.fromConfigItem!(configItem({ ...base, configuration: { instanceId: 'i-007d374c8912e3e90' } }));
    // Assess
    expect(snapshot?.state?.publicIps).toEqual([{ publicIp: '54.175.43.43', networkInterfaceId: 'eni-fde9493f', privateIp: '172.31.16.84', ipOwnerId: 'amazon' }]);
    expect(snapshot?.tags).toEqual({ 'data-classification': 'phi' });
    expect(terminated?.deleted).toBe(true);
    expect(withoutInterfaces).toBeUndefined();
  });
});

describe('instanceKind events', () => {
  it.each([
    ['RunInstances', 'RunInstances', ['i-0a1b2c3d4e5f60011', 'i-0a1b2c3d4e5f60012']],
    ['StopInstances', 'StopInstances', ['i-0a1b2c3d4e5f60013']],
    ['TerminateInstances', 'TerminateInstances', ['i-0a1b2c3d4e5f60014']],
    ['AssociateAddressInstance', 'AssociateAddress', ['i-0b263919b6498b123']],
    ['AssociateAddressInterface', 'AssociateAddress', []],
    ['DisassociateAddress', 'DisassociateAddress', []],
    ['CreateTagsInstance', 'CreateTags', ['i-0a1b2c3d4e5f60015']],
  ])('%s names %j', (key, eventName, ids) => {
    expect(instanceKind.idsFromEvent(recordFrom(events, key, eventName))).toEqual(ids);
  });

  it('resolves an AssociateAddress that names only the interface to the instance it is attached to', async () => {
    // Prepare
    const related = instanceKind.relatedFromEvent!(recordFrom(events, 'AssociateAddressInterface', 'AssociateAddress'));
    ec2.on(DescribeNetworkInterfacesCommand, { NetworkInterfaceIds: ['eni-0a1b2c3d4e5f60b02'] }).resolves({ NetworkInterfaces: [{ NetworkInterfaceId: 'eni-0a1b2c3d4e5f60b02', Attachment: { InstanceId: ID } }] });
    // Act
    const ids = await instanceKind.resolveIds!(ctx, related!);
    // Assess
    expect(related).toEqual({ resourceType: 'AWS::EC2::NetworkInterface', resourceId: 'eni-0a1b2c3d4e5f60b02' });
    expect(ids).toEqual([ID]);
  });

  it('resolves a detached or gone interface to no instance, and a denied read to a ReadFailure', async () => {
    const eni = { resourceType: 'AWS::EC2::NetworkInterface', resourceId: 'eni-0a1b2c3d4e5f60b09' };
    ec2.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [{ NetworkInterfaceId: 'eni-0a1b2c3d4e5f60b09' }] });
    expect(await instanceKind.resolveIds!(ctx, eni)).toEqual([]);
    ec2.on(DescribeNetworkInterfacesCommand).rejects(sdkError('InvalidNetworkInterfaceID.NotFound'));
    expect(await instanceKind.resolveIds!(ctx, eni)).toEqual([]);
    ec2.on(DescribeNetworkInterfacesCommand).rejects(sdkError('UnauthorizedOperation'));
    const denied = await instanceKind.resolveIds!(ctx, eni);
    expect(isFailure(denied) && denied.error.code).toBe('ACCESS_DENIED');
  });

  it('names nothing to resolve for DisassociateAddress (its association is gone; the trigger fans out)', () => {
    expect(instanceKind.relatedFromEvent!(recordFrom(events, 'DisassociateAddress'))).toBeUndefined();
  });
});

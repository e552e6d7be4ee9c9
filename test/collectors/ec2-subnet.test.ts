import { DescribeRouteTablesCommand, DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { isPhiScoped } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS } from '../../lib/model/check.ts';
import { subnetIdsForRouteTable, subnetIdsForVpc, subnetKind } from '../../lib/collectors/ec2.ts';
import { isFailure } from '../../lib/collectors/read.ts';
import subnets from '../fixtures/ec2/describe-subnets.json' with { type: 'json' };
import vpcs from '../fixtures/ec2/describe-vpcs.json' with { type: 'json' };
import tables from '../fixtures/ec2/describe-route-tables.json' with { type: 'json' };
import events from '../fixtures/ec2/cloudtrail-events.json' with { type: 'json' };
import exposureEvents from '../fixtures/ec2/exposure-events.json' with { type: 'json' };
import { corpusRecords, hasCorpus, recordFrom } from '../fixtures/ec2/aws-harness.ts';
import { mockedClient, mockedContext, sdkError } from '../fixtures/collectors/ctx.ts';

const ec2 = mockedClient(EC2Client);
const ctx = mockedContext();
const EXPLICIT = { Filters: [{ Name: 'association.subnet-id', Values: ['subnet-29428871'] }] };
const MAIN = { Filters: [{ Name: 'vpc-id', Values: ['vpc-0990dc6d'] }, { Name: 'association.main', Values: ['true'] }] };

describe('subnetKind.collect', () => {
  beforeEach(() => {
    ec2.on(DescribeSubnetsCommand, { SubnetIds: ['subnet-29428871'] }).resolves(subnets as never);
    ec2.on(DescribeVpcsCommand, { VpcIds: ['vpc-0990dc6d'] }).resolves(vpcs as never);
  });

  it('falls back to the main route table and inherits the VPC classification tag', async () => {
    // Prepare
    ec2.on(DescribeRouteTablesCommand, EXPLICIT).resolves(tables.none as never);
    ec2.on(DescribeRouteTablesCommand, MAIN).resolves(tables.main as never);
    // Act
    const snapshot = await subnetKind.collect(ctx, 'subnet-29428871');
    // Assess
    expect(snapshot.state).toMatchObject({
      subnetId: 'subnet-29428871',
      vpcId: 'vpc-0990dc6d',
      subnetTags: { Name: 'app-a' },
      vpcTags: { 'Data-Classification': 'ePHI', Name: 'clinical' },
      routeTable: { routeTableId: 'rtb-50b9b034', association: 'main' },
    });
    expect(snapshot.state?.routes).toEqual([
      { destination: '172.31.0.0/16', target: 'local', state: 'active' },
      { destination: '0.0.0.0/0', target: 'igw-a5f227c1', state: 'active' },
      { destination: '::/0', target: 'eigw-0a1b2c3d4e5f60718', state: 'active' },
    ]);
    // The subnet's own Name wins; the classification it lacks comes from the VPC.
    expect(snapshot.tags).toEqual({ 'Data-Classification': 'ePHI', Name: 'app-a' });
    expect(isPhiScoped(snapshot.tags, DEFAULT_SETTINGS)).toBe(true);
  });

  it('uses the explicitly associated table when there is one', async () => {
    ec2.on(DescribeRouteTablesCommand, EXPLICIT).resolves(tables.explicit as never);
    const snapshot = await subnetKind.collect(ctx, 'subnet-29428871');
    expect(snapshot.state?.routeTable).toEqual({ routeTableId: 'rtb-0a1b2c3d4e5f6a7b8', association: 'explicit' });
    expect(ec2).toHaveReceivedCommandTimes(DescribeRouteTablesCommand, 1);
  });

  it('keeps the subnet own classification over the VPC one', async () => {
    ec2.on(DescribeSubnetsCommand, { SubnetIds: ['subnet-29428871'] }).resolves({
      Subnets: [{ SubnetId: 'subnet-29428871', VpcId: 'vpc-0990dc6d', Tags: [{ Key: 'data-classification', Value: 'public' }] }],
    });
    ec2.on(DescribeRouteTablesCommand, EXPLICIT).resolves(tables.explicit as never);
    const snapshot = await subnetKind.collect(ctx, 'subnet-29428871');
    expect(snapshot.tags).toEqual({ 'data-classification': 'public', Name: 'clinical' });
  });

  it('a denied VPC read keeps the routes, with the subnet own tags and PHI scope left to runCheck (tagsError)', async () => {
    // Prepare
    ec2.on(DescribeVpcsCommand).rejects(sdkError('UnauthorizedOperation'));
    ec2.on(DescribeRouteTablesCommand, EXPLICIT).resolves(tables.explicit as never);
    // Act
    const snapshot = await subnetKind.collect(ctx, 'subnet-29428871');
    // Assess
    expect(snapshot.error).toBeUndefined();
    expect(snapshot.tags).toEqual({ Name: 'app-a' });
    expect(snapshot.tagsError).toMatchObject({ operation: 'ec2:DescribeVpcs', code: 'ACCESS_DENIED' });
    expect(snapshot.state?.routeTable).toEqual({ routeTableId: 'rtb-0a1b2c3d4e5f6a7b8', association: 'explicit' });
  });

  it('reports a denied route-table read as the error', async () => {
    ec2.on(DescribeRouteTablesCommand).rejects(sdkError('UnauthorizedOperation'));
    const snapshot = await subnetKind.collect(ctx, 'subnet-29428871');
    expect(snapshot.error).toMatchObject({ operation: 'ec2:DescribeRouteTables', code: 'ACCESS_DENIED' });
    expect(snapshot.state).toBeUndefined();
  });

  it('reports a subnet that no longer exists as deleted', async () => {
    ec2.on(DescribeSubnetsCommand, { SubnetIds: ['subnet-0gone'] }).rejects(sdkError('InvalidSubnetID.NotFound'));
    const snapshot = await subnetKind.collect(ctx, 'subnet-0gone');
    expect(snapshot.deleted).toBe(true);
    expect(ec2).not.toHaveReceivedCommand(DescribeRouteTablesCommand);
  });
});

describe('subnetKind.enumerate / fromConfigItem', () => {

  it('enumerates subnets across pages', async () => {
    ec2.on(DescribeSubnetsCommand).callsFake((input: { NextToken?: string }) =>
      input.NextToken ? { Subnets: [{ SubnetId: 'subnet-2' }] } : { Subnets: [{ SubnetId: 'subnet-1' }], NextToken: 'n' },
    );
    const ids: string[] = [];
    for await (const id of subnetKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual(['subnet-1', 'subnet-2']);
  });

  it('answers only deleted subnets from a Config item (routes are not in it)', () => {
    const item = { resourceType: 'AWS::EC2::Subnet', resourceId: 'subnet-29428871', awsAccountId: '264683526309', awsRegion: 'us-east-1', configurationItemCaptureTime: '2016-10-29T19:52:09.494Z', configuration: { subnetId: 'subnet-29428871', vpcId: 'vpc-0990dc6d' }, supplementaryConfiguration: {}, tags: {} };
    expect(subnetKind.fromConfigItem!({ ...item, configurationItemStatus: 'OK' })).toBeUndefined();
    expect(subnetKind.fromConfigItem!({ ...item, configurationItemStatus: 'ResourceDeleted' })?.deleted).toBe(true);
  });
});

describe('subnetKind.idsFromEvent', () => {
  it.each([
    ['AssociateRouteTable', ['subnet-29428871']],
    ['CreateSubnet', ['subnet-0a1b2c3d4e5f60718']],
    ['CreateTags', ['subnet-29428871', 'subnet-32e85b44']],
    ['ReplaceRouteTableAssociation', []],
    ['DisassociateRouteTable', []],
  ])('%s names %j', (eventName, ids) => {
    expect(subnetKind.idsFromEvent(recordFrom(events, eventName))).toEqual(ids);
  });

  it.skipIf(!hasCorpus)('finds no subnet in real CreateRoute / AttachInternetGateway records (route table or VPC only)', () => {
    const records = corpusRecords(['CreateRoute', 'AttachInternetGateway']);
    expect(records.length).toBeGreaterThanOrEqual(2);
    for (const { record } of records) expect(subnetKind.idsFromEvent(record)).toEqual([]);
  });
});

describe('subnetIdsForRouteTable / subnetIdsForVpc', () => {

  it('gives the explicit associations of a non-main table', async () => {
    ec2.on(DescribeRouteTablesCommand, { RouteTableIds: ['rtb-0a1b2c3d4e5f6a7b8'] }).resolves(tables.explicit as never);
    expect(await subnetIdsForRouteTable(ctx, 'rtb-0a1b2c3d4e5f6a7b8')).toEqual(['subnet-38c20312']);
  });

  it('gives every subnet without its own table for the main table', async () => {
    // Prepare: the VPC has three subnets, one of them explicitly on another table
    ec2.on(DescribeRouteTablesCommand, { RouteTableIds: ['rtb-50b9b034'] }).resolves(tables.main as never);
    ec2.on(DescribeRouteTablesCommand, { Filters: [{ Name: 'vpc-id', Values: ['vpc-0990dc6d'] }] }).resolves({
      RouteTables: [...tables.main.RouteTables, ...tables.explicit.RouteTables] as never,
    });
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: 'subnet-29428871' }, { SubnetId: 'subnet-38c20312' }, { SubnetId: 'subnet-32e85b44' }] });
    // Act
    const ids = await subnetIdsForRouteTable(ctx, 'rtb-50b9b034');
    // Assess
    expect(ids).toEqual(['subnet-29428871', 'subnet-32e85b44']);
  });

  it('gives [] for a table that is gone and a ReadFailure for a denied read', async () => {
    ec2.on(DescribeRouteTablesCommand, { RouteTableIds: ['rtb-gone'] }).rejects(sdkError('InvalidRouteTableID.NotFound'));
    ec2.on(DescribeRouteTablesCommand, { RouteTableIds: ['rtb-denied'] }).rejects(sdkError('UnauthorizedOperation'));
    expect(await subnetIdsForRouteTable(ctx, 'rtb-gone')).toEqual([]);
    const denied = await subnetIdsForRouteTable(ctx, 'rtb-denied');
    expect(isFailure(denied) && denied.error.code).toBe('ACCESS_DENIED');
  });

  it('lists the subnets of a VPC across pages', async () => {
    ec2.on(DescribeSubnetsCommand).callsFake((input: { NextToken?: string }) =>
      input.NextToken ? { Subnets: [{ SubnetId: 'subnet-2' }] } : { Subnets: [{ SubnetId: 'subnet-1' }], NextToken: 'n' },
    );
    expect(await subnetIdsForVpc(ctx, 'vpc-0990dc6d')).toEqual(['subnet-1', 'subnet-2']);
    expect(ec2).toHaveReceivedCommandWith(DescribeSubnetsCommand, { Filters: [{ Name: 'vpc-id', Values: ['vpc-0990dc6d'] }] });
  });
});

describe('subnetKind for ec2-subnet-no-auto-public-ip', () => {
  it('reads MapPublicIpOnLaunch, and no route table for checks that do not declare that read', async () => {
    // Prepare: the auto-assign check alone declares DescribeSubnets and DescribeVpcs
    ec2.on(DescribeSubnetsCommand, { SubnetIds: ['subnet-29428871'] }).resolves({ Subnets: [{ ...subnets.Subnets[0]!, MapPublicIpOnLaunch: true }] } as never);
    ec2.on(DescribeVpcsCommand, { VpcIds: ['vpc-0990dc6d'] }).resolves(vpcs as never);
    const reads = new Set(['ec2:DescribeSubnets', 'ec2:DescribeVpcs']);
    // Act
    const snapshot = await subnetKind.collect({ ...ctx, reads }, 'subnet-29428871');
    // Assess
    expect(snapshot.state).toMatchObject({ subnetId: 'subnet-29428871', mapPublicIpOnLaunch: true, routeTable: null, routes: [] });
    expect(isPhiScoped(snapshot.tags, DEFAULT_SETTINGS)).toBe(true);
    expect(ec2).not.toHaveReceivedCommand(DescribeRouteTablesCommand);
  });

  it('names the subnet of ModifySubnetAttribute', () => {
    expect(subnetKind.idsFromEvent(recordFrom(exposureEvents, 'ModifySubnetAttribute'))).toEqual(['subnet-29428871']);
  });
});

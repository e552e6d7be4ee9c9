import { DescribeFlowLogsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { vpcKind } from '../../lib/collectors/ec2.ts';
import vpcs from '../fixtures/ec2/describe-vpcs.json' with { type: 'json' };
import flowLogs from '../fixtures/ec2/describe-flow-logs.json' with { type: 'json' };
import events from '../fixtures/ec2/cloudtrail-events.json' with { type: 'json' };
import { corpusConfigItem, corpusRecords, hasCorpus, recordFrom } from '../fixtures/ec2/aws-harness.ts';
import { mockedClient, mockedContext, sdkError } from '../fixtures/collectors/ctx.ts';

const ec2 = mockedClient(EC2Client);
const ctx = mockedContext();

describe('vpcKind.collect', () => {

  it('collects the VPC, its tags and its flow logs (filtered by resource-id)', async () => {
    // Prepare
    ec2.on(DescribeVpcsCommand, { VpcIds: ['vpc-0990dc6d'] }).resolves(vpcs as never);
    ec2.on(DescribeFlowLogsCommand).resolves(flowLogs as never);
    // Act
    const snapshot = await vpcKind.collect(ctx, 'vpc-0990dc6d');
    // Assess
    expect(ec2).toHaveReceivedCommandWith(DescribeFlowLogsCommand, { Filter: [{ Name: 'resource-id', Values: ['vpc-0990dc6d'] }] });
    expect(snapshot.tags).toEqual({ 'Data-Classification': 'ePHI', Name: 'clinical' });
    expect(snapshot.state).toEqual({
      vpcId: 'vpc-0990dc6d',
      isDefault: false,
      flowLogs: [{ flowLogId: 'fl-0ef673ef70c4f07cc', status: 'ACTIVE', deliveryStatus: 'SUCCESS', trafficType: 'ALL', destinationType: 's3', destination: 'arn:aws:s3:::flow-logs-bucket/vpc/' }],
    });
  });

  it('keeps every flow log across pages', async () => {
    ec2.on(DescribeVpcsCommand).resolves(vpcs as never);
    ec2.on(DescribeFlowLogsCommand).callsFake((input: { NextToken?: string }) =>
      input.NextToken
        ? { FlowLogs: [{ FlowLogId: 'fl-2', FlowLogStatus: 'ACTIVE', DeliverLogsStatus: 'FAILED', DeliverLogsErrorMessage: 'Access error' }] }
        : { FlowLogs: [{ FlowLogId: 'fl-1', FlowLogStatus: 'ACTIVE' }], NextToken: 'next' },
    );
    const snapshot = await vpcKind.collect(ctx, 'vpc-0990dc6d');
    expect(snapshot.state?.flowLogs.map((f) => f.flowLogId)).toEqual(['fl-1', 'fl-2']);
    expect(snapshot.state?.flowLogs[1]).toMatchObject({ deliveryStatus: 'FAILED', deliveryError: 'Access error' });
  });

  it('an absent flow log is an empty list, not an error', async () => {
    ec2.on(DescribeVpcsCommand).resolves(vpcs as never);
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    const snapshot = await vpcKind.collect(ctx, 'vpc-0990dc6d');
    expect(snapshot.state?.flowLogs).toEqual([]);
    expect(snapshot.error).toBeUndefined();
  });

  it('reports a denied DescribeFlowLogs as the error', async () => {
    ec2.on(DescribeVpcsCommand).resolves(vpcs as never);
    ec2.on(DescribeFlowLogsCommand).rejects(sdkError('UnauthorizedOperation'));
    const snapshot = await vpcKind.collect(ctx, 'vpc-0990dc6d');
    expect(snapshot.error).toMatchObject({ operation: 'ec2:DescribeFlowLogs', code: 'ACCESS_DENIED' });
    expect(snapshot.state).toBeUndefined();
  });

  it('reports a VPC that no longer exists as deleted', async () => {
    ec2.on(DescribeVpcsCommand).rejects(sdkError('InvalidVpcID.NotFound'));
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    const snapshot = await vpcKind.collect(ctx, 'vpc-0gone');
    expect(snapshot.deleted).toBe(true);
    expect(snapshot.error).toBeUndefined();
  });
});

describe('vpcKind.enumerate / fromConfigItem / idsFromEvent', () => {

  it('enumerates VPCs across pages', async () => {
    ec2.on(DescribeVpcsCommand).callsFake((input: { NextToken?: string }) =>
      input.NextToken ? { Vpcs: [{ VpcId: 'vpc-2' }] } : { Vpcs: [{ VpcId: 'vpc-1' }], NextToken: 'n' },
    );
    const ids: string[] = [];
    for await (const id of vpcKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual(['vpc-1', 'vpc-2']);
  });

  it.skipIf(!hasCorpus)('cannot answer from a VPC item (no flow logs in it) but knows a deleted one', () => {
    const item = corpusConfigItem('rdk__AWS_EC2_VPC.json');
    expect(vpcKind.fromConfigItem!(item)).toBeUndefined();
    expect(vpcKind.fromConfigItem!({ ...item, configurationItemStatus: 'ResourceDeleted' })?.deleted).toBe(true);
  });

  it.each([
    ['CreateFlowLogs', ['vpc-0990dc6d']],
    ['CreateFlowLogsForTwoVpcs', ['vpc-0990dc6d', 'vpc-d2d616b5']],
    ['CreateVpc', ['vpc-0a1b2c3d4e5f60718']],
    ['DeleteVpc', ['vpc-0a1b2c3d4e5f60718']],
  ])('%s names %j', (key, ids) => {
    expect(vpcKind.idsFromEvent(recordFrom(events, key, key.startsWith('CreateFlowLogs') ? 'CreateFlowLogs' : key))).toEqual(ids);
  });

  it.skipIf(!hasCorpus)('finds no VPC in real DeleteFlowLogs records (they name only the flow log)', () => {
    const records = corpusRecords(['DeleteFlowLogs']);
    expect(records.length).toBeGreaterThanOrEqual(2);
    for (const { record } of records) expect(vpcKind.idsFromEvent(record)).toEqual([]);
  });
});

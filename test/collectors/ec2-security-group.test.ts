import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { securityGroupKind } from '../../lib/collectors/ec2.ts';
import type { ConfigItem } from '../../lib/model/config-item.ts';
import described from '../fixtures/ec2/describe-security-groups.json' with { type: 'json' };
import configItem from '../fixtures/ec2/config-item-security-group.json' with { type: 'json' };
import events from '../fixtures/ec2/cloudtrail-events.json' with { type: 'json' };
import { corpusConfigItem, corpusRecords, hasCorpus, recordFrom } from '../fixtures/ec2/aws-harness.ts';
import { mockedClient, mockedContext, sdkError } from '../fixtures/collectors/ctx.ts';

const ec2 = mockedClient(EC2Client);
const ctx = mockedContext();

describe('securityGroupKind.collect', () => {

  it('normalizes ingress, egress and tags from DescribeSecurityGroups', async () => {
    // Prepare
    ec2.on(DescribeSecurityGroupsCommand, { GroupIds: ['sg-1d56fc66'] }).resolves(described as never);
    // Act
    const snapshot = await securityGroupKind.collect(ctx, 'sg-1d56fc66');
    // Assess
    expect(ec2).toHaveReceivedCommandWith(DescribeSecurityGroupsCommand, { GroupIds: ['sg-1d56fc66'] });
    expect(snapshot).toMatchObject({
      kind: 'ec2-security-group',
      resource: { type: 'AWS::EC2::SecurityGroup', id: 'sg-1d56fc66', arn: 'arn:aws:ec2:us-east-1:111122223333:security-group/sg-1d56fc66' },
      tags: { 'data-classification': 'ephi', Name: 'bastion' },
      source: 'api',
    });
    expect(snapshot.state).toEqual({
      groupId: 'sg-1d56fc66',
      groupName: 'launch-wizard-7',
      vpcId: 'vpc-0990dc6d',
      isDefault: false,
      ingress: [
        { protocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: ['::/0'], prefixListIds: [], referencedGroupIds: [] },
        { protocol: '-1', ipv4Ranges: [], ipv6Ranges: [], prefixListIds: ['pl-63a5400a'], referencedGroupIds: ['sg-6c7fa917'] },
      ],
      egress: [{ protocol: '-1', ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [], prefixListIds: [], referencedGroupIds: [] }],
    });
    expect(snapshot.error).toBeUndefined();
  });

  it('marks the group named "default" as the default group and keeps empty rule lists', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-6c7fa917', GroupName: 'default', VpcId: 'vpc-d2d616b5', IpPermissions: [], IpPermissionsEgress: [] }] });
    const snapshot = await securityGroupKind.collect(ctx, 'sg-6c7fa917');
    expect(snapshot.state).toMatchObject({ isDefault: true, ingress: [], egress: [] });
    expect(snapshot.tags).toEqual({});
  });

  it('turns AccessDenied into an error snapshot, not a throw', async () => {
    ec2.on(DescribeSecurityGroupsCommand).rejects(sdkError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
    const snapshot = await securityGroupKind.collect(ctx, 'sg-1d56fc66');
    expect(snapshot.error).toEqual({ operation: 'ec2:DescribeSecurityGroups', code: 'ACCESS_DENIED', name: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' });
    expect(snapshot.state).toBeUndefined();
  });

  it('reports a group that no longer exists as deleted', async () => {
    ec2.on(DescribeSecurityGroupsCommand).rejects(sdkError('InvalidGroup.NotFound', "The security group 'sg-0gone' does not exist"));
    const snapshot = await securityGroupKind.collect(ctx, 'sg-0gone');
    expect(snapshot.deleted).toBe(true);
    expect(snapshot.error).toBeUndefined();
  });
});

describe('securityGroupKind.enumerate', () => {

  it('follows NextToken across pages', async () => {
    // Prepare
    ec2.on(DescribeSecurityGroupsCommand).callsFake((input: { NextToken?: string }) =>
      input.NextToken === 'page-2'
        ? { SecurityGroups: [{ GroupId: 'sg-0000000000000000c' }] }
        : { SecurityGroups: [{ GroupId: 'sg-0000000000000000a' }, { GroupId: 'sg-0000000000000000b' }], NextToken: 'page-2' },
    );
    // Act
    const ids: string[] = [];
    for await (const id of securityGroupKind.enumerate(ctx)) ids.push(id);
    // Assess
    expect(ids).toEqual(['sg-0000000000000000a', 'sg-0000000000000000b', 'sg-0000000000000000c']);
    expect(ec2).toHaveReceivedCommandTimes(DescribeSecurityGroupsCommand, 2);
  });
});

describe('securityGroupKind.fromConfigItem', () => {
  it('builds the same state from a Config item, without double-counting ipv4Ranges and ipRanges', () => {
    const snapshot = securityGroupKind.fromConfigItem!(configItem as ConfigItem);
    expect(snapshot).toMatchObject({ source: 'config-item', account: '123456789012', region: 'eu-west-1', resource: { id: 'sg-e2fb6999' } });
    expect(snapshot?.tags).toEqual({ 'data-classification': 'phi' });
    expect(snapshot?.state?.ingress).toEqual([
      { protocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [], prefixListIds: [], referencedGroupIds: [] },
    ]);
    expect(snapshot?.state?.groupName).toBe('sg_open_ssh');
  });

  it('says deleted for a ResourceDeleted item and undefined when the rules are missing', () => {
    const gone = { ...configItem, configurationItemStatus: 'ResourceDeleted', configuration: null } as ConfigItem;
    expect(securityGroupKind.fromConfigItem!(gone)).toMatchObject({ deleted: true, resource: { id: 'sg-e2fb6999' } });
    const bare = { ...configItem, configuration: { groupId: 'sg-e2fb6999' } } as ConfigItem;
    expect(securityGroupKind.fromConfigItem!(bare)).toBeUndefined();
  });

  it.skipIf(!hasCorpus)('reads the older Config item shape (ipRanges as strings) from the corpus', () => {
    const snapshot = securityGroupKind.fromConfigItem!(corpusConfigItem('rdk__AWS_EC2_SecurityGroup.json'));
    expect(snapshot?.state?.ingress[0]).toMatchObject({ protocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'] });
    expect(snapshot?.state?.egress[0]).toMatchObject({ protocol: '-1', ipv4Ranges: ['0.0.0.0/0'] });
  });
});

describe('securityGroupKind.idsFromEvent', () => {
  it.each([
    ['RevokeSecurityGroupIngress', ['sg-0a1b2c3d4e5f60001']],
    ['ModifySecurityGroupRules', ['sg-0a1b2c3d4e5f60002']],
    ['DeleteSecurityGroup', ['sg-0a1b2c3d4e5f60003']],
    ['UpdateSecurityGroupRuleDescriptionsIngress', ['sg-0a1b2c3d4e5f60004']],
  ])('%s names %j (never a group a rule merely references)', (eventName, ids) => {
    expect(securityGroupKind.idsFromEvent(recordFrom(events, eventName))).toEqual(ids);
  });

  it.skipIf(!hasCorpus)('finds the group in every real AuthorizeSecurityGroupIngress / CreateSecurityGroup record', () => {
    const records = corpusRecords(['AuthorizeSecurityGroupIngress', 'CreateSecurityGroup']);
    expect(records.length).toBeGreaterThanOrEqual(4);
    for (const { file, record } of records) {
      const ids = securityGroupKind.idsFromEvent(record);
      expect(ids, file).toHaveLength(1);
      const named = (record.requestParameters?.groupId ?? record.responseElements?.groupId) as string;
      expect(ids, file).toEqual([named]);
    }
  });
});

describe('security groups straight from the listing (sweep)', () => {
  it('gives the same snapshot as collect, one call per page instead of one per group', async () => {
    // Prepare
    const group = { GroupId: 'sg-0aa0000000000001a', GroupName: 'web', VpcId: 'vpc-1', Tags: [{ Key: 'data-classification', Value: 'phi' }],
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }], IpPermissionsEgress: [] };
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [group] });
    const collected = await securityGroupKind.collect(ctx, group.GroupId);
    ec2.reset();
    ec2.on(DescribeSecurityGroupsCommand).resolvesOnce({ SecurityGroups: [group], NextToken: 'p2' }).resolves({ SecurityGroups: [] });
    // Act
    const listed = [];
    for await (const snapshot of securityGroupKind.snapshotsFromListing!(ctx)) listed.push(snapshot);
    // Assess
    expect(listed).toEqual([collected]);
    expect(ec2).toHaveReceivedCommandTimes(DescribeSecurityGroupsCommand, 2);
    expect(listed[0]!.tags).toEqual({ 'data-classification': 'phi' });
  });
});

import { DescribeNetworkAclsCommand, EC2Client } from '@aws-sdk/client-ec2';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { networkAclKind } from '../../lib/collectors/ec2.ts';
import events from '../fixtures/ec2/exposure-events.json' with { type: 'json' };
import { corpusRecords, hasCorpus, recordFrom } from '../fixtures/ec2/aws-harness.ts';
import { configItem, mockedClient, mockedContext, sdkError } from '../fixtures/collectors/ctx.ts';

const ec2 = mockedClient(EC2Client);
const ctx = mockedContext();
const ACL = 'acl-0a1b2c3d4e5f60002';
const acl = {
  NetworkAclId: ACL,
  VpcId: 'vpc-0990dc6d',
  IsDefault: false,
  Associations: [{ NetworkAclAssociationId: 'aclassoc-6073b518', NetworkAclId: ACL, SubnetId: 'subnet-38c20312' }],
  Entries: [
    { RuleNumber: 100, Protocol: '6', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 22, To: 22 } },
    { RuleNumber: 101, Protocol: '17', RuleAction: 'deny', Egress: false, Ipv6CidrBlock: '::/0', PortRange: { From: 3389, To: 3389 } },
    { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0' },
  ],
  Tags: [{ Key: 'Name', Value: 'app' }],
};

describe('networkAclKind.collect', () => {
  it('normalizes protocol numbers, port ranges and IPv6 CIDRs', async () => {
    // Prepare
    ec2.on(DescribeNetworkAclsCommand, { NetworkAclIds: [ACL] }).resolves({ NetworkAcls: [acl] } as never);
    // Act
    const snapshot = await networkAclKind.collect(ctx, ACL);
    // Assess
    expect(snapshot.resource.arn).toBe(`arn:aws:ec2:us-east-1:111122223333:network-acl/${ACL}`);
    expect(snapshot.tags).toEqual({ Name: 'app' });
    expect(snapshot.state).toEqual({
      networkAclId: ACL,
      vpcId: 'vpc-0990dc6d',
      isDefault: false,
      subnetIds: ['subnet-38c20312'],
      entries: [
        { ruleNumber: 100, egress: false, ruleAction: 'allow', protocol: 'tcp', cidr: '0.0.0.0/0', fromPort: 22, toPort: 22 },
        { ruleNumber: 101, egress: false, ruleAction: 'deny', protocol: 'udp', cidr: '::/0', fromPort: 3389, toPort: 3389 },
        { ruleNumber: 32767, egress: false, ruleAction: 'deny', protocol: '-1', cidr: '0.0.0.0/0' },
      ],
    });
  });

  it('reports an ACL that no longer exists as deleted', async () => {
    ec2.on(DescribeNetworkAclsCommand).rejects(sdkError('InvalidNetworkAclID.NotFound'));
    expect((await networkAclKind.collect(ctx, 'acl-0gone')).deleted).toBe(true);
  });

  it('reports a denied read as the error', async () => {
    ec2.on(DescribeNetworkAclsCommand).rejects(sdkError('UnauthorizedOperation'));
    expect((await networkAclKind.collect(ctx, ACL)).error).toMatchObject({ operation: 'ec2:DescribeNetworkAcls', code: 'ACCESS_DENIED' });
  });
});

describe('networkAclKind.enumerate / snapshotsFromListing / fromConfigItem', () => {
  it('enumerates ACLs across two pages', async () => {
    ec2.on(DescribeNetworkAclsCommand).callsFake((input: { NextToken?: string }) =>
      input.NextToken ? { NetworkAcls: [{ NetworkAclId: 'acl-2' }] } : { NetworkAcls: [{ NetworkAclId: 'acl-1' }], NextToken: 'n' },
    );
    const ids: string[] = [];
    for await (const id of networkAclKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual(['acl-1', 'acl-2']);
  });

  it('builds the sweep snapshots from the listing pages', async () => {
    ec2.on(DescribeNetworkAclsCommand).resolves({ NetworkAcls: [acl] } as never);
    const ids: string[] = [];
    for await (const snapshot of networkAclKind.snapshotsFromListing!(ctx)) ids.push(`${snapshot.resource.id}:${snapshot.state?.entries.length}`);
    expect(ids).toEqual([`${ACL}:3`]);
  });

  it('reads the rules from a Config item (camelCase portRange) and a deleted item as deleted', () => {
    // Prepare
    const raw = {
      configurationItem: {
        configurationItemVersion: '1.3', configurationItemCaptureTime: '2024-06-02T19:41:40.000Z', configurationItemStatus: 'OK',
        awsAccountId: '111122223333', awsRegion: 'us-east-1', resourceType: 'AWS::EC2::NetworkAcl', resourceId: ACL,
        arn: `arn:aws:ec2:us-east-1:111122223333:network-acl/${ACL}`, tags: {},
        configuration: { networkAclId: ACL, vpcId: 'vpc-0990dc6d', isDefault: false, associations: [], tags: [],
          entries: [{ ruleNumber: 100, protocol: '6', ruleAction: 'allow', egress: false, cidrBlock: '0.0.0.0/0', portRange: { from: 3389, to: 3389 } }] },
        supplementaryConfiguration: {}, relationships: [],
      },
    };
    // Act
    const snapshot = networkAclKind.fromConfigItem!(configItem(raw.configurationItem));
    const gone = networkAclKind.fromConfigItem!(configItem({ ...raw.configurationItem, configurationItemStatus: 'ResourceDeleted', configuration: null }));
    // Assess
    expect(snapshot?.source).toBe('config-item');
    expect(snapshot?.state?.entries).toEqual([{ ruleNumber: 100, egress: false, ruleAction: 'allow', protocol: 'tcp', cidr: '0.0.0.0/0', fromPort: 3389, toPort: 3389 }]);
    expect(gone?.deleted).toBe(true);
  });
});

describe('networkAclKind.idsFromEvent', () => {
  it.each([
    ['CreateNetworkAcl', ['acl-0a1b2c3d4e5f60001']],
    ['ReplaceNetworkAclAssociation', ['acl-0a1b2c3d4e5f60002']],
    ['DeleteNetworkAcl', ['acl-0a1b2c3d4e5f60003']],
  ])('%s names %j', (eventName, ids) => {
    expect(networkAclKind.idsFromEvent(recordFrom(events, eventName))).toEqual(ids);
  });

  it.skipIf(!hasCorpus)('names the ACL of the real CreateNetworkAclEntry records', () => {
    const records = corpusRecords(['CreateNetworkAclEntry']);
    expect(records.length).toBeGreaterThanOrEqual(2);
    for (const { record } of records) expect(networkAclKind.idsFromEvent(record)).toEqual(['acl-1111']);
  });
});

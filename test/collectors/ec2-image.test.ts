import { DescribeImagesCommand, EC2Client, GetImageBlockPublicAccessStateCommand } from '@aws-sdk/client-ec2';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { imageKind } from '../../lib/collectors/ec2.ts';
import type { Snapshot } from '../../lib/model/check.ts';
import events from '../fixtures/ec2/exposure-events.json' with { type: 'json' };
import { recordFrom } from '../fixtures/ec2/aws-harness.ts';
import { mockedClient, mockedContext, sdkError } from '../fixtures/collectors/ctx.ts';

const ec2 = mockedClient(EC2Client);
const ctx = mockedContext();
const AMI = 'ami-0a1b2c3d4e5f60001';
const image = { ImageId: AMI, Name: 'ehr-server', OwnerId: '111122223333', Public: true, State: 'available', Tags: [{ Key: 'team', Value: 'clinical' }] };

describe('imageKind.collect', () => {
  it('maps Public, the image state and the region setting', async () => {
    // Prepare
    ec2.on(DescribeImagesCommand, { ImageIds: [AMI], IncludeDisabled: true }).resolves({ Images: [image] } as never);
    ec2.on(GetImageBlockPublicAccessStateCommand).resolves({ ImageBlockPublicAccessState: 'block-new-sharing', ManagedBy: 'account' });
    // Act
    const snapshot = await imageKind.collect(ctx, AMI);
    // Assess
    expect(snapshot.resource).toEqual({ type: 'AWS::EC2::Image', id: AMI, arn: `arn:aws:ec2:us-east-1::image/${AMI}` });
    expect(snapshot.tags).toEqual({ team: 'clinical' });
    expect(snapshot.state).toEqual({ imageId: AMI, name: 'ehr-server', public: true, imageState: 'available', blockPublicAccess: { state: 'block-new-sharing', managedBy: 'account' } });
  });

  it.each([
    ['not found', () => ec2.on(DescribeImagesCommand).rejects(sdkError('InvalidAMIID.NotFound'))],
    ['an empty answer', () => ec2.on(DescribeImagesCommand).resolves({ Images: [] })],
    ['still described as deregistered', () => ec2.on(DescribeImagesCommand).resolves({ Images: [{ ...image, State: 'deregistered' }] } as never)],
  ])('reports a deregistered AMI as deleted (%s)', async (_name, answer) => {
    ec2.on(GetImageBlockPublicAccessStateCommand).resolves({ ImageBlockPublicAccessState: 'unblocked' });
    answer();
    expect((await imageKind.collect(ctx, AMI)).deleted).toBe(true);
  });

  it('a denied region setting is the error', async () => {
    ec2.on(DescribeImagesCommand).resolves({ Images: [image] } as never);
    ec2.on(GetImageBlockPublicAccessStateCommand).rejects(sdkError('UnauthorizedOperation'));
    const snapshot = await imageKind.collect(ctx, AMI);
    expect(snapshot.error).toMatchObject({ operation: 'ec2:GetImageBlockPublicAccessState', code: 'ACCESS_DENIED' });
  });

  it('a denied DescribeImages is the error', async () => {
    ec2.on(DescribeImagesCommand).rejects(sdkError('UnauthorizedOperation'));
    ec2.on(GetImageBlockPublicAccessStateCommand).resolves({ ImageBlockPublicAccessState: 'unblocked' });
    expect((await imageKind.collect(ctx, AMI)).error).toMatchObject({ operation: 'ec2:DescribeImages', code: 'ACCESS_DENIED' });
  });
});

describe('imageKind.enumerate / snapshotsFromListing', () => {
  const pages = (input: { NextToken?: string }) => (input.NextToken ? { Images: [{ ImageId: 'ami-2', Public: true }] } : { Images: [{ ImageId: 'ami-1', Public: false }], NextToken: 'n' });

  it('enumerates the account own AMIs, disabled ones included, across two pages', async () => {
    ec2.on(DescribeImagesCommand).callsFake(pages);
    const ids: string[] = [];
    for await (const id of imageKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual(['ami-1', 'ami-2']);
    expect(ec2).toHaveReceivedCommandWith(DescribeImagesCommand, { Owners: ['self'], IncludeDisabled: true });
  });

  it('builds each snapshot from the listing with one setting read', async () => {
    ec2.on(DescribeImagesCommand).callsFake(pages);
    ec2.on(GetImageBlockPublicAccessStateCommand).resolves({ ImageBlockPublicAccessState: 'unblocked' });
    const snapshots: Snapshot[] = [];
    for await (const snapshot of imageKind.snapshotsFromListing!(ctx)) snapshots.push(snapshot);
    expect(snapshots.map((s) => [s.resource.id, (s.state as { public: boolean }).public])).toEqual([['ami-1', false], ['ami-2', true]]);
    expect(ec2).toHaveReceivedCommandTimes(GetImageBlockPublicAccessStateCommand, 1);
  });
});

describe('imageKind.idsFromEvent', () => {
  it.each([
    ['ModifyImageAttributePublic', 'ModifyImageAttribute', ['ami-0a1b2c3d4e5f60001']],
    ['CreateImage', 'CreateImage', ['ami-0a1b2c3d4e5f60002']],
    ['CopyImage', 'CopyImage', ['ami-0a1b2c3d4e5f60003']],
    ['DeregisterImage', 'DeregisterImage', ['ami-0a1b2c3d4e5f60004']],
  ])('%s names %j', (key, eventName, ids) => {
    expect(imageKind.idsFromEvent(recordFrom(events, key, eventName))).toEqual(ids);
  });
});

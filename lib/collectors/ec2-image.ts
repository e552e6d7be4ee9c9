/**
 * AMI snapshots (kind "ec2-image"): whether the account's own images are public, with the region's
 * block public access for AMIs. AWS Config records no image type, so images come from events and
 * the sweep only. DescribeImages says `Public` itself: no launch-permission read per image.
 */
import { DescribeImagesCommand, EC2Client, paginateDescribeImages, type Image } from '@aws-sdk/client-ec2';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import type { BlockPublicAccessSetting, ImageState } from '../model/states/ec2.ts';
import { imageBlockPublicAccess } from './ec2-block-public-access.ts';
import { idsAt } from './ec2-common.ts';
import { idsFromPages } from './pages.ts';
import { isFailure, read } from './read.ts';
import { tagsFromList } from './tags.ts';
import type { CollectContext, SnapshotKind } from './types.ts';

const KIND = 'ec2-image';
const RESOURCE_TYPE = 'AWS::EC2::Image';
/**
 * Only the account's own images, disabled ones included (a disabled AMI can be enabled again as it
 * was). A new object per listing: SDK paginators write NextToken into the input they are given.
 */
const ownImages = () => ({ Owners: ['self'], IncludeDisabled: true });

function base(ctx: CollectContext, imageId: string) {
  // Image ARNs carry no account (Service Authorization Reference: arn:...:ec2:<region>::image/<id>).
  const arn = `arn:aws:ec2:${ctx.region}::image/${imageId}`;
  return { kind: KIND, resource: { type: RESOURCE_TYPE, id: imageId, arn }, account: ctx.account, region: ctx.region, source: 'api' as const };
}

function imageSnapshot(ctx: CollectContext, image: Image & { ImageId: string }, setting: BlockPublicAccessSetting): Snapshot<ImageState> {
  const state: ImageState = {
    imageId: image.ImageId,
    ...(image.Name ? { name: image.Name } : {}),
    public: image.Public === true,
    ...(image.State ? { imageState: image.State } : {}),
    blockPublicAccess: setting,
  };
  return { ...base(ctx, image.ImageId), tags: tagsFromList(image.Tags), state };
}

async function collect(ctx: CollectContext, imageId: string): Promise<Snapshot<ImageState>> {
  const at = base(ctx, imageId);
  const NOT_FOUND = { names: ['InvalidAMIID.NotFound', 'InvalidAMIID.Unavailable'], fallback: null };
  const [described, setting] = await Promise.all([
    read('ec2:DescribeImages', () => ctx.clients.get(EC2Client).send(new DescribeImagesCommand({ ImageIds: [imageId], IncludeDisabled: true })), NOT_FOUND),
    imageBlockPublicAccess(ctx),
  ]);
  if (isFailure(described)) return { ...at, error: described.error };
  const image = described?.Images?.find((i) => i.ImageId === imageId);
  // A deregistered AMI may still be described for a while, in state "deregistered".
  if (!image || image.State === 'deregistered') return { ...at, deleted: true };
  if (isFailure(setting)) return { ...at, tags: tagsFromList(image.Tags), error: setting.error };
  return imageSnapshot(ctx, { ...image, ImageId: imageId }, setting);
}

function enumerate(ctx: CollectContext): AsyncIterable<string> {
  return idsFromPages(paginateDescribeImages({ client: ctx.clients.get(EC2Client) }, ownImages()), (page) => page.Images, (image) => image.ImageId);
}

/** The sweep: every own image from its listing, the region's setting read once; a failed setting read is each image's error. */
async function* snapshotsFromListing(ctx: CollectContext): AsyncIterable<Snapshot<ImageState>> {
  const setting = await imageBlockPublicAccess(ctx);
  for await (const page of paginateDescribeImages({ client: ctx.clients.get(EC2Client) }, ownImages())) {
    for (const image of page.Images ?? []) {
      const imageId = image.ImageId;
      if (!imageId) continue;
      if (isFailure(setting)) yield { ...base(ctx, imageId), tags: tagsFromList(image.Tags), error: setting.error };
      else yield imageSnapshot(ctx, { ...image, ImageId: imageId }, setting);
    }
  }
}

/**
 * The images an event names: ModifyImageAttribute, ResetImageAttribute and DeregisterImage in
 * `requestParameters.imageId`; CreateImage, RegisterImage and CopyImage in
 * `responseElements.imageId` (CopyImage's `sourceImageId` is not changed by the copy). The
 * account-level setting events name none: the check's trigger fans them out to the region's images.
 */
function idsFromEvent(record: CloudTrailRecord): string[] {
  return idsAt(record, ['requestParameters.imageId', 'responseElements.imageId'], 'ami-');
}

/** The account's AMIs by id. */
export const imageKind: SnapshotKind<ImageState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,
  collect,
  enumerate,
  snapshotsFromListing,
  idsFromEvent,
};

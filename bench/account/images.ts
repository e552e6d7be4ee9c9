/**
 * EBS snapshots and AMIs the account owns, and the region's block public access for each. Mix:
 * block public access is on for new sharing; one snapshot in fifty and one AMI in fifteen were
 * made public before that and still are (a fail each).
 */
import type {
  DescribeImagesCommandInput, DescribeImagesCommandOutput, DescribeSnapshotsCommandInput, DescribeSnapshotsCommandOutput, Image, Snapshot,
} from '@aws-sdk/client-ec2';
import { indexPage, type AnswerTable, type Output } from '../fake-clients.ts';
import { described, EC2_PAGE } from './network.ts';
import { customerKey, daysAgo, hexId, tagsOf, type AccountPlan } from './plan.ts';

/** Snapshot `i` is restorable by everyone when i % 50 is 17. */
const PUBLIC_SNAPSHOT = { every: 50, at: 17 };

function snapshot(plan: AccountPlan, i: number): Snapshot {
  const volume = i % plan.counts.volumes;
  const encrypted = volume % 10 !== 7;
  return {
    SnapshotId: hexId('snap-', i), VolumeId: hexId('vol-', volume), State: 'completed', StartTime: daysAgo(i % 35), Progress: '100%', OwnerId: plan.account,
    Description: `Created by AWS Backup for ${hexId('vol-', volume)}`, VolumeSize: 20 + (volume % 8) * 50, Encrypted: encrypted,
    ...(encrypted ? { KmsKeyId: customerKey(plan, volume) } : {}), StorageTier: 'standard', Tags: tagsOf(volume, `snapshot-${i}`),
  };
}

function image(plan: AccountPlan, i: number): Image {
  const name = `clinic-golden-${i}`;
  return {
    ImageId: hexId('ami-', i), ImageLocation: `${plan.account}/${name}`, State: 'available', OwnerId: plan.account, CreationDate: daysAgo(30 + (i % 400)).toISOString(),
    Public: i % 15 === 4, Architecture: 'x86_64', ImageType: 'machine', Name: name, RootDeviceType: 'ebs', RootDeviceName: '/dev/xvda', VirtualizationType: 'hvm', Hypervisor: 'xen',
    EnaSupport: true, PlatformDetails: 'Linux/UNIX', UsageOperation: 'RunInstances', BootMode: 'uefi-preferred',
    BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: hexId('snap-', i % plan.counts.ebsSnapshots), VolumeSize: 20, VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true } }],
    Tags: tagsOf(i, name),
  };
}

/** The snapshot and AMI answers (EC2Client) of the account. */
export function imageAnswers(plan: AccountPlan): AnswerTable {
  const publicCount = Math.max(0, Math.ceil((plan.counts.ebsSnapshots - PUBLIC_SNAPSHOT.at) / PUBLIC_SNAPSHOT.every));
  return {
    EC2Client: {
      DescribeSnapshots: (input: DescribeSnapshotsCommandInput): Output<DescribeSnapshotsCommandOutput> => {
        // Restorable by "all": the public ones only, paged on their own.
        if (input.RestorableByUserIds?.includes('all')) {
          const { indexes, next } = indexPage(publicCount, input.NextToken, input.MaxResults ?? EC2_PAGE);
          return { Snapshots: indexes.map((j) => snapshot(plan, PUBLIC_SNAPSHOT.at + j * PUBLIC_SNAPSHOT.every)), ...(next ? { NextToken: next } : {}) };
        }
        const { items, next } = described(plan.counts.ebsSnapshots, input.SnapshotIds, 'snap-', (i) => snapshot(plan, i), input);
        return { Snapshots: items, ...(next ? { NextToken: next } : {}) };
      },
      GetSnapshotBlockPublicAccessState: () => ({ State: 'block-new-sharing', ManagedBy: 'account' }),
      DescribeImages: (input: DescribeImagesCommandInput): Output<DescribeImagesCommandOutput> => {
        const { items, next } = described(plan.counts.images, input.ImageIds, 'ami-', (i) => image(plan, i), input);
        return { Images: items, ...(next ? { NextToken: next } : {}) };
      },
      GetImageBlockPublicAccessState: () => ({ ImageBlockPublicAccessState: 'block-new-sharing', ManagedBy: 'account' }),
    },
  };
}

/**
 * EC2 instances and their EBS volumes, and the region's EBS encryption by default. Mix: instances
 * in public subnets hold a public address (a PHI-tagged one among them fails); one instance in ten
 * is stopped; volumes attach to instances in turn, one in ten unencrypted; encryption by default
 * is on with the AWS managed key.
 */
import type {
  DescribeInstancesCommandInput, DescribeInstancesCommandOutput, DescribeVolumesCommandInput, DescribeVolumesCommandOutput, Instance, Reservation, Volume,
} from '@aws-sdk/client-ec2';
import { type AnswerTable, type Output } from '../fake-clients.ts';
import { described, isPublicSubnet, vpcOfSubnet } from './network.ts';
import { customerKey, daysAgo, hexId, tagsOf, type AccountPlan } from './plan.ts';

/** The instance volume `v` is attached to. */
const instanceOfVolume = (plan: AccountPlan, v: number) => v % plan.counts.instances;

function instance(plan: AccountPlan, k: number): Instance {
  const s = k % plan.counts.subnets;
  const v = vpcOfSubnet(plan, s);
  const privateIp = `10.${v % 256}.${Math.floor(s / plan.counts.vpcs) % 256}.${10 + (k % 240)}`;
  const stopped = k % 10 === 9;
  // A stopped instance gives its auto-assigned public address back.
  const association = isPublicSubnet(s) && !stopped ? { PublicIp: `198.51.${Math.floor(k / 250) % 256}.${k % 250}`, PublicDnsName: `ec2-198-51-${k}.compute-1.amazonaws.com`, IpOwnerId: 'amazon' } : undefined;
  const volumes: number[] = [];
  for (let vol = k; vol < plan.counts.volumes; vol += plan.counts.instances) volumes.push(vol);
  const eni = hexId('eni-', k);
  return {
    InstanceId: hexId('i-', k), ImageId: hexId('ami-', k % plan.counts.images), InstanceType: k % 4 === 0 ? 'm6i.large' : 't3.medium', LaunchTime: daysAgo(20 + (k % 300)),
    Placement: { AvailabilityZone: `us-east-1${'abc'[s % 3]}`, Tenancy: 'default' }, Monitoring: { State: 'disabled' },
    State: stopped ? { Code: 80, Name: 'stopped' } : { Code: 16, Name: 'running' }, SubnetId: hexId('subnet-', s), VpcId: hexId('vpc-', v), PrivateIpAddress: privateIp,
    ...(association ? { PublicIpAddress: association.PublicIp } : {}), Architecture: 'x86_64', RootDeviceType: 'ebs', RootDeviceName: '/dev/xvda',
    BlockDeviceMappings: volumes.map((vol, n) => ({ DeviceName: n === 0 ? '/dev/xvda' : `/dev/sd${'fghijk'[n % 6]}`, Ebs: { VolumeId: hexId('vol-', vol), Status: 'attached', AttachTime: daysAgo(300), DeleteOnTermination: n === 0 } })),
    NetworkInterfaces: [{
      NetworkInterfaceId: eni, SubnetId: hexId('subnet-', s), VpcId: hexId('vpc-', v), OwnerId: plan.account, Status: 'in-use', PrivateIpAddress: privateIp, SourceDestCheck: true, InterfaceType: 'interface',
      ...(association ? { Association: association } : {}), PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: privateIp, ...(association ? { Association: association } : {}) }],
      Attachment: { AttachmentId: hexId('eni-attach-', k), DeviceIndex: 0, Status: 'attached', AttachTime: daysAgo(300), DeleteOnTermination: true },
      Groups: [{ GroupId: hexId('sg-', k % plan.counts.securityGroups), GroupName: 'app' }],
    }],
    SecurityGroups: [{ GroupId: hexId('sg-', k % plan.counts.securityGroups), GroupName: 'app' }], Tags: tagsOf(k, `app-${k}`), PlatformDetails: 'Linux/UNIX',
  };
}

function volume(plan: AccountPlan, v: number): Volume {
  const encrypted = v % 10 !== 7;
  const k = instanceOfVolume(plan, v);
  return {
    VolumeId: hexId('vol-', v), Size: 20 + (v % 8) * 50, VolumeType: 'gp3', Iops: 3000, Throughput: 125, AvailabilityZone: `us-east-1${'abc'[(k % plan.counts.subnets) % 3]}`,
    CreateTime: daysAgo(300), State: 'in-use', Encrypted: encrypted, ...(encrypted ? { KmsKeyId: customerKey(plan, v) } : {}), MultiAttachEnabled: false,
    Attachments: [{ VolumeId: hexId('vol-', v), InstanceId: hexId('i-', k), Device: v < plan.counts.instances ? '/dev/xvda' : '/dev/sdf', State: 'attached', AttachTime: daysAgo(300), DeleteOnTermination: v < plan.counts.instances }],
    Tags: tagsOf(k, `app-${k}-data`),
  };
}

/** The instance and volume answers (EC2Client) of the account. */
export function instanceAnswers(plan: AccountPlan): AnswerTable {
  return {
    EC2Client: {
      // MaxResults counts instances; each reservation here launched one.
      DescribeInstances: (input: DescribeInstancesCommandInput): Output<DescribeInstancesCommandOutput> => {
        const { items, next } = described(plan.counts.instances, input.InstanceIds, 'i-', (k) => instance(plan, k), input);
        const reservations: Reservation[] = items.map((i) => ({ ReservationId: `r-${i.InstanceId!.slice(2)}`, OwnerId: plan.account, Groups: [], Instances: [i] }));
        return { Reservations: reservations, ...(next ? { NextToken: next } : {}) };
      },
      DescribeVolumes: (input: DescribeVolumesCommandInput): Output<DescribeVolumesCommandOutput> => {
        const { items, next } = described(plan.counts.volumes, input.VolumeIds, 'vol-', (v) => volume(plan, v), input);
        return { Volumes: items, ...(next ? { NextToken: next } : {}) };
      },
      GetEbsEncryptionByDefault: () => ({ EbsEncryptionByDefault: true, SseType: 'sse-ebs' }),
      GetEbsDefaultKmsKeyId: () => ({ KmsKeyId: `arn:aws:kms:${plan.region}:${plan.account}:alias/aws/ebs` }),
    },
  };
}

/**
 * The EC2 snapshot kinds (security groups, EBS volumes and snapshots, AMIs, VPCs, subnets, network
 * ACLs, instances), one file per resource family so each stays small; kinds.ts imports them from here.
 */
export { securityGroupKind } from './ec2-security-group.ts';
export { ebsDefaultEncryptionKind, ebsVolumeKind } from './ec2-ebs.ts';
export { vpcKind } from './ec2-vpc.ts';
export { subnetIdsForRouteTable, subnetIdsForVpc, subnetKind } from './ec2-subnet.ts';
export { ebsSnapshotKind } from './ec2-snapshot.ts';
export { imageKind } from './ec2-image.ts';
export { networkAclKind } from './ec2-network-acl.ts';
export { instanceKind } from './ec2-instance.ts';

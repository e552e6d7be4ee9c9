/**
 * The EC2 snapshot kinds (security groups, EBS, VPCs, subnets), one file per resource family so
 * each stays small; kinds.ts imports them from here.
 */
export { securityGroupKind } from './ec2-security-group.ts';
export { ebsDefaultEncryptionKind, ebsVolumeKind } from './ec2-ebs.ts';
export { vpcKind } from './ec2-vpc.ts';
export { subnetIdsForRouteTable, subnetIdsForVpc, subnetKind } from './ec2-subnet.ts';

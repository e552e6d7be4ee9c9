/** One permission (ingress or egress), in one shape for SDK and Config sources. */
export interface SecurityGroupRule {
  /** "-1" (all), "tcp", "udp", "icmp", "icmpv6" or another IANA protocol number. */
  protocol: string;
  /** Absent when the rule covers every port (protocol "-1"). */
  fromPort?: number;
  toPort?: number;
  ipv4Ranges: string[];
  ipv6Ranges: string[];
  prefixListIds: string[];
  referencedGroupIds: string[];
}

export interface SecurityGroupState {
  groupId: string;
  groupName: string;
  vpcId?: string;
  /** Every VPC has exactly one group named "default"; AWS never lets it be renamed. */
  isDefault: boolean;
  ingress: SecurityGroupRule[];
  egress: SecurityGroupRule[];
}

export interface EbsDefaultEncryptionState {
  encryptedByDefault: boolean;
  /**
   * The key new volumes get, e.g. "alias/aws/ebs" (the AWS-managed key) or a CMK ARN. null when
   * encryption by default is off (not read: it changes nothing) or its read failed (see the
   * snapshot's `unreadable`).
   */
  kmsKeyId: string | null;
}

export interface EbsVolumeState {
  volumeId: string;
  encrypted: boolean;
  kmsKeyId?: string;
  /** "creating", "available", "in-use", ... */
  volumeState?: string;
  attachedInstanceIds: string[];
}

export interface VpcFlowLog {
  flowLogId: string;
  /** "ACTIVE" is the only status that records traffic. */
  status: string;
  /** "SUCCESS" or "FAILED" (e.g. the delivery role lost access to the log group). */
  deliveryStatus?: string;
  deliveryError?: string;
  trafficType?: string;
  destinationType?: string;
  destination?: string;
}

export interface VpcState {
  vpcId: string;
  isDefault: boolean;
  flowLogs: VpcFlowLog[];
}

export interface SubnetRoute {
  /** IPv4 or IPv6 CIDR, or a prefix list id. */
  destination: string;
  /** Where the route sends traffic: "local", "igw-...", "nat-...", "tgw-...", "pcx-...", ... */
  target: string;
  /** "active", or "blackhole" when the target is gone (e.g. a detached internet gateway). */
  state?: string;
}

export interface SubnetState {
  subnetId: string;
  vpcId: string;
  subnetTags: Record<string, string>;
  /** `{}` when DescribeVpcs failed: the snapshot's `tagsError` then says why. */
  vpcTags: Record<string, string>;
  /** The table in effect: the explicitly associated one, else the VPC's main table. */
  routeTable: { routeTableId: string; association: 'explicit' | 'main' } | null;
  routes: SubnetRoute[];
}

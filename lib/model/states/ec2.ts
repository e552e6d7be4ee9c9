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
  /** Instances launched into the subnet get a public IPv4 address unless they ask otherwise (DescribeSubnets MapPublicIpOnLaunch). */
  mapPublicIpOnLaunch: boolean;
}

/**
 * The account's block public access setting for EBS snapshots or AMIs in one region
 * (GetSnapshotBlockPublicAccessState, GetImageBlockPublicAccessState).
 */
export interface BlockPublicAccessSetting {
  /**
   * Snapshots: "block-all-sharing" (public snapshots are treated as private), "block-new-sharing"
   * (only new public sharing is refused) or "unblocked". AMIs: "block-new-sharing" or "unblocked".
   */
  state: string;
  /** "account", or "declarative-policy" when an organization's declarative policy sets it. */
  managedBy?: string;
}

export interface EbsSnapshotState {
  snapshotId: string;
  /**
   * The snapshot's createVolumePermission grants the group "all". null when not read: the sweep
   * skips it where the region blocks all sharing, since AWS then hides public snapshots from the
   * listing and no one outside can restore them whatever the attribute says.
   */
  sharedPublicly: boolean | null;
  /** Accounts granted createVolumePermission, when the attribute was read (a single snapshot). */
  sharedWithAccounts?: string[];
  encrypted?: boolean;
  volumeId?: string;
  blockPublicAccess: BlockPublicAccessSetting;
}

export interface ImageState {
  imageId: string;
  name?: string;
  /** DescribeImages `Public`: the AMI has launch permission for the group "all". */
  public: boolean;
  /** "available", "pending", "disabled", ... */
  imageState?: string;
  blockPublicAccess: BlockPublicAccessSetting;
}

/** One network ACL rule, in one shape for DescribeNetworkAcls and Config items. */
export interface NetworkAclEntry {
  ruleNumber: number;
  egress: boolean;
  ruleAction: 'allow' | 'deny';
  /** "-1" (all), "tcp", "udp", "icmp", "icmpv6", or another IANA protocol number. */
  protocol: string;
  /** The IPv4 or IPv6 CIDR the rule matches. */
  cidr: string;
  /** tcp/udp only: the port range (absent: every port). */
  fromPort?: number;
  toPort?: number;
}

export interface NetworkAclState {
  networkAclId: string;
  vpcId?: string;
  isDefault: boolean;
  /** The subnets the ACL filters: recorded, not judged (a rule set is ready to filter any subnet it is given). */
  subnetIds: string[];
  entries: NetworkAclEntry[];
}

/** A public IPv4 address on an instance, with where it is attached. */
export interface InstancePublicIp {
  publicIp: string;
  networkInterfaceId?: string;
  privateIp?: string;
  /** "amazon" for an address AWS assigned at launch; an account id for an Elastic IP. */
  ipOwnerId?: string;
}

export interface InstanceState {
  instanceId: string;
  /** "pending", "running", "stopping", "stopped", "shutting-down" (terminated instances are deleted). */
  instanceState?: string;
  subnetId?: string;
  vpcId?: string;
  /** Every public IPv4 address: the primary one, each interface's and each secondary private address's. */
  publicIps: InstancePublicIp[];
}

/** What the EKS checks need to know about one cluster (DescribeCluster). */
export interface EksClusterState {
  name: string;
  /** Kubernetes version, e.g. "1.31"; null when not reported. */
  version: string | null;
  status: string | null;
  /** resourcesVpcConfig.endpointPublicAccess: the Kubernetes API endpoint answers from the internet. */
  endpointPublicAccess: boolean;
  /** resourcesVpcConfig.endpointPrivateAccess: the endpoint answers inside the VPC. */
  endpointPrivateAccess: boolean;
  /** The CIDR blocks allowed to reach the public endpoint; empty when none is listed. */
  publicAccessCidrs: string[];
  /** Envelope encryption entries: the Kubernetes resources each covers and its KMS key. */
  encryptionConfig: EksEncryptionEntry[];
}

export interface EksEncryptionEntry {
  /** Kubernetes resources encrypted with the key, e.g. ["secrets"]. */
  resources: string[];
  /** provider.keyArn; null when the entry names no key. */
  keyArn: string | null;
}

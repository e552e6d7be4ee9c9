/** What efs-file-system-encrypted needs to know about one EFS file system. */
export interface EfsFileSystemState {
  fileSystemId: string;
  /** The file system's Name tag, as DescribeFileSystems reports it; null when unnamed. */
  name: string | null;
  /** Encryption at rest, fixed when the file system was created. */
  encrypted: boolean;
  /** ARN of the KMS key that encrypts it; null when not encrypted (or not reported). */
  kmsKeyId: string | null;
  /** "creating", "available", "updating", "deleting", "deleted", "error". */
  lifeCycleState: string | null;
}

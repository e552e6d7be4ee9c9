/** A configuration item as the pipeline sees it (normalized from either Config shape). */
export interface ConfigItem {
  resourceType: string;
  resourceId: string;
  resourceName?: string;
  arn?: string;
  awsAccountId: string;
  awsRegion: string;
  configurationItemStatus: string;
  configurationItemCaptureTime: string;
  configuration: Record<string, unknown> | null;
  supplementaryConfiguration: Record<string, unknown>;
  tags: Record<string, string>;
}

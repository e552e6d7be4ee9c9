import type { Result } from './check.ts';

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

const COMPLIANCE_RESULT: Readonly<Record<string, Result>> = {
  COMPLIANT: 'pass',
  NON_COMPLIANT: 'fail',
  NOT_APPLICABLE: 'not_applicable',
  INSUFFICIENT_DATA: 'error',
};

/** The evidence result of an AWS Config compliance type; an unknown type is `error`, never a pass. */
export function complianceResult(complianceType: string): Result {
  return COMPLIANCE_RESULT[complianceType] ?? 'error';
}

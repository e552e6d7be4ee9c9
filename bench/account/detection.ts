/**
 * Detection, one of each per region: a GuardDuty detector (enabled), Security Hub with the AWS
 * Foundational Security Best Practices standard, and Amazon Inspector scanning EC2, ECR and Lambda,
 * whose coverage lists every instance and function: stopped instances are out of scope, and one
 * instance in fifteen has no SSM agent and was never scanned (so the region fails the scan check).
 */
import type { DetectorFeatureConfigurationResult, DetectorFeatureResult, GetDetectorCommandOutput, ListDetectorsCommandOutput } from '@aws-sdk/client-guardduty';
import type { BatchGetAccountStatusCommandOutput, CoveredResource, ListCoverageCommandInput, ListCoverageCommandOutput } from '@aws-sdk/client-inspector2';
import type { DescribeHubCommandOutput, GetEnabledStandardsCommandOutput } from '@aws-sdk/client-securityhub';
import { indexPage, type AnswerTable, type Output } from '../fake-clients.ts';
import { functionName } from './compute.ts';
import { daysAgo, hexId, type AccountPlan } from './plan.ts';

const DETECTOR_ID = '12abc34d567e8fa901bc2d34e56789f0';

function guardDutyAnswers(plan: AccountPlan): AnswerTable {
  const feature = (Name: DetectorFeatureResult, on: boolean): DetectorFeatureConfigurationResult => ({ Name, Status: on ? 'ENABLED' : 'DISABLED', UpdatedAt: daysAgo(200) });
  return {
    GuardDutyClient: {
      ListDetectors: (): Output<ListDetectorsCommandOutput> => ({ DetectorIds: [DETECTOR_ID] }),
      GetDetector: (): Output<GetDetectorCommandOutput> => ({
        CreatedAt: daysAgo(900).toISOString(), FindingPublishingFrequency: 'SIX_HOURS', ServiceRole: `arn:aws:iam::${plan.account}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
        Status: 'ENABLED', UpdatedAt: daysAgo(200).toISOString(), Tags: {},
        Features: [
          feature('CLOUD_TRAIL', true), feature('DNS_LOGS', true), feature('FLOW_LOGS', true), feature('S3_DATA_EVENTS', true), feature('EKS_AUDIT_LOGS', false),
          feature('EBS_MALWARE_PROTECTION', true), feature('RDS_LOGIN_EVENTS', true), feature('LAMBDA_NETWORK_LOGS', false), feature('RUNTIME_MONITORING', false),
        ],
      }),
    },
  };
}

function securityHubAnswers(plan: AccountPlan): AnswerTable {
  return {
    SecurityHubClient: {
      DescribeHub: (): Output<DescribeHubCommandOutput> => ({
        HubArn: `arn:aws:securityhub:${plan.region}:${plan.account}:hub/default`, SubscribedAt: daysAgo(800).toISOString(), AutoEnableControls: true, ControlFindingGenerator: 'SECURITY_CONTROL',
      }),
      GetEnabledStandards: (): Output<GetEnabledStandardsCommandOutput> => ({
        StandardsSubscriptions: [{
          StandardsSubscriptionArn: `arn:aws:securityhub:${plan.region}:${plan.account}:subscription/aws-foundational-security-best-practices/v/1.0.0`,
          StandardsArn: `arn:aws:securityhub:${plan.region}::standards/aws-foundational-security-best-practices/v/1.0.0`, StandardsInput: {}, StandardsStatus: 'READY',
          StandardsControlsUpdatable: 'READY_FOR_UPDATES',
        }],
      }),
    },
  };
}

/** Every State member is documented as required: an enabled one says ALREADY_ENABLED with no message. */
const ENABLED = { status: 'ENABLED', errorCode: 'ALREADY_ENABLED', errorMessage: '' } as const;

function inspectorAnswers(plan: AccountPlan): AnswerTable {
  const { instances, functions } = plan.counts;
  const covered = (r: number): CoveredResource => {
    if (r >= instances) {
      const f = r - instances;
      return {
        resourceType: 'AWS_LAMBDA_FUNCTION', resourceId: `arn:aws:lambda:${plan.region}:${plan.account}:function:${functionName(f)}`, accountId: plan.account, scanType: 'PACKAGE',
        scanStatus: { statusCode: 'ACTIVE', reason: 'SUCCESSFUL' }, lastScannedAt: daysAgo(f % 7),
        resourceMetadata: { lambdaFunction: { functionName: functionName(f), runtime: 'NODEJS_22_X', functionTags: {} } },
      };
    }
    const stopped = r % 10 === 9;
    const unmanaged = !stopped && r % 15 === 7;
    return {
      resourceType: 'AWS_EC2_INSTANCE', resourceId: hexId('i-', r), accountId: plan.account, scanType: 'PACKAGE', scanMode: 'EC2_SSM_AGENT_BASED',
      scanStatus: stopped ? { statusCode: 'INACTIVE', reason: 'EC2_INSTANCE_STOPPED' } : unmanaged ? { statusCode: 'INACTIVE', reason: 'UNMANAGED_EC2_INSTANCE' } : { statusCode: 'ACTIVE', reason: 'SUCCESSFUL' },
      ...(unmanaged ? {} : { lastScannedAt: daysAgo(stopped ? 40 : r % 5) }), resourceMetadata: { ec2: { platform: 'LINUX', amiId: hexId('ami-', r % plan.counts.images), tags: {} } },
    };
  };
  return {
    Inspector2Client: {
      BatchGetAccountStatus: (): Output<BatchGetAccountStatusCommandOutput> => ({
        accounts: [{
          accountId: plan.account, state: ENABLED,
          // Lambda code scanning is not on, and not required: the member is left out as for an account that never enabled it.
          resourceState: { ec2: ENABLED, ecr: ENABLED, lambda: ENABLED },
        }],
        failedAccounts: [],
      }),
      // The covered instances, then the functions; 100 a page (maxResults is at most 200).
      ListCoverage: (input: ListCoverageCommandInput): Output<ListCoverageCommandOutput> => {
        const { indexes, next } = indexPage(instances + functions, input.nextToken, input.maxResults ?? 100);
        return { coveredResources: indexes.map(covered), ...(next ? { nextToken: next } : {}) };
      },
    },
  };
}

/** The GuardDuty, Security Hub and Inspector answers of the account. */
export function detectionAnswers(plan: AccountPlan): AnswerTable {
  return { ...guardDutyAnswers(plan), ...securityHubAnswers(plan), ...inspectorAnswers(plan) };
}

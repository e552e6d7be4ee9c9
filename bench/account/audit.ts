/**
 * Audit logging: CloudTrail trails, the AWS Config recorder and CloudWatch Logs log groups. Mix:
 * the organization trail is multi-region, KMS-encrypted and validated, with advanced selectors
 * logging management events and the object events of buckets named clinic-<account>-1* (so most
 * PHI buckets go unlogged); the application trail is regional, unencrypted and unvalidated. The
 * recorder records everything. Log groups: one in four never expires, one in four keeps 30 days
 * (a fail), the rest 400 or 731; one in six (PHI ones) has a KMS key; one in 25 is Delivery class.
 */
import type {
  DescribeTrailsCommandInput, DescribeTrailsCommandOutput, GetEventSelectorsCommandInput, GetEventSelectorsCommandOutput, GetTrailStatusCommandInput, GetTrailStatusCommandOutput,
  ListTagsCommandInput, ListTagsCommandOutput, ListTrailsCommandOutput, Trail,
} from '@aws-sdk/client-cloudtrail';
import type {
  DescribeLogGroupsCommandInput, DescribeLogGroupsCommandOutput, ListTagsForResourceCommandInput, ListTagsForResourceCommandOutput, LogGroup,
} from '@aws-sdk/client-cloudwatch-logs';
import { indexPage, notFound, type AnswerTable, type Output } from '../fake-clients.ts';
import { functionName } from './compute.ts';
import { customerKey, daysAgo, numberedId, SWEEP_TIME, tagMapOf, type AccountPlan } from './plan.ts';

function cloudTrailAnswers(plan: AccountPlan): AnswerTable {
  const name = (t: number) => (t % 2 === 0 ? `org-trail-${t}` : `app-trail-${t}`);
  const arn = (t: number) => `arn:aws:cloudtrail:${plan.region}:${plan.account}:trail/${name(t)}`;
  const all = Array.from({ length: plan.counts.trails }, (_, t) => t);
  const trail = (t: number): Trail => ({
    Name: name(t), S3BucketName: `clinic-${plan.account}-cloudtrail`, IncludeGlobalServiceEvents: true, IsMultiRegionTrail: t % 2 === 0, HomeRegion: plan.region, TrailARN: arn(t),
    LogFileValidationEnabled: t % 2 === 0, CloudWatchLogsLogGroupArn: `arn:aws:logs:${plan.region}:${plan.account}:log-group:cloudtrail/${name(t)}:*`,
    CloudWatchLogsRoleArn: `arn:aws:iam::${plan.account}:role/cloudtrail-to-logs`, ...(t % 2 === 0 ? { KmsKeyId: customerKey(plan, t) } : {}),
    HasCustomEventSelectors: t % 2 === 0, HasInsightSelectors: false, IsOrganizationTrail: t % 2 === 0,
  });
  const byName = (id: string | undefined) => all.find((t) => id === name(t) || id === arn(t));
  return {
    CloudTrailClient: {
      ListTrails: (): Output<ListTrailsCommandOutput> => ({ Trails: all.map((t) => ({ TrailARN: arn(t), Name: name(t), HomeRegion: plan.region })) }),
      DescribeTrails: (input: DescribeTrailsCommandInput): Output<DescribeTrailsCommandOutput> => {
        const wanted = input.trailNameList && input.trailNameList.length > 0 ? input.trailNameList.flatMap((id) => byName(id) ?? []) : all;
        return { trailList: wanted.map(trail) };
      },
      GetTrailStatus: (input: GetTrailStatusCommandInput): Output<GetTrailStatusCommandOutput> | Error => {
        if (byName(input.Name) === undefined) return notFound('TrailNotFoundException');
        const delivered = new Date(SWEEP_TIME.getTime() - 300_000);
        return { IsLogging: true, LatestDeliveryTime: delivered, LatestDigestDeliveryTime: delivered, StartLoggingTime: daysAgo(700), TimeLoggingStarted: daysAgo(700).toISOString() };
      },
      GetEventSelectors: (input: GetEventSelectorsCommandInput): Output<GetEventSelectorsCommandOutput> | Error => {
        const t = byName(input.TrailName);
        if (t === undefined) return notFound('TrailNotFoundException');
        return {
          TrailARN: arn(t),
          AdvancedEventSelectors: [
            { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
            {
              Name: 'PHI bucket object events',
              FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'resources.ARN', StartsWith: [`arn:aws:s3:::clinic-${plan.account}-1`] }],
            },
          ],
        };
      },
      ListTags: (input: ListTagsCommandInput): Output<ListTagsCommandOutput> => ({
        ResourceTagList: (input.ResourceIdList ?? []).map((id) => ({ ResourceId: id, TagsList: [{ Key: 'owner', Value: 'security' }] })),
      }),
    },
  };
}

function configAnswers(plan: AccountPlan): AnswerTable {
  return {
    ConfigServiceClient: {
      DescribeConfigurationRecorders: () => ({
        ConfigurationRecorders: [{
          name: 'default', arn: `arn:aws:config:${plan.region}:${plan.account}:configuration-recorder/default/abcdef0123456789`, roleARN: `arn:aws:iam::${plan.account}:role/aws-config`,
          recordingGroup: { allSupported: true, includeGlobalResourceTypes: true, resourceTypes: [], exclusionByResourceTypes: { resourceTypes: [] }, recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' } },
          recordingMode: { recordingFrequency: 'CONTINUOUS', recordingModeOverrides: [] }, recordingScope: 'PAID',
        }],
      }),
      DescribeConfigurationRecorderStatus: () => ({
        ConfigurationRecordersStatus: [{ name: 'default', lastStartTime: daysAgo(700), recording: true, lastStatus: 'SUCCESS', lastStatusChangeTime: daysAgo(0.01) }],
      }),
    },
  };
}

function logsAnswers(plan: AccountPlan): AnswerTable {
  const name = (g: number) => (g < plan.counts.functions ? `/aws/lambda/${functionName(g)}` : `/clinic/service/${numberedId('svc-', g)}`);
  const indexOfName = (value: string | undefined) => {
    const text = value?.replace(/^arn:[^:]*:logs:[^:]*:[^:]*:log-group:/, '').replace(/:\*$/, '') ?? '';
    const match = /(?:fhir-handler-|svc-)(\d+)$/.exec(text);
    const g = match ? Number(match[1]) : undefined;
    return g !== undefined && g < plan.counts.logGroups && name(g) === text ? g : undefined;
  };
  const group = (g: number): LogGroup => {
    const delivery = g % 25 === 24;
    const retention = delivery ? 2 : [undefined, 30, 400, 731][g % 4];
    const arn = `arn:aws:logs:${plan.region}:${plan.account}:log-group:${name(g)}`;
    return {
      logGroupName: name(g), creationTime: daysAgo(600 - (g % 500)).getTime(), ...(retention !== undefined ? { retentionInDays: retention } : {}), metricFilterCount: g % 3,
      arn: `${arn}:*`, logGroupArn: arn, storedBytes: 1_048_576 * (g % 97), ...(g % 6 === 0 ? { kmsKeyId: customerKey(plan, g) } : {}),
      logGroupClass: delivery ? 'DELIVERY' : 'STANDARD', deletionProtectionEnabled: false,
    };
  };
  return {
    CloudWatchLogsClient: {
      // limit defaults to 50.
      DescribeLogGroups: (input: DescribeLogGroupsCommandInput): Output<DescribeLogGroupsCommandOutput> => {
        if (input.logGroupIdentifiers) return { logGroups: input.logGroupIdentifiers.flatMap((id) => (indexOfName(id) !== undefined ? [group(indexOfName(id)!)] : [])) };
        const { indexes, next } = indexPage(plan.counts.logGroups, input.nextToken, input.limit ?? 50);
        return { logGroups: indexes.map(group), ...(next ? { nextToken: next } : {}) };
      },
      ListTagsForResource: (input: ListTagsForResourceCommandInput): Output<ListTagsForResourceCommandOutput> | Error => {
        const g = indexOfName(input.resourceArn);
        return g === undefined ? notFound('ResourceNotFoundException') : { tags: tagMapOf(g, name(g)) };
      },
    },
  };
}

/** The CloudTrail, Config and CloudWatch Logs answers of the account. */
export function auditAnswers(plan: AccountPlan): AnswerTable {
  return { ...cloudTrailAnswers(plan), ...configAnswers(plan), ...logsAnswers(plan) };
}

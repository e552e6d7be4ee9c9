/**
 * EventBridge rules (default bus, and the organization bus when deployed in organization mode) that
 * feed the two collector queues, and the queue policies that let only those rules send.
 */
import type { NamedPattern } from './event-patterns.ts';
import { pascal } from './roles.ts';

/** The queues the rules deliver to: logical ids of resources written in serverless.yml. */
const QUEUES = {
  cloudtrail: { queue: 'CloudTrailEventQueue', dlq: 'CloudTrailEventDlq' },
  config: { queue: 'ConfigEventQueue', dlq: 'ConfigEventDlq' },
} as const;

/** Logical id of the rule for a pattern on the default bus, or on the organization bus. */
function ruleLogicalId(pattern: NamedPattern, bus: 'default' | 'organization'): string {
  return `${pascal(pattern.name)}${bus === 'organization' ? 'OrgRule' : 'Rule'}`;
}

function ruleResource(pattern: NamedPattern, bus: 'default' | 'organization'): Record<string, unknown> {
  const { queue, dlq } = QUEUES[pattern.queue];
  const resource: Record<string, unknown> = {
    Type: 'AWS::Events::Rule',
    Properties: {
      Name: `trailproof-\${sls:stage}-${bus === 'organization' ? 'org-' : ''}${pattern.name}`,
      Description: pattern.description,
      ...(bus === 'organization' ? { EventBusName: { Ref: 'CentralEventBus' } } : {}),
      State: 'ENABLED',
      EventPattern: pattern.pattern,
      Targets: [
        {
          Id: 'evidence-queue',
          Arn: { 'Fn::GetAtt': [queue, 'Arn'] },
          // An event EventBridge cannot deliver after a day of retries lands in the DLQ (alarmed), not nowhere.
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlq, 'Arn'] } },
          RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
        },
      ],
    },
  };
  if (bus === 'organization') resource.Condition = 'OrganizationMode';
  return resource;
}

function queuePolicyResource(which: keyof typeof QUEUES, patterns: NamedPattern[]): Record<string, unknown> {
  const { queue, dlq } = QUEUES[which];
  const arns = [{ 'Fn::GetAtt': [queue, 'Arn'] }, { 'Fn::GetAtt': [dlq, 'Arn'] }];
  const mine = patterns.filter((p) => p.queue === which);
  const sourceArns = mine.flatMap((p) => [
    { 'Fn::GetAtt': [ruleLogicalId(p, 'default'), 'Arn'] },
    { 'Fn::If': ['OrganizationMode', { 'Fn::GetAtt': [ruleLogicalId(p, 'organization'), 'Arn'] }, { Ref: 'AWS::NoValue' }] },
  ]);
  return {
    Type: 'AWS::SQS::QueuePolicy',
    Properties: {
      Queues: [{ Ref: queue }, { Ref: dlq }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 'sqs:*',
            Resource: arns,
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
          {
            Sid: 'AllowOnlyTrailproofRules',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: arns,
            Condition: { ArnEquals: { 'aws:SourceArn': sourceArns } },
          },
        ],
      },
    },
  };
}

/** Rules on both buses plus one policy per queue pair, keyed by logical id. */
export function eventBridgeResources(patterns: NamedPattern[]): Record<string, unknown> {
  const resources: Record<string, unknown> = {};
  for (const pattern of patterns) {
    resources[ruleLogicalId(pattern, 'default')] = ruleResource(pattern, 'default');
    resources[ruleLogicalId(pattern, 'organization')] = ruleResource(pattern, 'organization');
  }
  for (const which of Object.keys(QUEUES) as Array<keyof typeof QUEUES>) {
    if (patterns.some((p) => p.queue === which)) resources[`${QUEUES[which].queue}Policy`] = queuePolicyResource(which, patterns);
  }
  return resources;
}

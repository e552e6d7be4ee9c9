/**
 * CloudTrail records in the documented shape (CloudTrail User Guide, "CloudTrail record contents"):
 * the events the checks route (every eventSource and event-name stem of lib/checks/<id>/metadata.json,
 * so a new trigger is generated without touching this file), events no check routes (Lambda's and
 * CloudFront's versioned names among them), calls by the root user, failed calls, console sign-ins,
 * members AWS may add later, and text anywhere text may be.
 */
import fc from 'fast-check';
import { CHECKS } from '../../lib/checks/registry.ts';
import { eventParameters } from './cloudtrail-parameters.ts';
import { userIdentity } from './identities.ts';
import { name, text } from './text.ts';

export interface Where {
  account: string;
  region: string;
}

/** Accounts and regions of a batch: mostly a few (several records per signed object), now and then any. */
export const where: fc.Arbitrary<Where> = fc.record({
  account: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('111122223333', '444455556666', '777788889999') }, { weight: 1, arbitrary: fc.stringMatching(/^\d{12}$/) }),
  region: fc.oneof({ weight: 8, arbitrary: fc.constantFrom('us-east-1', 'us-west-2', 'eu-west-1') }, { weight: 1, arbitrary: fc.constantFrom('us-gov-west-1', 'cn-north-1', 'ap-southeast-4', 'il-central-1') }),
});

/** Every (eventSource, event-name stem) a check routes, from the check metadata. */
const ROUTED_EVENTS: readonly { eventSource: string; eventName: string }[] = [
  ...new Map(
    CHECKS.flatMap((check) => check.metadata.triggers.cloudtrail)
      .filter((trigger) => trigger.eventSource !== '*')
      .flatMap((trigger) => trigger.eventNames.map((eventName) => [`${trigger.eventSource} ${eventName}`, { eventSource: trigger.eventSource, eventName }] as const)),
  ).values(),
];

/** Events no check routes: reads, other services, and the names Lambda and CloudFront write with their API version. */
const UNROUTED_EVENTS = [
  { eventSource: 'lambda.amazonaws.com', eventName: 'AddPermission20150331v2' },
  { eventSource: 'lambda.amazonaws.com', eventName: 'UpdateFunctionConfiguration20150331v2' },
  { eventSource: 'lambda.amazonaws.com', eventName: 'CreateFunctionUrlConfig20211031' },
  { eventSource: 'cloudfront.amazonaws.com', eventName: 'UpdateDistribution2020_05_31' },
  { eventSource: 'cloudfront.amazonaws.com', eventName: 'CreateDistribution2019_03_26' },
  { eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances' },
  { eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances' },
  { eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole' },
  { eventSource: 'kms.amazonaws.com', eventName: 'Decrypt' },
  { eventSource: 's3.amazonaws.com', eventName: 'ListBuckets' },
];

/**
 * Names a random extra member never takes: what an envelope detector reads, and the documented
 * members of records, items and envelopes (an extra member must add, never replace).
 */
const RESERVED = new Set([
  'Records', 'detail-type', 'detail', 'Type', 'Message', 'TopicArn', 'MessageId', 'Timestamp', 'messageType', 'invokingEvent', 'id', 'version', 'account', 'region', 'time', 'source',
  'eventVersion', 'userIdentity', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent', 'requestParameters', 'responseElements', 'additionalEventData',
  'requestID', 'eventID', 'readOnly', 'eventType', 'recipientAccountId', 'errorCode', 'errorMessage', 'resources',
  'resourceType', 'resourceId', 'resourceName', 'configurationItemCaptureTime', 'configurationItemStatus', 'awsAccountId', 'accountId', 'ARN', 'arn', 'availabilityZone',
  'configuration', 'supplementaryConfiguration', 'tags', 'configurationItem', 'configurationItemSummary', 'configRuleName', 'newEvaluationResult', 'notificationCreationTime',
]);

/** Members AWS documents as optional or added later, and any other name, holding any JSON. */
export const extraMembers = fc.dictionary(
  fc.oneof(fc.constantFrom('sharedEventID', 'vpcEndpointId', 'addendum', 'edgeDeviceDetails', 'inScopeOf', 'apiVersion', 'serviceEventDetails'), name).filter((key) => !RESERVED.has(key)),
  fc.oneof(text, fc.jsonValue({ maxDepth: 2 }), fc.constant(null)),
  { maxKeys: 3 },
);

/** CloudTrail's eventTime (second precision, `Z`), sometimes with milliseconds or a space, as some exports write it. */
const eventTime = fc
  .tuple(fc.noBias(fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true })), fc.constantFrom('cloudtrail', 'millis', 'panther'))
  .map(([date, style]) => {
    const iso = date.toISOString();
    return style === 'millis' ? iso : style === 'panther' ? iso.replace('T', ' ').replace('Z', '000000') : iso.replace(/\.\d{3}Z$/, 'Z');
  });

const rootIdentity = userIdentity({ root: true });
const otherIdentity = userIdentity();

/** A record of one event, as a function of the account and region it happened in. */
function recordOf({ eventSource, eventName }: { eventSource: string; eventName: string }): fc.Arbitrary<(at: Where) => Record<string, unknown>> {
  const signIn = eventSource === 'signin.amazonaws.com';
  return fc
    .record({
      identity: fc.option(fc.oneof({ weight: 1, arbitrary: rootIdentity }, { weight: 11, arbitrary: otherIdentity }), { nil: undefined, freq: 30 }),
      parameters: eventParameters(eventSource, eventName.replace(/\d{4}_?\d{2}_?\d{2}(v\d+)?$/, '')),
      eventTime,
      eventID: fc.option(fc.noBias(fc.uuid()), { nil: undefined, freq: 40 }),
      requestID: fc.noBias(fc.uuid()),
      version: fc.constantFrom('1.05', '1.08', '1.09', '1.10', '1.11'),
      sourceIPAddress: fc.constantFrom('203.0.113.7', '2001:db8::1', 'AWS Internal', 'config.amazonaws.com'),
      userAgent: fc.oneof(fc.constantFrom('aws-cli/2.15.0 Python/3.11', 'console.amazonaws.com', 'AWS Internal'), text),
      readOnly: fc.constantFrom(true, false, 'false'),
      tls: fc.option(fc.record({ tlsVersion: fc.constantFrom('TLSv1.2', 'TLSv1.3'), cipherSuite: fc.constant('TLS_AES_128_GCM_SHA256') }), { nil: undefined }),
      extra: extraMembers,
      failed: fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('AccessDenied', 'Client.UnauthorizedOperation', 'NoSuchBucket', 'ValidationException') }),
    })
    .map((r) => (at: Where) => {
      const parameters = r.parameters(at);
      const record: Record<string, unknown> = {
        ...r.extra,
        eventVersion: r.version,
        ...(r.identity ? { userIdentity: r.identity(at.account) } : {}),
        eventTime: r.eventTime,
        eventSource,
        eventName,
        awsRegion: at.region,
        sourceIPAddress: r.sourceIPAddress,
        userAgent: r.userAgent,
        ...parameters,
        requestID: r.requestID,
        ...(r.eventID ? { eventID: r.eventID } : {}),
        readOnly: r.readOnly,
        eventType: signIn ? 'AwsConsoleSignIn' : 'AwsApiCall',
        managementEvent: true,
        recipientAccountId: at.account,
        eventCategory: 'Management',
        ...(r.tls ? { tlsDetails: { ...r.tls, clientProvidedHostHeader: `${eventSource.split('.')[0]}.amazonaws.com` } } : {}),
      };
      if (r.failed !== undefined && !signIn) Object.assign(record, { errorCode: r.failed, errorMessage: `${r.failed}: not authorized`, responseElements: null });
      if (signIn && (parameters.responseElements as { ConsoleLogin?: string } | null)?.ConsoleLogin === 'Failure') record.errorMessage = 'Failed authentication';
      return record;
    });
}

/**
 * One CloudTrail record, as a function of the account and region it happened in: a routed event
 * most of the time, by the root user now and then (every root call routes to the root-activity
 * check), a failed call now and then (skipped, unless a sign-in or a root call), with AWS's optional
 * members present or not. Built once: arbitraries are cheap to draw from, not to build.
 */
const routedRecords = ROUTED_EVENTS.map(recordOf);
export const cloudTrailRecord = fc.oneof({ weight: 8, arbitrary: fc.oneof(...routedRecords) }, { weight: 1, arbitrary: fc.oneof(...UNROUTED_EVENTS.map(recordOf)) });

/** 10 to 24 records of one routed event: in one account and region they make one signed object with a deep audit path. */
export const burstOfOneEvent = fc.integer({ min: 0, max: routedRecords.length - 1 }).chain((i) => fc.array(routedRecords[i]!, { minLength: 10, maxLength: 24 }));

/**
 * AWS Config payloads in the shapes Config delivers them (AWS Config Developer Guide: "Example
 * configuration item change notifications", "Components of a configuration item"): items of every
 * resource type the checks evaluate (from metadata `configResourceTypes`) and of types none does,
 * in the notification shape (`configuration` an object, `awsAccountId`, `ARN`) or the API shape
 * (`configuration` a JSON string, `accountId`, `arn`), deleted items with `configuration: null`,
 * oversized-item summaries and managed-rule compliance changes.
 */
import fc from 'fast-check';
import { managedRuleNames } from '../../lib/checks/config-rule-names.ts';
import { CHECKS } from '../../lib/checks/registry.ts';
import type { Where } from './cloudtrail-records.ts';
import { extraMembers } from './cloudtrail-records.ts';
import { bucketName, dbIdentifier, ec2Id, keyUuid, listenerArns, listenerParts, partition, userName } from './resource-ids.ts';
import { hex, name } from './text.ts';

const ROUTED_TYPES = [...new Set(CHECKS.flatMap((check) => check.metadata.triggers.configResourceTypes))];
const OTHER_TYPES = ['AWS::Lambda::Function', 'AWS::EC2::Instance', 'AWS::DynamoDB::Table'];
const ROUTED_RULES = [...new Set(CHECKS.flatMap((check) => check.metadata.configRules))];

const captureTime = fc.noBias(fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true })).map((d) => d.toISOString());
const status = fc.constantFrom('OK', 'OK', 'OK', 'ResourceDiscovered', 'ResourceDeleted', 'ResourceNotRecorded', 'ResourceDeletedNotRecorded');
const tagList = fc.array(fc.record({ key: fc.oneof(fc.constant('data-classification'), name), value: fc.oneof(fc.constantFrom('phi', 'ephi', 'public'), name) }), { maxLength: 2 });
const bool = fc.boolean();

interface Resource {
  id: string;
  name?: string;
  arn?: string;
  configuration: Record<string, unknown>;
  supplementary?: Record<string, unknown>;
}

function arnIn(at: Where, service: string, path: string): string {
  return `arn:${partition(at.region)}:${service}:${at.region}:${at.account}:${path}`;
}

/** A resource of `type`: its Config resourceId, resourceName and configuration (camelCase, as Config writes it), in an account and region. */
function resource(type: string): fc.Arbitrary<(at: Where) => Resource> {
  switch (type) {
    case 'AWS::EC2::SecurityGroup':
      return fc.record({ id: ec2Id('sg-'), port: fc.constantFrom(22, 443, 3389), cidr: fc.constantFrom('0.0.0.0/0', '10.0.0.0/8'), old: bool, tags: tagList }).map(({ id, port, cidr, old, tags }) => (at: Where): Resource => ({
        id, arn: arnIn(at, 'ec2', `security-group/${id}`),
        configuration: {
          groupId: id, groupName: port === 443 ? 'default' : 'web', vpcId: 'vpc-0abc', tags, ipPermissionsEgress: [],
          // Items before 2017 list ranges as strings (ipRanges), later ones as objects (ipv4Ranges).
          ipPermissions: [{ ipProtocol: 'tcp', fromPort: port, toPort: port, userIdGroupPairs: [], ...(old ? { ipRanges: [cidr] } : { ipv4Ranges: [{ cidrIp: cidr }] }), ipv6Ranges: [], prefixListIds: [] }],
        },
      }));
    case 'AWS::EC2::Volume':
      return fc.record({ id: ec2Id('vol-'), encrypted: fc.option(bool, { nil: undefined }), tags: tagList }).map(({ id, encrypted, tags }) => (at: Where): Resource => ({
        id, arn: arnIn(at, 'ec2', `volume/${id}`), configuration: { volumeId: id, size: 8, state: 'in-use', volumeType: 'gp3', attachments: [{ instanceId: 'i-0123456789abcdef0', state: 'attached' }], tags, ...(encrypted === undefined ? {} : { encrypted }) },
      }));
    case 'AWS::EC2::VPC': case 'AWS::EC2::Subnet':
      return fc.record({ id: ec2Id(type.endsWith('VPC') ? 'vpc-' : 'subnet-'), vpcId: ec2Id('vpc-'), tags: tagList }).map(({ id, vpcId, tags }) => (): Resource => ({ id, configuration: { [type.endsWith('VPC') ? 'vpcId' : 'subnetId']: id, vpcId, cidrBlock: '10.0.0.0/16', tags } }));
    case 'AWS::EC2::RouteTable':
      return fc.record({ id: ec2Id('rtb-'), subnetId: ec2Id('subnet-'), main: bool }).map(({ id, subnetId, main }) => (): Resource => ({
        id, configuration: { routeTableId: id, vpcId: 'vpc-0abc', associations: [{ main, routeTableId: id, ...(main ? {} : { subnetId }) }], routes: [{ destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-0abc', state: 'active' }] },
      }));
    case 'AWS::S3::Bucket':
      return fc.record({ bucket: bucketName, sse: fc.option(fc.constantFrom('AES256', 'aws:kms'), { nil: undefined }), blocked: bool, logs: bool, asText: bool }).map(({ bucket, sse, blocked, logs, asText }) => (at: Where): Resource => {
        const encode = (value: unknown) => (asText ? JSON.stringify(value) : value);
        return {
          id: bucket, name: bucket, arn: `arn:${partition(at.region)}:s3:::${bucket}`,
          configuration: { name: bucket, owner: { id: 'a1b2c3d4e5f6' }, creationDate: '2024-01-01T00:00:00.000Z' },
          supplementary: {
            ...(sse ? { ServerSideEncryptionConfiguration: encode({ rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: sse }, bucketKeyEnabled: true }] }) } : {}),
            PublicAccessBlockConfiguration: encode({ blockPublicAcls: blocked, ignorePublicAcls: blocked, blockPublicPolicy: blocked, restrictPublicBuckets: true }),
            BucketPolicy: encode({ policyText: logs ? null : JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: `arn:aws:s3:::${bucket}/*`, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] }) }),
            BucketLoggingConfiguration: encode(logs ? { destinationBucketName: 'logs', logFilePrefix: bucket } : {}),
            IsRequesterPaysEnabled: false,
          },
        };
      });
    case 'AWS::CloudTrail::Trail':
      return fc.record({ trail: fc.stringMatching(/^[A-Za-z0-9._-]{3,20}$/), multi: bool, validation: fc.option(bool, { nil: undefined }) }).map(({ trail, multi, validation }) => (at: Where): Resource => ({
        id: trail, name: trail, arn: arnIn(at, 'cloudtrail', `trail/${trail}`),
        configuration: { name: trail, trailARN: arnIn(at, 'cloudtrail', `trail/${trail}`), isMultiRegionTrail: multi, homeRegion: at.region, ...(validation === undefined ? {} : { logFileValidationEnabled: validation }), ...(multi ? { kmsKeyId: arnIn(at, 'kms', 'key/1234') } : {}) },
      }));
    case 'AWS::IAM::User':
      return userName.map((user) => (at: Where): Resource => ({ id: `AIDA${user.length}EXAMPLE`, name: user, arn: `arn:aws:iam::${at.account}:user/${user}`, configuration: { userName: user, path: '/', userPolicyList: [], groupList: [], attachedManagedPolicies: [], tags: [] } }));
    case 'AWS::KMS::Key':
      return fc.record({ key: keyUuid, manager: fc.constantFrom('CUSTOMER', 'AWS'), state: fc.constantFrom('Enabled', 'Disabled', 'PendingDeletion'), spec: fc.constantFrom('SYMMETRIC_DEFAULT', 'RSA_2048') }).map(({ key, manager, state, spec }) => (at: Where): Resource => ({
        id: key, arn: arnIn(at, 'kms', `key/${key}`), configuration: { keyId: key, keyManager: manager, keyState: state, keySpec: spec, keyUsage: spec === 'RSA_2048' ? 'SIGN_VERIFY' : 'ENCRYPT_DECRYPT', origin: 'AWS_KMS', enabled: state === 'Enabled' },
      }));
    case 'AWS::RDS::DBInstance':
      return fc.record({ db: dbIdentifier, dbi: fc.stringMatching(/^[A-Z0-9]{26}$/), encrypted: fc.option(bool, { nil: undefined }), open: bool }).map(({ db, dbi, encrypted, open }) => (at: Where): Resource => ({
        id: `db-${dbi}`, name: db.toLowerCase(), arn: arnIn(at, 'rds', `db:${db.toLowerCase()}`),
        configuration: { dBInstanceIdentifier: db.toLowerCase(), engine: 'postgres', dBInstanceStatus: 'available', publiclyAccessible: open, dbiResourceId: `db-${dbi}`, ...(encrypted === undefined ? {} : { storageEncrypted: encrypted }) },
      }));
    case 'AWS::ElasticLoadBalancingV2::Listener':
      return fc.record({ parts: listenerParts, protocol: fc.constantFrom('HTTP', 'HTTPS', 'TCP'), redirect: bool }).map(({ parts, protocol, redirect }) => (at: Where): Resource => {
        const arns = listenerArns(at, parts);
        return {
        id: arns.listenerArn, arn: arns.listenerArn,
        configuration: {
          listenerArn: arns.listenerArn, loadBalancerArn: arns.loadBalancerArn, port: protocol === 'HTTPS' ? 443 : 80, protocol,
          ...(protocol === 'HTTPS' ? { sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' } : {}),
          defaultActions: [redirect ? { type: 'redirect', redirectConfig: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } } : { type: 'forward', targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/0123' }],
        },
        };
      });
    default:
      return fc.tuple(hex(17), extraMembers).map(([id, configuration]) => (): Resource => ({ id: `r-${id}`, configuration }));
  }
}

type Build = (at: Where) => Record<string, unknown>;

/** One configuration item of `type`, in the notification or the API shape. */
function itemOf(type: string): fc.Arbitrary<Build> {
  return fc.record({ resource: resource(type), status, captureTime, apiShape: fc.integer({ min: 0, max: 3 }), tags: tagList, extra: extraMembers }).map(({ resource: build, status: itemStatus, captureTime: time, apiShape, tags, extra }) => (at: Where) => {
    const r = build(at);
    const gone = itemStatus.startsWith('ResourceDeleted') || itemStatus === 'ResourceNotRecorded';
    const tagMap = Object.fromEntries(tags.map((t) => [t.key, t.value]));
    const common = {
      ...extra, configurationItemCaptureTime: time, configurationItemStatus: itemStatus, configurationStateId: 1_700_000_000_000, resourceType: type, resourceId: r.id,
      ...(r.name ? { resourceName: r.name } : {}), awsRegion: at.region, availabilityZone: apiShape === 3 ? `${at.region}a` : 'Regional', relatedEvents: [], relationships: [], configurationItemMD5Hash: '',
    };
    if (apiShape === 0) {
      // The API and history shape: configuration and every supplementary value are JSON strings.
      const supplementary = Object.fromEntries(Object.entries(r.supplementary ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
      return { version: '1.3', accountId: at.account, ...(r.arn ? { arn: r.arn } : {}), ...common, configuration: gone ? null : JSON.stringify(r.configuration), supplementaryConfiguration: gone ? {} : supplementary, tags: gone ? {} : tagMap };
    }
    return { configurationItemVersion: '1.3', awsAccountId: at.account, ARN: r.arn ?? null, ...common, configuration: gone ? null : r.configuration, supplementaryConfiguration: gone ? {} : (r.supplementary ?? {}), tags: gone ? {} : tagMap };
  });
}

/** One configuration item, of a type the checks evaluate most of the time (arbitraries built once: building them is what costs). */
export const configItem: fc.Arbitrary<Build> = fc.oneof({ weight: 6, arbitrary: fc.oneof(...ROUTED_TYPES.map(itemOf)) }, { weight: 1, arbitrary: fc.oneof(...OTHER_TYPES.map(itemOf)) });

/** A ConfigurationItemChangeNotification (what SNS and EventBridge carry) of `items` items (more than one: the 2014 shape, a list). */
export function itemChangeNotification(items: number): fc.Arbitrary<Build> {
  return fc.tuple(fc.array(configItem, { minLength: items, maxLength: items }), captureTime).map(([builds, time]) => (at: Where) => {
    const list = builds.map((build) => build(at));
    return { configurationItemDiff: null, configurationItem: items === 1 ? list[0] : list, notificationCreationTime: time, messageType: 'ConfigurationItemChangeNotification', recordVersion: '1.3' };
  });
}

/** An OversizedConfigurationItemChangeNotification: only the item summary, the item itself is in S3. */
export const oversizedNotification: fc.Arbitrary<Build> = fc.tuple(configItem, captureTime).map(([build, time]) => (at: Where) => {
  const item = build(at);
  return {
    configurationItemSummary: {
      changeType: 'UPDATE', configurationItemVersion: '1.3', configurationItemCaptureTime: item.configurationItemCaptureTime, configurationStateId: 1, awsAccountId: at.account,
      configurationItemStatus: item.configurationItemStatus, resourceType: item.resourceType, resourceId: item.resourceId, ARN: item.ARN ?? item.arn ?? null, awsRegion: at.region,
      availabilityZone: 'Regional', configurationStateMd5Hash: '',
    },
    s3DeliverySummary: { s3BucketLocation: 'config-bucket/AWSLogs/oversized.json.gz' }, notificationCreationTime: time, messageType: 'OversizedConfigurationItemChangeNotification', recordVersion: '1.0',
  };
});

const ruleName = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...ROUTED_RULES.flatMap(managedRuleNames)), fc.constantFrom('', 'securityhub-', 'conformance-'), fc.constantFrom('', '-a1b2c3')).map(([rule, prefix, suffix]) => `${prefix}${rule}${suffix}`) },
  { weight: 1, arbitrary: name },
);

/** A managed rule's ComplianceChangeNotification, the rule named as Security Hub and conformance packs name it, or a rule no check maps. */
export const complianceChange: fc.Arbitrary<Build> = fc.record({ rule: ruleName, item: configItem, complianceType: fc.constantFrom('COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'INSUFFICIENT_DATA'), time: captureTime }).map(({ rule, item: build, complianceType, time }) => (at: Where) => {
  const item = build(at);
  return {
    resourceId: item.resourceId, awsRegion: at.region, awsAccountId: at.account, configRuleName: rule, recordVersion: '1.0', configRuleARN: `arn:aws:config:${at.region}:${at.account}:config-rule/config-rule-abc`, messageType: 'ComplianceChangeNotification',
    newEvaluationResult: { evaluationResultIdentifier: { evaluationResultQualifier: { configRuleName: rule, resourceType: item.resourceType, resourceId: item.resourceId }, orderingTimestamp: time }, complianceType, resultRecordedTime: time, configRuleInvokedTime: time },
    notificationCreationTime: time, resourceType: item.resourceType,
  };
});

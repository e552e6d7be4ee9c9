/**
 * requestParameters and responseElements of the events the checks route, in the shapes CloudTrail
 * writes them (EC2's `items` lists and wrapped `...Request` members, S3's `bucketName` + `Host`,
 * RDS's `dBInstanceIdentifier`, ...), naming the resource the way each API does: in the request,
 * only in the response (CreateVolume, CreateSecurityGroup, CreateKey), or not at all (an
 * account-level Block Public Access change, DeleteFlowLogs, DisassociateRouteTable).
 */
import fc from 'fast-check';
import { bucketName, dbIdentifier, ec2Id, keyUuid, kmsKeyArn, listenerArns, listenerParts, requestId, trailArn, trailName, userName } from './resource-ids.ts';

/** The members of one event that depend on its API. */
interface EventParameters {
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  resources?: Record<string, unknown>[];
  additionalEventData?: Record<string, unknown>;
}

interface Where {
  account: string;
  region: string;
}

type Build = (where: Where) => EventParameters;

const cidr = fc.constantFrom('0.0.0.0/0', '10.0.0.0/8', '203.0.113.0/24', '::/0');
const port = fc.constantFrom(22, 80, 443, 3389, 5432, -1);
const permissions = fc.tuple(fc.constantFrom('tcp', 'udp', '-1', '6'), port, cidr).map(([ipProtocol, fromPort, cidrIp]) => ({
  items: [{ ipProtocol, fromPort, toPort: fromPort, groups: {}, ipRanges: cidrIp.includes(':') ? {} : { items: [{ cidrIp }] }, ipv6Ranges: cidrIp.includes(':') ? { items: [{ cidrIpv6: cidrIp }] } : {}, prefixListIds: {} }],
}));

function ec2(eventName: string): fc.Arbitrary<EventParameters> {
  const ok = requestId.map((id) => ({ requestId: id, _return: true }));
  switch (eventName) {
    case 'AuthorizeSecurityGroupIngress': case 'RevokeSecurityGroupIngress': case 'AuthorizeSecurityGroupEgress': case 'RevokeSecurityGroupEgress':
      return fc.record({ groupId: ec2Id('sg-'), ipPermissions: permissions, ok }).map(({ groupId, ipPermissions, ok: response }) => ({
        requestParameters: { groupId, ipPermissions }, responseElements: { ...response, securityGroupRuleSet: { items: [{ groupId, securityGroupRuleId: 'sgr-0123456789abcdef0' }] } },
      }));
    case 'ModifySecurityGroupRules':
      return fc.record({ groupId: ec2Id('sg-'), port }).map(({ groupId, port: p }) => ({
        requestParameters: { ModifySecurityGroupRulesRequest: { GroupId: groupId, SecurityGroupRule: { SecurityGroupRuleId: 'sgr-0123456789abcdef0', SecurityGroupRule: { IpProtocol: 'tcp', FromPort: p, ToPort: p, CidrIpv4: '0.0.0.0/0' } } } },
        responseElements: { ModifySecurityGroupRulesResponse: { _return: true } },
      }));
    case 'UpdateSecurityGroupRuleDescriptionsIngress': case 'UpdateSecurityGroupRuleDescriptionsEgress':
      return ec2Id('sg-').map((groupId) => ({ requestParameters: { [`${eventName}Request`]: { GroupId: groupId, IpPermissions: {} } }, responseElements: { [`${eventName}Response`]: { _return: true } } }));
    case 'CreateSecurityGroup':
      return fc.record({ groupId: ec2Id('sg-'), vpcId: ec2Id('vpc-') }).map(({ groupId, vpcId }) => ({ requestParameters: { groupName: 'web', groupDescription: 'web', vpcId }, responseElements: { _return: true, groupId } }));
    case 'DeleteSecurityGroup':
      return ec2Id('sg-').map((groupId) => ({ requestParameters: { groupId }, responseElements: { _return: true, groupId } }));
    case 'CreateVolume':
      return fc.record({ volumeId: ec2Id('vol-'), encrypted: fc.boolean() }).map(({ volumeId, encrypted }) => ({
        requestParameters: { size: 8, zone: 'us-east-1a', volumeType: 'gp3', encrypted }, responseElements: { volumeId, size: '8', status: 'creating', encrypted, volumeType: 'gp3' },
      }));
    case 'ModifyVolume':
      return ec2Id('vol-').map((volumeId) => ({ requestParameters: { ModifyVolumeRequest: { VolumeId: volumeId, Size: 16 } }, responseElements: { ModifyVolumeResponse: { volumeModification: { volumeId, modificationState: 'modifying' } } } }));
    case 'AttachVolume': case 'DeleteVolume':
      return ec2Id('vol-').map((volumeId) => ({ requestParameters: { volumeId, instanceId: 'i-0123456789abcdef0', device: '/dev/sdf' }, responseElements: eventName === 'DeleteVolume' ? { _return: true } : { volumeId, status: 'attaching' } }));
    case 'EnableEbsEncryptionByDefault': case 'DisableEbsEncryptionByDefault': case 'ResetEbsDefaultKmsKeyId':
      return fc.constant({ requestParameters: { [`${eventName}Request`]: '' }, responseElements: { [`${eventName}Response`]: { ebsEncryptionByDefault: eventName.startsWith('Enable') } } });
    case 'ModifyEbsDefaultKmsKeyId':
      return keyUuid.map((key) => ({ requestParameters: { ModifyEbsDefaultKmsKeyIdRequest: { KmsKeyId: key } }, responseElements: { ModifyEbsDefaultKmsKeyIdResponse: { kmsKeyId: key } } }));
    case 'CreateRoute': case 'ReplaceRoute': case 'DeleteRoute':
      return fc.record({ routeTableId: ec2Id('rtb-'), target: ec2Id('igw-'), destination: cidr }).map(({ routeTableId, target, destination }) => ({ requestParameters: { routeTableId, destinationCidrBlock: destination, gatewayId: target }, responseElements: { _return: true } }));
    case 'AssociateRouteTable':
      return fc.record({ routeTableId: ec2Id('rtb-'), subnetId: ec2Id('subnet-') }).map((p) => ({ requestParameters: p, responseElements: { associationId: 'rtbassoc-0123456789abcdef0' } }));
    case 'ReplaceRouteTableAssociation':
      return ec2Id('rtb-').map((routeTableId) => ({ requestParameters: { associationId: 'rtbassoc-0123456789abcdef0', routeTableId }, responseElements: { newAssociationId: 'rtbassoc-0fedcba9876543210' } }));
    case 'DisassociateRouteTable':
      return fc.constant({ requestParameters: { associationId: 'rtbassoc-0123456789abcdef0' }, responseElements: { _return: true } });
    case 'AttachInternetGateway':
      return fc.record({ internetGatewayId: ec2Id('igw-'), vpcId: ec2Id('vpc-') }).map((p) => ({ requestParameters: p, responseElements: { _return: true } }));
    case 'CreateSubnet':
      return fc.record({ subnetId: ec2Id('subnet-'), vpcId: ec2Id('vpc-') }).map(({ subnetId, vpcId }) => ({ requestParameters: { vpcId, cidrBlock: '10.0.1.0/24' }, responseElements: { subnet: { subnetId, vpcId, state: 'available' } } }));
    case 'DeleteSubnet':
      return ec2Id('subnet-').map((subnetId) => ({ requestParameters: { subnetId }, responseElements: { _return: true } }));
    case 'CreateTags': case 'DeleteTags':
      return fc.array(fc.oneof(ec2Id('subnet-'), ec2Id('vpc-'), ec2Id('sg-'), ec2Id('i-')), { minLength: 1, maxLength: 3 }).map((ids) => ({
        requestParameters: { resourcesSet: { items: ids.map((resourceId) => ({ resourceId })) }, tagSet: { items: [{ key: 'data-classification', value: 'phi' }] } }, responseElements: { _return: true },
      }));
    case 'CreateFlowLogs':
      return ec2Id('vpc-').map((vpcId) => ({ requestParameters: { CreateFlowLogsRequest: { ResourceId: { content: vpcId, tag: 1 }, ResourceType: 'VPC', TrafficType: 'ALL' } }, responseElements: { CreateFlowLogsResponse: { flowLogIdSet: { item: 'fl-0123456789abcdef0' } } } }));
    case 'CreateVpc':
      return ec2Id('vpc-').map((vpcId) => ({ requestParameters: { cidrBlock: '10.0.0.0/16' }, responseElements: { vpc: { vpcId, state: 'pending' } } }));
    case 'DeleteVpc':
      return ec2Id('vpc-').map((vpcId) => ({ requestParameters: { vpcId }, responseElements: { _return: true } }));
    case 'DeleteFlowLogs':
      return fc.constant({ requestParameters: { DeleteFlowLogsRequest: { FlowLogId: { content: 'fl-0123456789abcdef0', tag: 1 } } }, responseElements: { DeleteFlowLogsResponse: { unsuccessful: '' } } });
    default:
      return fc.constant({ requestParameters: null, responseElements: null });
  }
}

function s3(eventName: string): fc.Arbitrary<EventParameters> {
  const accountLevel = /^(Put|Delete)(Account)?PublicAccessBlock$/.test(eventName);
  return fc.record({ bucket: bucketName, named: fc.boolean() }).map(({ bucket, named }) => {
    // PutAccountPublicAccessBlock (s3-control) names no bucket; PutPublicAccessBlock may be either.
    if (accountLevel && (eventName.includes('Account') || !named)) {
      return { requestParameters: { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: named, RestrictPublicBuckets: true } }, responseElements: null };
    }
    // S3 names the sub-resource a call changes as an empty member: PutBucketEncryption → "encryption": "".
    const subresource = eventName.replace(/^(Put|Delete|Create)Bucket/, '').toLowerCase() || 'bucket';
    return {
      requestParameters: { bucketName: bucket, Host: `${bucket}.s3.amazonaws.com`, [subresource]: '' },
      responseElements: null,
      additionalEventData: { SignatureVersion: 'SigV4', AuthenticationMethod: 'AuthHeader', bytesTransferredIn: 0 },
    };
  });
}

function cloudtrail(eventName: string): fc.Arbitrary<Build> {
  return fc.record({ name: trailName, other: trailName, byArn: fc.boolean(), multi: fc.boolean() }).map(({ name, other, byArn, multi }) => (where: Where) => {
    const arn = trailArn(where, other);
    const named = byArn ? arn : name;
    if (eventName === 'CreateTrail' || eventName === 'UpdateTrail') {
      return { requestParameters: { name: named, s3BucketName: 'trail-bucket', isMultiRegionTrail: multi, enableLogFileValidation: !multi }, responseElements: { name, trailARN: arn, isMultiRegionTrail: multi, logFileValidationEnabled: !multi } };
    }
    if (eventName === 'PutEventSelectors') return { requestParameters: { trailName: named, eventSelectors: [{ readWriteType: 'All', includeManagementEvents: multi }] }, responseElements: { trailARN: arn } };
    return { requestParameters: { name: named }, responseElements: null };
  });
}

function config(eventName: string): fc.Arbitrary<EventParameters> {
  if (eventName === 'PutConfigurationRecorder') {
    return fc.boolean().map((all) => ({ requestParameters: { configurationRecorder: { name: 'default', roleARN: 'arn:aws:iam::111122223333:role/config', recordingGroup: { allSupported: all, includeGlobalResourceTypes: all } } }, responseElements: null }));
  }
  if (eventName.endsWith('ResourceTypes')) return fc.constant({ requestParameters: { ConfigurationRecorderArn: 'arn:aws:config:us-east-1:111122223333:configuration-recorder/default/abc', ResourceTypes: ['AWS::S3::Bucket'] }, responseElements: null });
  return fc.constant({ requestParameters: eventName === 'DeleteDeliveryChannel' ? { deliveryChannelName: 'default' } : { configurationRecorderName: 'default' }, responseElements: null });
}

function iam(eventName: string): fc.Arbitrary<Build> {
  return fc.record({ user: userName, named: fc.integer({ min: 0, max: 4 }) }).map(({ user, named }) => (where: Where) => {
    const serialNumber = `arn:aws:iam::${where.account}:mfa/${user}`;
    // Root changing its own MFA names no userName; DeleteVirtualMFADevice never does.
    const request = named === 0 || eventName === 'DeleteVirtualMFADevice' ? { serialNumber } : { userName: user, serialNumber };
    if (eventName === 'CreateUser') return { requestParameters: { userName: user }, responseElements: { user: { userName: user, userId: 'AIDAEXAMPLEUSER', arn: `arn:aws:iam::${where.account}:user/${user}`, path: '/', createDate: 'Nov 2, 2026 10:00:00 AM' } } };
    if (eventName.endsWith('LoginProfile')) return { requestParameters: { userName: user, passwordResetRequired: named > 2 }, responseElements: eventName === 'CreateLoginProfile' ? { loginProfile: { userName: user, createDate: 'Nov 2, 2026 10:00:00 AM', passwordResetRequired: false } } : null };
    return { requestParameters: eventName === 'DeleteUser' ? { userName: user } : request, responseElements: null };
  });
}

function kms(eventName: string): fc.Arbitrary<Build> {
  return fc.record({ key: keyUuid, byArn: fc.boolean(), withResources: fc.boolean() }).map(({ key, byArn, withResources }) => (where: Where) => {
    const keyArn = kmsKeyArn(where, key);
    const resources = withResources ? [{ accountId: where.account, type: 'AWS::KMS::Key', ARN: keyArn }] : undefined;
    if (eventName === 'CreateKey') return { requestParameters: { keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', origin: 'AWS_KMS' }, responseElements: { keyMetadata: { keyId: key, arn: keyArn, keyState: 'Enabled', keyManager: 'CUSTOMER' } }, ...(resources ? { resources } : {}) };
    return { requestParameters: { keyId: byArn ? keyArn : key, ...(eventName === 'ScheduleKeyDeletion' ? { pendingWindowInDays: 7 } : {}) }, responseElements: null, ...(resources ? { resources } : {}) };
  });
}

function rds(eventName: string): fc.Arbitrary<EventParameters> {
  return fc.record({ id: dbIdentifier, renamed: fc.option(dbIdentifier, { nil: undefined }), encrypted: fc.boolean(), open: fc.boolean() }).map(({ id, renamed, encrypted, open }) => {
    const restored = eventName.startsWith('Restore') || eventName === 'CreateDBInstanceReadReplica';
    const request = restored ? { targetDBInstanceIdentifier: id, sourceDBInstanceIdentifier: 'source-db' } : { dBInstanceIdentifier: id, ...(renamed && eventName === 'ModifyDBInstance' ? { newDBInstanceIdentifier: renamed } : {}) };
    return { requestParameters: { ...request, dBInstanceClass: 'db.t3.micro', engine: 'postgres', storageEncrypted: encrypted, publiclyAccessible: open }, responseElements: { dBInstanceIdentifier: id.toLowerCase(), storageEncrypted: encrypted, publiclyAccessible: open } };
  });
}

function elbv2(eventName: string): fc.Arbitrary<Build> {
  return fc.record({ parts: listenerParts, protocol: fc.constantFrom('HTTP', 'HTTPS', 'TCP', 'TLS') }).map(({ parts, protocol }) => (where: Where) => {
    const arns = listenerArns(where, parts);
    const listenerOut = { listeners: [{ listenerArn: arns.listenerArn, loadBalancerArn: arns.loadBalancerArn, port: 443, protocol }] };
    if (eventName === 'CreateListener') return { requestParameters: { loadBalancerArn: arns.loadBalancerArn, protocol, port: 443, defaultActions: [{ type: 'forward' }] }, responseElements: listenerOut };
    if (eventName === 'ModifyListener') return { requestParameters: { listenerArn: arns.listenerArn, protocol }, responseElements: listenerOut };
    if (eventName === 'DeleteListener' || eventName === 'CreateRule') return { requestParameters: { listenerArn: arns.listenerArn, priority: 10 }, responseElements: eventName === 'CreateRule' ? { rules: [{ ruleArn: arns.ruleArn }] } : null };
    return { requestParameters: { ruleArn: arns.ruleArn }, responseElements: null };
  });
}

function signin(): fc.Arbitrary<EventParameters> {
  return fc.record({ success: fc.boolean(), mfa: fc.constantFrom('Yes', 'No') }).map(({ success, mfa }) => ({
    requestParameters: null,
    responseElements: { ConsoleLogin: success ? 'Success' : 'Failure' },
    additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: mfa, ...(mfa === 'Yes' ? { MFAIdentifier: 'arn:aws:iam::111122223333:u2f/user/alice/key' } : {}) },
  }));
}

/** Members that do not depend on the account and region. */
function fixed(arbitrary: fc.Arbitrary<EventParameters>): fc.Arbitrary<Build> {
  return arbitrary.map((parameters) => () => parameters);
}

/**
 * The API-specific members of an event from `eventSource`, named `eventName` (its stem), as a
 * function of the account and region (arbitraries are built once, not per case: building them is
 * what costs).
 */
export function eventParameters(eventSource: string, eventName: string): fc.Arbitrary<Build> {
  switch (eventSource) {
    case 'ec2.amazonaws.com': return fixed(ec2(eventName));
    case 's3.amazonaws.com': return fixed(s3(eventName));
    case 'cloudtrail.amazonaws.com': return cloudtrail(eventName);
    case 'config.amazonaws.com': return fixed(config(eventName));
    case 'iam.amazonaws.com': return iam(eventName);
    case 'kms.amazonaws.com': return kms(eventName);
    case 'rds.amazonaws.com': return fixed(rds(eventName));
    case 'elasticloadbalancing.amazonaws.com': return elbv2(eventName);
    case 'signin.amazonaws.com': return fixed(signin());
    default: return fixed(fc.constant({ requestParameters: { functionName: 'intake' }, responseElements: null }));
  }
}

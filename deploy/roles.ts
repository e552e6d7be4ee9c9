/**
 * One IAM role per function, generated so each holds exactly the read actions its checks declare
 * plus its own writes. Roles are plain CloudFormation (the serverless-iam-roles-per-function pattern
 * done by hand) and are referenced from serverless.yml with `role:`.
 */
import { declaredReads, type CheckMetadata } from '../lib/model/check.ts';
import { readStatements, type Statement } from './iam-scopes.ts';

/** The deployed functions, in pipeline order. Their names are the serverless.yml function keys. */
export const FUNCTIONS = ['cloudtrail-event', 'config-event', 'config-rule', 'posture-sweep', 'seal'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

/** Collectors that may read member accounts in organization mode; the Config rule only sees its own account. */
export const CROSS_ACCOUNT_COLLECTORS: readonly FunctionName[] = ['cloudtrail-event', 'config-event', 'posture-sweep'];

/** "posture-sweep" -> "PostureSweep". */
export function pascal(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

/** Logical id of a function's role, e.g. "PostureSweepRole". */
export function roleLogicalId(fn: FunctionName): string {
  return `${pascal(fn)}Role`;
}

/** Role name, stable across deploys so member accounts can trust it by ARN. */
function roleName(fn: FunctionName): string {
  return `trailproof-\${sls:stage}-${fn}`;
}

/** The queue each SQS-driven function consumes (logical ids of resources in serverless.yml). */
const QUEUE_OF: Partial<Record<FunctionName, string>> = {
  'cloudtrail-event': 'CloudTrailEventQueue',
  'config-event': 'ConfigEventQueue',
  // The Organization sweep: one message per account, consumed by the sweep itself.
  'posture-sweep': 'SweepQueue',
};

/**
 * The read actions a function needs: the union over the checks it can run.
 * cloudtrail-event runs checks with CloudTrail triggers and EventBridge service-event triggers (their
 * rules feed its queue); config-event and config-rule run checks with
 * Config resource types (an oversized item is read from the API); the sweep runs every sweep check.
 */
export function readActionsFor(fn: FunctionName, checks: CheckMetadata[]): string[] {
  const runs = (c: CheckMetadata): boolean => {
    switch (fn) {
      case 'cloudtrail-event':
        return c.triggers.cloudtrail.length > 0 || (c.triggers.eventbridge ?? []).length > 0;
      case 'config-event':
      case 'config-rule':
        return c.triggers.configResourceTypes.length > 0;
      case 'posture-sweep':
        return c.triggers.sweep;
      case 'seal':
        return false;
    }
  };
  return [...new Set(checks.filter(runs).flatMap(declaredReads))].sort();
}

/** Every action any check needs: what a member account's read-only role grants. */
export function allReadActions(checks: CheckMetadata[]): string[] {
  return [...new Set(checks.flatMap(declaredReads))].sort();
}

function evidenceObjects(...areas: string[]): Array<{ 'Fn::Sub': string }> {
  return areas.map((area) => ({ 'Fn::Sub': `\${EvidenceBucket.Arn}/\${self:custom.evidencePrefix}${area}/*` }));
}

/**
 * An evidence write carries the stage's lock, exactly: the configured mode and no more than the
 * configured days (without this, s3:PutObjectRetention would let a function extend any object's
 * lock without limit, a 1-day dev lock into decades), and is SSE-S3 (no KMS or customer-held key
 * that could make it unreadable). The bucket policy denies the same to every other principal too.
 */
const EVIDENCE_WRITE_CONDITION = {
  StringEquals: { 's3:object-lock-mode': '${param:lockMode}' },
  NumericLessThanEquals: { 's3:object-lock-remaining-retention-days': '${param:retentionDays}' },
  StringEqualsIfExists: { 's3:x-amz-server-side-encryption': 'AES256' },
  Null: { 's3:x-amz-server-side-encryption-customer-algorithm': 'true' },
};

/**
 * Evidence writes. s3:PutObjectRetention is granted with PutObject because the S3 store sends
 * ObjectLockMode/ObjectLockRetainUntilDate on each put (S3 requires s3:PutObjectRetention for a PutObject
 * carrying Object Lock headers); both only under EVIDENCE_WRITE_CONDITION, so a put without the lock is refused too.
 * Shortening a GOVERNANCE lock needs s3:BypassGovernanceRetention, which the bucket policy denies to
 * everyone; COMPLIANCE cannot be shortened. The bucket is SSE-S3: no KMS permission is needed.
 */
function writeStatements(fn: FunctionName): Statement[] {
  // The sealer publishes the public key (lib/seal/seal-pending.ts); collectors write records only, and
  // the sweep also its run records (runs/, lib/pipeline/sweep.ts). Exceptions and attestations are
  // written by people with the CLI (trailproof except/attest), never by a function.
  const areas = fn === 'seal' ? ['seals', 'keys'] : fn === 'posture-sweep' ? ['records', 'runs'] : ['records'];
  const statements: Statement[] = [
    { Sid: 'WriteEvidenceWithStageLock', Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectRetention'], Resource: evidenceObjects(...areas), Condition: EVIDENCE_WRITE_CONDITION },
  ];
  if (fn === 'seal') {
    statements.push(
      {
        Sid: 'ListRecordsAndSeals',
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: { 'Fn::GetAtt': ['EvidenceBucket', 'Arn'] },
        // Every signed area a seal lists (lib/store/layout.ts SIGNED_PREFIXES), by name alone: no GET of ledger objects.
        Condition: { StringLike: { 's3:prefix': ['records', 'seals', 'attestations', 'exceptions', 'runs'].map((area) => `\${self:custom.evidencePrefix}${area}/*`) } },
      },
      { Sid: 'ReadRecordsAndSeals', Effect: 'Allow', Action: ['s3:GetObject'], Resource: evidenceObjects('records', 'seals') },
    );
  }
  return statements;
}

function ownStatements(fn: FunctionName, checks: CheckMetadata[]): Statement[] {
  const statements: Statement[] = [
    {
      Sid: 'WriteOwnLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: { 'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/trailproof-\${sls:stage}-${fn}:*` },
    },
  ];
  const queue = QUEUE_OF[fn];
  if (queue) {
    statements.push({
      Sid: 'ConsumeOwnQueue',
      Effect: 'Allow',
      Action: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'],
      Resource: { 'Fn::GetAtt': [queue, 'Arn'] },
    });
  }
  if (fn === 'posture-sweep') {
    statements.push({ Sid: 'QueueAccountSweeps', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: { 'Fn::GetAtt': ['SweepQueue', 'Arn'] } });
  }
  if (fn === 'config-rule') {
    statements.push({ Sid: 'PutEvaluationsNoResourceLevelPermissions', Effect: 'Allow', Action: ['config:PutEvaluations'], Resource: '*' });
  }
  const reads = readStatements(readActionsFor(fn, checks), { managementAccount: '${self:custom.managementAccountId}' });
  return [...statements, ...writeStatements(fn), ...reads];
}

const POLICY_VERSION = '2012-10-17';

/** The CloudFormation AWS::IAM::Role of one function. */
export function roleResource(fn: FunctionName, checks: CheckMetadata[]): Record<string, unknown> {
  const policies: unknown[] = [{ PolicyName: 'trailproof', PolicyDocument: { Version: POLICY_VERSION, Statement: ownStatements(fn, checks) } }];
  if (CROSS_ACCOUNT_COLLECTORS.includes(fn)) {
    // The account part must be "*": the member accounts are not known when the stack is deployed.
    policies.push({
      'Fn::If': [
        'OrganizationMode',
        {
          PolicyName: 'member-accounts',
          PolicyDocument: {
            Version: POLICY_VERSION,
            Statement: [
              {
                Sid: 'AssumeMemberReadRole',
                Effect: 'Allow',
                Action: ['sts:AssumeRole'],
                Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::*:role/${self:custom.memberRoleName}' },
              },
            ],
          },
        },
        { Ref: 'AWS::NoValue' },
      ],
    });
  }
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: roleName(fn),
      Description: `trailproof ${fn}: least-privilege role generated from check metadata (deploy/generate.ts)`,
      AssumeRolePolicyDocument: {
        Version: POLICY_VERSION,
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
      Policies: policies,
    },
  };
}

/**
 * kms:Sign lives in its own policy, not in the roles: the signing key's policy names the roles, so a
 * role that named the key would make a CloudFormation dependency cycle.
 */
export function signingPolicyResource(): Record<string, unknown> {
  return {
    Type: 'AWS::IAM::Policy',
    Properties: {
      PolicyName: 'trailproof-sign-evidence',
      Roles: FUNCTIONS.map((fn) => ({ Ref: roleLogicalId(fn) })),
      PolicyDocument: {
        Version: POLICY_VERSION,
        Statement: [
          {
            Sid: 'SignEvidenceBatches',
            Effect: 'Allow',
            Action: ['kms:Sign'],
            Resource: { 'Fn::GetAtt': ['SigningKey', 'Arn'] },
            Condition: { StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256' } },
          },
          { Sid: 'PublishPublicKey', Effect: 'Allow', Action: ['kms:GetPublicKey'], Resource: { 'Fn::GetAtt': ['SigningKey', 'Arn'] } },
        ],
      },
    },
  };
}

/* eslint-disable @typescript-eslint/no-explicit-any -- these tests walk untyped CloudFormation JSON; typing every resource shape would only restate the template. */
import { NUMERIC_SETTINGS } from '../../lib/model/settings.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadCheckMetadata } from '../../deploy/check-metadata.ts';
import { REPO_ROOT, allPatterns } from '../../deploy/generate.ts';
import { configRuleScope } from '../../deploy/config-rule.ts';
import { FUNCTIONS, readActionsFor, roleLogicalId, type FunctionName } from '../../deploy/roles.ts';
import { allowedActions, packageStages, referencedIds, roleStatements, type Template } from './packaged-template.ts';

const checks = loadCheckMetadata(join(REPO_ROOT, 'lib/checks'));
let stages: Record<'dev' | 'prod', Template>;

beforeAll(() => {
  stages = packageStages();
}, 240_000);

const byType = (t: Template, type: string) => Object.entries(t.Resources).filter(([, r]) => r.Type === type);

/** What each role may do besides its checks' read actions. */
const OWN_ACTIONS: Record<FunctionName, string[]> = {
  'cloudtrail-event': ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage', 'sts:AssumeRole'],
  'config-event': ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage', 'sts:AssumeRole'],
  'config-rule': ['config:PutEvaluations'],
  'posture-sweep': ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage', 'sqs:SendMessage', 'sts:AssumeRole'],
  seal: ['s3:GetObject', 's3:ListBucket'],
};
const COMMON = ['kms:GetPublicKey', 'kms:Sign', 'logs:CreateLogStream', 'logs:PutLogEvents', 's3:PutObject', 's3:PutObjectRetention'];

describe('evidence bucket', () => {
  it('locks objects in COMPLIANCE for 6 years in prod and GOVERNANCE for 1 day in dev', () => {
    expect(stages.prod.Resources.EvidenceBucket.Properties.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2192 } },
    });
    expect(stages.dev.Resources.EvidenceBucket.Properties.ObjectLockConfiguration.Rule.DefaultRetention).toEqual({ Mode: 'GOVERNANCE', Days: 1 });
    const env = stages.prod.Resources.SealLambdaFunction.Properties.Environment.Variables;
    expect([env.LOCK_MODE, env.RETENTION_DAYS]).toEqual(['COMPLIANCE', '2192']);
  });

  it('is versioned, SSE-S3 (no key anyone could delete), private, owner-enforced, retained', () => {
    const bucket = stages.prod.Resources.EvidenceBucket;
    const p = bucket.Properties;
    expect(p.ObjectLockEnabled).toBe(true);
    expect(p.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(p.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }]);
    expect(p.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(p.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(byType(stages.prod, 'AWS::KMS::Key').map(([id]) => id).sort()).toEqual(['AlarmTopicKey', 'SigningKey']);
    for (const id of ['EvidenceBucket', 'SigningKey', 'AlarmTopicKey']) {
      expect([stages.prod.Resources[id].DeletionPolicy, stages.prod.Resources[id].UpdateReplacePolicy], id).toEqual(['Retain', 'Retain']);
    }
  });

  it('has a policy denying plain HTTP, deletion, retention bypass and other encryption to everyone, and lock changes to all but the admin', () => {
    const statements = stages.prod.Resources.EvidenceBucketPolicy.Properties.PolicyDocument.Statement as any[];
    const sid = (s: string) => statements.find((x) => x.Sid === s);
    expect(statements.every((s) => s.Effect === 'Deny' && s.Principal === '*')).toBe(true);
    expect(sid('DenyInsecureTransport').Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
    expect(sid('DenyEvidenceDeletion').Action).toEqual(['s3:DeleteObject', 's3:DeleteObjectVersion']);
    expect(sid('DenyEvidenceDeletion').Condition).toBeUndefined();
    expect(sid('DenyRetentionBypass')).toMatchObject({ Action: 's3:BypassGovernanceRetention' });
    expect(sid('DenyRetentionBypass').Condition).toBeUndefined();
    const admin = sid('DenyLockChangesExceptAdmin');
    expect(admin.Action).toEqual(expect.arrayContaining([
      's3:PutBucketObjectLockConfiguration', 's3:DeleteBucketPolicy', 's3:PutBucketPolicy', 's3:PutBucketVersioning', 's3:PutLifecycleConfiguration', 's3:DeleteBucket',
    ]));
    expect(sid('DenyLegalHoldChangesExceptAdmin').Condition).toEqual(admin.Condition);
    expect(Object.keys(admin.Condition)).toEqual(['ArnNotEquals']);
    expect(admin.Condition.ArnNotEquals['aws:PrincipalArn']['Fn::If'][0]).toBe('HasAdminRole');
    // The lock bounds are the stage's own (their effect is judged in iam-simulation.test.ts).
    expect(sid('DenyLockModeOtherThanConfigured').Condition.StringNotEquals).toEqual({ 's3:object-lock-mode': 'COMPLIANCE' });
    expect(sid('DenyRetentionLongerThanConfigured').Condition.NumericGreaterThan).toEqual({ 's3:object-lock-remaining-retention-days': 2192 });
    const devStatements = stages.dev.Resources.EvidenceBucketPolicy.Properties.PolicyDocument.Statement as any[];
    expect(devStatements.find((x) => x.Sid === 'DenyRetentionLongerThanConfigured').Condition.NumericGreaterThan).toEqual({ 's3:object-lock-remaining-retention-days': 1 });
  });

  it('deploys through a bucket with all public access blocked, SSE-S3 and a TLS-only policy', () => {
    for (const t of Object.values(stages)) {
      const bucket = t.Resources.ServerlessDeploymentBucket.Properties;
      expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }]);
      const [tls] = t.Resources.ServerlessDeploymentBucketPolicy.Properties.PolicyDocument.Statement as any[];
      expect(tls).toMatchObject({ Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': false } } });
    }
  });
});

describe('signing key', () => {
  it('is an ECC P-256 sign/verify key aliased per stage', () => {
    const key = stages.prod.Resources.SigningKey.Properties;
    expect([key.KeySpec, key.KeyUsage]).toEqual(['ECC_NIST_P256', 'SIGN_VERIFY']);
    expect(stages.prod.Resources.SigningKeyAlias.Properties.AliasName).toBe('alias/trailproof-signing-prod');
    expect(stages.dev.Resources.SigningKeyAlias.Properties.AliasName).toBe('alias/trailproof-signing-dev');
  });

  it('lets only the five function roles sign, the account manage it, and any account principal read the public key', () => {
    const statements = stages.prod.Resources.SigningKey.Properties.KeyPolicy.Statement as any[];
    const granting = (action: string) => statements.filter((s) => s.Effect === 'Allow' && [s.Action].flat().some((a: string) => a === action || a === 'kms:*' || a === '*'));
    const signers = granting('kms:Sign');
    expect(signers).toHaveLength(1);
    expect(signers[0].Principal.AWS).toEqual(FUNCTIONS.map((fn) => ({ 'Fn::GetAtt': [roleLogicalId(fn), 'Arn'] })));
    expect(signers[0].Condition).toEqual({ StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256' } });
    const admin = statements.find((s) => s.Sid === 'AccountManagesKeyButCannotSign');
    expect(admin.Action).toEqual(expect.arrayContaining(['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:DescribeKey']));
    // ...and only the admin role may use them: reads, signing and verifying are all that is left to anyone else.
    const management = statements.find((s) => s.Sid === 'DenyKeyManagementExceptAdmin');
    expect(management).toMatchObject({ Effect: 'Deny', Principal: '*', Resource: '*' });
    expect(management.NotAction.filter((a: string) => !/^kms:(Describe|Get|List)/.test(a))).toEqual(['kms:Sign', 'kms:Verify']);
    expect(statements.find((s) => s.Sid === 'DenySigningExceptFunctions').Condition.ArnNotEquals['aws:PrincipalArn']).toHaveLength(FUNCTIONS.length);
    const reader = statements.find((s) => s.Sid === 'AccountReadsPublicKey');
    expect(reader.Action).toEqual(['kms:GetPublicKey', 'kms:DescribeKey']);
    expect(reader.Condition).toEqual({ StringEquals: { 'kms:CallerAccount': { Ref: 'AWS::AccountId' } } });
  });
});

describe('function roles', () => {
  it('each function runs on nodejs24.x arm64 under its own role with the documented environment', () => {
    for (const fn of FUNCTIONS) {
      const id = Object.keys(stages.prod.Resources).find((k) => stages.prod.Resources[k].Properties?.FunctionName === `trailproof-prod-${fn}`)!;
      const p = stages.prod.Resources[id].Properties;
      expect([p.Runtime, p.Architectures], fn).toEqual(['nodejs24.x', ['arm64']]);
      expect(p.Role).toEqual({ 'Fn::GetAtt': [roleLogicalId(fn), 'Arn'] });
      const sweepOnly = fn === 'posture-sweep' ? ['SWEEP_ACCOUNTS', 'SWEEP_QUEUE_URL'] : fn === 'seal' ? ['TSA_URL'] : [];
      expect(Object.keys(p.Environment.Variables).sort()).toEqual([
        'EVIDENCE_BUCKET', 'EVIDENCE_PREFIX', 'LOCK_MODE', 'LOG_LEVEL', 'MEMBER_ROLE_NAME', 'PHI_TAG_KEY', 'PHI_TAG_VALUES', 'POWERTOOLS_SERVICE_NAME', 'REGIONS', 'RETENTION_DAYS', 'SIGNING_KEY_ARN', ...sweepOnly,
        ...Object.values(NUMERIC_SETTINGS).map((setting) => setting.env),
      ].sort());
      expect(p.Environment.Variables.POWERTOOLS_SERVICE_NAME).toBe('trailproof');
    }
    expect(byType(stages.prod, 'AWS::IAM::Role').map(([id]) => id).sort()).toEqual(FUNCTIONS.map(roleLogicalId).sort());
  });

  it.each(FUNCTIONS)('%s holds exactly its checks\' read actions plus its own writes', (fn) => {
    const expected = [...new Set([...COMMON, ...OWN_ACTIONS[fn], ...readActionsFor(fn, checks)])].sort();
    expect(allowedActions(stages.prod, roleLogicalId(fn))).toEqual(expected);
  });

  it('no role can delete evidence, change the lock, bucket or legal hold, or use wildcards', () => {
    for (const fn of FUNCTIONS) {
      const statements = roleStatements(stages.prod, roleLogicalId(fn));
      for (const action of allowedActions(stages.prod, roleLogicalId(fn))) {
        expect(action, fn).not.toMatch(/^s3:Delete|^s3:PutBucket|^s3:PutObjectLegalHold$|^s3:BypassGovernanceRetention$|^s3:PutLifecycle|\*/);
      }
      for (const s of statements) {
        if (s.Resource === '*') expect(s.Sid, `${fn} ${JSON.stringify(s.Action)}`).toMatch(/NoResourceLevelPermissions/);
        if ([s.Action].flat().some((a: string) => a.startsWith('s3:Put'))) {
          for (const r of [s.Resource].flat()) expect(r['Fn::Sub'], fn).toMatch(/^\$\{EvidenceBucket\.Arn\}\/(records|seals|keys|runs)\/\*$/);
          expect(s.Condition.StringEquals, fn).toEqual({ 's3:object-lock-mode': 'COMPLIANCE' });
        }
      }
    }
  });

  it('the sealer lists only the signed areas and seals and never writes records', () => {
    const statements = roleStatements(stages.prod, 'SealRole');
    const list = statements.find((s) => s.Action.includes('s3:ListBucket'));
    expect(list.Condition).toEqual({ StringLike: { 's3:prefix': ['records/*', 'seals/*', 'attestations/*', 'exceptions/*', 'runs/*'] } });
    const writes = statements.find((s) => s.Action.includes('s3:PutObject'));
    expect(writes.Resource.map((r: any) => r['Fn::Sub'])).toEqual(['${EvidenceBucket.Arn}/seals/*', '${EvidenceBucket.Arn}/keys/*']);
  });

  it('only the sweep writes run records; no function writes exceptions or attestations (people do, with the CLI)', () => {
    const writtenAreas = (fn: FunctionName) =>
      roleStatements(stages.prod, roleLogicalId(fn)).filter((s) => [s.Action].flat().includes('s3:PutObject')).flatMap((s) => [s.Resource].flat().map((r: any) => r['Fn::Sub'].split('/')[1]));
    expect(Object.fromEntries(FUNCTIONS.map((fn) => [fn, writtenAreas(fn)]))).toEqual({
      'cloudtrail-event': ['records'],
      'config-event': ['records'],
      'config-rule': ['records'],
      'posture-sweep': ['records', 'runs'],
      seal: ['seals', 'keys'],
    });
  });
});

describe('event delivery', () => {
  it('every queue has a DLQ after 5 receives, SSE-SQS, and an alarm on its DLQ notifying the encrypted topic', () => {
    for (const [queue, dlq] of [['CloudTrailEventQueue', 'CloudTrailEventDlq'], ['ConfigEventQueue', 'ConfigEventDlq'], ['SweepQueue', 'SweepDlq']] as const) {
      const q = stages.prod.Resources[queue].Properties;
      expect(q.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] }, maxReceiveCount: 5 });
      expect([q.SqsManagedSseEnabled, stages.prod.Resources[dlq].Properties.SqsManagedSseEnabled]).toEqual([true, true]);
      const alarm = byType(stages.prod, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties)
        .find((a) => a.Dimensions?.[0]?.Value?.['Fn::GetAtt']?.[0] === dlq);
      expect(alarm, dlq).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [{ Ref: 'AlarmTopic' }] });
    }
    expect(stages.prod.Resources.AlarmTopic.Properties.KmsMasterKeyId).toEqual({ Ref: 'AlarmTopicKey' });
    const topicPolicy = stages.prod.Resources.AlarmTopicPolicy.Properties.PolicyDocument.Statement as any[];
    expect(topicPolicy.find((s) => s.Sid === 'DenyInsecureTransport')).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });

  it('SQS-driven functions report partial batch failures', () => {
    const mappings = byType(stages.prod, 'AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties);
    expect(mappings).toHaveLength(3);
    for (const m of mappings) expect(m.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    const events = mappings.filter((m) => m.EventSourceArn['Fn::GetAtt'][0] !== 'SweepQueue');
    for (const m of events) expect([m.BatchSize, m.MaximumBatchingWindowInSeconds]).toEqual([25, 20]);
    // An account's sweep takes up to the whole 15 minutes: one message per invocation.
    expect(mappings.find((m) => m.EventSourceArn['Fn::GetAtt'][0] === 'SweepQueue')!.BatchSize).toBe(1);
  });

  it('queues the sweep of each account of an Organization: only the sweep role sends, and only over TLS', () => {
    const env = Object.values(stages.prod.Resources).find((r: any) => r.Properties?.FunctionName === 'trailproof-prod-posture-sweep') as any;
    expect(env.Properties.Environment.Variables.SWEEP_QUEUE_URL).toEqual({ Ref: 'SweepQueue' });
    const statements = stages.prod.Resources.SweepQueuePolicy.Properties.PolicyDocument.Statement as any[];
    expect(statements).toEqual([expect.objectContaining({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]);
    const senders = FUNCTIONS.filter((fn) => allowedActions(stages.prod, roleLogicalId(fn)).includes('sqs:SendMessage'));
    expect(senders).toEqual(['posture-sweep']);
  });

  it('queue policies accept only TLS and only the generated rules that target them', () => {
    for (const queue of ['CloudTrailEventQueue', 'ConfigEventQueue']) {
      const rules = byType(stages.prod, 'AWS::Events::Rule').filter(([, r]) => r.Properties.Targets?.[0]?.Arn?.['Fn::GetAtt']?.[0] === queue);
      const statements = stages.prod.Resources[`${queue}Policy`].Properties.PolicyDocument.Statement as any[];
      expect(statements[0]).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
      const allow = statements[1];
      expect(allow.Principal).toEqual({ Service: 'events.amazonaws.com' });
      const sources = allow.Condition.ArnEquals['aws:SourceArn'].map((s: any) => (s['Fn::If'] ? s['Fn::If'][1] : s)['Fn::GetAtt'][0]).sort();
      expect(sources).toEqual(rules.map(([id]) => id).sort());
    }
  });

  it('rules carry the generated patterns on the default bus and, in organization mode, on the central bus', () => {
    const patterns = allPatterns(checks).map((p) => p.pattern);
    const rules = byType(stages.prod, 'AWS::Events::Rule').filter(([, r]) => r.Properties.EventPattern);
    const onDefault = rules.filter(([, r]) => !r.Properties.EventBusName).map(([, r]) => r.Properties.EventPattern);
    const onCentral = rules.filter(([, r]) => r.Properties.EventBusName).map(([, r]) => r);
    expect(onDefault).toEqual(patterns);
    expect(onCentral.map((r) => r.Properties.EventPattern)).toEqual(patterns);
    for (const r of onCentral) expect([r.Condition, r.Properties.EventBusName]).toEqual(['OrganizationMode', { Ref: 'CentralEventBus' }]);
    const busPolicy = stages.prod.Resources.CentralEventBusPolicy.Properties.Statement;
    expect(Object.keys(busPolicy.Condition.StringEquals)).toEqual(['aws:PrincipalOrgID']);
  });

  it('schedules the sweep daily and the seal hourly at minute 5', () => {
    const schedules = byType(stages.prod, 'AWS::Events::Rule').filter(([, r]) => r.Properties.ScheduleExpression)
      .map(([, r]) => [r.Properties.ScheduleExpression, r.Properties.Targets[0].Arn['Fn::GetAtt'][0]]);
    expect(schedules.sort()).toEqual([['cron(5 * * * ? *)', 'SealLambdaFunction'], ['rate(1 day)', 'PostureDashsweepLambdaFunction']]);
  });
});

describe('config rule', () => {
  it('is optional, custom-Lambda, change- and oversized-triggered plus daily, scoped from metadata', () => {
    const { prod } = stages;
    expect(prod.Conditions.ConfigRuleEnabled).toEqual({ 'Fn::Equals': ['false', 'true'] });
    const rule = prod.Resources.TrailproofConfigRule;
    expect(rule.Condition).toBe('ConfigRuleEnabled');
    expect(rule.Properties.Source.Owner).toBe('CUSTOM_LAMBDA');
    expect(rule.Properties.Source.SourceDetails.map((d: any) => d.MessageType)).toEqual([
      'ConfigurationItemChangeNotification', 'OversizedConfigurationItemChangeNotification', 'ScheduledNotification',
    ]);
    expect(rule.Properties.Source.SourceDetails[2].MaximumExecutionFrequency).toBe('TwentyFour_Hours');
    expect(rule.Properties.Scope.ComplianceResourceTypes).toEqual(configRuleScope(checks));
    expect(prod.Resources.ConfigRuleInvokePermission.Properties).toMatchObject({ Principal: 'config.amazonaws.com', SourceAccount: { Ref: 'AWS::AccountId' } });
  });
});

describe('template integrity', () => {
  it('every Ref, GetAtt and Sub points at a resource, parameter or pseudo parameter, and every Condition exists', () => {
    for (const t of Object.values(stages)) {
      const known = new Set([...Object.keys(t.Resources), ...Object.keys((t as any).Parameters ?? {})]);
      for (const id of referencedIds(t.Resources)) if (!id.startsWith('AWS::')) expect(known.has(id), id).toBe(true);
      for (const r of Object.values(t.Resources)) if (r.Condition) expect(t.Conditions[r.Condition], r.Condition).toBeDefined();
    }
  });
});

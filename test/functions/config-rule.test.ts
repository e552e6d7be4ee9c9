import './support/quiet-logs.ts';
import { ConfigServiceClient, PutEvaluationsCommand, type PutEvaluationsCommandInput } from '@aws-sdk/client-config-service';
import { DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { GetEbsDefaultKmsKeyIdCommand, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { GetAccountPasswordPolicyCommand, GetAccountSummaryCommand, ListVirtualMFADevicesCommand } from '@aws-sdk/client-iam';
import { BatchGetAccountStatusCommand, Inspector2Client } from '@aws-sdk/client-inspector2';
import { SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { createHandler } from '../../functions/config-rule.ts';
import type { Check } from '../../lib/model/check.ts';
import { DEFAULT_SETTINGS } from '../../lib/model/check.ts';
import { checkById } from '../../lib/checks/registry.ts';
import type { SnapshotKind } from '../../lib/collectors/types.ts';
import { parseInput } from '../../lib/events/parse.ts';
import { LocalKeySigner } from '../../lib/signers/local.ts';
import { generateKeyPair } from '../../lib/evidence/keys.ts';
import { PUT_EVALUATIONS_LIMIT, processConfigRuleInvocation } from '../../lib/pipeline/config-rule.ts';
import { MemoryStore } from '../../lib/store/memory.ts';
import { ACCOUNT, ENV, fakeEvidenceBucket, fakeKms, fixture, lambdaContext, mockedAws, sdkError, verifiedRecords } from './support/harness.ts';

const SG = 'sg-0a1b2c3d4e5f60001';
const SG_CHECKS = ['ec2-sg-no-public-admin-ports', 'ec2-sg-no-public-all-traffic', 'vpc-default-sg-closed'];

type Invocation = { invokingEvent: string; resultToken: string } & Record<string, unknown>;

const aws = mockedAws();
const kms = fakeKms();
const bucket = fakeEvidenceBucket();
const configApi = new ConfigServiceClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' }, maxAttempts: 1 });
const configMock = mockClient(configApi);
const handler = () => createHandler({ s3: bucket.client, kms: kms.client, clientsFor: () => aws.clients, config: configApi }, ENV);

/** The evaluations of every PutEvaluations call, in order. */
const putEvaluations = () => configMock.commandCalls(PutEvaluationsCommand).map((call) => call.args[0].input as PutEvaluationsCommandInput);

/** The change-triggered invocation, with the group's ingress rules replaced when given. */
function changeInvocation(ingress?: unknown[]): Invocation {
  const invocation = fixture<Invocation>('config-rule-change-sg.json');
  if (ingress) {
    const invokingEvent = JSON.parse(invocation.invokingEvent);
    invokingEvent.configurationItem.configuration.ipPermissions = ingress;
    invocation.invokingEvent = JSON.stringify(invokingEvent);
  }
  return invocation;
}

beforeEach(() => {
  for (const mock of Object.values(aws.mocks)) mock.reset();
  configMock.reset();
  configMock.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
  kms.install();
  bucket.reset();
});

describe('config-rule handler', () => {
  it('writes evidence for a changed group and reports NON_COMPLIANT with the invocation result token', async () => {
    // Prepare
    const invocation = changeInvocation();
    // Act
    const result = await handler()(invocation, lambdaContext('trailproof-dev-config-rule'));
    // Assess
    const records = verifiedRecords(bucket.puts(), kms.pinned);
    expect(records.map((r) => r.check.id).sort()).toEqual(SG_CHECKS);
    expect(records.find((r) => r.check.id === 'ec2-sg-no-public-admin-ports')).toMatchObject({
      result: 'fail', resource: { id: SG }, trigger: { source: 'config-rule', configRuleName: 'trailproof-prod-evidence' }, collector: { function: 'config-rule' },
    });
    expect(result).toEqual({ evaluations: 1 });
    expect(putEvaluations()).toHaveLength(1);
    const [call] = putEvaluations();
    expect(call!.ResultToken).toBe(invocation.resultToken);
    expect(call!.Evaluations).toEqual([
      expect.objectContaining({
        ComplianceResourceType: 'AWS::EC2::SecurityGroup', ComplianceResourceId: SG, ComplianceType: 'NON_COMPLIANT',
        OrderingTimestamp: new Date('2026-04-30T16:01:12.407Z'), Annotation: expect.stringMatching(/^ec2-sg-no-public-admin-ports: .*22/),
      }),
    ]);
    // Evaluated from the item: no EC2 read.
    expect(aws.mocks.ec2).not.toHaveReceivedAnyCommand();
  });

  it('reports COMPLIANT when the group opens nothing to the internet', async () => {
    // Prepare
    const internalHttps = [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, userIdGroupPairs: [], ipv4Ranges: [{ cidrIp: '10.0.0.0/8' }], ipv6Ranges: [], prefixListIds: [], ipRanges: ['10.0.0.0/8'] }];
    // Act
    await handler()(changeInvocation(internalHttps), lambdaContext());
    // Assess
    expect(verifiedRecords(bucket.puts(), kms.pinned).map((r) => r.result).sort()).toEqual(['not_applicable', 'pass', 'pass']);
    expect(putEvaluations()[0]!.Evaluations).toEqual([expect.objectContaining({ ComplianceResourceId: SG, ComplianceType: 'COMPLIANT' })]);
  });

  it('reports NOT_APPLICABLE for a resource that left the rule scope, whatever the checks found', async () => {
    // Prepare
    const invocation = { ...changeInvocation(), eventLeftScope: true };
    // Act
    await handler()(invocation, lambdaContext());
    // Assess: the evidence still says what was found; Config is told the rule no longer applies.
    expect(verifiedRecords(bucket.puts(), kms.pinned).find((r) => r.check.id === 'ec2-sg-no-public-admin-ports')!.result).toBe('fail');
    expect(putEvaluations()[0]!.Evaluations).toEqual([expect.objectContaining({ ComplianceResourceId: SG, ComplianceType: 'NOT_APPLICABLE' })]);
  });

  it('throws when Config rejects evaluations, so Lambda retries', async () => {
    // Prepare
    configMock.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [{ ComplianceResourceType: 'AWS::EC2::SecurityGroup', ComplianceResourceId: SG, ComplianceType: 'NON_COMPLIANT', OrderingTimestamp: new Date() }] });
    // Act / Assess
    await expect(handler()(changeInvocation(), lambdaContext())).rejects.toThrow(new RegExp(`AWS Config rejected 1 evaluation\\(s\\): ${SG}`));
  });

  it('evaluates the account-level checks on a periodic invocation', async () => {
    // Prepare: root without MFA and without keys, no password policy, EBS encryption by default on, no trail, Inspector off.
    aws.mocks.iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 0, AccountAccessKeysPresent: 0 } });
    aws.mocks.iam.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [], IsTruncated: false });
    aws.mocks.iam.on(GetAccountPasswordPolicyCommand).rejects(sdkError('NoSuchEntity', 404, 'The Password Policy with domain name 111122223333 cannot be found.'));
    aws.of(Inspector2Client).on(BatchGetAccountStatusCommand).resolves({
      accounts: [{ accountId: ACCOUNT, state: { status: 'DISABLED' }, resourceState: { ec2: { status: 'DISABLED' }, ecr: { status: 'DISABLED' }, lambda: { status: 'DISABLED' } } }],
      failedAccounts: [],
    } as never);
    aws.mocks.ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    aws.mocks.ec2.on(GetEbsDefaultKmsKeyIdCommand).resolves({ KmsKeyId: 'alias/aws/ebs' });
    aws.mocks.cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [] });
    const invocation = fixture<Invocation>('config-rule-periodic.json');
    // Act
    const result = await handler()(invocation, lambdaContext());
    // Assess
    const records = verifiedRecords(bucket.puts(), kms.pinned);
    expect(Object.fromEntries(records.map((r) => [r.check.id, r.result]))).toEqual({
      'iam-root-mfa': 'fail', 'iam-root-hardware-mfa': 'fail', 'iam-root-no-access-keys': 'pass', 'iam-password-policy': 'fail',
      'ebs-default-encryption': 'pass', 'cloudtrail-multi-region-enabled': 'fail', 'inspector-enabled': 'fail',
    });
    expect(records.every((r) => r.resource.type === 'AWS::::Account' && r.resource.id === ACCOUNT)).toBe(true);
    expect(records.every((r) => r.observedAt === '2026-04-30T18:00:00.373Z')).toBe(true);
    expect(result).toEqual({ evaluations: 1 });
    const [call] = putEvaluations();
    expect(call).toMatchObject({ ResultToken: invocation.resultToken, Evaluations: [{ ComplianceResourceType: 'AWS::::Account', ComplianceResourceId: ACCOUNT, ComplianceType: 'NON_COMPLIANT' }] });
    expect(call!.Evaluations![0]!.Annotation).toMatch(/iam-root-mfa/);
    expect(call!.Evaluations![0]!.Annotation).toMatch(/cloudtrail-multi-region-enabled/);
    // One object per check (of this account and region), one signature each.
    expect(kms.mock).toHaveReceivedCommandTimes(SignCommand, records.length);
  });

  it('throws when evidence cannot be written, so Lambda retries, and reports nothing to Config', async () => {
    // Prepare
    bucket.failWrites(() => true);
    // Act / Assess
    await expect(handler()(changeInvocation(), lambdaContext())).rejects.toThrow(/not fully processed: .*write failed/);
    expect(configMock).not.toHaveReceivedCommand(PutEvaluationsCommand);
  });

  it('throws naming the field when the invocation is malformed, and writes nothing', async () => {
    // Prepare
    const noToken: Record<string, unknown> = changeInvocation();
    delete noToken.resultToken;
    // Act / Assess
    await expect(handler()(noToken, lambdaContext())).rejects.toThrow(/resultToken/);
    expect(bucket.puts()).toEqual([]);
    expect(configMock).not.toHaveReceivedCommand(PutEvaluationsCommand);
  });
});

describe('processConfigRuleInvocation', () => {
  /** A kind whose related-resource lookup finds `count` network interfaces, every other one failing. */
  function manyResources(count: number): { check: Check; kind: SnapshotKind } {
    const base = checkById('ec2-sg-no-public-admin-ports')!.metadata;
    const kind: SnapshotKind<{ n: number }> = {
      kind: 'test-eni',
      resourceType: 'AWS::EC2::NetworkInterface',
      async collect(ctx, id) {
        return { kind: 'test-eni', resource: { type: 'AWS::EC2::NetworkInterface', id }, account: ctx.account, region: ctx.region, state: { n: Number(id.slice(4)) }, source: 'api' };
      },
      async *enumerate() {},
      idsFromEvent: () => [],
      resolveIds: async () => Array.from({ length: count }, (_, n) => `eni-${String(n).padStart(17, '0')}`),
    };
    const check: Check<{ n: number }> = {
      metadata: { ...base, snapshotKind: 'test-eni', triggers: { cloudtrail: [], configResourceTypes: ['AWS::EC2::SecurityGroup'], sweep: false } },
      evaluate: (state) => (state.n % 2 ? { result: 'fail', reason: `eni ${state.n} is open`, observed: {} } : { result: 'pass', reason: 'closed', observed: {} }),
    };
    return { check: check as Check, kind: kind as SnapshotKind };
  }

  it('splits more than 100 evaluations into PutEvaluations calls of at most 100, all with the token', async () => {
    // Prepare
    const { check, kind } = manyResources(250);
    const invocation = changeInvocation();
    const store = new MemoryStore();
    const deps = {
      clientsFor: () => aws.clients, settings: DEFAULT_SETTINGS, checks: [check], kinds: [kind], functionName: 'config-rule',
      store, signer: LocalKeySigner.fromPem(generateKeyPair().privatePem), config: configApi,
    };
    // Act
    const { evaluations, summary } = await processConfigRuleInvocation(parseInput(JSON.stringify(invocation), 'config-rule'), deps);
    // Assess
    expect(evaluations).toBe(250);
    expect(summary.written).toBe(250);
    const calls = putEvaluations();
    expect(PUT_EVALUATIONS_LIMIT).toBe(100);
    expect(calls.map((c) => c.Evaluations!.length)).toEqual([100, 100, 50]);
    expect(calls.every((c) => c.ResultToken === invocation.resultToken)).toBe(true);
    const ids = calls.flatMap((c) => c.Evaluations!.map((e) => e.ComplianceResourceId));
    expect(new Set(ids).size).toBe(250);
    const byType = calls.flatMap((c) => c.Evaluations!).reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.ComplianceType!]: (acc[e.ComplianceType!] ?? 0) + 1 }), {});
    expect(byType).toEqual({ COMPLIANT: 125, NON_COMPLIANT: 125 });
  });
});

/* eslint-disable @typescript-eslint/no-explicit-any -- these tests walk untyped CloudFormation JSON; typing every resource shape would only restate the template. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadCheckMetadata } from '../../deploy/check-metadata.ts';
import { MAX_PATTERN_CHARS, chunkToFit, cloudTrailPatterns, configPatterns, patternSize } from '../../deploy/event-patterns.ts';
import { MEMBER_TEMPLATE_FILE, REPO_ROOT, allPatterns, driftedFiles, main, renderGenerated, serverlessResources } from '../../deploy/generate.ts';
import { readStatements, scopeOf } from '../../deploy/iam-scopes.ts';
import { memberAccountTemplate } from '../../deploy/member-account.ts';
import { SchemaError } from '../../lib/errors.ts';
import { declaredReads } from '../../lib/model/check.ts';
import { cloudTrailEnvelope, matchesPattern } from './event-pattern-matcher.ts';
import { CORPUS, corpusPresent } from '../fixtures/corpus.ts';

const FIXTURE_CHECKS = resolve(import.meta.dirname, '../fixtures/deploy/checks');
const REAL_CHECKS = join(REPO_ROOT, 'lib/checks');

function anyRuleMatches(patterns: Array<{ pattern: Record<string, unknown> }>, event: unknown): boolean {
  return patterns.some((p) => matchesPattern(p.pattern, event));
}

/** A checks folder holding one check folder whose metadata.json is `text`; removed after the test. */
function checksDirWith(folder: string, text: string): { root: string; file: string } {
  const root = mkdtempSync(join(tmpdir(), 'trailproof-checks-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const file = join(root, 'lib/checks', folder, 'metadata.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return { root, file };
}

/** The text of a fixture check's metadata.json with some members replaced. */
function fixtureWith(changes: Record<string, unknown>): string {
  const metadata = JSON.parse(readFileSync(join(FIXTURE_CHECKS, 'sg-open/metadata.json'), 'utf8')) as Record<string, unknown>;
  return JSON.stringify({ ...metadata, ...changes });
}

describe('check metadata loading', () => {
  it('loads every fixture folder, validated and sorted by id', () => {
    // Act
    const checks = loadCheckMetadata(FIXTURE_CHECKS);
    // Assess
    expect(checks.map((c) => c.id)).toEqual(['bucket-enc', 'root-seen', 'sg-open']);
  });

  it('fails generation on metadata validateMetadata refuses, naming the file and the field', () => {
    // Prepare: a write action declared as a read permission
    const { root, file } = checksDirWith('sg-open', fixtureWith({ reads: { decide: ['ec2:DescribeVpcs', 's3:PutBucketPolicy'], enrich: [] } }));
    // Act
    const act = () => main(['--check', '--root', root]);
    // Assess
    expect(act).toThrow(SchemaError);
    expect(act).toThrow(expect.objectContaining({ errors: [expect.stringContaining(`${file}#reads.decide[1]: `)] }));
  });

  it('refuses metadata whose id is not its folder name, and a file that is not JSON, naming the file', () => {
    // Prepare
    const renamed = checksDirWith('sg-open', fixtureWith({ id: 'sg-closed' }));
    const broken = checksDirWith('sg-open', '{ "id": ');
    // Act + Assess
    expect(() => loadCheckMetadata(join(renamed.root, 'lib/checks'))).toThrow(expect.objectContaining({ code: 'INVALID_VALUE', field: `${renamed.file}#id` }));
    expect(() => loadCheckMetadata(join(broken.root, 'lib/checks'))).toThrow(expect.objectContaining({ code: 'INVALID_JSON', field: broken.file }));
  });
});

describe('event patterns from fixture metadata', () => {
  const checks = loadCheckMetadata(FIXTURE_CHECKS);
  const ct = cloudTrailPatterns(checks);
  const config = configPatterns(checks);

  it('groups API calls by event source, successful calls only', () => {
    const ec2 = ct.find((p) => p.name === 'ct-ec2');
    expect(ec2?.pattern).toEqual({
      source: ['aws.ec2'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: { eventSource: ['ec2.amazonaws.com'], eventName: ['AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupIngress'], errorCode: [{ exists: false }] },
    });
    const event = cloudTrailEnvelope({ eventSource: 'ec2.amazonaws.com', eventName: 'AuthorizeSecurityGroupIngress', userIdentity: { type: 'IAMUser' } });
    expect(anyRuleMatches(ct, event)).toBe(true);
    expect(anyRuleMatches(ct, { ...event, detail: { ...(event.detail as object), errorCode: 'Client.UnauthorizedOperation' } })).toBe(false);
    expect(anyRuleMatches(ct, cloudTrailEnvelope({ eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', userIdentity: { type: 'IAMUser' } }))).toBe(false);
  });

  it('has a sign-in rule and a root rule spanning every service, failures included', () => {
    expect(ct.find((p) => p.name === 'signin')?.pattern).toEqual({ source: ['aws.signin'], 'detail-type': ['AWS Console Sign In via CloudTrail', 'AWS Service Event via CloudTrail'], detail: { eventName: ['ConsoleLogin'] } });
    expect(ct.find((p) => p.name === 'root-activity')?.pattern).toEqual({
      'detail-type': ['AWS API Call via CloudTrail', 'AWS Console Sign In via CloudTrail'],
      detail: { userIdentity: { type: ['Root'] } },
    });
    const rootFailure = cloudTrailEnvelope({ eventSource: 'kms.amazonaws.com', eventName: 'ListKeys', errorCode: 'AccessDenied', userIdentity: { type: 'Root' } });
    expect(anyRuleMatches(ct, rootFailure)).toBe(true);
  });

  it('matches Config item changes, oversized summaries included, and managed-rule compliance changes', () => {
    const item = { source: 'aws.config', 'detail-type': 'Config Configuration Item Change', detail: { configurationItem: { resourceType: 'AWS::S3::Bucket' } } };
    const oversized = { ...item, detail: { configurationItemSummary: { resourceType: 'AWS::EC2::SecurityGroup' } } };
    const other = { ...item, detail: { configurationItem: { resourceType: 'AWS::EC2::Instance' } } };
    const compliance = (configRuleName: string) => ({ source: 'aws.config', 'detail-type': 'Config Rules Compliance Change', detail: { configRuleName } });
    expect(anyRuleMatches(config, item)).toBe(true);
    expect(anyRuleMatches(config, oversized)).toBe(true);
    expect(anyRuleMatches(config, other)).toBe(false);
    expect(anyRuleMatches(config, compliance('s3-bucket-server-side-encryption-enabled'))).toBe(true);
    expect(anyRuleMatches(config, compliance('securityhub-s3-bucket-server-side-encryption-enabled-a1b2c3'))).toBe(true);
    expect(anyRuleMatches(config, compliance('vpc-sg-open-only-to-authorized-ports-conformance-pack-xyz'))).toBe(true);
    expect(anyRuleMatches(config, compliance('trailproof-prod'))).toBe(false);
  });

  it('splits a value list so every pattern stays under the EventBridge size quota', () => {
    // Prepare
    const names = Array.from({ length: 200 }, (_, i) => `SomeFairlyLongEventName${i}`);
    const build = (chunk: string[]) => ({ detail: { eventName: chunk } });
    // Act
    const chunks = chunkToFit(names, build);
    // Assess
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.flat()).toEqual(names);
    for (const chunk of chunks) expect(patternSize(build(chunk))).toBeLessThanOrEqual(MAX_PATTERN_CHARS);
  });
});

describe('read action scoping', () => {
  it('grants "*" only under a NoResourceLevelPermissions Sid and scopes the rest', () => {
    // Act
    const statements = readStatements(['ec2:DescribeSecurityGroups', 's3:GetEncryptionConfiguration', 's3:ListAllMyBuckets', 'iam:GetLoginProfile']);
    // Assess
    expect(statements).toEqual([
      { Sid: 'ReadIamUser', Effect: 'Allow', Action: ['iam:GetLoginProfile'], Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*' } },
      { Sid: 'ReadNoResourceLevelPermissions', Effect: 'Allow', Action: ['ec2:DescribeSecurityGroups', 's3:ListAllMyBuckets'], Resource: '*' },
      { Sid: 'ReadS3Bucket', Effect: 'Allow', Action: ['s3:GetEncryptionConfiguration'], Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::*' } },
    ]);
  });

  it('fails generation for an action whose resource type is unknown', () => {
    expect(() => scopeOf('dynamodb:DescribeExport')).toThrow(/does not know the resource type of dynamodb:DescribeExport/);
  });
});

describe('generated artefacts from the real check metadata', () => {
  const checks = loadCheckMetadata(REAL_CHECKS);
  const patterns = allPatterns(checks);

  it('are committed exactly as the generator produces them (no hand edits, no drift)', () => {
    expect(driftedFiles(REPO_ROOT, renderGenerated(checks))).toEqual([]);
  });

  it('route every trigger event name of every check to a rule', () => {
    expect(checks.length).toBeGreaterThan(0);
    for (const check of checks) {
      for (const trigger of check.triggers.cloudtrail) {
        for (const eventName of trigger.eventNames) {
          const record = {
            eventSource: trigger.eventSource === '*' ? 'kms.amazonaws.com' : trigger.eventSource,
            eventName: eventName === '*' ? 'AnyCall' : eventName,
            userIdentity: { type: trigger.userIdentityTypes?.[0] ?? 'IAMUser' },
          };
          expect(anyRuleMatches(patterns, cloudTrailEnvelope(record)), `${check.id}: ${trigger.eventSource} ${eventName}`).toBe(true);
        }
      }
      for (const resourceType of check.triggers.configResourceTypes) {
        const item = { source: 'aws.config', 'detail-type': 'Config Configuration Item Change', detail: { configurationItem: { resourceType } } };
        expect(anyRuleMatches(patterns, item), `${check.id}: ${resourceType}`).toBe(true);
      }
    }
  });

  it('keep every pattern under the EventBridge size quota', () => {
    for (const p of patterns) expect(patternSize(p.pattern), p.name).toBeLessThanOrEqual(MAX_PATTERN_CHARS);
  });

  it.skipIf(!corpusPresent)('select the real CloudTrail records of the corpus that name a trigger event', () => {
    // Prepare: real records whose eventName some check declares
    const declared = new Set(checks.flatMap((c) => c.triggers.cloudtrail.flatMap((t) => t.eventNames.map((n) => `${t.eventSource} ${n}`))));
    const dir = join(CORPUS, 'cloudtrail');
    const records = existsSync(dir)
      ? readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>)
      : [];
    const relevant = records.filter((r) => declared.has(`${String(r.eventSource)} ${String(r.eventName)}`) && !r.errorCode && typeof r.userIdentity === 'object');
    // Act + Assess
    expect(relevant.length).toBeGreaterThan(3);
    for (const record of relevant) expect(anyRuleMatches(patterns, cloudTrailEnvelope(record)), String(record.eventName)).toBe(true);
  });

  it('writes a member-account template that parses as YAML to the generated object', () => {
    // Prepare: the YAML loader serverless itself uses
    const yaml = createRequire(createRequire(import.meta.url).resolve('osls/package.json'))('js-yaml') as { load(text: string): unknown };
    // Act
    const parsed = yaml.load(readFileSync(join(REPO_ROOT, MEMBER_TEMPLATE_FILE), 'utf8')) as Record<string, any>;
    // Assess
    expect(parsed).toEqual(memberAccountTemplate(checks, patterns));
    const rules = Object.values(parsed.Resources).filter((r: any) => r.Type === 'AWS::Events::Rule') as any[];
    expect(rules.map((r) => r.Properties.EventPattern)).toEqual(patterns.map((p) => p.pattern));
    for (const rule of rules) expect(rule.Properties.Targets[0].Arn).toEqual({ Ref: 'CentralEventBusArn' });
  });

  it('gives the member read role exactly the union of the checks\' read actions, trusting only the collectors', () => {
    const template = memberAccountTemplate(checks, patterns) as any;
    const role = template.Resources.MemberReadRole.Properties;
    const granted = role.Policies.flatMap((p: any) => p.PolicyDocument.Statement.flatMap((s: any) => s.Action)).sort();
    expect(granted).toEqual([...new Set(checks.flatMap(declaredReads))].sort());
    const trust = role.AssumeRolePolicyDocument.Statement[0];
    expect(trust.Condition.ArnEquals['aws:PrincipalArn']).toHaveLength(3);
    expect(template.Resources.ForwardEventsRole.Properties.Policies[0].PolicyDocument.Statement[0].Action).toEqual(['events:PutEvents']);
  });

  it('puts nothing but Resources and a do-not-edit notice in the serverless fragment', () => {
    const fragment = serverlessResources(checks);
    expect(Object.keys(fragment)).toEqual(['Metadata', 'Resources']);
  });
});

/* eslint-disable @typescript-eslint/no-explicit-any -- the probes edit untyped CloudFormation JSON. */
/**
 * The packaged dev and prod templates, with and without organization mode, judged by an IAM
 * evaluator (@cloud-copilot/iam-simulate): every request the functions' code makes is allowed on a
 * matching resource, every destructive or escalating request on a fixed list is denied to each
 * function role (by its own policies too), the member role, and an account administrator who is
 * not the break-glass role; the break-glass role keeps what KMS's lockout check requires.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { FunctionName } from '../../deploy/roles.ts';
import { functionCommands, type SdkCall } from './code-commands.ts';
import { actionsOf, isWildcardOnly } from './iam-requests.ts';
import { actionProblems, actionsIn, deploymentStatements, resourceFits } from './policy-statements.ts';
import { breakGlassAccess, forbiddenAccess } from './forbidden-access.ts';
import { packageStages, type Template } from './packaged-template.ts';
import { requiredAccess } from './required-access.ts';
import { MANAGEMENT, ORG_ID, decide, deploy, type Deployment, type Request } from './simulated-deployment.ts';

interface Audit {
  simulated: number;
  allowed: number;
  denied: number;
  violations: string[];
}

let templates: Record<string, Template>;
let commands: Map<FunctionName, SdkCall[]>;

beforeAll(() => {
  const single = packageStages('simulation-single');
  const organization = packageStages('simulation-organization', [`--param=orgId=${ORG_ID}`, `--param=managementAccountId=${MANAGEMENT}`]);
  templates = { dev: single.dev, prod: single.prod, 'dev-organization': organization.dev, 'prod-organization': organization.prod };
  commands = functionCommands();
}, 240_000);

const list = (value: unknown): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value as string]);
const deployed = (name: string, template = templates[name]!): Deployment => deploy(name, template, name.endsWith('-organization'));

/** Asks the evaluator every required and forbidden request of a deployment; a wrong answer is a violation. */
async function audit(deployment: Deployment): Promise<Audit> {
  const result: Audit = { simulated: 0, allowed: 0, denied: 0, violations: [] };
  const ask = async (request: Request & { why: string }, expected: 'allowed' | 'denied') => {
    const decision = await decide(deployment, request);
    result.simulated++;
    if (decision === 'Allowed') result.allowed++;
    else if (!decision.startsWith('error')) result.denied++;
    const ok = expected === 'allowed' ? decision === 'Allowed' : decision === 'ExplicitlyDenied' || decision === 'ImplicitlyDenied';
    if (!ok) result.violations.push(`${request.why}: ${request.action} on ${request.resource} ${JSON.stringify(request.context ?? {})} is ${decision}, must be ${expected}`);
  };
  const { requests, problems } = await requiredAccess(deployment, commands);
  result.violations.push(...problems);
  for (const request of [...requests, ...breakGlassAccess(deployment)]) await ask(request, 'allowed');
  for (const request of await forbiddenAccess(deployment)) await ask(request, 'denied');
  return result;
}

/** A deep copy of a packaged template with one edit. */
function edited(name: string, edit: (resources: Record<string, any>) => void): Template {
  const copy = structuredClone(templates[name]!);
  edit(copy.Resources);
  return copy;
}

describe.each(['dev', 'prod', 'dev-organization', 'prod-organization'])('the %s template under an IAM evaluator', (name) => {
  it('allows what the code needs and denies every destructive or escalating request', async () => {
    // Act
    const result = await audit(deployed(name));
    // Assess
    console.info(`IAM simulation ${name}: ${result.simulated} requests, ${result.allowed} allowed, ${result.denied} denied`);
    expect(result.violations).toEqual([]);
    expect(result.allowed).toBeGreaterThan(50);
    expect(result.denied).toBeGreaterThan(500);
  }, 120_000);
});

describe('the simulation catches a regression', () => {
  it('an account administrator rewrites the signing key policy once the key policy stops denying it', async () => {
    // Prepare
    const template = edited('prod', (r) => {
      r.SigningKey.Properties.KeyPolicy.Statement = r.SigningKey.Properties.KeyPolicy.Statement.filter((s: any) => s.Sid !== 'DenyKeyManagementExceptAdmin');
    });
    // Act
    const { violations } = await audit(deployed('prod', template));
    // Assess
    expect(violations).toEqual(expect.arrayContaining([expect.stringMatching(/AccountAdministrator\).*kms:PutKeyPolicy .* is Allowed, must be denied/)]));
  }, 120_000);

  it('a collector role may extend a lock without limit once its own policy loses the stage-lock condition', async () => {
    // Prepare
    const template = edited('dev', (r) => {
      for (const s of r.ConfigEventRole.Properties.Policies[0].PolicyDocument.Statement) if (s.Sid === 'WriteEvidenceWithStageLock') delete s.Condition;
    });
    // Act
    const { violations } = await audit(deployed('dev', template));
    // Assess
    expect(violations).toEqual(expect.arrayContaining([expect.stringMatching(/extend a lock beyond .*config-event, its own policies alone\): s3:PutObjectRetention .* is Allowed/)]));
  }, 120_000);

  it('the member role cannot read the organization trail once the management account leaves the trail scope', async () => {
    // Prepare: the central sweep's trail reads without the management account's trails
    const template = edited('prod-organization', (r) => {
      for (const s of r.PostureSweepRole.Properties.Policies[0].PolicyDocument.Statement) if (s.Sid === 'ReadCloudTrailTrail') s.Resource = s.Resource[0];
    });
    // Act
    const { violations } = await audit(deployed('prod-organization', template));
    // Assess
    expect(violations).toEqual(expect.arrayContaining([expect.stringMatching(/posture-sweep: .*\(organization trail\): cloudtrail:GetTrailStatus .*:999988887777:trail\/.* is ImplicitlyDenied, must be allowed/)]));
  }, 120_000);
});

/** Names in a deployment's policies the IAM data does not know, or resources of a type their action is not authorized on. */
async function nameProblems(deployment: Deployment): Promise<string[]> {
  const problems: string[] = [];
  for (const { where, kind, statement } of deploymentStatements(deployment)) {
    const unknown: string[] = [];
    for (const action of actionsIn(statement)) unknown.push(...(await actionProblems(action)).map((p) => `${where} ${statement.Sid ?? ''}: ${p}`));
    problems.push(...unknown);
    if (unknown.length > 0 || !statement.Action || list(statement.Action).some((a) => a.includes('*'))) continue;
    for (const resource of list(statement.Resource)) {
      for (const action of list(statement.Action)) {
        // A resource policy names its own resource with "*" (a key policy always does); an identity policy only where AWS authorizes "*" alone.
        if (resource === '*' ? kind === 'identity' && !(await isWildcardOnly(action)) : !(await resourceFits(action, resource))) {
          problems.push(`${where} ${statement.Sid ?? ''}: ${action} is not authorized on ${resource}`);
        }
      }
    }
  }
  return problems;
}

describe.each(['dev', 'prod', 'dev-organization', 'prod-organization'])('the names in the %s template', (name) => {
  it('every action exists in the IAM data, and every resource is of a type its actions are authorized on', async () => {
    // Act
    const problems = await nameProblems(deployed(name));
    // Assess
    expect(problems).toEqual([]);
  }, 60_000);
});

describe('the names the code maps to, and a check of the names that can fail', () => {
  it('every IAM action an SDK call of a function becomes exists in the IAM data', async () => {
    // Act
    const actions = new Set([...commands.values()].flat().flatMap(actionsOf));
    const problems = (await Promise.all([...actions].map(actionProblems))).flat();
    // Assess
    expect(actions.size).toBeGreaterThan(40);
    expect(problems).toEqual([]);
  });

  it('finds a misspelt action and a resource of the wrong type (the Config recorder reads once granted on "*")', async () => {
    // Prepare
    const template = edited('prod', (r) => {
      const statements = r.PostureSweepRole.Properties.Policies[0].PolicyDocument.Statement;
      statements.push({ Sid: 'Typo', Effect: 'Allow', Action: ['s3:GetBucketEncryption'], Resource: 'arn:aws:s3:::*' });
      statements.push({ Sid: 'ReadNoResourceLevelPermissions', Effect: 'Allow', Action: ['config:DescribeConfigurationRecorders'], Resource: '*' });
    });
    // Act
    const problems = await nameProblems(deployed('prod', template));
    // Assess
    expect(problems).toEqual([
      'PostureSweepRole trailproof Typo: unknown action s3:GetBucketEncryption',
      'PostureSweepRole trailproof ReadNoResourceLevelPermissions: config:DescribeConfigurationRecorders is not authorized on *',
    ]);
  }, 60_000);
});

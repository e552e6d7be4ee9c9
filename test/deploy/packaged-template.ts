/* eslint-disable @typescript-eslint/no-explicit-any -- these tests walk untyped CloudFormation JSON; typing every resource shape would only restate the template. */
/**
 * Test helper: packages the service offline (deploy/package.sh) into .tmp/deploy-test with stub
 * handlers, so the CloudFormation tests depend on serverless.yml and the generator, not on the
 * handlers' code, and never overwrite a real .serverless-<stage>/ package.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../../deploy/generate.ts';
import { FUNCTIONS } from '../../deploy/roles.ts';

export type Template = { Resources: Record<string, any>; Conditions: Record<string, any>; Outputs: Record<string, any>; Parameters?: Record<string, any> };

const ROOT = join(REPO_ROOT, '.tmp/deploy-test');

/**
 * Packages dev and prod once and returns their update-stack templates. `variant` names a folder of
 * its own under .tmp/deploy-test (test files packaging at once never share one) and `options` go to
 * osls, e.g. `--param=orgId=o-abc123def4`. With stub handlers a package takes seconds.
 */
export function packageStages(variant = '', options: string[] = []): Record<'dev' | 'prod', Template> {
  const root = join(ROOT, variant);
  const functionsDir = join(root, 'functions');
  mkdirSync(functionsDir, { recursive: true });
  for (const fn of FUNCTIONS) writeFileSync(join(functionsDir, `${fn}.ts`), 'export const handler = async () => ({ batchItemFailures: [] });\n');
  execFileSync('bash', ['deploy/package.sh', 'dev', 'prod', ...options], {
    cwd: REPO_ROOT,
    env: { ...process.env, PACKAGE_ROOT: root, TRAILPROOF_FUNCTIONS_DIR: relative(REPO_ROOT, functionsDir) },
    stdio: 'pipe',
  });
  const read = (stage: string): Template =>
    JSON.parse(readFileSync(join(root, `.serverless-${stage}`, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
  return { dev: read('dev'), prod: read('prod') };
}

/** Every policy statement attached to a role: its inline policies and AWS::IAM::Policy resources naming it. */
export function roleStatements(template: Template, roleId: string): any[] {
  const inline = (template.Resources[roleId]?.Properties.Policies ?? []).flatMap((p: any) => {
    const policy = p['Fn::If'] ? p['Fn::If'][1] : p;
    return policy.PolicyDocument.Statement;
  });
  const attached = Object.values(template.Resources)
    .filter((r: any) => (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') && JSON.stringify(r.Properties.Roles ?? []).includes(`"${roleId}"`))
    .flatMap((r: any) => r.Properties.PolicyDocument.Statement);
  return [...inline, ...attached];
}

/** The sorted, de-duplicated actions a role is allowed. */
export function allowedActions(template: Template, roleId: string): string[] {
  const actions = roleStatements(template, roleId)
    .filter((s) => s.Effect === 'Allow')
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
  return [...new Set<string>(actions)].sort();
}

/** Every logical id a Ref / Fn::GetAtt / Fn::Sub in `value` points at. */
export function referencedIds(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => referencedIds(v, out));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string') out.add(inner);
      else if (key === 'Fn::GetAtt') out.add(Array.isArray(inner) ? String(inner[0]) : String(inner).split('.')[0]!);
      else if (key === 'Fn::Sub') {
        const text = Array.isArray(inner) ? String(inner[0]) : String(inner);
        for (const m of text.matchAll(/\$\{([A-Za-z0-9:]+)(?:\.[A-Za-z]+)?\}/g)) out.add(m[1]!);
        if (Array.isArray(inner)) referencedIds(inner[1], out);
      } else referencedIds(inner, out);
    }
  }
  return out;
}

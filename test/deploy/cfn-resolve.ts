/* eslint-disable @typescript-eslint/no-explicit-any -- CloudFormation values are untyped JSON; typing each intrinsic would only restate the template. */
/**
 * Test helper: turns a packaged CloudFormation template into the concrete policies AWS would hold
 * after a deploy to one account and region, so an IAM evaluator can judge them. Resolves the
 * intrinsics the templates use (Ref, Fn::GetAtt, Fn::Sub, Fn::If, Fn::Join, condition functions)
 * and gives each resource the physical name or ARN CloudFormation would: a bucket its BucketName,
 * a role its RoleName, a queue its QueueName, a key a fixed id per logical id.
 */
import { createHash } from 'node:crypto';
import type { Template } from './packaged-template.ts';

/** Where a template is deployed. */
export interface Placement {
  account: string;
  region: string;
  partition: string;
  /** Values of the template's own Parameters (the member-account template has some). */
  parameters?: Record<string, string>;
}

/** A deployed template: resolve any value of it, and the names and ARNs of its resources. */
export interface Resolved {
  placement: Placement;
  resolve(value: unknown): any;
  condition(name: string): boolean;
  /** The ARN of a resource (Fn::GetAtt <id>.Arn). */
  arnOf(logicalId: string): string;
  /** Every resource of a type whose Condition holds, with its resolved properties. */
  resources(type: string): Array<{ id: string; properties: any }>;
}

const NO_VALUE = Symbol('AWS::NoValue');

/** A KMS key id that stays the same for a logical id, shaped like KMS's. */
function keyId(logicalId: string): string {
  const h = createHash('sha256').update(logicalId).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * Resolves `template` as deployed at `placement`.
 *
 * @throws Error naming the intrinsic or attribute the helper does not know (extend it, never guess)
 */
export function resolveTemplate(template: Template, placement: Placement): Resolved {
  const { account, region, partition } = placement;
  const parameters = placement.parameters ?? {};
  const pseudo: Record<string, string> = {
    'AWS::AccountId': account,
    'AWS::Region': region,
    'AWS::Partition': partition,
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': 'trailproof',
  };
  const conditions = new Map<string, boolean>();

  const condition = (name: string): boolean => {
    if (!conditions.has(name)) {
      const expression = template.Conditions?.[name];
      if (expression === undefined) throw new Error(`no condition ${name}`);
      conditions.set(name, Boolean(resolve(expression)));
    }
    return conditions.get(name)!;
  };

  const resource = (id: string): any => {
    const r = template.Resources[id];
    if (!r) throw new Error(`no resource ${id}`);
    return r;
  };

  const physicalName = (id: string): string => {
    const r = resource(id);
    const named: Record<string, string> = {
      'AWS::S3::Bucket': 'BucketName',
      'AWS::IAM::Role': 'RoleName',
      'AWS::SQS::Queue': 'QueueName',
      'AWS::Lambda::Function': 'FunctionName',
      'AWS::SNS::Topic': 'TopicName',
      'AWS::Events::EventBus': 'Name',
      'AWS::Events::Rule': 'Name',
      'AWS::Logs::LogGroup': 'LogGroupName',
    };
    const property = named[r.Type];
    if (property && r.Properties?.[property] !== undefined) return String(resolve(r.Properties[property]));
    if (r.Type === 'AWS::S3::Bucket') return `trailproof-serverlessdeploymentbucket-${keyId(id).slice(0, 12)}`;
    if (r.Type === 'AWS::KMS::Key') return keyId(id);
    // CloudFormation names the rest after the stack and the logical id.
    return `trailproof-${id}-${keyId(id).slice(0, 8)}`;
  };

  const arnOf = (id: string): string => {
    const r = resource(id);
    const name = physicalName(id);
    switch (r.Type) {
      case 'AWS::S3::Bucket':
        return `arn:${partition}:s3:::${name}`;
      case 'AWS::IAM::Role':
        return `arn:${partition}:iam::${account}:role/${name}`;
      case 'AWS::SQS::Queue':
        return `arn:${partition}:sqs:${region}:${account}:${name}`;
      case 'AWS::KMS::Key':
        return `arn:${partition}:kms:${region}:${account}:key/${name}`;
      case 'AWS::Lambda::Function':
        return `arn:${partition}:lambda:${region}:${account}:function:${name}`;
      case 'AWS::SNS::Topic':
        return `arn:${partition}:sns:${region}:${account}:${name}`;
      case 'AWS::Events::EventBus':
        return `arn:${partition}:events:${region}:${account}:event-bus/${name}`;
      case 'AWS::Events::Rule':
        return `arn:${partition}:events:${region}:${account}:rule/${name}`;
      default:
        throw new Error(`no ARN for ${id} (${r.Type})`);
    }
  };

  const ref = (name: string): unknown => {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name in pseudo) return pseudo[name];
    if (name in parameters) return parameters[name];
    if (template.Parameters?.[name]) return template.Parameters[name].Default ?? '';
    const r = resource(name);
    if (r.Type === 'AWS::SQS::Queue') return `https://sqs.${region}.amazonaws.com/${account}/${physicalName(name)}`;
    if (r.Type === 'AWS::SNS::Topic' || r.Type === 'AWS::Events::EventBus') return arnOf(name);
    if (r.Type === 'AWS::KMS::Key') return physicalName(name);
    return physicalName(name);
  };

  const getAtt = (id: string, attribute: string): string => {
    if (attribute === 'Arn') return arnOf(id);
    if (attribute === 'QueueName') return physicalName(id);
    throw new Error(`no attribute ${id}.${attribute}`);
  };

  const sub = (text: string, vars: Record<string, unknown> = {}): string =>
    text.replace(/\$\{([A-Za-z0-9:]+)(?:\.([A-Za-z]+))?\}/g, (_, name: string, attribute?: string) => {
      if (name in vars) return String(resolve(vars[name]));
      return String(attribute ? getAtt(name, attribute) : ref(name));
    });

  function resolve(value: unknown): any {
    if (Array.isArray(value)) return value.map(resolve).filter((v) => v !== NO_VALUE);
    if (!value || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    if (entries.length === 1) {
      const [key, arg] = entries[0] as [string, any];
      switch (key) {
        case 'Ref':
          return ref(arg);
        case 'Fn::GetAtt':
          return Array.isArray(arg) ? getAtt(arg[0], arg[1]) : getAtt(...(String(arg).split('.') as [string, string]));
        case 'Fn::Sub':
          return Array.isArray(arg) ? sub(arg[0], arg[1]) : sub(arg);
        case 'Fn::Join':
          return (resolve(arg[1]) as unknown[]).join(arg[0]);
        case 'Fn::If':
          return resolve(condition(arg[0]) ? arg[1] : arg[2]);
        case 'Fn::Equals':
          return resolve(arg[0]) === resolve(arg[1]);
        case 'Fn::Not':
          return !resolve(arg[0]);
        case 'Fn::And':
          return (arg as unknown[]).every((a) => resolve(a));
        case 'Fn::Or':
          return (arg as unknown[]).some((a) => resolve(a));
        case 'Condition':
          return condition(arg);
        default:
          if (key.startsWith('Fn::')) throw new Error(`unsupported intrinsic ${key}`);
      }
    }
    const out: Record<string, unknown> = {};
    for (const [key, inner] of entries) {
      const resolved = resolve(inner);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }

  const resources = (type: string) =>
    Object.entries(template.Resources)
      .filter(([, r]) => r.Type === type && (!r.Condition || condition(r.Condition)))
      .map(([id, r]) => ({ id, properties: resolve(r.Properties ?? {}) }));

  return { placement, resolve, condition, arnOf, resources };
}

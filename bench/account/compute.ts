/**
 * Lambda functions (with aliases, resource policies and function URLs) and EKS clusters. Mix: one
 * function in four has no resource policy, the rest allow a service with a source condition, one
 * in twenty to everyone (a fail); one in three has a "live" alias with a policy of its own; one in
 * ten has a function URL, half of those without IAM auth (a fail). One EKS cluster in two has a
 * public endpoint open to the internet, one in three no secrets encryption.
 */
import type { Cluster, DescribeClusterCommandInput, DescribeClusterCommandOutput, ListClustersCommandInput, ListClustersCommandOutput } from '@aws-sdk/client-eks';
import type {
  FunctionConfiguration, GetPolicyCommandInput, GetPolicyCommandOutput, ListAliasesCommandInput, ListAliasesCommandOutput, ListFunctionsCommandInput, ListFunctionsCommandOutput,
  ListFunctionUrlConfigsCommandInput, ListFunctionUrlConfigsCommandOutput, ListTagsCommandInput, ListTagsCommandOutput,
} from '@aws-sdk/client-lambda';
import { indexPage, notFound, type AnswerTable, type Output } from '../fake-clients.ts';
import { customerKey, daysAgo, indexOf, numberedId, tagMapOf, type AccountPlan } from './plan.ts';

export const functionName = (f: number) => numberedId('fhir-handler-', f);
const NOT_FOUND = 'ResourceNotFoundException';

/** Lambda writes LastModified as `2024-05-01T12:00:00.000+0000`. */
const lambdaTime = (date: Date) => date.toISOString().replace('Z', '+0000');

function lambdaAnswers(plan: AccountPlan): AnswerTable {
  const arn = (f: number) => `arn:aws:lambda:${plan.region}:${plan.account}:function:${functionName(f)}`;
  const known = (name: string | undefined) => {
    const f = indexOf(name?.replace(/^arn:.*:function:/, '').replace(/:.*$/, ''), 'fhir-handler-', 10);
    return f !== undefined && f < plan.counts.functions ? f : undefined;
  };
  const configuration = (f: number): FunctionConfiguration => ({
    FunctionName: functionName(f), FunctionArn: arn(f), Runtime: 'nodejs22.x', Role: `arn:aws:iam::${plan.account}:role/fhir-handler`, Handler: 'index.handler', CodeSize: 1_048_576,
    Description: 'FHIR integration', Timeout: 30, MemorySize: 512, LastModified: lambdaTime(daysAgo(f % 200)), CodeSha256: 'n2xSMh0rPmHTQ2Kd6K9xZqvcDm1VObPPr0Xyd2jYJxw=', Version: '$LATEST',
    TracingConfig: { Mode: 'PassThrough' }, RevisionId: `0b4e5c1d-1111-4000-8000-${String(f).padStart(12, '0')}`, PackageType: 'Zip', Architectures: ['arm64'], EphemeralStorage: { Size: 512 },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${functionName(f)}` },
  });
  const statement = (sid: string, principal: unknown, resource: string, condition?: object) => ({ Sid: sid, Effect: 'Allow', Principal: principal, Action: 'lambda:InvokeFunction', Resource: resource, ...(condition ? { Condition: condition } : {}) });
  const policy = (f: number, qualifier: string | undefined): string | undefined => {
    const resource = qualifier ? `${arn(f)}:${qualifier}` : arn(f);
    if (qualifier) return JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: [statement('events-invoke', { Service: 'events.amazonaws.com' }, resource, { ArnLike: { 'AWS:SourceArn': `arn:aws:events:${plan.region}:${plan.account}:rule/nightly-*` } })] });
    if (f % 4 === 0) return undefined;
    const grant = f % 20 === 3
      ? statement('partner-invoke', '*', resource)
      : statement('apigateway-invoke', { Service: 'apigateway.amazonaws.com' }, resource, { ArnLike: { 'AWS:SourceArn': `arn:aws:execute-api:${plan.region}:${plan.account}:a1b2c3d4e5/*` } });
    return JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: [grant] });
  };
  return {
    LambdaClient: {
      // MaxItems defaults to 50.
      ListFunctions: (input: ListFunctionsCommandInput): Output<ListFunctionsCommandOutput> => {
        const { indexes, next } = indexPage(plan.counts.functions, input.Marker, input.MaxItems ?? 50);
        return { Functions: indexes.map(configuration), ...(next ? { NextMarker: next } : {}) };
      },
      ListAliases: (input: ListAliasesCommandInput): Output<ListAliasesCommandOutput> | Error => {
        const f = known(input.FunctionName);
        if (f === undefined) return notFound(NOT_FOUND);
        const aliases = f % 3 === 0 ? [{ AliasArn: `${arn(f)}:live`, Name: 'live', FunctionVersion: String(1 + (f % 9)), Description: 'production', RevisionId: `0b4e5c1d-2222-4000-8000-${String(f).padStart(12, '0')}` }] : [];
        return { Aliases: aliases };
      },
      GetPolicy: (input: GetPolicyCommandInput): Output<GetPolicyCommandOutput> | Error => {
        const f = known(input.FunctionName);
        const document = f === undefined || (input.Qualifier && f % 3 !== 0) ? undefined : policy(f, input.Qualifier);
        return document ? { Policy: document, RevisionId: `0b4e5c1d-3333-4000-8000-${String(f).padStart(12, '0')}` } : notFound(NOT_FOUND);
      },
      ListFunctionUrlConfigs: (input: ListFunctionUrlConfigsCommandInput): Output<ListFunctionUrlConfigsCommandOutput> | Error => {
        const f = known(input.FunctionName);
        if (f === undefined) return notFound(NOT_FOUND);
        if (f % 10 !== 5) return { FunctionUrlConfigs: [] };
        const created = daysAgo(100).toISOString();
        const url = { FunctionUrl: `https://${(f * 2654435761).toString(36).padEnd(32, 'q')}.lambda-url.${plan.region}.on.aws/`, FunctionArn: arn(f), CreationTime: created, LastModifiedTime: created };
        return { FunctionUrlConfigs: [{ ...url, AuthType: f % 20 === 5 ? 'NONE' : 'AWS_IAM', InvokeMode: 'BUFFERED' }] };
      },
      ListTags: (input: ListTagsCommandInput): Output<ListTagsCommandOutput> | Error => {
        const f = known(input.Resource);
        return f === undefined ? notFound(NOT_FOUND) : { Tags: tagMapOf(f, functionName(f)) };
      },
    },
  };
}

function eksAnswers(plan: AccountPlan): AnswerTable {
  const name = (e: number) => numberedId('clinical-apps-', e);
  const cluster = (e: number): Cluster => {
    const open = e % 2 === 1;
    return {
      name: name(e), arn: `arn:aws:eks:${plan.region}:${plan.account}:cluster/${name(e)}`, createdAt: daysAgo(500), version: '1.31', status: 'ACTIVE', platformVersion: 'eks.12',
      endpoint: `https://${(e * 40503).toString(16).toUpperCase().padStart(32, 'A')}.gr7.${plan.region}.eks.amazonaws.com`, roleArn: `arn:aws:iam::${plan.account}:role/eks-cluster`,
      resourcesVpcConfig: {
        subnetIds: [], securityGroupIds: [], vpcId: 'vpc-00000000000000000', endpointPublicAccess: open, endpointPrivateAccess: true, publicAccessCidrs: open ? ['0.0.0.0/0'] : [],
      },
      ...(e % 3 === 2 ? {} : { encryptionConfig: [{ resources: ['secrets'], provider: { keyArn: customerKey(plan, e) } }] }),
      tags: tagMapOf(e, name(e)),
    };
  };
  return {
    EKSClient: {
      // maxResults defaults to 100.
      ListClusters: (input: ListClustersCommandInput): Output<ListClustersCommandOutput> => {
        const { indexes, next } = indexPage(plan.counts.eksClusters, input.nextToken, input.maxResults ?? 100);
        return { clusters: indexes.map(name), ...(next ? { nextToken: next } : {}) };
      },
      DescribeCluster: (input: DescribeClusterCommandInput): Output<DescribeClusterCommandOutput> | Error => {
        const e = indexOf(input.name, 'clinical-apps-', 10);
        return e !== undefined && e < plan.counts.eksClusters ? { cluster: cluster(e) } : notFound(NOT_FOUND);
      },
    },
  };
}

/** The Lambda and EKS answers of the account. */
export function computeAnswers(plan: AccountPlan): AnswerTable {
  return { ...lambdaAnswers(plan), ...eksAnswers(plan) };
}

/**
 * Lambda function snapshots (kind "lambda-function"): the function's URLs (ListFunctionUrlConfigs
 * lists the function's and every alias's) and the resource policies of the function and of each
 * alias, each read only when a check at hand declares it. Published versions can carry policies
 * of their own too; they are not read (one GetPolicy per version of every function per sweep).
 */
import { GetPolicyCommand, LambdaClient, ListTagsCommand, paginateListAliases, paginateListFunctionUrlConfigs, paginateListFunctions } from '@aws-sdk/client-lambda';
import type { ReadError, Snapshot } from '../model/check.ts';
import { partitionOf, type CloudTrailRecord } from '../model/cloudtrail.ts';
import type { FunctionPolicyState, FunctionUrlState, LambdaFunctionState, PolicyStatement } from '../model/states/lambda.ts';
import { deletionOnlyFromItem } from './config-item-snapshot.ts';
import { idsAt } from './ec2-common.ts';
import { idsFromPages, readPages } from './pages.ts';
import { isFailure, read, ReadFailure } from './read.ts';
import type { CollectContext, SnapshotKind } from './types.ts';
import { mapLimit } from '../util/concurrency.ts';

const KIND = 'lambda-function';
const RESOURCE_TYPE = 'AWS::Lambda::Function';
const URLS = 'lambda:ListFunctionUrlConfigs';
const POLICY = 'lambda:GetPolicy';
const ALIASES = 'lambda:ListAliases';
const TAGS = 'lambda:ListTags';
/** Lambda answers both "no such function" and "no policy" with this name. */
const NOT_FOUND = 'ResourceNotFoundException';
/**
 * A function name, a partial ARN (`<account>:function:<name>`) or a full ARN, any of them with a
 * version or alias qualifier, as Lambda's FunctionName parameter accepts them.
 */
const FUNCTION_ID = /^(?:arn:[^:]+:lambda:[^:]*:[^:]*:function:|\d{12}:function:)?([A-Za-z0-9_-]+)(?::[A-Za-z0-9$_-]+)?$/;

/** The unqualified function name of any form Lambda accepts; undefined for anything else. */
function functionNameOf(value: string): string | undefined {
  return FUNCTION_ID.exec(value)?.[1];
}

function wants(ctx: CollectContext, action: string): boolean {
  return !ctx.reads || ctx.reads.has(action);
}

/** A failed read is the snapshot's error, except Lambda's not-found, which says the function is gone. */
type Outcome<T> = T | { deleted: true } | { error: ReadError };

function outcomeOf<T>(value: T | ReadFailure): Outcome<T> {
  if (!isFailure(value)) return value;
  return value.error.name === NOT_FOUND ? { deleted: true } : { error: value.error };
}

function readUrls(ctx: CollectContext, name: string): Promise<FunctionUrlState[] | ReadFailure> {
  const pages = paginateListFunctionUrlConfigs({ client: ctx.clients.get(LambdaClient) }, { FunctionName: name });
  return readPages(URLS, pages, (page) =>
    (page.FunctionUrlConfigs ?? []).map((c) => ({ url: c.FunctionUrl ?? '', functionArn: c.FunctionArn ?? '', authType: c.AuthType ?? 'unknown' })),
  );
}

/** One resource policy; "no policy" (ResourceNotFoundException) is an empty one. */
async function readPolicy(ctx: CollectContext, name: string, qualifier: string | null): Promise<FunctionPolicyState | ReadFailure> {
  const input = qualifier ? { FunctionName: name, Qualifier: qualifier } : { FunctionName: name };
  const out = await read(POLICY, () => ctx.clients.get(LambdaClient).send(new GetPolicyCommand(input)), { names: [NOT_FOUND], fallback: null });
  if (isFailure(out)) return out;
  if (!out?.Policy) return { qualifier, statements: [] };
  try {
    const document = JSON.parse(out.Policy) as { Statement?: PolicyStatement | PolicyStatement[] };
    const statements = Array.isArray(document.Statement) ? document.Statement : document.Statement ? [document.Statement] : [];
    return { qualifier, statements };
  } catch (error) {
    return new ReadFailure({ operation: POLICY, code: 'MALFORMED_RESPONSE', name: 'InvalidPolicyJson', message: (error as Error).message });
  }
}

/**
 * The function's and its aliases' policies. ListAliases comes first: its not-found is the only
 * reliable "function gone", since GetPolicy says the same for a function without a policy.
 */
async function readPolicies(ctx: CollectContext, name: string): Promise<FunctionPolicyState[] | ReadFailure> {
  const aliases = await readPages(ALIASES, paginateListAliases({ client: ctx.clients.get(LambdaClient) }, { FunctionName: name }), (page) =>
    (page.Aliases ?? []).flatMap((a) => (a.Name ? [a.Name] : [])),
  );
  if (isFailure(aliases)) return aliases;
  const policies = await mapLimit([null, ...aliases], 4, (qualifier) => readPolicy(ctx, name, qualifier));
  return policies.find(isFailure) ?? (policies as FunctionPolicyState[]);
}

async function collect(ctx: CollectContext, id: string): Promise<Snapshot<LambdaFunctionState>> {
  const name = functionNameOf(id) ?? id;
  const functionArn = `arn:${partitionOf(ctx.region)}:lambda:${ctx.region}:${ctx.account}:function:${name}`;
  const base = { kind: KIND, resource: { type: RESOURCE_TYPE, id: name, arn: functionArn }, account: ctx.account, region: ctx.region, source: 'api' as const };
  const lambda = ctx.clients.get(LambdaClient);
  const [urls, policies, tags] = await Promise.all([
    wants(ctx, URLS) ? readUrls(ctx, name).then(outcomeOf) : undefined,
    wants(ctx, POLICY) ? readPolicies(ctx, name).then(outcomeOf) : undefined,
    wants(ctx, TAGS) ? read(TAGS, () => lambda.send(new ListTagsCommand({ Resource: functionArn }))) : undefined,
  ]);
  for (const outcome of [urls, policies]) {
    if (outcome && 'deleted' in outcome) return { ...base, deleted: true };
    if (outcome && 'error' in outcome) return { ...base, error: outcome.error };
  }
  const state: LambdaFunctionState = {
    functionName: name,
    functionArn,
    ...(urls ? { urls: urls as FunctionUrlState[] } : {}),
    ...(policies ? { policies: policies as FunctionPolicyState[] } : {}),
  };
  if (tags === undefined) return { ...base, state };
  if (isFailure(tags)) return { ...base, tagsError: tags.error, state };
  return { ...base, tags: { ...tags.Tags }, state };
}

function enumerate(ctx: CollectContext): AsyncIterable<string> {
  return idsFromPages(paginateListFunctions({ client: ctx.clients.get(LambdaClient) }, {}), (page) => page.Functions, (f) => f.FunctionName);
}

/**
 * Lambda's versioned events (AddPermission20150331v2, CreateFunctionUrlConfig20211031,
 * DeleteFunction20150331, ...) name the function in `requestParameters.functionName` (a name, a
 * partial ARN or an ARN, possibly qualified); CreateFunction and the URL calls also return it.
 */
function idsFromEvent(record: CloudTrailRecord): string[] {
  const values = idsAt(record, ['requestParameters.functionName', 'responseElements.functionName', 'responseElements.functionArn'], '');
  return [...new Set(values.flatMap((value) => functionNameOf(value) ?? []))];
}

/** Lambda functions by name. Config items of functions carry neither URLs nor alias policies: only a deletion is taken from one. */
export const lambdaFunctionKind: SnapshotKind<LambdaFunctionState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,
  collect,
  enumerate,
  fromConfigItem: deletionOnlyFromItem<LambdaFunctionState>(KIND, RESOURCE_TYPE),
  idsFromEvent,
};

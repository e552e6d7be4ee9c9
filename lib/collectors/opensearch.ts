/**
 * OpenSearch Service domains (kind "opensearch-domain"), whichever engine they run: the OpenSearch
 * API describes legacy Elasticsearch domains too, and es.amazonaws.com logs both APIs' events. One
 * snapshot serves the encryption-at-rest and the TLS checks.
 */
import { DescribeDomainCommand, ListDomainNamesCommand, ListTagsCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import type { ConfigItem } from '../model/config-item.ts';
import type { OpenSearchDomainState } from '../model/states/opensearch.ts';
import { deletedFromItem, isGoneItem, snapshotFromItem } from './config-item-snapshot.ts';
import { memberOf as member, textOf as text } from './members.ts';
import { isFailure, read } from './read.ts';
import { tagsFromList } from './tags.ts';
import type { CollectContext, SnapshotKind } from './types.ts';

const KIND = 'opensearch-domain';
const RESOURCE_TYPE = 'AWS::OpenSearch::Domain';
/** Config records domains of the legacy API under this type as well; both name the same domain. */
const LEGACY_TYPE = 'AWS::Elasticsearch::Domain';
const DOMAIN_TYPES: ReadonlySet<string> = new Set([RESOURCE_TYPE, LEGACY_TYPE].map((t) => t.toLowerCase()));
const TAGS_READ = 'es:ListTags';

type Loose = Record<string, unknown>;

/** A domain name from a domain id ("123456789012/orders", as Config and DomainId write it) or an ARN; names never hold "/". */
function domainNameOf(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1);
}

/** The facts the checks read, as a DomainStatus or a Config configuration holds them (any casing). */
function domainFacts(domain: unknown) {
  const endpoint = member(domain, 'DomainEndpointOptions');
  const atRest = member(domain, 'EncryptionAtRestOptions');
  const legacyVersion = text(member(domain, 'ElasticsearchVersion'));
  return {
    engineVersion: text(member(domain, 'EngineVersion')) ?? (legacyVersion ? `Elasticsearch_${legacyVersion}` : null),
    atRestEnabled: member(atRest, 'Enabled'),
    kmsKeyId: text(member(atRest, 'KmsKeyId')),
    nodeToNode: member(member(domain, 'NodeToNodeEncryptionOptions'), 'Enabled'),
    enforceHttps: member(endpoint, 'EnforceHTTPS'),
    tlsSecurityPolicy: text(member(endpoint, 'TLSSecurityPolicy')),
  };
}

/** The state from DescribeDomain: an option the answer leaves out is off. */
function stateFromStatus(domain: unknown, name: string): OpenSearchDomainState {
  const facts = domainFacts(domain);
  return {
    domainName: name,
    engineVersion: facts.engineVersion,
    encryptionAtRest: { enabled: facts.atRestEnabled === true, kmsKeyId: facts.kmsKeyId },
    nodeToNodeEncryption: facts.nodeToNode === true,
    enforceHttps: facts.enforceHttps === true,
    tlsSecurityPolicy: facts.tlsSecurityPolicy,
  };
}

/** The state from a Config configuration, or undefined when it lacks a fact (then the domain is read live). */
function stateFromConfiguration(configuration: Loose, name: string): OpenSearchDomainState | undefined {
  const facts = domainFacts(configuration);
  if (typeof facts.atRestEnabled !== 'boolean' || typeof facts.nodeToNode !== 'boolean' || typeof facts.enforceHttps !== 'boolean') return undefined;
  // With HTTPS enforced the verdict turns on the policy: an item without one says too little.
  if (facts.enforceHttps && facts.tlsSecurityPolicy === null) return undefined;
  return stateFromStatus(configuration, name);
}

async function collectDomain(ctx: CollectContext, id: string): Promise<Snapshot<OpenSearchDomainState>> {
  const name = domainNameOf(id);
  const base = { kind: KIND, account: ctx.account, region: ctx.region, source: 'api' as const };
  const client = ctx.clients.get(OpenSearchClient);
  const described = await read('es:DescribeDomain', () => client.send(new DescribeDomainCommand({ DomainName: name })), {
    names: ['ResourceNotFoundException'],
    fallback: null,
  });
  if (isFailure(described)) return { ...base, resource: { type: RESOURCE_TYPE, id: name }, error: described.error };
  const status = described?.DomainStatus;
  // Not found, or accepted for deletion (Deleted: true while AWS removes it): nothing left to judge.
  if (!status || status.Deleted === true) return { ...base, resource: { type: RESOURCE_TYPE, id: name }, deleted: true };
  const resource = { type: RESOURCE_TYPE, id: name, ...(status.ARN ? { arn: status.ARN } : {}) };
  const state = stateFromStatus(status, name);
  // Both checks judge every domain alike: tags only say whether the record's domain is PHI-scoped.
  if (!status.ARN || (ctx.reads && !ctx.reads.has(TAGS_READ))) return { ...base, resource, state };
  const tags = await read(TAGS_READ, () => client.send(new ListTagsCommand({ ARN: status.ARN })));
  return { ...base, resource, ...(isFailure(tags) ? { tagsError: tags.error } : { tags: tagsFromList(tags.TagList) }), state };
}

/** ListDomainNames is not paginated: one answer lists every domain of both engines in the region. */
async function* enumerateDomains(ctx: CollectContext): AsyncIterable<string> {
  const listed = await ctx.clients.get(OpenSearchClient).send(new ListDomainNamesCommand({}));
  for (const domain of listed.DomainNames ?? []) if (domain.DomainName) yield domain.DomainName;
}

function domainFromConfigItem(item: ConfigItem): Snapshot<OpenSearchDomainState> | undefined {
  if (!DOMAIN_TYPES.has(item.resourceType.toLowerCase())) return undefined;
  const configuration = item.configuration ?? {};
  const name = text(member(configuration, 'DomainName')) ?? item.resourceName ?? domainNameOf(item.resourceId);
  // Both item types name one domain: the record is the OpenSearch domain's, by name, as the API and events name it.
  const options = { resource: { type: RESOURCE_TYPE, id: name } };
  if (isGoneItem(item) || member(configuration, 'Deleted') === true) return deletedFromItem(KIND, item, options);
  const state = stateFromConfiguration(configuration, name);
  return state ? { ...snapshotFromItem<OpenSearchDomainState>(KIND, item, options), state } : undefined;
}

/**
 * Both APIs name the domain `domainName` in requestParameters (create, update, delete) and in
 * responseElements.domainStatus (create); CloudTrail User Guide and OpenSearch Service guide samples.
 */
function domainIdsFromEvent(record: CloudTrailRecord): string[] {
  const request = record.requestParameters ?? {};
  const status = member(record.responseElements, 'domainStatus');
  const ids = [request.domainName, member(status, 'domainName')].map(text).filter((v): v is string => v !== null);
  return [...new Set(ids)];
}

/**
 * Snapshot kind "opensearch-domain": one domain, id = domain name (a domain id or ARN is accepted).
 *
 * @example
 * const snapshot = await openSearchDomainKind.collect(ctx, 'patient-search');
 * snapshot.state?.encryptionAtRest.enabled; // true
 */
export const openSearchDomainKind: SnapshotKind<OpenSearchDomainState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,
  collect: collectDomain,
  enumerate: enumerateDomains,
  fromConfigItem: domainFromConfigItem,
  idsFromEvent: domainIdsFromEvent,
  // A legacy AWS::Elasticsearch::Domain item too thin to judge names the domain by its domain id.
  resolveIds: async (_ctx, related) => (DOMAIN_TYPES.has(related.resourceType.toLowerCase()) ? [domainNameOf(related.resourceId)] : []),
};

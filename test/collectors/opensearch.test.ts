import 'aws-sdk-client-mock-vitest/extend';
import { DescribeDomainCommand, ListDomainNamesCommand, ListTagsCommand, OpenSearchClient, ResourceNotFoundException } from '@aws-sdk/client-opensearch';
import { describe, expect, it } from 'vitest';
import tls from '../../lib/checks/opensearch-domain-tls/metadata.json' with { type: 'json' };
import { openSearchDomainKind } from '../../lib/collectors/opensearch.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import createEvent from '../fixtures/opensearch/cloudtrail-create-elasticsearch-domain.json' with { type: 'json' };
import deleteEvent from '../fixtures/opensearch/cloudtrail-delete-domain.json' with { type: 'json' };
import updateEvent from '../fixtures/opensearch/cloudtrail-update-domain-config.json' with { type: 'json' };
import legacyItem from '../fixtures/opensearch/config-item-elasticsearch-domain.json' with { type: 'json' };
import legacyDeletedItem from '../fixtures/opensearch/config-item-elasticsearch-domain-deleted.json' with { type: 'json' };
import openSearchItem from '../fixtures/opensearch/config-item-opensearch-domain.json' with { type: 'json' };
import legacyDomain from '../fixtures/opensearch/describe-domain-legacy.json' with { type: 'json' };
import domain from '../fixtures/opensearch/describe-domain.json' with { type: 'json' };
import domainNames from '../fixtures/opensearch/list-domain-names.json' with { type: 'json' };
import { configItem, mockedClient, mockedContext, sdkError, sdkOutput } from '../fixtures/collectors/ctx.ts';

const es = mockedClient(OpenSearchClient);
const ctx = mockedContext('us-east-1', '111122223333');
const PHI_TAGS = { TagList: [{ Key: 'data-classification', Value: 'ephi' }] };

describe('openSearchDomainKind.collect', () => {
  it('maps encryption at rest, the endpoint options and node-to-node encryption, with the tags', async () => {
    // Prepare
    es.on(DescribeDomainCommand, { DomainName: 'patient-search' }).resolves(sdkOutput(domain));
    es.on(ListTagsCommand, { ARN: 'arn:aws:es:us-east-1:111122223333:domain/patient-search' }).resolves(PHI_TAGS);
    // Act
    const snapshot = await openSearchDomainKind.collect(ctx, 'patient-search');
    // Assess
    expect(snapshot.resource).toEqual({ type: 'AWS::OpenSearch::Domain', id: 'patient-search', arn: 'arn:aws:es:us-east-1:111122223333:domain/patient-search' });
    expect(snapshot.state).toEqual({
      domainName: 'patient-search',
      engineVersion: 'OpenSearch_2.11',
      encryptionAtRest: { enabled: true, kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d' },
      nodeToNodeEncryption: true,
      enforceHttps: true,
      tlsSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10',
    });
    expect(snapshot.tags).toEqual({ 'data-classification': 'ephi' });
  });

  it('reads a legacy Elasticsearch domain through the same API, its missing key as null', async () => {
    es.on(DescribeDomainCommand).resolves(sdkOutput(legacyDomain));
    es.on(ListTagsCommand).resolves({ TagList: [] });
    const snapshot = await openSearchDomainKind.collect(ctx, 'legacy-logs');
    expect(snapshot.state).toMatchObject({ engineVersion: 'Elasticsearch_5.6', encryptionAtRest: { enabled: false, kmsKeyId: null }, enforceHttps: false });
  });

  it('accepts a domain id as Config names it and asks for the domain name', async () => {
    es.on(DescribeDomainCommand, { DomainName: 'patient-search' }).resolves(sdkOutput(domain));
    es.on(ListTagsCommand).resolves({ TagList: [] });
    const snapshot = await openSearchDomainKind.collect(ctx, '111122223333/patient-search');
    expect(es).toHaveReceivedCommandWith(DescribeDomainCommand, { DomainName: 'patient-search' });
    expect(snapshot.resource.id).toBe('patient-search');
  });

  it('skips the tag read when no check at hand declares it', async () => {
    es.on(DescribeDomainCommand).resolves(sdkOutput(domain));
    const snapshot = await openSearchDomainKind.collect({ ...ctx, reads: new Set(['es:DescribeDomain']) }, 'patient-search');
    expect(es).not.toHaveReceivedCommand(ListTagsCommand);
    expect(snapshot.state?.enforceHttps).toBe(true);
  });

  it('keeps the state when only the tag read is denied', async () => {
    es.on(DescribeDomainCommand).resolves(sdkOutput(domain));
    es.on(ListTagsCommand).rejects(sdkError('AccessDeniedException', 'not authorized to perform: es:ListTags', 403));
    const snapshot = await openSearchDomainKind.collect(ctx, 'patient-search');
    expect(snapshot.tagsError).toMatchObject({ operation: 'es:ListTags', code: 'ACCESS_DENIED' });
    expect(snapshot.error).toBeUndefined();
    expect(snapshot.state?.encryptionAtRest.enabled).toBe(true);
  });

  it('turns a denied DescribeDomain into snapshot.error, not a throw', async () => {
    es.on(DescribeDomainCommand).rejects(sdkError('AccessDeniedException', 'not authorized to perform: es:DescribeDomain', 403));
    const snapshot = await openSearchDomainKind.collect(ctx, 'patient-search');
    expect(snapshot.error).toMatchObject({ operation: 'es:DescribeDomain', code: 'ACCESS_DENIED', name: 'AccessDeniedException' });
    expect(snapshot.state).toBeUndefined();
  });

  it.each<[string, () => void]>([
    ['a missing domain (ResourceNotFoundException)', () => es.on(DescribeDomainCommand).rejects(new ResourceNotFoundException({ message: 'Domain not found: gone', $metadata: {} }))],
    ['a domain accepted for deletion (Deleted: true)', () => es.on(DescribeDomainCommand).resolves(sdkOutput({ DomainStatus: { ...domain.DomainStatus, Deleted: true } }))],
  ])('reports %s as deleted', async (_name, prepare) => {
    prepare();
    const snapshot = await openSearchDomainKind.collect(ctx, 'gone');
    expect(snapshot).toMatchObject({ deleted: true, resource: { type: 'AWS::OpenSearch::Domain', id: 'gone' } });
    expect(snapshot.error).toBeUndefined();
  });
});

describe('openSearchDomainKind.enumerate', () => {
  it('lists the domains of both engines from one unpaginated ListDomainNames', async () => {
    es.on(ListDomainNamesCommand).resolves(sdkOutput(domainNames));
    const ids: string[] = [];
    for await (const id of openSearchDomainKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual(['patient-search', 'legacy-logs']);
    expect(es).toHaveReceivedCommandTimes(ListDomainNamesCommand, 1);
  });

  it('throws a failed listing, so the sweep records the scope as error', async () => {
    es.on(ListDomainNamesCommand).rejects(sdkError('AccessDeniedException', 'denied', 403));
    const iterate = async () => {
      for await (const _ of openSearchDomainKind.enumerate(ctx)) void _;
    };
    await expect(iterate()).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});

describe('openSearchDomainKind.fromConfigItem', () => {
  it('reads an AWS::OpenSearch::Domain item (CloudFormation casing) without an API call', () => {
    const snapshot = openSearchDomainKind.fromConfigItem!(configItem(openSearchItem));
    expect(snapshot).toMatchObject({
      source: 'config-item',
      resource: { type: 'AWS::OpenSearch::Domain', id: 'patient-search', arn: 'arn:aws:es:us-east-1:111122223333:domain/patient-search' },
      tags: { 'data-classification': 'ephi' },
      state: { encryptionAtRest: { enabled: true }, nodeToNodeEncryption: true, enforceHttps: true, tlsSecurityPolicy: 'Policy-Min-TLS-1-0-2019-07' },
    });
  });

  it('reads a legacy AWS::Elasticsearch::Domain item (bean casing: tlssecurityPolicy) as the same domain, by name', () => {
    const snapshot = openSearchDomainKind.fromConfigItem!(configItem(legacyItem));
    expect(snapshot?.resource).toEqual({ type: 'AWS::OpenSearch::Domain', id: 'legacy-logs', arn: 'arn:aws:es:us-east-1:111122223333:domain/legacy-logs' });
    expect(snapshot?.state).toEqual({
      domainName: 'legacy-logs',
      engineVersion: 'Elasticsearch_5.6',
      encryptionAtRest: { enabled: false, kmsKeyId: null },
      nodeToNodeEncryption: false,
      enforceHttps: false,
      tlsSecurityPolicy: 'Policy-Min-TLS-1-0-2019-07',
    });
  });

  it('marks a deleted item deleted, named by the domain', () => {
    expect(openSearchDomainKind.fromConfigItem!(configItem(legacyDeletedItem))).toMatchObject({ deleted: true, resource: { type: 'AWS::OpenSearch::Domain', id: 'legacy-logs' } });
  });

  it.each<[string, Record<string, unknown>]>([
    ['no node-to-node options', { ...openSearchItem.configuration, NodeToNodeEncryptionOptions: undefined }],
    ['HTTPS enforced but no TLS policy', { ...openSearchItem.configuration, DomainEndpointOptions: { EnforceHTTPS: true } }],
  ])('returns undefined for an item with %s, so the domain is read live', (_name, configuration) => {
    expect(openSearchDomainKind.fromConfigItem!(configItem({ ...openSearchItem, configuration }))).toBeUndefined();
  });

  it('resolves a thin legacy item to the domain name its domain id carries', async () => {
    const ids = await openSearchDomainKind.resolveIds!(ctx, { resourceType: 'AWS::Elasticsearch::Domain', resourceId: '111122223333/legacy-logs' });
    expect(ids).toEqual(['legacy-logs']);
  });
});

describe('openSearchDomainKind.idsFromEvent', () => {
  it.each<[string, unknown, string[]]>([
    ['CreateElasticsearchDomain (AWS sample)', createEvent, ['test-domain']],
    ['UpdateDomainConfig names the domain in its request only', updateEvent, ['patient-search']],
    ['DeleteDomain still routes: the domain is then found deleted', deleteEvent, ['legacy-logs']],
  ])('%s', (_name, record, expected) => {
    expect(openSearchDomainKind.idsFromEvent(record as CloudTrailRecord)).toEqual(expected);
  });

  it('is triggered by every event of both APIs it can read', () => {
    expect(tls.triggers.cloudtrail[0]!.eventNames).toEqual(expect.arrayContaining([createEvent.eventName, updateEvent.eventName, deleteEvent.eventName]));
  });
});

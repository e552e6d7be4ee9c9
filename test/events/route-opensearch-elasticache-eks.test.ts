/**
 * The OpenSearch, ElastiCache and EKS checks through the real router and registry: which checks
 * each documented event or Config item reaches, on which resource, and with a snapshot when the
 * item carries the facts.
 */
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../lib/checks/registry.ts';
import { eksClusterKind } from '../../lib/collectors/eks.ts';
import { elastiCacheKind } from '../../lib/collectors/elasticache.ts';
import { openSearchDomainKind } from '../../lib/collectors/opensearch.ts';
import { routeTrigger, type RoutePlan } from '../../lib/events/route.ts';
import type { Trigger } from '../../lib/events/types.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import associateEvent from '../fixtures/eks/cloudtrail-associate-encryption-config.json' with { type: 'json' };
import updateClusterEvent from '../fixtures/eks/cloudtrail-update-cluster-config.json' with { type: 'json' };
import preferredGroupEvent from '../fixtures/elasticache/cloudtrail-create-replication-group.json' with { type: 'json' };
import serverlessEvent from '../fixtures/elasticache/cloudtrail-create-serverless-cache.json' with { type: 'json' };
import legacyItem from '../fixtures/opensearch/config-item-elasticsearch-domain.json' with { type: 'json' };
import updateDomainEvent from '../fixtures/opensearch/cloudtrail-update-domain-config.json' with { type: 'json' };
import { configItem } from '../fixtures/collectors/ctx.ts';

const KINDS = [openSearchDomainKind, elastiCacheKind, eksClusterKind];
const INFO = { source: 'cloudtrail' as const, eventId: 'e-1' };

function cloudTrail(record: unknown): Trigger {
  const r = record as CloudTrailRecord;
  return { kind: 'cloudtrail', record: r, info: INFO, account: '111122223333', region: r.awsRegion, observedAt: r.eventTime };
}

/** [check, resource id, from a snapshot?] of each planned evaluation, sorted. */
function planned(plan: RoutePlan): [string, string | undefined, boolean][] {
  return plan.evaluations.map((e): [string, string | undefined, boolean] => [e.check.metadata.id, e.resourceId ?? e.snapshot?.resource.id, e.snapshot !== undefined]).sort();
}

describe('routing the OpenSearch, ElastiCache and EKS triggers', () => {
  it.each<[string, unknown, [string, string, boolean][]]>([
    ['UpdateDomainConfig reaches both OpenSearch checks', updateDomainEvent, [['opensearch-domain-encrypted', 'patient-search', false], ['opensearch-domain-tls', 'patient-search', false]]],
    ['CreateReplicationGroup reaches the ElastiCache check', preferredGroupEvent, [['elasticache-encrypted', 'lab-cache', false]]],
    ['CreateServerlessCache reaches it with the serverless id', serverlessEvent, [['elasticache-encrypted', 'serverlesscache:patient-sessions', false]]],
    ['UpdateClusterConfig reaches only the endpoint check', updateClusterEvent, [['eks-cluster-endpoint-private', 'clinical-apps', false]]],
    ['AssociateEncryptionConfig reaches only the secrets check', associateEvent, [['eks-cluster-secrets-encrypted', 'dev-sandbox', false]]],
  ])('%s', (_name, record, expected) => {
    // Act
    const plan = routeTrigger(cloudTrail(record), CHECKS, KINDS);
    // Assess
    expect(planned(plan)).toEqual(expected);
  });

  it('judges a legacy AWS::Elasticsearch::Domain item from the item itself, as the OpenSearch domain', () => {
    const item = configItem(legacyItem);
    const plan = routeTrigger({ kind: 'config-item', item, info: { source: 'config-item', eventId: 'c-1' }, account: item.awsAccountId, region: item.awsRegion, observedAt: item.configurationItemCaptureTime }, CHECKS, KINDS);
    expect(planned(plan)).toEqual([['opensearch-domain-encrypted', 'legacy-logs', true], ['opensearch-domain-tls', 'legacy-logs', true]]);
  });

  it('resolves an oversized legacy item by its domain id, not as an unknown type', () => {
    const trigger: Trigger = {
      kind: 'config-item-oversized', resourceType: 'AWS::Elasticsearch::Domain', resourceId: '111122223333/legacy-logs', status: 'OK',
      info: { source: 'config-item', eventId: 'c-2' }, account: '111122223333', region: 'us-east-1', observedAt: '2025-03-05T08:00:00.000Z',
    };
    const plan = routeTrigger(trigger, CHECKS, KINDS);
    expect(plan.evaluations.map((e) => [e.check.metadata.id, e.related])).toEqual([
      ['opensearch-domain-encrypted', { resourceType: 'AWS::Elasticsearch::Domain', resourceId: '111122223333/legacy-logs' }],
      ['opensearch-domain-tls', { resourceType: 'AWS::Elasticsearch::Domain', resourceId: '111122223333/legacy-logs' }],
    ]);
  });
});

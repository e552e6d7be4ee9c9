import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/opensearch-domain-encrypted/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/model/check.ts';
import type { OpenSearchDomainState } from '../../lib/model/states/opensearch.ts';
import states from '../fixtures/opensearch/domain-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const domains = states as Record<keyof typeof states, OpenSearchDomainState>;

describe('opensearch-domain-encrypted', () => {
  it.each<[string, Result, Snapshot<OpenSearchDomainState>, RegExp]>([
    ['encrypted with a customer key', 'pass', snapshotOf(check, 'patient-search', domains.encryptedPfs), /^domain patient-search \(OpenSearch_2\.11\) is encrypted at rest with KMS key arn:aws:kms:.*:key\/1a2b3c4d/],
    ['encrypted with the service key', 'pass', snapshotOf(check, 'claims-index', domains.fipsPolicy), /^domain claims-index \(OpenSearch_2\.13\) is encrypted at rest$/],
    ['a legacy Elasticsearch domain is judged too', 'fail', snapshotOf(check, 'legacy-logs', domains.legacyPlain), /^domain legacy-logs \(Elasticsearch_5\.6\) is not encrypted at rest/],
    ['a deleted domain', 'not_applicable', snapshotOf(check, 'patient-search', undefined, { deleted: true }), /patient-search was deleted/],
    ['a denied DescribeDomain', 'error', snapshotOf(check, 'patient-search', undefined, { error: accessDenied('es:DescribeDomain', 'AccessDeniedException') }), /^ACCESS_DENIED: es:DescribeDomain was denied/],
  ])('%s -> %s', (_name, expected, snapshot, reason) => {
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('keeps the verdict when the tags cannot be read: every domain is judged alike', () => {
    // Prepare
    const snapshot = snapshotOf(check, 'legacy-logs', domains.legacyPlain, { tagsError: accessDenied('es:ListTags', 'AccessDeniedException') });
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe('fail');
    expect(finding.observed.unreadable).toEqual([expect.objectContaining({ operation: 'es:ListTags', code: 'ACCESS_DENIED' })]);
  });

  it('keeps the facts the verdict rests on in observed', () => {
    const finding = runCheck(check, snapshotOf(check, 'legacy-logs', domains.legacyPlain), DEFAULT_SETTINGS);
    expect(finding.observed).toEqual({ domainName: 'legacy-logs', engineVersion: 'Elasticsearch_5.6', encryptionAtRestEnabled: false, kmsKeyId: null });
  });

  itHasValidMetadata(check, 'opensearch-domain-encrypted', { service: 'es' });
});

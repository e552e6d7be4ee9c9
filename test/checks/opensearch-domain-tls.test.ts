import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/opensearch-domain-tls/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/model/check.ts';
import type { OpenSearchDomainState } from '../../lib/model/states/opensearch.ts';
import states from '../fixtures/opensearch/domain-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const domains = states as Record<keyof typeof states, OpenSearchDomainState>;

describe('opensearch-domain-tls', () => {
  it.each<[string, Result, Snapshot<OpenSearchDomainState>, RegExp]>([
    ['HTTPS, the TLS 1.2 PFS policy and node-to-node', 'pass', snapshotOf(check, 'patient-search', domains.encryptedPfs), /^domain patient-search requires HTTPS with Policy-Min-TLS-1-2-PFS-2023-10 and encrypts node-to-node traffic$/],
    ['the TLS 1.2 FIPS policy', 'pass', snapshotOf(check, 'claims-index', domains.fipsPolicy), /Policy-Min-TLS-1-2-RFC9151-FIPS-2024-08/],
    ['the classic TLS 1.2 policy on an Elasticsearch domain', 'pass', snapshotOf(check, 'audit-search', domains.tls12Classic), /Policy-Min-TLS-1-2-2019-07/],
    ['HTTPS enforced but TLS 1.0 allowed', 'fail', snapshotOf(check, 'intake-search', domains.httpsTls10), /^domain intake-search allows TLS below 1\.2 \(Policy-Min-TLS-1-0-2019-07\)$/],
    ['no node-to-node encryption', 'fail', snapshotOf(check, 'metrics', domains.noNodeToNode), /^domain metrics sends data between its nodes unencrypted/],
    ['HTTPS enforced with no policy reported', 'fail', snapshotOf(check, 'old-endpoint', domains.httpsNoPolicy), /has no TLS security policy requiring TLS 1\.2/],
    ['a policy name that says no TLS version', 'fail', snapshotOf(check, 'odd-policy', domains.unknownPolicy), /allows TLS below 1\.2 \(Policy-Custom-Legacy\)/],
    ['plain HTTP, TLS 1.0 and no node-to-node all at once', 'fail', snapshotOf(check, 'legacy-logs', domains.legacyPlain), /accepts plain HTTP.*; allows TLS below 1\.2.*; sends data between its nodes unencrypted/],
    ['a deleted domain', 'not_applicable', snapshotOf(check, 'metrics', undefined, { deleted: true }), /metrics was deleted/],
    ['a denied DescribeDomain', 'error', snapshotOf(check, 'metrics', undefined, { error: accessDenied('es:DescribeDomain', 'AccessDeniedException') }), /^ACCESS_DENIED: es:DescribeDomain was denied/],
  ])('%s -> %s', (_name, expected, snapshot, reason) => {
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('keeps the three facts the verdict rests on in observed', () => {
    const finding = runCheck(check, snapshotOf(check, 'intake-search', domains.httpsTls10), DEFAULT_SETTINGS);
    expect(finding.observed).toEqual({
      domainName: 'intake-search', engineVersion: 'OpenSearch_1.3', enforceHttps: true, tlsSecurityPolicy: 'Policy-Min-TLS-1-0-2019-07', nodeToNodeEncryption: true,
    });
  });

  itHasValidMetadata(check, 'opensearch-domain-tls', { service: 'es', hasConfigRule: false });
});

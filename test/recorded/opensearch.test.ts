import { describe, expect, it } from 'vitest';
import { recordedFixture, sweepRecorded } from '../fixtures/recorded/sweep.ts';
import { sortedVerdicts as verdicts } from '../fixtures/recorded/verdicts.ts';

const CHECKS = ['opensearch-domain-encrypted', 'opensearch-domain-tls'];

describe('the OpenSearch checks on recorded OpenSearch answers', () => {
  it('pass an encrypted, TLS 1.2-only domain, PHI-scoped by its tags', async () => {
    // Act
    const records = await sweepRecorded(recordedFixture('opensearch/pass.json'), CHECKS);
    // Assess
    expect(verdicts(records)).toEqual([
      ['opensearch-domain-encrypted', 'patient-search', 'pass'],
      ['opensearch-domain-tls', 'patient-search', 'pass'],
    ]);
    expect(records.every((r) => r.resource.phiScoped && r.resource.type === 'AWS::OpenSearch::Domain')).toBe(true);
  });

  it('fail the legacy Elasticsearch domain that encrypts nothing, beside a good one', async () => {
    const records = await sweepRecorded(recordedFixture('opensearch/fail.json'), CHECKS);
    expect(verdicts(records)).toEqual([
      ['opensearch-domain-encrypted', 'legacy-logs', 'fail'],
      ['opensearch-domain-encrypted', 'patient-search', 'pass'],
      ['opensearch-domain-tls', 'legacy-logs', 'fail'],
      ['opensearch-domain-tls', 'patient-search', 'pass'],
    ]);
  });

  it('record nothing in a region without domains', async () => {
    expect(await sweepRecorded(recordedFixture('opensearch/disabled.json'), CHECKS)).toEqual([]);
  });

  it('record an error with ACCESS_DENIED for each check when the listing is denied', async () => {
    const records = await sweepRecorded(recordedFixture('opensearch/denied.json'), CHECKS);
    expect(verdicts(records)).toEqual([
      ['opensearch-domain-encrypted', '111122223333:us-east-1', 'error'],
      ['opensearch-domain-tls', '111122223333:us-east-1', 'error'],
    ]);
    for (const record of records) expect(record.observed).toMatchObject({ error: { code: 'ACCESS_DENIED', name: 'AccessDeniedException' } });
  });
});

import { describe, expect, it } from 'vitest';
import type { CheckMetadata } from '../../lib/model/check.ts';
import { metadataRuleErrors } from '../../lib/model/metadata-rules.ts';
import metadata from '../fixtures/evidence/check-metadata.json' with { type: 'json' };

/** The real-shaped fixture metadata with some members replaced. */
function metadataWith(changes: Partial<CheckMetadata>): CheckMetadata {
  return { ...(structuredClone(metadata) as CheckMetadata), ...changes };
}

/** A trigger of Lambda's API calls naming these events. */
const lambdaTrigger = (eventNames: string[]) => ({ triggers: { cloudtrail: [{ eventSource: 'lambda.amazonaws.com', eventNames }], configResourceTypes: [], sweep: true } });

describe('metadataRuleErrors', () => {
  it('finds nothing wrong with real metadata', () => {
    expect(metadataRuleErrors(metadataWith({}))).toEqual([]);
  });

  it('refuses a read listed both as deciding and as enriching, at its enrich path', () => {
    // Prepare
    const reads = { decide: ['ec2:DescribeSecurityGroups', 'ec2:DescribeVpcs'], enrich: ['ec2:DescribeTags', 'ec2:DescribeVpcs'] };
    // Act
    const errors = metadataRuleErrors(metadataWith({ reads }));
    // Assess
    expect(errors).toEqual([expect.stringMatching(/^reads\.enrich\[1\]: "ec2:DescribeVpcs" .*reads\.decide\[1\]/)]);
  });

  it('refuses a versioned event name, naming the stem to list instead', () => {
    // Act
    const errors = metadataRuleErrors(metadataWith(lambdaTrigger(['RemovePermission', 'AddPermission20150331v2'])));
    // Assess
    expect(errors).toEqual([expect.stringMatching(/^triggers\.cloudtrail\[0\]\.eventNames\[1\]: .*"AddPermission"$/)]);
  });

  it('accepts stems and names whose digits are no API version', () => {
    expect(metadataRuleErrors(metadataWith(lambdaTrigger(['AddPermission', 'ListObjectsV2', '*'])))).toEqual([]);
  });

  it('checks the citations against the citation table, and lists every error, not just the first', () => {
    // Prepare
    const bad = metadataWith({ ...lambdaTrigger(['CreateFunction20150331']), reads: { decide: ['kms:ListAliases'], enrich: ['kms:ListAliases'] }, hipaaProposed: ['164.312(f)'] });
    // Act
    const paths = metadataRuleErrors(bad).map((e) => e.slice(0, e.indexOf(':')));
    // Assess
    expect(paths).toEqual(['reads.enrich[0]', 'triggers.cloudtrail[0].eventNames[0]', 'hipaaProposed[0]']);
  });
});

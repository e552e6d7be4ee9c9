import { describe, expect, it } from 'vitest';
import { allMetadata } from '../../lib/checks/registry.ts';
import { SchemaError } from '../../lib/errors.ts';
import { validateMetadata } from '../../lib/evidence/schemas.ts';
import {
  CURRENT_RULE_CITATIONS,
  PROPOSED_RULE_CITATIONS,
  citationText,
  citationTitle,
  isUnconfirmed,
  metadataCitationErrors,
} from '../../lib/model/hipaa.ts';
import metadata from '../fixtures/evidence/check-metadata.json' with { type: 'json' };

/**
 * The proposed rule's paragraphs as notes/hipaa.md ("The proposed rule's paragraphs (NPRM 90 FR
 * 898), as far as they could be confirmed") lists them, split by confidence. Written out here, not
 * read from the notes, so the test runs wherever the repository does.
 */
const NOTES_QUOTED = [
  '164.312(a)(2)(i)', '164.312(a)(2)(ii)', '164.312(a)(2)(iii)', '164.312(a)(2)(v)', '164.312(a)(2)(vi)',
  '164.312(a)(2)(vii)', '164.312(b)(2)', '164.312(b)(3)', '164.312(f)(2)(ii)', '164.312(f)(2)(iii)',
  '164.312(h)(2)(i)', '164.312(h)(2)(iii)', '164.308(a)(13)', '164.308(a)(9)(ii)(D)',
];
const NOTES_INFERRED = [
  '164.312(c)', '164.312(c)(2)(i)', '164.312(d)', '164.312(e)', '164.312(g)', '164.312(h)(2)(iv)',
  '164.308(a)(4)', '164.312(i)', '164.312(j)', '164.308(a)(1)',
];
const NOTES_SECONDARY = ['164.308(a)(14)'];

const sorted = (list: Iterable<string>) => [...list].sort();

/** The errors of the SchemaError a call throws. */
function schemaErrors(call: () => unknown): string[] {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(SchemaError);
    return (error as SchemaError).errors;
  }
  throw new Error('expected a SchemaError');
}

describe('the HIPAA citation table', () => {
  it('holds every citation a check cites, each under its own rule', () => {
    // Prepare
    const checks = allMetadata();
    // Act
    const errors = checks.flatMap((m) => metadataCitationErrors(m).map((e) => `${m.id}: ${e}`));
    // Assess
    expect(errors).toEqual([]);
    for (const m of checks) expect(() => validateMetadata(m), m.id).not.toThrow();
  });

  it('holds exactly the proposed paragraphs of the notes, with their confidence', () => {
    // Act
    const byConfidence = (c: string) => sorted(Object.entries(PROPOSED_RULE_CITATIONS).filter(([, row]) => row.confidence === c).map(([k]) => k));
    // Assess
    expect(byConfidence('quoted')).toEqual(sorted(NOTES_QUOTED));
    expect(byConfidence('inferred')).toEqual(sorted(NOTES_INFERRED));
    expect(byConfidence('secondary')).toEqual(sorted(NOTES_SECONDARY));
  });

  it('calls unconfirmed exactly the inferred and secondary paragraphs, and any it does not hold', () => {
    // Act
    const unconfirmed = Object.keys(PROPOSED_RULE_CITATIONS).filter((c) => isUnconfirmed(c, 'proposed'));
    // Assess
    expect(sorted(unconfirmed)).toEqual(sorted([...NOTES_INFERRED, ...NOTES_SECONDARY]));
    expect(isUnconfirmed('164.312(f)', 'proposed')).toBe(true);
    expect(Object.keys(CURRENT_RULE_CITATIONS).some((c) => isUnconfirmed(c, 'current'))).toBe(false);
  });

  it('prints an unconfirmed paragraph with its mark and a quoted one bare', () => {
    expect(citationText('164.312(d)', 'proposed')).toBe('164.312(d) (unconfirmed)');
    expect(citationText('164.312(f)(2)(ii)', 'proposed')).toBe('164.312(f)(2)(ii)');
    expect(citationText('164.312(d)', 'current')).toBe('164.312(d)');
  });

  it('names a citation by the rule it is cited under', () => {
    expect(citationTitle('164.312(d)', 'current')).toBe('Person or entity authentication');
    expect(citationTitle('164.312(d)', 'proposed')).toBe('Audit trail and system log controls');
    expect(citationTitle('164.312(a)(2)(vi)', 'current')).toBeUndefined();
    expect(citationTitle('constructor', 'current')).toBeUndefined();
  });
});

describe('validateMetadata against the citation table', () => {
  it('rejects a citation the table does not hold, naming the field and index', () => {
    // Prepare: a bare proposed (f) (the MFA paragraph is (f)(2)(ii)) and a proposed paragraph cited as current
    const bad = { ...structuredClone(metadata), hipaa: ['164.312(a)(1)', '164.312(a)(2)(vi)'], hipaaProposed: ['164.312(f)'] };
    // Act
    const errors = schemaErrors(() => validateMetadata(bad));
    // Assess
    expect(errors).toEqual([
      'hipaa[1]: "164.312(a)(2)(vi)" is not a current-rule citation of lib/model/hipaa.ts',
      'hipaaProposed[0]: "164.312(f)" is not a proposed-rule paragraph of lib/model/hipaa.ts',
    ]);
  });

  it('accepts an inferred paragraph: the table marks it, the metadata does not', () => {
    expect(validateMetadata({ ...structuredClone(metadata), hipaaProposed: ['164.312(d)'] }).hipaaProposed).toEqual(['164.312(d)']);
  });
});

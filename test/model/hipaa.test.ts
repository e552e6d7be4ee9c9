import { describe, expect, it } from 'vitest';
import { allMetadata } from '../../lib/checks/registry.ts';
import { validateMetadata } from '../../lib/evidence/schemas.ts';
import {
  CURRENT_RULE_CITATIONS,
  PROPOSED_RULE_CITATIONS,
  citationText,
  citationTitle,
  isUnconfirmed,
  metadataCitationErrors,
} from '../../lib/model/hipaa.ts';

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

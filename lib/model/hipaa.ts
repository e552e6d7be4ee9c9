/**
 * The one table of HIPAA citations trailproof knows: what each citation is called and, for the 2025
 * proposed rule, how sure we are of its paragraph number. Which check covers which citation lives
 * only in each check's metadata (`hipaa`, `hipaaProposed`); everything a report says about a
 * citation comes from here, and the metadata validator refuses a citation this table does not hold.
 *
 * Sources: 45 CFR Part 164 as in force (the 2003 rule as amended in 2013) for the current rule; the
 * Security Rule NPRM (90 FR 898, 2025-01-06, RIN 0945-AA22) as read in secondary sources for the
 * proposed one (see the project's notes/hipaa.md for how each paragraph was confirmed).
 */

/** The rule a citation belongs to: the one in force, or the 2025 proposal. */
export type HipaaRule = 'current' | 'proposed';

/**
 * How a proposed paragraph number was established. `quoted`: the proposed regulatory text (or a close
 * paraphrase) was seen quoted with its number; `inferred`: consistent with the quoted anchors but not
 * read in the Federal Register text; `secondary`: only a secondary source's summary gives the number.
 */
type ProposedConfidence = 'quoted' | 'inferred' | 'secondary';

interface CurrentCitation {
  readonly title: string;
}

interface ProposedCitation {
  readonly title: string;
  readonly confidence: ProposedConfidence;
  /** Where part of the row rests on something other than the quoted text. */
  readonly note?: string;
}

/** The current rule's headings, as the CFR names them. */
export const CURRENT_RULE_CITATIONS: Readonly<Record<string, CurrentCitation>> = Object.freeze({
  '164.308(a)(1)(ii)(A)': { title: 'Risk analysis' },
  '164.308(a)(1)(ii)(B)': { title: 'Risk management' },
  '164.308(a)(1)(ii)(D)': { title: 'Information system activity review' },
  '164.308(a)(3)(i)': { title: 'Workforce security' },
  '164.308(a)(3)(ii)(A)': { title: 'Authorization and/or supervision' },
  '164.308(a)(3)(ii)(B)': { title: 'Workforce clearance procedure' },
  '164.308(a)(3)(ii)(C)': { title: 'Termination procedures' },
  '164.308(a)(4)(ii)(A)': { title: 'Isolating health care clearinghouse functions' },
  '164.308(a)(4)(ii)(B)': { title: 'Access authorization' },
  '164.308(a)(4)(ii)(C)': { title: 'Access establishment and modification' },
  '164.308(a)(5)(ii)(A)': { title: 'Security reminders' },
  '164.308(a)(5)(ii)(B)': { title: 'Protection from malicious software' },
  '164.308(a)(5)(ii)(C)': { title: 'Log-in monitoring' },
  '164.308(a)(5)(ii)(D)': { title: 'Password management' },
  '164.308(a)(6)(i)': { title: 'Security incident procedures' },
  '164.308(a)(6)(ii)': { title: 'Response and reporting' },
  '164.308(a)(7)(ii)(A)': { title: 'Data backup plan' },
  '164.308(a)(7)(ii)(B)': { title: 'Disaster recovery plan' },
  '164.308(a)(7)(ii)(C)': { title: 'Emergency mode operation plan' },
  '164.308(a)(7)(ii)(D)': { title: 'Testing and revision procedures' },
  '164.308(a)(8)': { title: 'Evaluation' },
  '164.312(a)(1)': { title: 'Access control' },
  '164.312(a)(2)(i)': { title: 'Unique user identification' },
  '164.312(a)(2)(ii)': { title: 'Emergency access procedure' },
  '164.312(a)(2)(iii)': { title: 'Automatic logoff' },
  '164.312(a)(2)(iv)': { title: 'Encryption and decryption' },
  '164.312(b)': { title: 'Audit controls' },
  '164.312(c)(1)': { title: 'Integrity' },
  '164.312(c)(2)': { title: 'Mechanism to authenticate electronic protected health information' },
  '164.312(d)': { title: 'Person or entity authentication' },
  '164.312(e)(1)': { title: 'Transmission security' },
  '164.312(e)(2)(i)': { title: 'Integrity controls' },
  '164.312(e)(2)(ii)': { title: 'Encryption' },
  // Our evidence retention default: documentation kept 6 years from creation or last effective date.
  '164.316(b)(2)(i)': { title: 'Time limit (retain documentation 6 years)' },
});

/** The proposed rule's paragraphs, named by the concept each is read to hold. */
export const PROPOSED_RULE_CITATIONS: Readonly<Record<string, ProposedCitation>> = Object.freeze({
  '164.308(a)(1)': { title: 'Technology asset inventory and network map', confidence: 'inferred' },
  '164.308(a)(4)': { title: 'Patch management', confidence: 'inferred' },
  '164.308(a)(9)(ii)(D)': { title: 'Notice of workforce access changes within 24 hours', confidence: 'quoted' },
  '164.308(a)(13)': { title: 'Contingency plan: restore within 72 hours', confidence: 'quoted', note: 'the 72 hours come from HHS fact sheet' },
  '164.308(a)(14)': { title: 'Compliance audit every 12 months', confidence: 'secondary' },
  '164.312(a)(2)(i)': { title: 'Unique identification of users and technology assets', confidence: 'quoted' },
  '164.312(a)(2)(ii)': { title: 'Separate administrative identities', confidence: 'quoted' },
  '164.312(a)(2)(iii)': { title: 'Emergency access', confidence: 'quoted' },
  '164.312(a)(2)(v)': { title: 'Log-in attempts (lockout)', confidence: 'quoted' },
  '164.312(a)(2)(vi)': { title: 'Network segmentation', confidence: 'quoted' },
  '164.312(a)(2)(vii)': { title: 'Data controls: only authorized users and technology assets reach ePHI', confidence: 'quoted' },
  '164.312(b)(2)': { title: 'Encryption of all ePHI at rest and in transit', confidence: 'quoted' },
  '164.312(b)(3)': { title: 'Exceptions to encryption', confidence: 'quoted' },
  '164.312(c)': { title: 'Configuration management: secure baselines, extraneous software, ports', confidence: 'inferred' },
  '164.312(c)(2)(i)': { title: 'Anti-malware protection', confidence: 'inferred' },
  '164.312(d)': { title: 'Audit trail and system log controls', confidence: 'inferred' },
  '164.312(e)': { title: 'Integrity of ePHI', confidence: 'inferred' },
  '164.312(f)(2)(ii)': { title: 'Multi-factor authentication', confidence: 'quoted' },
  '164.312(f)(2)(iii)': { title: 'Exceptions to multi-factor authentication', confidence: 'quoted' },
  '164.312(g)': { title: 'Transmission security', confidence: 'inferred' },
  '164.312(h)(2)(i)': { title: 'Vulnerability scanning at least every 6 months', confidence: 'quoted' },
  '164.312(h)(2)(iii)': { title: 'Penetration testing at least every 12 months', confidence: 'quoted', note: 'the 12 months come from HHS fact sheet' },
  '164.312(h)(2)(iv)': { title: 'Patch and update installation', confidence: 'inferred' },
  '164.312(i)': { title: 'Data backup and recovery', confidence: 'inferred' },
  '164.312(j)': { title: 'Information systems backup and recovery', confidence: 'inferred' },
});

function tableOf(rule: HipaaRule): Readonly<Record<string, CurrentCitation | ProposedCitation>> {
  return rule === 'current' ? CURRENT_RULE_CITATIONS : PROPOSED_RULE_CITATIONS;
}

/**
 * The title of a citation of `rule`, or undefined when the table does not hold it (a record written
 * under older metadata may carry one).
 *
 * @example citationTitle('164.312(b)', 'current') // 'Audit controls'
 */
export function citationTitle(citation: string, rule: HipaaRule): string | undefined {
  const table = tableOf(rule);
  return Object.hasOwn(table, citation) ? table[citation]!.title : undefined;
}

/**
 * Whether a report must show the citation as unconfirmed: a proposed paragraph whose number was not
 * quoted, or one this table does not hold at all. Current-rule citations are the law in force.
 *
 * @example isUnconfirmed('164.312(d)', 'proposed') // true (inferred)
 */
export function isUnconfirmed(citation: string, rule: HipaaRule): boolean {
  if (rule === 'current') return false;
  return !Object.hasOwn(PROPOSED_RULE_CITATIONS, citation) || PROPOSED_RULE_CITATIONS[citation]!.confidence !== 'quoted';
}

/** The word reports put after an unconfirmed proposed paragraph, and what it means to a reader. */
export const UNCONFIRMED = 'unconfirmed';
export const UNCONFIRMED_MEANING = 'its paragraph number has not been confirmed against the proposed regulatory text (90 FR 898)';

/**
 * A citation as text formats print it: `164.312(d) (unconfirmed)` for an unconfirmed proposed
 * paragraph, the bare citation otherwise.
 *
 * @example citationText('164.312(f)(2)(ii)', 'proposed') // '164.312(f)(2)(ii)'
 */
export function citationText(citation: string, rule: HipaaRule): string {
  return isUnconfirmed(citation, rule) ? `${citation} (${UNCONFIRMED})` : citation;
}

/**
 * What is wrong with a check metadata's citations: each one the table does not hold, as
 * `field[index]: message` in the form schema errors take.
 *
 * @example metadataCitationErrors({ hipaa: [], hipaaProposed: ['164.312(f)'] })
 * // ['hipaaProposed[0]: "164.312(f)" is not a proposed-rule paragraph of lib/model/hipaa.ts']
 */
export function metadataCitationErrors(metadata: { hipaa: readonly string[]; hipaaProposed: readonly string[] }): string[] {
  const errors: string[] = [];
  const fields = [['hipaa', 'current', 'a current-rule citation'], ['hipaaProposed', 'proposed', 'a proposed-rule paragraph']] as const;
  for (const [field, rule, what] of fields) {
    metadata[field].forEach((citation, i) => {
      if (citationTitle(citation, rule) === undefined) errors.push(`${field}[${i}]: "${citation}" is not ${what} of lib/model/hipaa.ts`);
    });
  }
  return errors;
}

/** The current rule's technical safeguards: the paragraphs of 45 CFR 164.312. */
const TECHNICAL_SAFEGUARDS = '164.312(';

/**
 * Every requirement a report gives a row, whether or not anything automates it: each citation of
 * the current rule's technical safeguards (164.312) and each paragraph of the 2025 proposal this
 * table holds, current rule first, each in the table's order.
 *
 * @example requirementCitations()[0] // { rule: 'current', citation: '164.312(a)(1)' }
 */
export function requirementCitations(): Array<{ rule: HipaaRule; citation: string }> {
  return [
    ...Object.keys(CURRENT_RULE_CITATIONS).filter((c) => c.startsWith(TECHNICAL_SAFEGUARDS)).map((citation) => ({ rule: 'current' as const, citation })),
    ...Object.keys(PROPOSED_RULE_CITATIONS).map((citation) => ({ rule: 'proposed' as const, citation })),
  ];
}

/**
 * The headings of the HIPAA Security Rule's technical safeguards (45 CFR 164.312, current rule),
 * so a report can say "164.312(d) Person or entity authentication" rather than a bare number.
 * These are the regulation's own names, not a mapping: which check covers which citation lives
 * only in each check's metadata.
 */
const CURRENT_RULE_HEADINGS: Readonly<Record<string, string>> = {
  '164.312(a)(1)': 'Access control',
  '164.312(a)(2)(i)': 'Unique user identification',
  '164.312(a)(2)(ii)': 'Emergency access procedure',
  '164.312(a)(2)(iii)': 'Automatic logoff',
  '164.312(a)(2)(iv)': 'Encryption and decryption',
  '164.312(b)': 'Audit controls',
  '164.312(c)(1)': 'Integrity',
  '164.312(c)(2)': 'Mechanism to authenticate electronic protected health information',
  '164.312(d)': 'Person or entity authentication',
  '164.312(e)(1)': 'Transmission security',
  '164.312(e)(2)(i)': 'Integrity controls',
  '164.312(e)(2)(ii)': 'Encryption',
};

/**
 * The heading of a current-rule citation, or undefined (proposed-rule paragraphs are renumbered by
 * the 2025 proposal and have no settled headings yet).
 *
 * @example citationHeading('164.312(b)') // 'Audit controls'
 */
export function citationHeading(citation: string, rule: 'current' | 'proposed' = 'current'): string | undefined {
  return rule === 'current' ? CURRENT_RULE_HEADINGS[citation] : undefined;
}

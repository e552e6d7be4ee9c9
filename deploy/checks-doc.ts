/**
 * docs/checks.md, generated from the checks' metadata: the catalog a security engineer reads to
 * know what is checked, against which HIPAA paragraphs, on which events, with which reads and
 * settings. Nothing in it is written by hand, so it cannot drift from what the code does.
 */
import { FAMILIES, type CheckMetadata } from '../lib/model/check.ts';
import { citationText } from '../lib/model/hipaa.ts';
import { NUMERIC_SETTINGS } from '../lib/model/settings.ts';

const FAMILY_TITLES: Record<(typeof FAMILIES)[number], string> = {
  mfa: 'Multi-factor authentication',
  'encryption-at-rest': 'Encryption at rest',
  'encryption-in-transit': 'Encryption in transit',
  segmentation: 'Network segmentation and exposure',
  logging: 'Audit logging',
  credentials: 'Credential hygiene',
  backup: 'Backup and restore',
  detection: 'Threat and vulnerability detection',
};

/** Markdown table cells cannot hold a pipe or a line break. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function triggersOf(m: CheckMetadata): string {
  const events = m.triggers.cloudtrail.map((t) => `${t.eventSource.replace('.amazonaws.com', '')}: ${t.eventNames.join(', ')}${t.userIdentityTypes ? ` (${t.userIdentityTypes.join(', ')})` : ''}`);
  const services = ((m.triggers as { eventbridge?: Array<{ source: string; detailTypes: string[] }> }).eventbridge ?? []).map((t) => `${t.source}: ${t.detailTypes.join(', ')}`);
  const config = m.triggers.configResourceTypes.length > 0 ? [`Config: ${m.triggers.configResourceTypes.join(', ')}`] : [];
  const rules = m.configRules.length > 0 ? [`Config rules: ${m.configRules.join(', ')}`] : [];
  return [...events, ...services, ...config, ...rules, ...(m.triggers.sweep ? ['daily sweep'] : [])].join('; ');
}

function settingsOf(m: CheckMetadata): string {
  return (m.settings ?? []).map((name) => `${name} (default ${NUMERIC_SETTINGS[name].default})`).join(', ');
}

/**
 * The whole document.
 *
 * @example writeFileSync('docs/checks.md', checksDoc(loadCheckMetadata('lib/checks'), notice));
 */
export function checksDoc(checks: readonly CheckMetadata[], notice: string): string {
  const lines = [
    '# The checks',
    '',
    `<!-- ${notice} -->`,
    '',
    `${checks.length} checks in ${FAMILIES.filter((f) => checks.some((c) => c.family === f)).length} families. Each one is a pure function over one resource`,
    "(lib/checks/<id>/), and this page is generated from their metadata. *Current* cites 45 CFR 164 in force; *proposed* the 2025",
    'NPRM (90 FR 898), where "(unconfirmed)" marks a paragraph number not yet confirmed against the proposed text. Scope',
    '"phi" means only resources tagged as holding ePHI are judged (others are not_applicable). Settings are deployment',
    'parameters (serverless.yml) and every record states the value it was judged against (`observed.settings`).',
    '',
  ];
  lines.push('## Settings', '', 'Deployment parameters (`--param="name=value"`), passed to every function as environment variables.', '');
  lines.push('| parameter | default | allowed | variable | meaning | checks |', '|---|---|---|---|---|---|');
  for (const [name, setting] of Object.entries(NUMERIC_SETTINGS)) {
    const users = checks.filter((c) => c.settings?.includes(name as keyof typeof NUMERIC_SETTINGS)).map((c) => `\`${c.id}\``);
    lines.push(`| \`${name}\` | ${setting.default} | ${setting.min}-${setting.max} | \`${setting.env}\` | ${cell(setting.description)} | ${users.join(', ')} |`);
  }
  lines.push('');
  for (const family of FAMILIES) {
    const members = checks.filter((c) => c.family === family);
    if (members.length === 0) continue;
    lines.push(`## ${FAMILY_TITLES[family]} (\`${family}\`, ${members.length})`, '');
    lines.push('| check | passes when | severity | scope | resource | current | proposed | triggers | reads | settings |');
    lines.push('|---|---|---|---|---|---|---|---|---|---|');
    for (const m of members) {
      const reads = [...m.reads.decide, ...m.reads.enrich.map((r) => `${r} (enrich)`)].join(', ');
      lines.push(
        `| \`${m.id}\` | ${cell(m.title)} | ${m.severity} | ${m.scope} | ${m.resourceType} | ${m.hipaa.join(', ')} | ${m.hipaaProposed.map((c) => citationText(c, 'proposed')).join(', ')} | ${cell(triggersOf(m))} | ${cell(reads)} | ${settingsOf(m)} |`,
      );
    }
    lines.push('');
  }
  return `${lines.join('\n')}`;
}

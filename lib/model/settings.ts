/**
 * The numeric settings time- and threshold-based checks are judged against, written once: each
 * one's default (CATALOG-NEXT.md's), bounds, the function environment variable and the deployment
 * parameter that set it. Deploy config, the environment reader and reports all read this table; a
 * check names the settings it uses in metadata `settings`, and every record it writes states their
 * values (`observed.settings`).
 */

interface NumericSetting {
  readonly default: number;
  readonly min: number;
  readonly max: number;
  /** The function's environment variable (serverless.yml passes the parameter of the same name). */
  readonly env: string;
  readonly description: string;
}

export const NUMERIC_SETTINGS = {
  accessKeyMaxAgeDays: { default: 90, min: 1, max: 3650, env: 'ACCESS_KEY_MAX_AGE_DAYS', description: 'Active IAM access keys older than this many days fail' },
  unusedCredentialDays: { default: 90, min: 1, max: 3650, env: 'UNUSED_CREDENTIAL_DAYS', description: 'Passwords and access keys unused for this many days must be disabled' },
  passwordMinLength: { default: 14, min: 6, max: 128, env: 'PASSWORD_MIN_LENGTH', description: 'Minimum IAM password length' },
  passwordReusePrevention: { default: 24, min: 1, max: 24, env: 'PASSWORD_REUSE_PREVENTION', description: 'Previous IAM passwords that cannot be reused' },
  passwordMaxAgeDays: { default: 90, min: 1, max: 1095, env: 'PASSWORD_MAX_AGE_DAYS', description: 'IAM passwords must expire within this many days' },
  rdsBackupRetentionDays: { default: 7, min: 1, max: 35, env: 'RDS_BACKUP_RETENTION_DAYS', description: 'Minimum automated backup retention of RDS instances and Aurora clusters' },
  restoreTestMaxAgeDays: { default: 365, min: 1, max: 3650, env: 'RESTORE_TEST_MAX_AGE_DAYS', description: 'A PHI backup plan needs a successful restore within this many days' },
  logRetentionDays: { default: 365, min: 1, max: 3653, env: 'LOG_RETENTION_DAYS', description: 'Minimum retention of log groups (a group that never expires passes)' },
  secretRotationMaxDays: { default: 90, min: 1, max: 1000, env: 'SECRET_ROTATION_MAX_DAYS', description: 'A secret must have rotated within this many days' },
  inspectorScanMaxAgeDays: { default: 180, min: 1, max: 3650, env: 'INSPECTOR_SCAN_MAX_AGE_DAYS', description: 'Inspector coverage older than this many days is stale (the proposed rule: every 6 months)' },
} as const satisfies Record<string, NumericSetting>;

export type NumericSettingName = keyof typeof NUMERIC_SETTINGS;
export type NumericSettings = Record<NumericSettingName, number>;

/** Every numeric setting at its default. */
export const DEFAULT_NUMERIC_SETTINGS: NumericSettings = Object.fromEntries(
  Object.entries(NUMERIC_SETTINGS).map(([name, setting]) => [name, setting.default]),
) as NumericSettings;

export function isNumericSettingName(name: string): name is NumericSettingName {
  return Object.hasOwn(NUMERIC_SETTINGS, name);
}

/**
 * Numeric settings from an environment: each variable that is set must be an integer within its
 * bounds; unset ones keep their defaults. Errors name the variable.
 *
 * @example numericSettingsFromEnv({ ACCESS_KEY_MAX_AGE_DAYS: '45' }).accessKeyMaxAgeDays // 45
 */
export function numericSettingsFromEnv(env: Record<string, string | undefined>, fail: (message: string) => never): NumericSettings {
  const settings = { ...DEFAULT_NUMERIC_SETTINGS };
  for (const [name, setting] of Object.entries(NUMERIC_SETTINGS) as Array<[NumericSettingName, NumericSetting]>) {
    const raw = env[setting.env];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < setting.min || value > setting.max) {
      fail(`${setting.env} must be an integer from ${setting.min} to ${setting.max}, got ${raw}`);
    }
    settings[name] = value;
  }
  return settings;
}

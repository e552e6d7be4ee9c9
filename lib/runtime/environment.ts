import { ConfigError } from '../errors.ts';
import { DEFAULT_SETTINGS, type Settings } from '../model/check.ts';
import { numericSettingsFromEnv } from '../model/settings.ts';
import { timestampAuthority } from '../timestamp/authority.ts';

/** Everything a deployed function reads from its environment, validated once at cold start. */
export interface FunctionEnvironment {
  bucket: string;
  prefix: string;
  signingKeyArn: string;
  lockMode: 'COMPLIANCE' | 'GOVERNANCE';
  retentionDays: number;
  regions: string[];
  memberRoleName: string | undefined;
  settings: Settings;
  /** The RFC 3161 TSA the seal function asks for a token per seal (TSA_URL, deploy parameter tsaUrl); none when empty. */
  tsaUrl: string | undefined;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new ConfigError(`environment variable ${name} is required`);
  return value;
}

/** Read and validate the function environment; a typo is an error at cold start, not a bad record later. */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env): FunctionEnvironment {
  const lockMode = env.LOCK_MODE ?? 'COMPLIANCE';
  if (lockMode !== 'COMPLIANCE' && lockMode !== 'GOVERNANCE') throw new ConfigError(`LOCK_MODE must be COMPLIANCE or GOVERNANCE, got ${lockMode}`);
  const retentionDays = Number(env.RETENTION_DAYS ?? 2192);
  if (!Number.isInteger(retentionDays) || retentionDays < 1) throw new ConfigError(`RETENTION_DAYS must be a positive integer, got ${env.RETENTION_DAYS}`);
  const list = (value: string | undefined): string[] => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const region = env.AWS_REGION ?? 'us-east-1';
  return {
    bucket: required(env, 'EVIDENCE_BUCKET'),
    prefix: env.EVIDENCE_PREFIX ?? '',
    signingKeyArn: required(env, 'SIGNING_KEY_ARN'),
    lockMode,
    retentionDays,
    regions: list(env.REGIONS).length > 0 ? list(env.REGIONS) : [region],
    memberRoleName: env.MEMBER_ROLE_NAME || undefined,
    // Checked at cold start: an ftp:// or mistyped URL fails the deploy's first run, not every token later.
    tsaUrl: env.TSA_URL ? timestampAuthority(env.TSA_URL).url.href : undefined,
    settings: {
      ...DEFAULT_SETTINGS,
      phiTagKey: env.PHI_TAG_KEY || DEFAULT_SETTINGS.phiTagKey,
      phiTagValues: list(env.PHI_TAG_VALUES).length > 0 ? list(env.PHI_TAG_VALUES) : DEFAULT_SETTINGS.phiTagValues,
      ...numericSettingsFromEnv(env, (message) => {
        throw new ConfigError(message);
      }),
    },
  };
}

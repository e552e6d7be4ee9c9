import type { Check, CheckMetadata, Finding } from '../../model/check.ts';
import type { SecretState } from '../../model/states/secretsmanager.ts';
import metadata from './metadata.json' with { type: 'json' };

const DAY_MS = 86_400_000;
/**
 * A rotation window closes at the end of its UTC day at the latest (Secrets Manager user guide,
 * "Schedule expressions"): a NextRotationDate more than a day past means the rotation did not run.
 */
const OVERDUE_AFTER_MS = DAY_MS;

/** The interval in days a `rate()` schedule names; undefined for cron() (its gaps vary). */
function rateDays(schedule: string | null): number | undefined {
  const match = schedule ? /^rate\(\s*(\d+)\s+(day|days|hour|hours)\s*\)$/.exec(schedule.trim()) : null;
  if (!match) return undefined;
  const amount = Number(match[1]);
  return match[2]!.startsWith('hour') ? amount / 24 : amount;
}

const daysBetween = (from: string, to: Date) => Math.floor((to.getTime() - new Date(from).getTime()) / DAY_MS);

/**
 * secretsmanager-secret-rotation: automatic rotation is on, its schedule is at most
 * `secretRotationMaxDays` apart, the secret rotated within that many days (a secret never rotated
 * counts from its creation) and its next rotation is not overdue. A secret scheduled for deletion
 * is not_applicable.
 */
const check: Check<SecretState> = {
  metadata: metadata as CheckMetadata,
  evaluate(secret, { settings, now }): Finding {
    const maxDays = settings.secretRotationMaxDays;
    const intervalDays = secret.rotationAfterDays ?? rateDays(secret.rotationSchedule) ?? null;
    const rotatedOrCreated = secret.lastRotatedDate ?? secret.createdDate;
    const observed: Record<string, unknown> = {
      name: secret.name,
      rotationEnabled: secret.rotationEnabled,
      rotationIntervalDays: intervalDays,
      rotationSchedule: secret.rotationSchedule,
      lastRotatedDate: secret.lastRotatedDate,
      nextRotationDate: secret.nextRotationDate,
      ...(secret.owningService ? { owningService: secret.owningService } : {}),
    };
    if (secret.deletedDate) {
      return { result: 'not_applicable', reason: `secret ${secret.name} is scheduled for deletion (${secret.deletedDate})`, observed: { ...observed, deletedDate: secret.deletedDate } };
    }
    if (!secret.rotationEnabled) {
      return { result: 'fail', reason: `secret ${secret.name} does not rotate automatically`, observed };
    }
    if (intervalDays !== null && intervalDays > maxDays) {
      return { result: 'fail', reason: `secret ${secret.name} rotates every ${intervalDays} days, more than the ${maxDays} allowed`, observed };
    }
    const age = rotatedOrCreated ? daysBetween(rotatedOrCreated, now) : undefined;
    observed.daysSinceRotation = age ?? null;
    if (age !== undefined && age > maxDays) {
      const what = secret.lastRotatedDate ? `last rotated ${age} days ago` : `never rotated in the ${age} days since it was created`;
      return { result: 'fail', reason: `secret ${secret.name} ${what}, more than the ${maxDays} allowed`, observed };
    }
    if (secret.nextRotationDate && now.getTime() - new Date(secret.nextRotationDate).getTime() > OVERDUE_AFTER_MS) {
      return { result: 'fail', reason: `secret ${secret.name}'s rotation is overdue: it was due ${secret.nextRotationDate} and has not run`, observed };
    }
    const when = secret.lastRotatedDate ? `last rotated ${age} days ago` : 'not rotated yet';
    return { result: 'pass', reason: `secret ${secret.name} rotates automatically${intervalDays !== null ? ` every ${intervalDays} days` : ` on ${secret.rotationSchedule ?? 'its schedule'}`}, ${when}`, observed };
  },
};

export default check;

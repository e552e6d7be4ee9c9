/**
 * EventBridge service events that are not CloudTrail records, by detail-type: today AWS Backup's
 * "Restore Job State Change", the only event that says a restore finished (CloudTrail logs only
 * StartRestoreJob, the request). Each parser checks its own source, so a custom event that
 * borrows the detail-type is skipped, not read as AWS's.
 */
import { z } from 'zod';
import { ParseError } from '../errors.ts';
import type { ParsedInput } from './types.ts';
import { FINISHED_RESTORE_STATUSES, RESTORE_JOB_STATUSES, type RestoreJobStateChange, type RestoreJobStatus } from '../model/service-event.ts';
import { type EnvelopeContext, parseWith, requireAccount, requireTimestamp } from './parse-common.ts';
import { dropUndefined } from './parse-cloudtrail.ts';
import { joinPath } from '../util/json-path.ts';

/** What a service-event parser gets: the whole envelope, where it sits, and what the envelope already says. */
interface ServiceEventInput {
  envelope: Record<string, unknown>;
  /** Path of the envelope inside the unit ('' for a bare event). */
  path: string;
  /** The envelope's id, account, region and (normalized) time, with outer layers' as fallback. */
  context: EnvelopeContext;
}

type ServiceEventParser = (input: ServiceEventInput, source: string) => ParsedInput;

const RESTORE_DETAIL_TYPE = 'Restore Job State Change';
const BACKUP_SOURCE = 'aws.backup';

const text = z.string().optional();

/** The documented members of the detail (AWS Backup developer guide, "Restore Job events"). */
const restoreDetailSchema = z.looseObject({
  restoreJobId: z.string().min(1),
  status: z.string().min(1).optional(),
  // The CREATED example says "state" where every other says "status".
  state: z.string().min(1).optional(),
  creationDate: text,
  completionDate: text,
  resourceType: text,
  createdResourceArn: text,
  recoveryPointArn: text,
  backupVaultArn: text,
  sourceResourceArn: text,
  restoreTestingPlanArn: text,
  iamRoleArn: text,
  statusMessage: text,
});

const envelopeSchema = z.looseObject({
  source: z.string().min(1),
  resources: z.array(z.string()).optional(),
});

function restoreStatus(detail: z.infer<typeof restoreDetailSchema>, detailPath: string): RestoreJobStatus {
  const field = joinPath(detailPath, detail.status === undefined && detail.state !== undefined ? 'state' : 'status');
  const value = detail.status ?? detail.state;
  if (value === undefined) throw new ParseError(joinPath(detailPath, 'status'), 'MISSING_FIELD');
  if (!(RESTORE_JOB_STATUSES as readonly string[]).includes(value)) {
    throw new ParseError(field, 'INVALID_VALUE', `expected one of ${RESTORE_JOB_STATUSES.join(', ')}, got "${value.slice(0, 40)}"`);
  }
  return value as RestoreJobStatus;
}

function optionalTime(value: string | undefined, field: string): string | undefined {
  return value === undefined ? undefined : requireTimestamp(value, field);
}

/**
 * AWS Backup's "Restore Job State Change": a restore job that finished (COMPLETED, FAILED,
 * ABORTED) becomes an `eventbridge` trigger observed at its completion; CREATED, PENDING and
 * RUNNING change no verdict and are skipped with the reason.
 */
function parseRestoreJobStateChange({ envelope, path, context }: ServiceEventInput, source: string): ParsedInput {
  const outer = parseWith(envelopeSchema, envelope, path);
  if (outer.source !== BACKUP_SOURCE) {
    return { ok: 'skipped', source, reason: `"${RESTORE_DETAIL_TYPE}" from source "${outer.source}" is not an AWS Backup event` };
  }
  const detailPath = joinPath(path, 'detail');
  const detail = parseWith(restoreDetailSchema, envelope.detail, detailPath);
  const status = restoreStatus(detail, detailPath);
  const creationDate = optionalTime(detail.creationDate, joinPath(detailPath, 'creationDate'));
  const completionDate = optionalTime(detail.completionDate, joinPath(detailPath, 'completionDate'));
  requireAccount(context.account, joinPath(path, 'account'));
  if (!context.region) throw new ParseError(joinPath(path, 'region'), 'MISSING_FIELD');
  const observedAt = completionDate ?? context.time;
  if (!observedAt) throw new ParseError(joinPath(path, 'time'), 'MISSING_FIELD');
  if (!FINISHED_RESTORE_STATUSES.includes(status)) {
    return { ok: 'skipped', source, reason: `restore job ${detail.restoreJobId} is ${status}: only a finished restore (${FINISHED_RESTORE_STATUSES.join(', ')}) can change a verdict` };
  }
  const id = context.eventBridgeId ?? detail.restoreJobId;
  const event: RestoreJobStateChange = dropUndefined({
    source: BACKUP_SOURCE,
    detailType: RESTORE_DETAIL_TYPE,
    id,
    resources: outer.resources ?? [],
    restoreJobId: detail.restoreJobId,
    status,
    creationDate,
    completionDate,
    resourceType: detail.resourceType,
    createdResourceArn: detail.createdResourceArn,
    recoveryPointArn: detail.recoveryPointArn,
    backupVaultArn: detail.backupVaultArn,
    sourceResourceArn: detail.sourceResourceArn,
    restoreTestingPlanArn: detail.restoreTestingPlanArn,
    iamRoleArn: detail.iamRoleArn,
    statusMessage: detail.statusMessage,
  });
  return {
    ok: true,
    source,
    trigger: {
      kind: 'eventbridge',
      info: { source: 'eventbridge', eventId: id, eventName: RESTORE_DETAIL_TYPE },
      account: context.account,
      region: context.region,
      observedAt,
      event,
    },
  };
}

const PARSERS: Record<string, ServiceEventParser> = {
  [RESTORE_DETAIL_TYPE]: parseRestoreJobStateChange,
};

/**
 * The service event an EventBridge envelope holds, when its detail-type is one trailproof reads;
 * undefined otherwise (the caller skips it with the reason).
 *
 * @throws ParseError naming the field (`detail.status`, `account`, ...) when the event is malformed
 * @example parseServiceEvent('Restore Job State Change', { envelope, path: '', context }, 'sqs:m-1')
 */
export function parseServiceEvent(detailType: string, input: ServiceEventInput, source: string): ParsedInput | undefined {
  const parser = Object.hasOwn(PARSERS, detailType) ? PARSERS[detailType] : undefined;
  return parser?.(input, source);
}

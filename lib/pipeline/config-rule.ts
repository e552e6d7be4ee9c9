import { PutEvaluationsCommand, type ConfigServiceClient, type Evaluation as ConfigEvaluation } from '@aws-sdk/client-config-service';
import type { Result } from '../model/check.ts';
import { TrailproofError } from '../errors.ts';
import type { Trigger } from '../events/types.ts';
import type { EvidenceRecord, UnsignedRecord } from '../evidence/types.ts';
import { runPipeline, type RunDeps, type RunSummary } from './run.ts';
import type { ParsedInput } from '../events/types.ts';

/** AWS Config takes at most 100 evaluations per PutEvaluations call. */
export const PUT_EVALUATIONS_LIMIT = 100;
const ANNOTATION_LIMIT = 256;

type ComplianceType = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';

/**
 * One Config evaluation per resource from all our checks on it: any fail (or an evaluation we
 * could not complete, since Config accepts no INSUFFICIENT_DATA from custom rules) is
 * NON_COMPLIANT; otherwise any pass is COMPLIANT; only not_applicable is NOT_APPLICABLE.
 */
export function toConfigEvaluations(records: readonly Pick<UnsignedRecord, 'result' | 'reason' | 'resource' | 'observedAt' | 'check'>[]): ConfigEvaluation[] {
  const byResource = new Map<string, typeof records[number][]>();
  for (const r of records) {
    const key = `${r.resource.type}\u0000${r.resource.id}`;
    byResource.set(key, [...(byResource.get(key) ?? []), r]);
  }
  return [...byResource.values()].map((group) => {
    const first = group[0]!;
    const has = (result: Result) => group.some((r) => r.result === result);
    const compliance: ComplianceType = has('fail') || has('error') ? 'NON_COMPLIANT' : has('pass') ? 'COMPLIANT' : 'NOT_APPLICABLE';
    const reasons = group.filter((r) => r.result === 'fail' || r.result === 'error').map((r) => `${r.result === 'error' ? 'ERROR ' : ''}${r.check.id}: ${r.reason}`);
    const annotation = (reasons.length > 0 ? reasons.join(' | ') : group.map((r) => `${r.check.id}: ${r.result}`).join(', ')).slice(0, ANNOTATION_LIMIT);
    return {
      ComplianceResourceType: first.resource.type,
      ComplianceResourceId: first.resource.id,
      ComplianceType: compliance,
      Annotation: annotation,
      OrderingTimestamp: new Date(first.observedAt),
    };
  });
}

/**
 * A Config custom-rule invocation: evaluate and write evidence through the usual pipeline, then
 * report the same verdicts to Config with the invocation's result token, 100 per call.
 */
export async function processConfigRuleInvocation(
  parsed: ParsedInput[],
  deps: RunDeps & { config: ConfigServiceClient },
): Promise<{ summary: RunSummary; evaluations: number }> {
  const records: EvidenceRecord[] = [];
  const summary = await runPipeline(parsed, { ...deps, onStored: (record) => records.push(record) });
  const trigger = parsed.find((p): p is Extract<ParsedInput, { ok: true }> => p.ok === true)?.trigger as Extract<Trigger, { kind: 'config-rule' }> | undefined;
  if (!trigger || trigger.kind !== 'config-rule') return { summary, evaluations: 0 };
  // A resource that left the rule's scope is no longer the rule's business, whatever our checks say.
  const evaluations = toConfigEvaluations(records).map((e) =>
    trigger.eventLeftScope ? { ...e, ComplianceType: 'NOT_APPLICABLE' as const, Annotation: `left the scope of ${trigger.ruleName}` } : e,
  );
  for (let i = 0; i < evaluations.length; i += PUT_EVALUATIONS_LIMIT) {
    const { FailedEvaluations } = await deps.config.send(new PutEvaluationsCommand({ ResultToken: trigger.resultToken, Evaluations: evaluations.slice(i, i + PUT_EVALUATIONS_LIMIT) }));
    // Config accepted the call but not every evaluation: fail so Lambda retries (records are idempotent).
    if (FailedEvaluations && FailedEvaluations.length > 0) {
      throw new TrailproofError(`AWS Config rejected ${FailedEvaluations.length} evaluation(s): ${FailedEvaluations.map((f) => f.ComplianceResourceId).join(', ')}`);
    }
  }
  return { summary, evaluations: evaluations.length };
}

import type { Check, Snapshot } from '../checks/types.ts';
import { runCheck } from '../checks/run-check.ts';
import { toReadError } from '../collectors/read.ts';
import type { SnapshotKind } from '../collectors/types.ts';
import { buildRecord } from '../evidence/record.ts';
import type { TriggerInfo, UnsignedRecord } from '../evidence/types.ts';
import { chunks, mapLimit } from './concurrency.ts';
import type { EngineDeps } from './evaluate.ts';
import { EvidenceWriter, type RunSummary, type WriterDeps } from './writer.ts';

export interface SweepOptions {
  account: string;
  regions: string[];
  /** The baseline's observedAt; one sweep, one time. */
  startedAt?: Date;
  /** Only these checks (default: every check with triggers.sweep). */
  checkIds?: string[];
  /** Resources read at once per region (bounded so throttling and memory stay flat). */
  resourceConcurrency?: number;
}

/**
 * The daily baseline: for every region, enumerate each resource the sweep checks cover, read it
 * once, run every check of its kind, and write one record per check and resource. Streams in
 * chunks, so memory grows with the chunk, not the account. A listing that fails is an `error`
 * record per check for that scope, never silence.
 */
export async function runSweep(deps: EngineDeps & WriterDeps, options: SweepOptions): Promise<RunSummary> {
  const startedAt = (options.startedAt ?? deps.now?.() ?? new Date()).toISOString();
  const checks = deps.checks.filter((c) => c.metadata.triggers.sweep && (!options.checkIds || options.checkIds.includes(c.metadata.id)));
  const writer = new EvidenceWriter(deps);
  for (const [regionIndex, region] of options.regions.entries()) {
    const trigger: TriggerInfo = { source: 'sweep', eventId: `sweep:${options.account}:${region}:${startedAt}` };
    const ctx = { clients: await deps.clientsFor(options.account, region), account: options.account, region };
    for (const kind of deps.kinds) {
      // Global services (IAM, the S3 bucket list) are swept once, from the first region.
      if (kind.global && regionIndex > 0) continue;
      const kindChecks = checks.filter((c) => c.metadata.snapshotKind === kind.kind);
      if (kindChecks.length === 0) continue;
      const record = (check: Check, snapshot: Snapshot): UnsignedRecord => {
        const finding = runCheck(check, snapshot, deps.settings);
        return buildRecord({ metadata: check.metadata, finding, snapshot, trigger, observedAt: startedAt, collectorFunction: deps.functionName });
      };
      try {
        for await (const ids of chunks(kind.enumerate(ctx), 100)) {
          const snapshots = await mapLimit(ids, options.resourceConcurrency ?? 8, (id) => collect(kind, ctx, id));
          for (const snapshot of snapshots) {
            const outcome = { source: `${kind.kind}:${snapshot.resource.id}`, status: 'recorded' as const, recordIds: [] };
            writer.summary.outcomes.push(outcome);
            await writer.add(outcome, kindChecks.map((check) => record(check, snapshot)));
          }
        }
      } catch (error) {
        const scope = `${options.account}:${region}`;
        const snapshot: Snapshot = {
          kind: kind.kind, resource: { type: kind.resourceType, id: scope }, account: options.account, region,
          error: toReadError(`${kind.kind}.enumerate`, error), source: 'api',
        };
        const outcome = { source: `${kind.kind}:${scope}`, status: 'recorded' as const, recordIds: [] };
        writer.summary.outcomes.push(outcome);
        await writer.add(outcome, kindChecks.map((check) => record(check, snapshot)));
      }
    }
  }
  await writer.flush();
  return writer.summary;
}

async function collect(kind: SnapshotKind, ctx: Parameters<SnapshotKind['collect']>[0], id: string): Promise<Snapshot> {
  try {
    return await kind.collect(ctx, id);
  } catch (error) {
    return { kind: kind.kind, resource: { type: kind.resourceType, id }, account: ctx.account, region: ctx.region, error: toReadError(`${kind.kind}.collect`, error), source: 'api' };
  }
}

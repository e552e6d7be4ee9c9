/**
 * evaluateTrigger remembers, per check list, which checks a CloudTrail event (source, name,
 * identity type) routes to, and loads their kinds once. What it remembers must never change what a
 * later event routes to, and a kind that failed to load is loaded again by the next event.
 */
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../lib/events/parse.ts';
import type { Trigger } from '../../lib/events/types.ts';
import type { Check, CheckMetadata } from '../../lib/model/check.ts';
import type { SnapshotKind } from '../../lib/collectors/types.ts';
import type { LazyKind } from '../../lib/collectors/lazy-kinds.ts';
import { evaluateTrigger } from '../../lib/pipeline/evaluate.ts';
import { engine, widgetEvent, widgetKind } from '../fixtures/pipeline/fake-engine.ts';

function triggerOf(text: string): Trigger {
  const [input] = parseInput(text, 'event.json');
  if (input?.ok !== true) throw new Error('the test event must parse');
  return input.trigger;
}

/** A widget event by another identity type (Root signs in without an ARN of a user). */
function widgetEventAs(identityType: string, eventId: string, widgetId: string): string {
  const event = JSON.parse(widgetEvent(eventId, widgetId)) as { userIdentity: Record<string, unknown> };
  event.userIdentity = { type: identityType, arn: `arn:aws:iam::111122223333:${identityType === 'Root' ? 'root' : 'user/alice'}`, accountId: '111122223333' };
  return JSON.stringify(event);
}

/** The widget checks, plus one that only Root's widget events trigger. */
function checksWithRootOnly(base: readonly Check[]): Check[] {
  const first = base[0]!;
  const rootOnly: CheckMetadata = {
    ...first.metadata,
    id: 'widget-root-untouched',
    triggers: { ...first.metadata.triggers, cloudtrail: [{ eventSource: 'widgets.amazonaws.com', eventNames: ['OpenWidget'], userIdentityTypes: ['Root'] }] },
  };
  return [...base, { ...first, metadata: rootOnly }];
}

const checkIds = (records: Array<{ check: { id: string } }>) => records.map((r) => r.check.id).sort();

describe('routing remembered per event source, name and identity type', () => {
  it('routes each event as if nothing were remembered, whatever came before', async () => {
    // Prepare
    const deps = engine({ 'w-1': { open: false } });
    const checks = checksWithRootOnly(deps.checks);
    const run = (text: string) => evaluateTrigger(triggerOf(text), { ...deps, checks });
    // Act: the same source and name by two identity types, then another name, then the first again.
    const byUser = await run(widgetEventAs('IAMUser', 'e-1', 'w-1'));
    const byRoot = await run(widgetEventAs('Root', 'e-2', 'w-1'));
    const closed = await run(widgetEvent('e-3', 'w-1', 'CloseWidget'));
    const byUserAgain = await run(widgetEventAs('IAMUser', 'e-4', 'w-1'));
    // Assess
    expect(checkIds(byUser.records)).toEqual(['widget-closed', 'widget-phi-closed']);
    expect(checkIds(byRoot.records)).toEqual(['widget-closed', 'widget-phi-closed', 'widget-root-untouched']);
    expect(checkIds(closed.records)).toEqual(['widget-closed', 'widget-phi-closed']);
    expect(checkIds(byUserAgain.records)).toEqual(checkIds(byUser.records));
  });

  it('keeps what it remembers for one check list apart from another', async () => {
    // Prepare
    const deps = engine({ 'w-1': { open: true } });
    const onlyFirst = [deps.checks[0]!];
    // Act
    const all = await evaluateTrigger(triggerOf(widgetEvent('e-1', 'w-1')), deps);
    const one = await evaluateTrigger(triggerOf(widgetEvent('e-2', 'w-1')), { ...deps, checks: onlyFirst });
    // Assess
    expect(checkIds(all.records)).toEqual(['widget-closed', 'widget-phi-closed']);
    expect(checkIds(one.records)).toEqual(['widget-closed']);
  });

  it('loads a kind again after a load that failed', async () => {
    // Prepare: the kind's module fails to load once (a cold start's transient error), then loads.
    const deps = engine({ 'w-1': { open: false } });
    let loads = 0;
    const flaky: LazyKind = {
      kind: 'widget',
      load: async () => {
        loads += 1;
        if (loads === 1) throw new Error('module not loadable right now');
        return widgetKind({ 'w-1': { open: false } }) as SnapshotKind;
      },
    };
    const withFlaky = { ...deps, kinds: [flaky] };
    const run = (eventId: string) => evaluateTrigger(triggerOf(widgetEvent(eventId, 'w-1')), withFlaky);
    // Act
    const first = await run('e-1').then(() => 'evaluated', (error: Error) => error.message);
    const second = await run('e-2');
    const third = await run('e-3');
    // Assess
    expect(first).toBe('module not loadable right now');
    expect(checkIds(second.records)).toEqual(['widget-closed', 'widget-phi-closed']);
    expect(third.records).toHaveLength(2);
    expect(loads).toBe(2);
  });
});

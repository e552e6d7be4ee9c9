/**
 * Kinds are loaded on demand: the registry names each with a loader, and the engine loads only
 * the kinds a trigger can route to, so a function never evaluates an SDK it does not need.
 */
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../lib/checks/registry.ts';
import { SNAPSHOT_KINDS } from '../../lib/collectors/kinds.ts';
import { loadKinds, type LazyKind } from '../../lib/collectors/lazy-kinds.ts';
import { parseInput } from '../../lib/events/parse.ts';
import { DEFAULT_SETTINGS } from '../../lib/model/check.ts';
import { evaluateTrigger } from '../../lib/pipeline/evaluate.ts';
import { EVENT_CHECK_KIND } from '../../lib/collectors/cloudtrail-event.ts';
import { createAwsClients } from '../../lib/collectors/clients.ts';
import { fixture, triggerOf } from '../events/helpers.ts';
import { TEST_CREDENTIALS } from '../fixtures/collectors/ctx.ts';

describe('the lazy kind registry', () => {
  it('loads, for every entry, a kind of the same name, and holds every kind a check names', async () => {
    // Act
    const kinds = await loadKinds(SNAPSHOT_KINDS);
    // Assess
    expect(kinds.map((k) => k.kind)).toEqual(SNAPSHOT_KINDS.map((k) => k.kind));
    expect(new Set(kinds.map((k) => k.kind)).size).toBe(kinds.length);
    const named = new Set(CHECKS.map((c) => c.metadata.snapshotKind).filter((kind) => kind !== EVENT_CHECK_KIND));
    expect([...named].filter((kind) => !kinds.some((k) => k.kind === kind))).toEqual([]);
  });

  it('loads only the kinds of the checks a CloudTrail event can route to', async () => {
    // Prepare: AuthorizeSecurityGroupIngress reaches security-group checks only.
    const loaded: string[] = [];
    const spied: LazyKind[] = SNAPSHOT_KINDS.map((entry) => ({ kind: entry.kind, load: () => (loaded.push(entry.kind), entry.load()) }));
    const trigger = triggerOf(parseInput(fixture('cloudtrail-authorize-sg.json'), 'sg.json')[0]);
    const deps = { clientsFor: () => createAwsClients('us-east-1', { credentials: TEST_CREDENTIALS, maxAttempts: 1 }), settings: DEFAULT_SETTINGS, checks: CHECKS, kinds: spied, functionName: 'test' };
    // Act
    await evaluateTrigger(trigger, deps).catch(() => undefined);
    // Assess
    expect(loaded).toEqual(['ec2-security-group']);
  });
});

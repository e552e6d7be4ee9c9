import { describe, expect, it } from 'vitest';
import type { Check } from '../../lib/model/check.ts';
import type { SnapshotKind } from '../../lib/collectors/types.ts';
import { parseInput } from '../../lib/events/parse.ts';
import { routeTrigger } from '../../lib/events/route.ts';
import { fixture, triggerOf } from './helpers.ts';
import { loadKinds } from '../../lib/collectors/lazy-kinds.ts';

/** The real catalog, when every check and collector module imports cleanly (they are built in parallel). */
async function loadCatalog(): Promise<{ checks: readonly Check[]; kinds: readonly SnapshotKind[] } | string> {
  try {
    const { CHECKS } = await import('../../lib/checks/registry.ts');
    const { SNAPSHOT_KINDS } = await import('../../lib/collectors/kinds.ts');
    return { checks: CHECKS, kinds: await loadKinds(SNAPSHOT_KINDS) };
  } catch (error) {
    return `the registry does not import yet: ${(error as Error).message}`;
  }
}

const catalog = await loadCatalog();
if (typeof catalog === 'string') console.warn(`skipping routing over the real registry: ${catalog}`);

describe.skipIf(typeof catalog === 'string')('routing over the real registry', () => {
  const { checks, kinds } = catalog as Exclude<typeof catalog, string>;
  const route = (name: string) => routeTrigger(triggerOf(parseInput(fixture(name), name)[0]), checks, kinds);

  it('sends a security-group ingress change to the security-group checks for that group', () => {
    // Act
    const plan = route('cloudtrail-authorize-sg.json');

    // Assess
    const ids = plan.evaluations.map((e) => e.check.metadata.id);
    expect(ids).toContain('ec2-sg-no-public-admin-ports');
    expect(plan.evaluations.find((e) => e.check.metadata.id === 'ec2-sg-no-public-admin-ports')?.resourceId).toBe('sg-0abc1234def567890');
  });

  it('evaluates a console sign-in from the event itself', () => {
    // Act
    const plan = route('eventbridge-signin.json');

    // Assess
    const signin = plan.evaluations.find((e) => e.check.metadata.id === 'signin-console-mfa');
    expect(signin?.snapshot?.source).toBe('event');
  });

  it('maps a Security Hub SSL-only rule to s3-bucket-tls-only', () => {
    // Act
    const plan = route('eventbridge-compliance.json');

    // Assess
    expect(plan.compliance.map((c) => [c.check.metadata.id, c.result])).toContainEqual(['s3-bucket-tls-only', 'fail']);
  });

  it('routes every fixture trigger without throwing', () => {
    // Prepare
    const names = ['cloudtrail-log-file.json', 'eventbridge-api-call-no-account.json', 'eventbridge-config-item.json', 'eventbridge-config-oversized.json', 'sns-config-item.json', 'rule-change.json', 'rule-oversized.json', 'rule-scheduled.json', 'events.jsonl'];

    // Act
    const plans = names.flatMap((name) => parseInput(fixture(name), name)).flatMap((u) => (u.ok === true ? [routeTrigger(u.trigger, checks, kinds)] : []));

    // Assess
    expect(plans.length).toBeGreaterThan(8);
    for (const plan of plans) expect(plan.evaluations.length + plan.compliance.length + plan.unrouted.length).toBeGreaterThan(0);
  });
});

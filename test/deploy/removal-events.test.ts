import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCheckMetadata } from '../../deploy/check-metadata.ts';
import { REPO_ROOT, allPatterns } from '../../deploy/generate.ts';
import { cloudTrailEnvelope, matchesPattern } from './event-pattern-matcher.ts';

const patterns = allPatterns(loadCheckMetadata(join(REPO_ROOT, 'lib/checks')));
const REMOVAL_FIXTURES = join(REPO_ROOT, 'test/fixtures/events/removal');

/** The queues whose generated rules select the event. */
function queuesReached(record: Record<string, unknown>): string[] {
  return patterns.filter((p) => matchesPattern(p.pattern, cloudTrailEnvelope(record))).map((p) => p.queue);
}

describe('generated EventBridge patterns for events that remove what they name', () => {
  it.each(readdirSync(REMOVAL_FIXTURES).filter((f) => f.endsWith('.json')))('deliver %s, in its documented shape, to the CloudTrail queue', (file) => {
    // Prepare
    const record = JSON.parse(readFileSync(join(REMOVAL_FIXTURES, file), 'utf8')) as Record<string, unknown>;
    // Act + Assess
    expect(queuesReached(record)).toEqual(['cloudtrail']);
  });

  it.each([
    ['s3.amazonaws.com', 'PutPublicAccessBlock'],
    ['s3.amazonaws.com', 'DeletePublicAccessBlock'],
    ['elasticloadbalancing.amazonaws.com', 'CreateRule'],
  ])('also deliver %s %s', (eventSource, eventName) => {
    expect(queuesReached({ eventSource, eventName, userIdentity: { type: 'IAMUser' } })).toEqual(['cloudtrail']);
  });

  it('do not deliver a removal that failed (it removed nothing)', () => {
    // Prepare
    const record = JSON.parse(readFileSync(join(REMOVAL_FIXTURES, 'delete-flow-logs.json'), 'utf8')) as Record<string, unknown>;
    // Act + Assess
    expect(queuesReached({ ...record, errorCode: 'Client.UnauthorizedOperation' })).toEqual([]);
  });
});

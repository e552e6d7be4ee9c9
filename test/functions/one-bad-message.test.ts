import './support/quiet-logs.ts';
import { DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createHandler } from '../../functions/cloudtrail-event.ts';
import { logger } from '../../lib/runtime/lambda-kit.ts';
import { fixture, handlerWorld, lambdaContext, sqsEvent, verifiedRecords } from './support/harness.ts';

type AuthorizeEvent = { detail: { eventID: string; requestParameters: { ipPermissions: { items: Array<{ ipRanges: { items: Array<Record<string, string>> } }> } } } };

const authorize = fixture<AuthorizeEvent>('eventbridge-authorize-ssh-open.json');
const consoleLogin = fixture('eventbridge-console-login-no-mfa.json');

/** The same call, another event, whose rule description holds a lone UTF-16 surrogate (valid JSON, not valid I-JSON). */
function withLoneSurrogate(): AuthorizeEvent {
  const event = structuredClone(authorize);
  event.detail.eventID = 'd6a2c3f0-0000-4000-8000-00000000000b';
  event.detail.requestParameters.ipPermissions.items[0]!.ipRanges.items[0]!.description = 'ssh for \uD800';
  return event;
}

const { aws, kms, bucket, handler } = handlerWorld(createHandler);

beforeEach(() => {
  aws.mocks.ec2.on(DescribeSecurityGroupsCommand).resolves(fixture('describe-security-groups-ssh-open.json'));
});

describe('cloudtrail-event handler: one bad message fails alone', () => {
  it('returns only the message with a lone surrogate, writes the others, and reports the empty one as no events', async () => {
    // Prepare
    const error = vi.spyOn(logger, 'error');
    const info = vi.spyOn(logger, 'info');
    const event = sqsEvent([
      { id: 'msg-a-authorize', body: authorize },
      { id: 'msg-b-lone-surrogate', body: withLoneSurrogate() },
      { id: 'msg-c-console-login', body: consoleLogin },
      { id: 'msg-d-empty-log-file', body: { Records: [] } },
    ]);

    // Act
    const response = await handler()(event, lambdaContext());

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'msg-b-lone-surrogate' }]);
    const records = verifiedRecords(bucket.puts(), kms.pinned);
    expect(records.map((r) => r.trigger.eventId).sort()).toEqual([authorize.detail.eventID, authorize.detail.eventID, authorize.detail.eventID, (consoleLogin as { detail: { eventID: string } }).detail.eventID].sort());
    expect(error).toHaveBeenCalledWith('input invalid', {
      source: 'sqs:msg-b-lone-surrogate',
      code: 'INVALID_VALUE',
      reason: expect.stringMatching(/^detail\.requestParameters\.ipPermissions\.items\[0\]\.ipRanges\.items\[0\]\.description: .*lone UTF-16 surrogate/),
    });
    expect(info).toHaveBeenCalledWith('input skipped', { source: 'sqs:msg-d-empty-log-file', code: 'NO_EVENTS', reason: 'no events: Records is an empty list' });
  });
});

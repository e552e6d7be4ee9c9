import { describe, expect, it } from 'vitest';
import { ParseError } from '../../lib/errors.ts';
import { parseInput } from '../../lib/events/parse.ts';

const record = (account: unknown) => JSON.stringify({
  eventVersion: '1.08', eventID: 'e-1', eventTime: '2026-11-02T10:00:00Z', eventSource: 'ec2.amazonaws.com', eventName: 'AuthorizeSecurityGroupIngress',
  awsRegion: 'us-east-1', recipientAccountId: account, userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/a' },
  requestParameters: { groupId: 'sg-1' }, responseElements: null,
});

describe('account ids in evidence', () => {
  it.each([['<accountId>'], ['123456789'], ['0123456789012'], ['11112222333a']])('rejects %j naming recipientAccountId', (account) => {
    const [unit] = parseInput(record(account), 'x.json');
    expect(unit!.ok).toBe(false);
    const error = (unit as unknown as { error: ParseError }).error;
    expect(error).toBeInstanceOf(ParseError);
    expect(error.field).toBe('recipientAccountId');
    expect(error.code).toBe('INVALID_ACCOUNT');
  });

  it('accepts a 12-digit account id, leading zeros included', () => {
    const [unit] = parseInput(record('011122223333'), 'x.json');
    expect(unit).toMatchObject({ ok: true, trigger: { account: '011122223333' } });
  });
});

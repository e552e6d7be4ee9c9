import { describe, expect, it } from 'vitest';
import { parseInput } from '../../lib/events/parse.ts';
import { errorOf, fixture, triggerOf } from './helpers.ts';

describe('CloudTrail records', () => {
  it('parses a single record into a trigger with the access-event fields', () => {
    // Prepare
    const text = fixture('cloudtrail-authorize-sg.json');

    // Act
    const units = parseInput(text, 'sg.json');

    // Assess
    expect(units).toHaveLength(1);
    const trigger = triggerOf(units[0]);
    expect(trigger.kind).toBe('cloudtrail');
    expect(trigger).toMatchObject({ account: '111122223333', region: 'us-east-1', observedAt: '2024-08-01T12:23:55.000Z' });
    expect(trigger.info).toEqual({
      source: 'cloudtrail',
      eventId: '9fd68588-ecbf-4528-a345-199fa6bb0821',
      eventName: 'AuthorizeSecurityGroupIngress',
      actor: 'arn:aws:sts::111122223333:assumed-role/Admin/alice',
      sourceIp: '203.0.113.7',
      mfaAuthenticated: true,
      userAgent: 'aws-cli/2.15.0',
    });
    expect(units[0]!.source).toBe('sg.json');
  });

  it('splits a log file into one unit per record: failed calls skipped, root failures kept, bad records named', () => {
    // Prepare
    const text = fixture('cloudtrail-log-file.json');

    // Act
    const units = parseInput(text, 'trail.json');

    // Assess
    expect(units.map((u) => u.source)).toEqual(['trail.json#Records[0]', 'trail.json#Records[1]', 'trail.json#Records[2]', 'trail.json#Records[3]']);
    expect(triggerOf(units[0]).info.eventName).toBe('PutBucketEncryption');
    expect(units[1]).toEqual({ ok: 'skipped', source: 'trail.json#Records[1]', reason: 'call failed (AccessDenied): no change to evaluate' });
    const root = triggerOf(units[2]);
    expect(root.info.actor).toBe('arn:aws:iam::111122223333:root');
    expect(errorOf(units[3]).code).toBe('INVALID_TIME');
    expect(errorOf(units[3]).field).toBe('Records[3].eventTime');
  });

  it('keeps failed console sign-ins: the sign-in check evaluates them', () => {
    // Prepare
    const record = { ...JSON.parse(fixture('eventbridge-signin.json')).detail, errorCode: 'Failed authentication', responseElements: { ConsoleLogin: 'Failure' } };

    // Act
    const [unit] = parseInput(JSON.stringify(record), 'login.json');

    // Assess
    expect(triggerOf(unit).info).toMatchObject({ eventName: 'ConsoleLogin', mfaAuthenticated: true });
  });

  it('reads MFA for a console sign-in from additionalEventData.MFAUsed', () => {
    // Prepare
    const record = JSON.parse(fixture('eventbridge-signin.json')).detail;
    record.additionalEventData.MFAUsed = 'No';

    // Act
    const [unit] = parseInput(JSON.stringify(record), 'login.json');

    // Assess
    expect(triggerOf(unit).info.mfaAuthenticated).toBe(false);
  });

  it('accepts Panther quirks: a space-separated eventTime and lower-cased userIdentity keys', () => {
    // Prepare
    const text = fixture('events.jsonl').trim().split('\n').at(-1)!;

    // Act
    const [unit] = parseInput(text, 'panther.json');

    // Assess
    const trigger = triggerOf(unit);
    expect(trigger.observedAt).toBe('2021-01-24T04:55:45.000Z');
    expect(trigger.info.mfaAuthenticated).toBe(true);
    if (trigger.kind !== 'cloudtrail') throw new Error('expected cloudtrail');
    expect(trigger.record.userIdentity.sessionContext?.attributes?.mfaAuthenticated).toBe('true');
    expect(trigger.record.userIdentity.accountId).toBe('112233445566');
  });

  it('names the missing field of a partial record', () => {
    // Prepare: the six-field DisableEbsEncryptionByDefault shape some tools keep
    const partial = { awsRegion: 'us-east-1', eventName: 'DisableEbsEncryptionByDefault', eventSource: 'ec2.amazonaws.com', recipientAccountId: '123456789012', sourceIPAddress: '1.2.3.4', userAgent: 'Chrome Browser' };

    // Act
    const [unit] = parseInput(JSON.stringify(partial), 'partial.json');

    // Assess
    expect(errorOf(unit)).toMatchObject({ code: 'MISSING_FIELD', field: 'eventTime' });
  });

  it('names an ill-typed field', () => {
    // Prepare
    const record = { ...JSON.parse(fixture('cloudtrail-authorize-sg.json')), eventName: 42 };

    // Act
    const [unit] = parseInput(JSON.stringify(record), 'bad.json');

    // Assess
    expect(errorOf(unit)).toMatchObject({ code: 'WRONG_TYPE', field: 'eventName' });
  });

  it('synthesizes a stable eventId for a record without eventID', () => {
    // Prepare
    const record = JSON.parse(fixture('cloudtrail-authorize-sg.json'));
    delete record.eventID;

    // Act
    const first = triggerOf(parseInput(JSON.stringify(record), 'a.json')[0]);
    const again = triggerOf(parseInput(JSON.stringify(record), 'b.json')[0]);

    // Assess
    expect(first.info.eventId).toMatch(/^cloudtrail:[0-9a-f]{16}$/);
    expect(again.info.eventId).toBe(first.info.eventId);
  });
});

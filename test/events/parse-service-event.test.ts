/* eslint-disable @typescript-eslint/no-explicit-any -- the cases edit untyped event JSON. */
import { describe, expect, it } from 'vitest';
import { parseInput, parseSqsBody } from '../../lib/events/parse.ts';
import { errorOf, fixture, triggerOf } from './helpers.ts';

const completed = () => JSON.parse(fixture('backup/restore-completed.json')) as Record<string, any>;

describe('AWS Backup "Restore Job State Change" (EventBridge service event)', () => {
  it('turns a completed restore into an eventbridge trigger observed at its completion', () => {
    // Act
    const [unit] = parseInput(fixture('backup/restore-completed.json'), 'restore.json');

    // Assess
    const trigger = triggerOf(unit);
    if (trigger.kind !== 'eventbridge') throw new Error(`expected eventbridge, got ${trigger.kind}`);
    expect(trigger).toMatchObject({ account: '111122223333', region: 'us-west-2', observedAt: '2025-07-15T03:14:53.128Z' });
    expect(trigger.info).toEqual({ source: 'eventbridge', eventId: 'ab32977c-378d-2122-e985-5d4596f07091', eventName: 'Restore Job State Change' });
    expect(trigger.event).toEqual({
      source: 'aws.backup',
      detailType: 'Restore Job State Change',
      id: 'ab32977c-378d-2122-e985-5d4596f07091',
      resources: ['arn:aws:rds:us-west-2:111122223333:snapshot:awsbackup:job-1a2bcd34-567e-8901-23f4-5a6bcdef7890'],
      restoreJobId: 'AB123456-78C9-0123-456D-789012E34567',
      status: 'COMPLETED',
      creationDate: '2025-07-15T03:10:01.742Z',
      completionDate: '2025-07-15T03:14:53.128Z',
      resourceType: 'RDS',
      createdResourceArn: 'arn:aws:rds:us-west-2:111122223333:db:testinginstance1a2bcd34',
      recoveryPointArn: 'arn:aws:backup:us-west-2:111122223333:recovery-point:6f7fc1f8-2f2e-40ac-943b-8f8efa9ba99d',
      backupVaultArn: 'arn:aws:backup:us-west-2:111122223333:backup-vault:phi-vault',
      sourceResourceArn: 'arn:aws:rds:us-west-2:111122223333:db:orders-db',
      iamRoleArn: 'arn:aws:iam::111122223333:role/RestoreTestRole',
    });
  });

  it('takes a failed restore without completion date, observed at the event time', () => {
    // Act
    const trigger = triggerOf(parseInput(fixture('backup/restore-failed.json'), 'restore.json')[0]);

    // Assess
    expect(trigger).toMatchObject({ kind: 'eventbridge', observedAt: '2025-07-15T20:19:29.000Z', event: { status: 'FAILED', resources: ['arn:aws:ec2:us-west-2::image/ami-12b3456dfb7f8cf90'] } });
  });

  it('skips a restore that has not finished (the CREATED example says "state"), with the reason', () => {
    // Act
    const [unit] = parseInput(fixture('backup/restore-created.json'), 'restore.json');

    // Assess
    expect(unit).toMatchObject({ ok: 'skipped', reason: expect.stringContaining('restore job 123EA45F-C678-EFE9-0123-4D56FC0E789A is CREATED') });
  });

  it('reads the event from an SQS message body, as the cloudtrail-event function receives it', () => {
    // Act
    const [unit] = parseSqsBody(fixture('backup/restore-completed.json'), 'm-1');

    // Assess
    expect(unit).toMatchObject({ ok: true, source: 'sqs:m-1', trigger: { kind: 'eventbridge' } });
  });

  it('skips a custom event that borrows the detail-type from another source', () => {
    // Prepare
    const event = { ...completed(), source: 'com.example.restores' };

    // Act
    const [unit] = parseInput(JSON.stringify(event), 'restore.json');

    // Assess
    expect(unit).toMatchObject({ ok: 'skipped', reason: expect.stringContaining('"com.example.restores" is not an AWS Backup event') });
  });

  describe('malformed events name the field', () => {
    const cases: Array<[string, (event: Record<string, any>) => void, string, string]> = [
      ['no restore job id', (e) => delete e.detail.restoreJobId, 'detail.restoreJobId', 'MISSING_FIELD'],
      ['no status nor state', (e) => delete e.detail.status, 'detail.status', 'MISSING_FIELD'],
      ['a status AWS does not document', (e) => (e.detail.status = 'DONE'), 'detail.status', 'INVALID_VALUE'],
      ['a status of the wrong type', (e) => (e.detail.status = 3), 'detail.status', 'WRONG_TYPE'],
      ['a completion date that is no time', (e) => (e.detail.completionDate = 'yesterday'), 'detail.completionDate', 'INVALID_TIME'],
      ['a recovery point that is no string', (e) => (e.detail.recoveryPointArn = { arn: 'x' }), 'detail.recoveryPointArn', 'WRONG_TYPE'],
      ['resources that are no list', (e) => (e.resources = 'arn:aws:backup:x'), 'resources', 'WRONG_TYPE'],
      ['a placeholder account', (e) => (e.account = '<accountId>'), 'account', 'INVALID_ACCOUNT'],
      ['no source', (e) => delete e.source, 'source', 'MISSING_FIELD'],
    ];

    it.each(cases)('%s', (_name, mutate, field, code) => {
      // Prepare
      const event = completed();
      mutate(event);

      // Act
      const [unit] = parseInput(JSON.stringify(event), 'restore.json');

      // Assess
      expect(errorOf(unit)).toMatchObject({ field, code });
    });

    it('names the field inside an array container too', () => {
      // Prepare
      const event = completed();
      delete event.detail.restoreJobId;

      // Act
      const [unit] = parseInput(JSON.stringify([event]), 'restores.json');

      // Assess
      expect(errorOf(unit)).toMatchObject({ field: '[0].detail.restoreJobId', code: 'MISSING_FIELD' });
    });
  });
});

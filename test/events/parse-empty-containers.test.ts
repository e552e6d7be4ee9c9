import { describe, expect, it } from 'vitest';
import { parseInput, parseSqsBody } from '../../lib/events/parse.ts';
import { errorOf } from './helpers.ts';

const sqsRecord = (messageId: string, body: string) => ({ messageId, receiptHandle: `h-${messageId}`, body, eventSource: 'aws:sqs', awsRegion: 'us-east-1' });
const snsNotification = (message: string) => ({
  Type: 'Notification', MessageId: '564d873e-711e-51a3-b48c-d7d064f65bf4', TopicArn: 'arn:aws:sns:us-east-2:111122223333:config-topic',
  Message: message, Timestamp: '2026-05-01T10:00:00.000Z',
});
/** The 2014 SNS shape of a Config item change lists its items; this one lists none. */
const CONFIG_NO_ITEMS = JSON.stringify({ messageType: 'ConfigurationItemChangeNotification', configurationItem: [] });

/** Every container shape parseInput accepts, holding nothing, with the source and text its one outcome must carry. */
const EMPTY: Array<{ shape: string; source: string; text: string; expected: { source: string; reason: RegExp } }> = [
  { shape: 'a JSON array', source: 'a.json', text: '[]', expected: { source: 'a.json', reason: /the input is an empty list/ } },
  { shape: 'a CloudTrail log file', source: 'trail.json', text: '{"Records": []}', expected: { source: 'trail.json', reason: /Records is an empty list/ } },
  { shape: 'a Lambda SQS event', source: 'sqs-event.json', text: '{"Records": []}', expected: { source: 'sqs-event.json', reason: /Records is an empty list/ } },
  {
    shape: 'an SQS message whose body is an empty log file', source: 'sqs-event.json',
    text: JSON.stringify({ Records: [sqsRecord('m-1', '{"Records":[]}')] }), expected: { source: 'sqs:m-1', reason: /Records is an empty list/ },
  },
  { shape: 'an SQS message whose body is an empty array', source: 'sqs-event.json', text: JSON.stringify({ Records: [sqsRecord('m-2', '[]')] }), expected: { source: 'sqs:m-2', reason: /empty list/ } },
  { shape: 'an SNS notification wrapping an empty log file', source: 'sns.json', text: JSON.stringify(snsNotification('{"Records": []}')), expected: { source: 'sns.json', reason: /Message\.Records is an empty list/ } },
  {
    shape: 'a Lambda SNS event wrapping an empty log file', source: 'sns-event.json',
    text: JSON.stringify({ Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', Sns: snsNotification('{"Records": []}') }] }),
    expected: { source: 'sns-event.json#Records[0]', reason: /Records\[0\]\.Sns\.Message\.Records is an empty list/ },
  },
  { shape: 'an SNS Config notification listing no item', source: 'sns.json', text: JSON.stringify(snsNotification(CONFIG_NO_ITEMS)), expected: { source: 'sns.json', reason: /Message\.configurationItem is an empty list/ } },
  {
    shape: 'an EventBridge Config item change listing no item', source: 'eb.json',
    text: JSON.stringify({ version: '0', id: 'e1f2', 'detail-type': 'Config Configuration Item Change', source: 'aws.config', account: '111122223333', region: 'us-east-1', time: '2026-05-01T10:00:00Z', detail: JSON.parse(CONFIG_NO_ITEMS) }),
    expected: { source: 'eb.json', reason: /detail\.configurationItem is an empty list/ },
  },
  { shape: 'an empty JSON Lines file', source: 'events.jsonl', text: '', expected: { source: 'events.jsonl', reason: /JSON Lines input has no lines/ } },
  { shape: 'a JSON Lines file of blank lines', source: 'events.ndjson', text: '\n  \n\n', expected: { source: 'events.ndjson', reason: /no lines/ } },
  { shape: 'a gunzipped empty JSON Lines file', source: 'events.jsonl.gz', text: '', expected: { source: 'events.jsonl.gz', reason: /no lines/ } },
];

describe('an empty container is one "no events" outcome, never nothing', () => {
  it.each(EMPTY)('$shape', ({ text, source, expected }) => {
    // Act
    const units = parseInput(text, source);

    // Assess
    expect(units).toEqual([{ ok: 'skipped', source: expected.source, code: 'NO_EVENTS', reason: expect.stringMatching(expected.reason) }]);
    expect(units[0]).toMatchObject({ reason: expect.stringMatching(/^no events: /) });
  });

  it('gives an SQS message body holding no event its own outcome', () => {
    // Act
    const units = parseSqsBody('{"Records": []}', 'm-9');

    // Assess
    expect(units).toEqual([{ ok: 'skipped', source: 'sqs:m-9', code: 'NO_EVENTS', reason: 'no events: Records is an empty list' }]);
  });

  it('reports an empty container beside the events of its neighbours, in order', () => {
    // Prepare: a Lambda SQS event whose middle message is an empty log file.
    const event = { version: '0', id: 'e1', 'detail-type': 'AWS API Call via CloudTrail', detail: { eventName: 'X' } };
    const text = JSON.stringify({ Records: [sqsRecord('m-1', JSON.stringify(event)), sqsRecord('m-2', '{"Records":[]}'), sqsRecord('m-3', JSON.stringify(event))] });

    // Act
    const units = parseInput(text, 'sqs-event.json');

    // Assess
    expect(units.map((u) => [u.source, u.ok])).toEqual([['sqs:m-1', false], ['sqs:m-2', 'skipped'], ['sqs:m-3', false]]);
  });

  it('still calls an empty JSON document or message body invalid: it is no JSON at all', () => {
    // Act
    const file = parseInput('  \n', 'event.json');
    const body = parseSqsBody('', 'm-1');

    // Assess
    expect(errorOf(file[0]).code).toBe('EMPTY_INPUT');
    expect(errorOf(body[0]).code).toBe('EMPTY_INPUT');
  });
});

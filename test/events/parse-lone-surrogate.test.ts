import { describe, expect, it } from 'vitest';
import { parseInput, parseSqsBody } from '../../lib/events/parse.ts';
import { errorOf, fixture, triggerOf } from './helpers.ts';

/** A lone high surrogate: JSON.parse takes `"\uD800"`, RFC 8785 (and so signing) refuses it. */
const LONE = '\uD800';

/** What each unit of the fixture parses to untouched (it holds a skipped and an invalid record of its own). */
const okOf = (text: string, source: string) => parseInput(text, source).map((u) => u.ok);

/** The CloudTrail log file fixture with one member of one record replaced; JSON.stringify writes the surrogate as `\ud800`. */
function logFileWith(index: number, change: (record: Record<string, unknown>) => void): string {
  const file = JSON.parse(fixture('cloudtrail-log-file.json')) as { Records: Array<Record<string, unknown>> };
  change(file.Records[index]!);
  return JSON.stringify(file);
}

describe('a lone UTF-16 surrogate fails only its own unit, naming the member', () => {
  it('refuses the one record of a log file that holds it, and parses the others', () => {
    // Prepare
    const before = okOf(fixture('cloudtrail-log-file.json'), 'trail.json');
    const text = logFileWith(2, (record) => {
      record.requestParameters = { userName: `alice-${LONE}` };
    });

    // Act
    const units = parseInput(text, 'trail.json');

    // Assess
    expect(units.map((u) => u.ok)).toEqual(before.with(2, false));
    expect(units[2]!.source).toBe('trail.json#Records[2]');
    expect(errorOf(units[2])).toMatchObject({ code: 'INVALID_VALUE', field: 'Records[2].requestParameters.userName' });
    expect(errorOf(units[2]).message).toMatch(/lone UTF-16 surrogate \(U\+D800 at index 6\)/);
  });

  it('names the line of a JSON Lines file', () => {
    // Prepare
    const lines = fixture('events.jsonl').trim().split('\n');
    const bad = JSON.parse(lines[0]!) as Record<string, unknown>;
    bad.userAgent = `aws-cli${LONE}`;
    const text = [lines[0], JSON.stringify(bad), ...lines.slice(1)].join('\n');

    // Act
    const units = parseInput(text, 'events.jsonl');

    // Assess: line 2 is the new one; the fixture's own bad lines (now 4 and 5) fail as before.
    expect(units.map((u) => [u.source, u.ok])).toEqual([['events.jsonl:1', true], ['events.jsonl:2', false], ['events.jsonl:4', false], ['events.jsonl:5', false], ['events.jsonl:6', true]]);
    expect(errorOf(units[1])).toMatchObject({ code: 'INVALID_VALUE', field: 'userAgent' });
  });

  it('finds it in a key as well as in a value', () => {
    // Prepare
    const text = logFileWith(0, (record) => {
      record.requestParameters = { [`tag${LONE}`]: 'x' };
    });

    // Act
    const units = parseInput(text, 'trail.json');

    // Assess
    expect(errorOf(units[0])).toMatchObject({ code: 'INVALID_VALUE', field: 'Records[0].requestParameters.tag\\uD800' });
    expect(errorOf(units[0]).message).toMatch(/has a key that contains a lone UTF-16 surrogate/);
  });

  it('finds it inside an EventBridge detail sent as an SQS body', () => {
    // Prepare
    const event = JSON.parse(fixture('eventbridge-signin.json')) as { detail: Record<string, unknown> };
    event.detail.sourceIPAddress = `198.51.100.${LONE}`;

    // Act
    const units = parseSqsBody(JSON.stringify(event), 'm-1');

    // Assess
    expect(units).toHaveLength(1);
    expect(units[0]!.source).toBe('sqs:m-1');
    expect(errorOf(units[0])).toMatchObject({ code: 'INVALID_VALUE', field: 'detail.sourceIPAddress' });
  });

  it('finds it in the JSON strings Config nests: an SNS Message, the item configuration inside it', () => {
    // Prepare
    const notification = JSON.parse(fixture('sns-config-item.json')) as { Message: string };
    const message = JSON.parse(notification.Message) as { configurationItem: { configuration: string } };
    const configuration = JSON.parse(message.configurationItem.configuration) as Record<string, unknown>;
    configuration.dBInstanceIdentifier = `claims${LONE}`;
    message.configurationItem.configuration = JSON.stringify(configuration);
    notification.Message = JSON.stringify(message);

    // Act
    const [unit] = parseInput(JSON.stringify(notification), 'sns.json');

    // Assess
    expect(errorOf(unit)).toMatchObject({ code: 'INVALID_VALUE', field: 'Message.configurationItem.configuration.dBInstanceIdentifier' });
  });

  it('finds it in a Config rule invocation\'s invokingEvent string', () => {
    // Prepare
    const invocation = JSON.parse(fixture('rule-change.json')) as { invokingEvent: string };
    const invokingEvent = JSON.parse(invocation.invokingEvent) as { configurationItem: { configuration: Record<string, unknown> } };
    invokingEvent.configurationItem.configuration.groupName = `ssh${LONE}`;
    invocation.invokingEvent = JSON.stringify(invokingEvent);

    // Act
    const [unit] = parseInput(JSON.stringify(invocation), 'config-rule-invocation');

    // Assess
    expect(errorOf(unit)).toMatchObject({ code: 'INVALID_VALUE', field: 'invokingEvent.configurationItem.configuration.groupName' });
  });

  it('accepts a surrogate pair, escaped or not: only a lone half is refused', () => {
    // Prepare
    const before = okOf(fixture('cloudtrail-log-file.json'), 'trail.json');
    const raw = logFileWith(0, (record) => {
      record.userAgent = 'emoji \uD83D\uDE00 agent';
    });
    const escaped = raw.replace('\uD83D\uDE00', '\\ud83d\\ude00');

    // Act
    const units = [raw, escaped].map((text) => parseInput(text, 'trail.json'));

    // Assess
    expect(escaped).toContain('\\ud83d\\ude00');
    for (const parsed of units) {
      expect(parsed.map((u) => u.ok)).toEqual(before);
      expect(triggerOf(parsed[0]).info.userAgent).toBe('emoji \uD83D\uDE00 agent');
    }
  });
});

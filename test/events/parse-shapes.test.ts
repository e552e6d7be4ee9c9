import { describe, expect, it } from 'vitest';
import { ParseError } from '../../lib/errors.ts';
import { MAX_UNIT_BYTES, parseInput } from '../../lib/events/parse.ts';
import { normalizeTimestamp } from '../../lib/events/parse-common.ts';
import { errorOf, fixture, triggerOf } from './helpers.ts';

const record = () => JSON.parse(fixture('cloudtrail-authorize-sg.json'));

describe('shape detection and malformed input', () => {
  it('parses JSON Lines: blank lines ignored, each bad line its own error with its line number', () => {
    // Act
    const units = parseInput(fixture('events.jsonl'), 'events.jsonl');

    // Assess
    expect(units.map((u) => [u.source, u.ok])).toEqual([
      ['events.jsonl:1', true],
      ['events.jsonl:3', false],
      ['events.jsonl:4', false],
      ['events.jsonl:5', true],
    ]);
    expect(errorOf(units[1])).toMatchObject({ code: 'INVALID_JSON', field: '$' });
    expect(errorOf(units[2])).toMatchObject({ code: 'MISSING_FIELD', field: 'eventTime' });
  });

  it('detects JSON Lines by content when the file name does not say so', () => {
    // Prepare
    const text = [JSON.stringify(record()), JSON.stringify({ ...record(), eventID: 'second' })].join('\n');

    // Act
    const units = parseInput(text, 'stdin');

    // Assess
    expect(units.map((u) => u.source)).toEqual(['stdin:1', 'stdin:2']);
    expect(triggerOf(units[1]).info.eventId).toBe('second');
  });

  it('parses a JSON array of records, one unit per element', () => {
    // Prepare
    const text = JSON.stringify([record(), { ...record(), eventID: 'e-2' }, 'nope']);

    // Act
    const units = parseInput(text, 'array.json');

    // Assess
    expect(units.map((u) => [u.source, u.ok])).toEqual([['array.json#[0]', true], ['array.json#[1]', true], ['array.json#[2]', false]]);
    expect(errorOf(units[2])).toMatchObject({ code: 'WRONG_TYPE', field: '[2]' });
  });

  it('reports invalid JSON, empty input and unknown shapes as typed errors, never throwing', () => {
    // Act
    const [badJson] = parseInput('{"Records": [', 'bad.json');
    const [empty] = parseInput('  \n', 'empty.json');
    const [unknown] = parseInput('{"hello": "world"}', 'odd.json');
    const [scalar] = parseInput('42', 'num.json');

    // Assess
    expect(errorOf(badJson)).toMatchObject({ code: 'INVALID_JSON', field: '$' });
    expect(errorOf(empty)).toMatchObject({ code: 'EMPTY_INPUT', field: '$' });
    expect(errorOf(unknown)).toMatchObject({ code: 'UNKNOWN_SHAPE', field: '$' });
    expect(errorOf(scalar)).toMatchObject({ code: 'WRONG_TYPE', field: '$' });
  });

  it('refuses a single unit over 1 MiB but still parses the other records of a log file', () => {
    // Prepare
    const big = { ...record(), eventID: 'big', requestParameters: { blob: 'x'.repeat(MAX_UNIT_BYTES) } };
    const text = JSON.stringify({ Records: [record(), big] });

    // Act
    const units = parseInput(text, 'trail.json');
    const [single] = parseInput(JSON.stringify(big), 'one.json');

    // Assess
    expect(units[0]!.ok).toBe(true);
    expect(errorOf(units[1])).toMatchObject({ code: 'TOO_LARGE', field: 'Records[1]' });
    expect(errorOf(single)).toMatchObject({ code: 'TOO_LARGE', field: '$' });
  });

  it('refuses a file over the file limit before parsing it', () => {
    // Prepare
    const text = JSON.stringify({ Records: [record(), record()] });

    // Act
    const units = parseInput(text, 'trail.json', { maxFileBytes: 1000 });

    // Assess
    expect(units).toHaveLength(1);
    expect(errorOf(units[0])).toMatchObject({ code: 'TOO_LARGE', field: '$' });
    expect(units[0]!.ok === false && units[0]!.error).toBeInstanceOf(ParseError);
  });

  it('ignores a UTF-8 byte-order mark', () => {
    // Act
    const [unit] = parseInput(`\ufeff${JSON.stringify(record())}`, 'bom.json');

    // Assess
    expect(triggerOf(unit).kind).toBe('cloudtrail');
  });

  it('reads a bare configuration item (the API shape) as a config-item trigger', () => {
    // Prepare
    const item = {
      version: '1.2',
      accountId: '111122223333',
      configurationItemCaptureTime: '2017-11-09T12:35:43.639000-05:00',
      configurationItemStatus: 'ResourceDeleted',
      arn: 'arn:aws:ec2:us-east-1:111122223333:volume/vol-0abc',
      resourceType: 'AWS::EC2::Volume',
      resourceId: 'vol-0abc',
      awsRegion: 'us-east-1',
      tags: [{ Key: 'data-classification', Value: 'ephi' }],
      configuration: null,
    };

    // Act
    const [unit] = parseInput(JSON.stringify(item), 'item.json');

    // Assess
    const trigger = triggerOf(unit);
    if (trigger.kind !== 'config-item') throw new Error(`expected config-item, got ${trigger.kind}`);
    expect(trigger.item).toMatchObject({ configurationItemStatus: 'ResourceDeleted', configuration: null, tags: { 'data-classification': 'ephi' }, configurationItemCaptureTime: '2017-11-09T17:35:43.639Z' });
  });
});

describe('normalizeTimestamp', () => {
  it.each([
    ['2024-06-02T19:41:40Z', '2024-06-02T19:41:40.000Z'],
    ['2024-06-02 19:41:40.000000000', '2024-06-02T19:41:40.000Z'],
    ['2017-02-04T06:10:33.880000-05:00', '2017-02-04T11:10:33.880Z'],
    ['2021-01-24 04:55:45.000', '2021-01-24T04:55:45.000Z'],
    ['2024-13-45T00:00:00Z', undefined],
    ['yesterday', undefined],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeTimestamp(input)).toBe(expected);
  });
});

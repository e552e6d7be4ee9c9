import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInputs } from '../../lib/cli/inputs.ts';
import { PARSE_ERROR_TEXT, ParseError, type ParseErrorCode } from '../../lib/errors.ts';
import { failed } from '../../lib/events/parse-common.ts';
import { MAX_UNIT_BYTES, parseInput, parseSqsBody } from '../../lib/events/parse.ts';
import { errorOf, fixture } from './helpers.ts';

const record = () => JSON.parse(fixture('cloudtrail-authorize-sg.json')) as Record<string, unknown>;
const withRecord = (change: Record<string, unknown>) => JSON.stringify({ ...record(), ...change });

/** One malformed input per failure kind: the code and the field it must name. */
const CASES: [string, () => ParseError, ParseErrorCode, string][] = [
  ['an empty file', () => errorOf(parseInput(' \n', 'empty.json')[0]), 'EMPTY_INPUT', '$'],
  ['a file over the limit', () => errorOf(parseInput(withRecord({}), 'big.json', { maxFileBytes: 100 })[0]), 'TOO_LARGE', '$'],
  ['an SQS body over 1 MiB', () => errorOf(parseSqsBody(withRecord({ padding: 'x'.repeat(MAX_UNIT_BYTES) }), 'm-1')[0]), 'TOO_LARGE', 'body'],
  ['text that is not JSON', () => errorOf(parseInput('{"Records": [', 'bad.json')[0]), 'INVALID_JSON', '$'],
  ['an SNS Message that is not JSON', () => errorOf(parseInput(JSON.stringify({ Type: 'Notification', MessageId: 'm-1', TopicArn: 'arn:aws:sns:us-east-1:111122223333:config', Message: '{oops', Timestamp: '2024-01-01T00:00:00Z' }), 'sns.json')[0]), 'INVALID_JSON', 'Message'],
  ['JSON that is no known input', () => errorOf(parseInput('{"hello": "world"}', 'odd.json')[0]), 'UNKNOWN_SHAPE', '$'],
  ['a record without eventTime', () => errorOf(parseInput(withRecord({ eventTime: undefined }), 'r.json')[0]), 'MISSING_FIELD', 'eventTime'],
  ['a record whose eventSource is null', () => errorOf(parseInput(withRecord({ eventSource: null }), 'r.json')[0]), 'MISSING_FIELD', 'eventSource'],
  ['a record without a region anywhere', () => errorOf(parseInput(withRecord({ awsRegion: undefined }), 'r.json')[0]), 'MISSING_FIELD', 'awsRegion'],
  ['a number where the event name belongs', () => errorOf(parseInput(withRecord({ eventName: 42 }), 'r.json')[0]), 'WRONG_TYPE', 'eventName'],
  ['a string where requestParameters belongs', () => errorOf(parseInput(withRecord({ requestParameters: 'groupId=sg-1' }), 'r.json')[0]), 'WRONG_TYPE', 'requestParameters'],
  ['a scalar array element', () => errorOf(parseInput(JSON.stringify([record(), 'nope']), 'a.json')[1]), 'WRONG_TYPE', '[1]'],
  ['an empty event source', () => errorOf(parseInput(withRecord({ eventSource: '' }), 'r.json')[0]), 'INVALID_VALUE', 'eventSource'],
  ['an event time that is no time', () => errorOf(parseInput(withRecord({ eventTime: 'yesterday' }), 'r.json')[0]), 'INVALID_TIME', 'eventTime'],
  ['a placeholder account id', () => errorOf(parseInput(withRecord({ recipientAccountId: '<accountId>' }), 'r.json')[0]), 'INVALID_ACCOUNT', 'recipientAccountId'],
  ['a parser bug', () => errorOf(failed('x.json', new TypeError('cannot read properties of undefined'))), 'UNPARSEABLE', '$'],
];

describe('parse error codes', () => {
  it.each(CASES)('%s → %s', (_name, parse, code, field) => {
    // Act
    const error = parse();
    // Assess: the code names the kind, the field where, and the text is made from both.
    expect(error).toBeInstanceOf(ParseError);
    expect(error).toMatchObject({ code, field });
    expect(error.message).toBe(`${field}: ${PARSE_ERROR_TEXT[code]}${error.detail ? `: ${error.detail}` : ''}`);
  });

  it('a file that cannot be unpacked is UNREADABLE, naming the file', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'trailproof-codes-'));
    await writeFile(join(dir, 'broken.json.gz'), 'not gzip');
    // Act
    const [gzip] = await readInputs([join(dir, 'broken.json.gz')]);
    // Assess
    expect(gzip).toMatchObject({ ok: false, error: { code: 'UNREADABLE', field: join(dir, 'broken.json.gz') } });
  });

  it('every code has a text, and the cases above cover every code', () => {
    const covered = new Set([...CASES.map(([, , code]) => code), 'UNREADABLE']);
    expect(Object.keys(PARSE_ERROR_TEXT).sort()).toEqual([...covered].sort());
  });
});

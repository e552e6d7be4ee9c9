import { ParseError } from '../errors.ts';
import type { ParsedInput } from './types.ts';
import { looksLikeConfigItem } from './config-item.ts';
import { looksLikeCloudTrailRecord, parseCloudTrailRecord } from './parse-cloudtrail.ts';
import { looksLikeConfigMessage, parseConfigItemInput, parseConfigMessage } from './parse-config.ts';
import { looksLikeRuleInvocation, parseRuleInvocation } from './parse-config-rule.ts';
import {
  isSnsLambdaRecord,
  isSqsRecord,
  looksLikeEventBridge,
  looksLikeSnsNotification,
  parseEventBridge,
  parseSnsNotification,
} from './parse-envelope.ts';
import { type EnvelopeContext, MAX_FILE_BYTES, MAX_UNIT_BYTES, failed, isRecord, noEvents, requireEncodable } from './parse-common.ts';
import { joinPath } from '../util/json-path.ts';
import { mayParseUnencodable } from '../util/json-value.ts';

export { MAX_UNIT_BYTES };

const ROOT: EnvelopeContext = { path: '' };

/**
 * Parse any input trailproof accepts into one ParsedInput per unit, detecting the shape: a
 * CloudTrail record, a CloudTrail log file `{"Records": [...]}`, a JSON array, JSON Lines (one
 * unit per line, `events.jsonl:17`), EventBridge events, SNS notifications, Config rule
 * invocations, configuration items, Lambda SQS/SNS events. Never throws: bad input is an
 * `ok: false` unit with a ParseError naming the field, and one bad unit never hides the others.
 * `options.maxFileBytes` lowers the file limit (MAX_FILE_BYTES) for callers with less memory.
 *
 * @example
 * for (const unit of parseInput(await readFile('trail.json', 'utf8'), 'trail.json')) {
 *   if (unit.ok === true) console.log(unit.trigger.kind, unit.trigger.info.eventId);
 * }
 */
export function parseInput(text: string, source: string, options: { maxFileBytes?: number } = {}): ParsedInput[] {
  try {
    const maxFileBytes = options.maxFileBytes ?? MAX_FILE_BYTES;
    // UTF-8 takes at most 3 bytes per UTF-16 unit: short texts need no byte count.
    if (text.length * 3 > maxFileBytes && Buffer.byteLength(text) > maxFileBytes) {
      return [{ ok: false, source, error: new ParseError('$', 'TOO_LARGE', `over the ${maxFileBytes}-byte limit of an input`) }];
    }
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (body.trim() === '') {
      // Zero lines are zero events; an empty JSON document or message body is no JSON at all.
      return JSON_LINES_NAME.test(source) ? [noEvents(source, 'the JSON Lines input has no lines')] : [{ ok: false, source, error: new ParseError('$', 'EMPTY_INPUT') }];
    }
    if (isJsonLines(body, source)) return parseJsonLines(body, source);
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (error) {
      return [{ ok: false, source, error: new ParseError('$', 'INVALID_JSON', (error as Error).message, { cause: error }) }];
    }
    const encodable = !mayParseUnencodable(body);
    // A log file or an array is many units: each is checked for size on its own.
    if (Array.isArray(value) || (isRecord(value) && Array.isArray(value.Records))) return parseValue(value, source, ROOT, encodable);
    return parseUnit(value, body, source, encodable);
  } catch (error) {
    return [failed(source, error)];
  }
}

/**
 * Parse the body of one SQS message (the event Lambdas receive SQS batches): any shape parseInput
 * accepts, as the units of message `messageId` (source `sqs:<messageId>`).
 *
 * @example
 * const units = event.Records.flatMap((r) => parseSqsBody(r.body, r.messageId));
 */
export function parseSqsBody(body: string, messageId: string): ParsedInput[] {
  const source = `sqs:${messageId}`;
  try {
    if (Buffer.byteLength(body) > MAX_UNIT_BYTES) {
      return [{ ok: false, source, error: new ParseError('body', 'TOO_LARGE', `over the ${MAX_UNIT_BYTES}-byte limit of a message`) }];
    }
    return parseInput(body, source);
  } catch (error) {
    return [failed(source, error)];
  }
}

/** A JSON Lines file by its name, also as CloudTrail-style gzip (`events.jsonl.gz`). */
const JSON_LINES_NAME = /\.(jsonl|ndjson)(\.gz)?$/i;

/** JSON Lines when the name says so, or when the whole text is not JSON but its first line is. */
function isJsonLines(text: string, source: string): boolean {
  if (JSON_LINES_NAME.test(source)) return true;
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length < 2) return false;
  const first = lines[0]!.trim();
  if (!first.startsWith('{') || !first.endsWith('}')) return false;
  try {
    JSON.parse(first);
  } catch {
    return false;
  }
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}

function parseJsonLines(text: string, source: string): ParsedInput[] {
  const results: ParsedInput[] = [];
  // One look at the whole text usually vouches for every line; otherwise each line is looked at alone.
  const textEncodable = !mayParseUnencodable(text);
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (line.trim() === '') continue;
    const lineSource = `${source}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      results.push({ ok: false, source: lineSource, error: new ParseError('$', 'INVALID_JSON', (error as Error).message, { cause: error }) });
      continue;
    }
    // A loop, not push(...units): a log file on one line can be more units than arguments may be.
    for (const unit of parseUnit(value, line, lineSource, textEncodable || !mayParseUnencodable(line))) results.push(unit);
  }
  return results;
}

/**
 * One parsed JSON text, refused when over the unit limit (unless it is a log file, whose records
 * are checked one by one). `encodable`: the text vouches that the value needs no encodability walk.
 */
function parseUnit(value: unknown, text: string, source: string, encodable: boolean): ParsedInput[] {
  // UTF-8 takes at most 3 bytes per UTF-16 unit: most texts need no byte count.
  const tooLarge = text.length * 3 > MAX_UNIT_BYTES && Buffer.byteLength(text) > MAX_UNIT_BYTES;
  if (tooLarge && !(isRecord(value) && Array.isArray(value.Records))) {
    return [{ ok: false, source, error: new ParseError('$', 'TOO_LARGE', `over the ${MAX_UNIT_BYTES}-byte limit of one input unit`) }];
  }
  return parseValue(value, source, ROOT, encodable);
}

/**
 * Detect the shape of one parsed JSON value and parse it; units inside (log-file records, array
 * elements, Lambda event records) get their own source and size check. `encodable` is true only for
 * values straight out of JSON text that mayParseUnencodable cleared: they skip the encodability walk.
 * Everything else (an SNS Message, dispatched here with three arguments) is walked.
 */
function parseValue(value: unknown, source: string, context: EnvelopeContext, encodable = false): ParsedInput[] {
  try {
    if (Array.isArray(value)) return parseMany(value, source, context.path, context, encodable);
    if (!isRecord(value)) throw new ParseError(context.path || '$', 'WRONG_TYPE', `expected a JSON object, got ${value === null ? 'null' : typeof value}`);
    if (Array.isArray(value.Records)) return parseMany(value.Records, source, joinPath(context.path, 'Records'), context, encodable);
    const eventBridge = looksLikeEventBridge(value);
    // Only an envelope: its Message is checked when dispatched, unit by unit, like the containers above.
    if (!eventBridge && looksLikeSnsNotification(value)) return parseSnsNotification(value, source, context, parseValue);
    // One unit from here on: a bad member fails it alone (a log file's other records still parse).
    if (!encodable) requireEncodable(value, context.path);
    if (eventBridge) return parseEventBridge(value, source, context);
    if (looksLikeRuleInvocation(value)) return [parseRuleInvocation(value, source, context)];
    if (looksLikeConfigMessage(value)) return parseConfigMessage(value, source, context);
    if (looksLikeConfigItem(value)) return [parseConfigItemInput(value, source, context)];
    if (looksLikeCloudTrailRecord(value) || hasCloudTrailKeys(value)) return [parseCloudTrailRecord(value, source, context)];
    throw new ParseError(context.path || '$', 'UNKNOWN_SHAPE');
  } catch (error) {
    return [failed(source, error)];
  }
}

/** Partial CloudTrail records still get field-level errors ("eventTime: is required"). */
function hasCloudTrailKeys(value: Record<string, unknown>): boolean {
  return ['eventName', 'eventSource', 'eventTime', 'eventID', 'userIdentity'].some((key) => key in value);
}

function parseMany(values: unknown[], source: string, path: string, context: EnvelopeContext, encodable: boolean): ParsedInput[] {
  if (values.length === 0) return [noEvents(source, path === '' ? 'the input is an empty list' : `${path} is an empty list`)];
  return values.flatMap((element, index) => {
    const elementPath = joinPath(path, index);
    const elementSource = `${source}#${elementPath}`;
    try {
      if (isSqsRecord(element)) return parseSqsBody(element.body, element.messageId);
      if (Buffer.byteLength(JSON.stringify(element) ?? '') > MAX_UNIT_BYTES) {
        return [{ ok: false, source: elementSource, error: new ParseError(elementPath, 'TOO_LARGE', `over the ${MAX_UNIT_BYTES}-byte limit of one record`) }];
      }
      if (isSnsLambdaRecord(element)) return parseSnsNotification(element.Sns, elementSource, { ...context, path: joinPath(elementPath, 'Sns') }, parseValue);
      return parseValue(element, elementSource, { ...context, path: elementPath }, encodable);
    } catch (error) {
      return [failed(elementSource, error)];
    }
  });
}

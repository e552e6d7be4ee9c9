/**
 * Input units wrapped the ways they reach trailproof, and packed into input texts: a bare JSON
 * document, a CloudTrail log file (`{"Records": [...]}`), a JSON array, JSON Lines, EventBridge
 * events, SNS notifications, and the Lambda SQS and SNS events that carry them; also containers
 * with no event in them. Each text knows how many outcomes it must give (one per unit, one for an
 * empty container) and what each unit's outcome may be.
 */
import fc from 'fast-check';
import { burstOfOneEvent, cloudTrailRecord, where, type Where } from './cloudtrail-records.ts';
import { complianceChange, configItem, itemChangeNotification, oversizedNotification } from './config-items.ts';
import { mutate, mutation, type Mutation } from './mutations.ts';

/** What a unit's outcome may be: `clean` (AWS-shaped: never invalid), `invalid` with one of `codes`, or `any` valid outcome. */
type Expectation = { kind: 'clean' } | { kind: 'invalid'; codes: readonly string[] } | { kind: 'any' } | { kind: 'no-events' };

/** One unit, ready to pack: its JSON value (or its text when cut short) and the outcomes it gives. */
export interface Unit {
  value: Record<string, unknown>;
  /** Outcomes this unit gives (a 2014 Config notification gives one per item). */
  outcomes: number;
  expect: Expectation;
  /** Set when the unit's JSON text is cut short: it can only travel alone, as a file or a line. */
  truncatedText?: string;
  /** A bare CloudTrail record: may go into a log file. */
  bareCloudTrail: boolean;
  /** Already an SNS notification: not wrapped in another. */
  sns: boolean;
}

/** One outcome a text must give: which unit it belongs to (-1: an empty container) and what it may be. */
export interface ExpectedOutcome {
  unit: number;
  expect: Expectation;
}

/** One input text for parseInput, and the outcomes it must give, in order. */
export interface InputText {
  source: string;
  text: string;
  outcomes: ExpectedOutcome[];
}

const uuid = fc.noBias(fc.uuid());

function eventBridge(detailType: string, detail: Record<string, unknown>, at: Where, id: string, source: string): Record<string, unknown> {
  return { version: '0', id, 'detail-type': detailType, source, account: at.account, time: '2026-11-02T10:00:00Z', region: at.region, resources: [], detail };
}

function snsNotification(message: Record<string, unknown>, at: Where, id: string): Record<string, unknown> {
  return {
    Type: 'Notification', MessageId: id, TopicArn: `arn:aws:sns:${at.region}:${at.account}:config-topic`, Subject: '[AWS Config] change', Message: JSON.stringify(message),
    Timestamp: '2026-11-02T10:00:00.000Z', SignatureVersion: '1', Signature: 'EXAMPLE', SigningCertURL: 'https://sns.example/cert.pem', UnsubscribeURL: 'https://sns.example/unsubscribe',
  };
}

type Build = (at: Where) => Record<string, unknown>;

/** A payload: its kind, how to build it in an account and region, and how many outcomes it gives. */
const payloadKind = fc.oneof(
  { weight: 10, arbitrary: fc.tuple(fc.constant('cloudtrail'), cloudTrailRecord, fc.constant(1)) },
  { weight: 3, arbitrary: fc.tuple(fc.constant('item-change'), itemChangeNotification(1), fc.constant(1)) },
  { weight: 1, arbitrary: fc.tuple(fc.constant('item-change'), itemChangeNotification(2), fc.constant(2)) },
  { weight: 1, arbitrary: fc.tuple(fc.constant('oversized'), oversizedNotification, fc.constant(1)) },
  { weight: 2, arbitrary: fc.tuple(fc.constant('compliance'), complianceChange, fc.constant(1)) },
  { weight: 2, arbitrary: fc.tuple(fc.constant('item'), configItem, fc.constant(1)) },
);
const payload = fc.tuple(payloadKind, where).map(([[kind, build, outcomes], at]: [[string, Build, number], Where]) => [kind, build(at), outcomes, at] as const);

/** Wrap a payload: bare, in EventBridge, or in an SNS notification, as each kind really travels. */
function wrap(kind: string, value: Record<string, unknown>, at: Where, envelope: number, id: string): { value: Record<string, unknown>; sns: boolean } {
  if (kind === 'cloudtrail') {
    if (envelope % 2 === 0) return { value, sns: false };
    const signIn = value.eventSource === 'signin.amazonaws.com';
    return { value: eventBridge(signIn ? 'AWS Console Sign In via CloudTrail' : 'AWS API Call via CloudTrail', value, at, id, `aws.${String(value.eventSource).split('.')[0]}`), sns: false };
  }
  if (kind === 'item') return { value, sns: false };
  const choice = envelope % 3;
  if (choice === 0) return { value, sns: false };
  if (choice === 1) return { value: snsNotification(value, at, id), sns: true };
  const detailType = kind === 'compliance' ? 'Config Rules Compliance Change' : envelope % 2 === 0 ? 'Configuration Item Change' : 'Config Configuration Item Change';
  return { value: eventBridge(detailType, value, at, id, 'aws.config'), sns: false };
}

/**
 * A unit: a payload in its envelope, clean most of the time; hostile (one mutation, on the payload
 * or on its envelope) when `hostile` is true.
 */
export function unit(hostile: boolean): fc.Arbitrary<Unit> {
  return fc.record({ payload, envelope: fc.nat(), id: uuid, change: mutation, onEnvelope: fc.integer({ min: 0, max: 3 }) }).map(({ payload: [kind, raw, outcomes, at], envelope, id, change, onEnvelope }) => {
    // A hostile unit has one item: a bad member of a 2014 list would fail the whole notification.
    const items = hostile ? 1 : outcomes;
    const single = hostile && outcomes > 1 ? { ...raw, configurationItem: (raw.configurationItem as unknown[])[0] } : raw;
    const mutateEnvelope = hostile && onEnvelope === 0;
    const payloadValue = hostile && !mutateEnvelope ? mutate(single, change) : single;
    const wrapped = wrap(kind, payloadValue, at, envelope, id);
    const value = mutateEnvelope ? mutate(wrapped.value, change) : wrapped.value;
    const unitOut: Unit = { value, outcomes: items, expect: hostile ? expectationOf(change, wrapped.sns && mutateEnvelope) : { kind: 'clean' }, bareCloudTrail: kind === 'cloudtrail' && value === payloadValue, sns: wrapped.sns };
    if (hostile && change.kind === 'truncate') {
      const json = JSON.stringify(value);
      unitOut.truncatedText = json.slice(0, Math.max(1, Math.floor(json.length * change.keep)));
    }
    return unitOut;
  });
}

/** A burst: many events of one routed kind in one account and region (bare or via EventBridge), so objects hold many records. */
export const burst: fc.Arbitrary<Unit[]> = fc.tuple(burstOfOneEvent, where, fc.array(fc.tuple(fc.nat(), uuid), { minLength: 24, maxLength: 24 })).map(([builds, at, envelopes]) =>
  builds.map((build, i): Unit => {
    const [envelope, id] = envelopes[i]!;
    const wrapped = wrap('cloudtrail', build(at), at, envelope, id);
    return { value: wrapped.value, outcomes: 1, expect: { kind: 'clean' }, bareCloudTrail: envelope % 2 === 0, sns: false };
  }),
);

/** What one mutation must lead to: only a lone surrogate in the payload, a cut text and a huge member are certain. */
function expectationOf(change: Mutation, inSnsEnvelope: boolean): Expectation {
  if (change.kind === 'truncate') return { kind: 'invalid', codes: ['INVALID_JSON'] };
  if (change.kind === 'huge') return { kind: 'invalid', codes: ['TOO_LARGE'] };
  // SNS members other than Message are never read (nor recorded): a surrogate there harms nothing.
  if ((change.kind === 'lone-surrogate' || change.kind === 'lone-surrogate-key') && !inSnsEnvelope) return { kind: 'invalid', codes: ['INVALID_VALUE', 'INVALID_JSON'] };
  return { kind: 'any' };
}

const EMPTY_CONTAINERS: readonly { name: string; text: string }[] = [
  { name: 'empty-log.json', text: '{"Records":[]}' },
  { name: 'empty-array.json', text: '[]' },
  { name: 'empty.jsonl', text: '' },
  { name: 'sns-empty.json', text: JSON.stringify(snsNotification({ Records: [] }, { account: '111122223333', region: 'us-east-1' }, 'm-empty')) },
  { name: 'sqs-empty.json', text: JSON.stringify({ Records: [{ messageId: 'm-empty', body: '[]', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:111122223333:q', awsRegion: 'us-east-1' }] }) },
];

function sqsRecord(value: Record<string, unknown>, id: string): Record<string, unknown> {
  const body = JSON.stringify(value);
  return { messageId: id, receiptHandle: `AQEB${id}`, body, attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1762077600000' }, messageAttributes: {}, md5OfBody: 'x', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:111122223333:events', awsRegion: 'us-east-1' };
}

/**
 * Pack units into input texts: each group of up to four units goes into one container its units
 * can share (a cut unit travels alone as a file or a JSON Lines line); now and then an empty
 * container. `name` makes every source unique within a batch.
 */
export function pack(units: readonly Unit[], containers: readonly number[], name: string): InputText[] {
  const indexed = units.map((unit, index) => ({ ...unit, index }));
  const texts: InputText[] = [];
  let at = 0;
  for (const [g, roll] of containers.entries()) {
    if (at >= indexed.length) break;
    if (roll % 17 === 0) {
      const empty = EMPTY_CONTAINERS[roll % EMPTY_CONTAINERS.length]!;
      texts.push({ source: `${name}-${g}-${empty.name}`, text: empty.text, outcomes: [{ unit: -1, expect: { kind: 'no-events' } }] });
    }
    const group = indexed.slice(at, at + 1 + (roll % 4));
    at += group.length;
    texts.push(...packGroup(group, roll, `${name}-${g}`));
  }
  texts.push(...indexed.slice(at).flatMap((u, i) => packGroup([u], 0, `${name}-rest-${i}`)));
  return texts;
}

type Indexed = Unit & { index: number };

function outcomesOf(units: readonly Indexed[]): ExpectedOutcome[] {
  return units.flatMap((u) => Array.from({ length: u.outcomes }, () => ({ unit: u.index, expect: u.expect })));
}

function packGroup(group: readonly Indexed[], roll: number, source: string): InputText[] {
  const expectations = outcomesOf(group);
  const json = (u: Unit) => u.truncatedText ?? JSON.stringify(u.value);
  const container = group.some((u) => u.truncatedText !== undefined) ? roll % 2 : roll % 6;
  switch (container) {
    case 0:
      return group.map((u, i) => ({ source: `${source}-${i}.json`, text: u.truncatedText ?? JSON.stringify(u.value, null, i % 2 === 0 ? undefined : 2), outcomes: outcomesOf([u]) }));
    case 1:
      return [{ source: `${source}.jsonl`, text: `${group.map(json).join('\n')}\n`, outcomes: expectations }];
    case 2:
      if (group.every((u) => u.bareCloudTrail)) return [{ source: `${source}_CloudTrail.json`, text: JSON.stringify({ Records: group.map((u) => u.value) }), outcomes: expectations }];
      return [{ source: `${source}-array.json`, text: JSON.stringify(group.map((u) => u.value)), outcomes: expectations }];
    case 3:
      return [{ source: `${source}-array.json`, text: JSON.stringify(group.map((u) => u.value)), outcomes: expectations }];
    case 4:
      return [{ source: `${source}-sqs.json`, text: JSON.stringify({ Records: group.map((u, i) => sqsRecord(u.value, `${source}-m${i}`)) }), outcomes: expectations }];
    default: {
      if (group.some((u) => u.sns)) return packGroup(group, 4, source);
      const records = group.map((u, i) => ({ EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: 'arn:aws:sns:us-east-1:111122223333:t:sub', Sns: snsNotification(u.value, { account: '111122223333', region: 'us-east-1' }, `${source}-n${i}`) }));
      return [{ source: `${source}-sns.json`, text: JSON.stringify({ Records: records }), outcomes: expectations }];
    }
  }
}

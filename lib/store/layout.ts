import { ParseError } from '../errors.ts';
import { ATTESTATION_SCHEMA, EXCEPTION_SCHEMA, REVOCATION_SCHEMA, RUN_SCHEMA, type LedgerDocument } from '../evidence/ledger-types.ts';

/**
 * The key layout of an evidence store, in one place (/work/coord/store-v2.md, DESIGN.md):
 *
 *   records/v2/YYYY/MM/DD/HH/<check-id>/<account>/<region>/<root>-<count>-<sha256>.jsonl   written now
 *   records/v1/YYYY/MM/DD/HH/<check-id>/<record-id>.json                                   still read
 *   <area>/v2/YYYY/MM/DD/HH/<root>-<count>-<sha256>.jsonl   area: exceptions, runs, attestations (the audit workflow's documents)
 *   attachments/sha256/<sha256>                                                           a file an attestation names, by its SHA-256
 *   seals/v3/...  seals/v2/YYYY/MM/DD/<seq, 8 digits>.json   seals/v1/...                  one seq across all three
 *   <seal key>.tsr                                                                        its RFC 3161 time-stamp response
 *   keys/sha256-<hex>.pem                                                                 a public key by fingerprint
 *
 * HH is the UTC hour an object was WRITTEN, so the sealer lists one bounded prefix per hour and a
 * late delivery still lands in an hour the next seal lists. A v2 object is one signed batch (JSON
 * Lines, one record per line); its name carries what the sealer needs (the batch's Merkle root,
 * its record count and the SHA-256 of its bytes), so sealing an hour takes LIST requests only.
 * The check, account and region segments let Athena and the S3 console prune, and spread writes
 * over many prefixes (S3 scales request rates per prefix).
 *
 * Key files write the fingerprint `sha256:<hex>` as `sha256-<hex>`: a colon is not allowed in
 * Windows file names and must be escaped in URLs, and an auditor copies this bucket to a laptop.
 */

export type LayoutVersion = 'v1' | 'v2';
/** Seals have a third version: seal v3 lists the objects of every signed area, not only records/. */
export type SealVersion = LayoutVersion | 'v3';
export const RECORDS_V1_PREFIX = 'records/v1/';
export const RECORDS_V2_PREFIX = 'records/v2/';
/** Every record prefix a reader of this version accepts, oldest first (v1 keys sort before v2 keys). */
export const RECORD_PREFIXES = [RECORDS_V1_PREFIX, RECORDS_V2_PREFIX] as const;
/** Every seal of any version is under it. */
export const SEALS_PREFIX = 'seals/';
const SEALS_V1_PREFIX = 'seals/v1/';
const SEALS_V2_PREFIX = 'seals/v2/';
/** Every seal prefix a reader accepts; one chain, one seq, across them. */
export const SEAL_PREFIXES = [SEALS_V1_PREFIX, SEALS_V2_PREFIX, 'seals/v3/'] as const;
/**
 * The ledger areas (the audit workflow's signed documents, lib/evidence/ledger-types.ts) and their
 * prefixes, written out: the IAM simulation (test/deploy) reads which areas code writes from these
 * literals. Revocations live beside the exceptions they end.
 */
export const ATTESTATIONS_PREFIX = 'attestations/v2/';
const EXCEPTIONS_PREFIX = 'exceptions/v2/';
export const RUNS_PREFIX = 'runs/v2/';
export const LEDGER_PREFIX = { attestations: ATTESTATIONS_PREFIX, exceptions: EXCEPTIONS_PREFIX, runs: RUNS_PREFIX } as const;
export type LedgerArea = keyof typeof LEDGER_PREFIX;
const LEDGER_AREAS = Object.keys(LEDGER_PREFIX) as LedgerArea[];
export const LEDGER_PREFIXES: readonly string[] = Object.values(LEDGER_PREFIX);
/** The area each kind of ledger document is stored under (one kind per object). */
export const AREA_OF_SCHEMA: Readonly<Record<LedgerDocument['schema'], LedgerArea>> = {
  [ATTESTATION_SCHEMA]: 'attestations',
  [EXCEPTION_SCHEMA]: 'exceptions',
  [REVOCATION_SCHEMA]: 'exceptions',
  [RUN_SCHEMA]: 'runs',
};
/** Every prefix holding signed objects a seal lists, in key order: what the sealer and the verifier walk. */
export const SIGNED_PREFIXES: readonly string[] = [...LEDGER_PREFIXES, ...RECORD_PREFIXES].sort();
export const ATTACHMENTS_PREFIX = 'attachments/sha256/';
export const KEYS_PREFIX = 'keys/';

const CHECK = '[a-z0-9]+(?:-[a-z0-9]+)+';
const CHECK_ID = new RegExp(`^${CHECK}$`);
const RECORD_ID = /^[0-9a-f]{32}$/;
const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const HEX64 = /^[0-9a-f]{64}$/;
const FINGERPRINT = /^sha256:([0-9a-f]{64})$/;
const HOUR_PATH = '(\\d{4})/(\\d{2})/(\\d{2})/(\\d{2})';
const RECORD_KEY = new RegExp(`^records/v1/${HOUR_PATH}/(${CHECK})/([0-9a-f]{32})\\.json$`);
const OBJECT_KEY = new RegExp(`^records/v2/${HOUR_PATH}/(${CHECK})/(\\d{12})/([a-z0-9]+(?:-[a-z0-9]+)*)/([0-9a-f]{64})-([1-9]\\d{0,8})-([0-9a-f]{64})\\.jsonl$`);
const LEDGER_KEY = new RegExp(`^(${LEDGER_AREAS.join('|')})/v2/${HOUR_PATH}/([0-9a-f]{64})-([1-9]\\d{0,8})-([0-9a-f]{64})\\.jsonl$`);
const ATTACHMENT_KEY = /^attachments\/sha256\/([0-9a-f]{64})$/;
const SEAL_KEY = /^seals\/(v[123])\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{8,})\.json$/;
const TOKEN_SUFFIX = '.tsr';
const KEY_KEY = /^keys\/sha256-([0-9a-f]{64})\.pem$/;
const ADDRESS = /^(records\/v2\/.+\.jsonl)#([1-9]\d*)$/;

/** A record object holds at most this many lines: what the name's count may say. */
const MAX_OBJECT_RECORDS = 999_999_999;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function datePath(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new ParseError('date', 'INVALID_TIME');
  return `${date.getUTCFullYear()}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}`;
}

/** The start of the hour a key's `YYYY/MM/DD/HH` names, or undefined for an impossible date (2026/02/31 is not March 3). */
function hourOf(y: string, mo: string, d: string, h: string): Date | undefined {
  const hour = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h)));
  return `${datePath(hour)}/${pad(hour.getUTCHours())}` === `${y}/${mo}/${d}/${h}` ? hour : undefined;
}

/**
 * `records/<version>/YYYY/MM/DD/HH/`: everything of that layout version written in the UTC hour
 * of `date` (what a seal lists).
 */
export function recordHourPrefix(version: LayoutVersion, date: Date): string {
  return `records/${version}/${datePath(date)}/${pad(date.getUTCHours())}/`;
}

/**
 * Where a v1 record went: under the UTC hour it was written. trailproof no longer writes v1; this
 * stays for readers, tests and tools that build v1 stores.
 *
 * @throws ParseError when the check id or record id could escape the layout.
 * @example recordKey(record, new Date()) // 'records/v1/2026/05/01/13/iam-root-mfa/0f3c...e1.json'
 */
export function recordKey(record: { id: string; check: { id: string } }, writtenAt: Date): string {
  if (!CHECK_ID.test(record.check.id)) throw new ParseError('check.id', 'INVALID_VALUE', `not a check id: ${record.check.id}`);
  if (!RECORD_ID.test(record.id)) throw new ParseError('id', 'INVALID_VALUE', `not a record id (32 hex characters): ${record.id}`);
  return `${recordHourPrefix('v1', writtenAt)}${record.check.id}/${record.id}.json`;
}

/** What a v1 record key says: the start of the hour it was written in, the check and the record id. */
export interface RecordKeyParts {
  hour: Date;
  checkId: string;
  recordId: string;
}

/** Reads a v1 record key back; undefined when the key does not follow the layout. */
export function parseRecordKey(key: string): RecordKeyParts | undefined {
  const m = RECORD_KEY.exec(key);
  if (!m) return undefined;
  const [, y, mo, d, h, checkId, recordId] = m as unknown as [string, string, string, string, string, string, string];
  const hour = hourOf(y, mo, d, h);
  return hour && { hour, checkId, recordId };
}

/** What a v2 record object's key says; everything the sealer lists about the object. */
export interface RecordObjectFields {
  checkId: string;
  account: string;
  region: string;
  /** The batch's Merkle root (hex): every line's integrity.batch.root. */
  root: string;
  /** Lines in the object = the batch's treeSize. */
  count: number;
  /** SHA-256 (hex) of the object's exact bytes. */
  sha256: string;
}

export interface RecordObjectKeyParts extends RecordObjectFields {
  /** Start of the UTC hour the object was written in. */
  hour: Date;
}

/**
 * Where a v2 record object goes: under the UTC hour it is written (not observed), its check,
 * account and region, named by root, count and SHA-256 of its bytes.
 *
 * @throws ParseError when a field could escape the layout or the count is not 1..999,999,999.
 * @example recordObjectKey({ checkId: 'iam-root-mfa', account: '111122223333', region: 'us-east-1', root, count: 3, sha256 }, new Date())
 * // 'records/v2/2026/05/01/13/iam-root-mfa/111122223333/us-east-1/<root>-3-<sha256>.jsonl'
 */
export function recordObjectKey(fields: RecordObjectFields, writtenAt: Date): string {
  const { checkId, account, region, root, count, sha256 } = fields;
  if (!CHECK_ID.test(checkId)) throw new ParseError('check.id', 'INVALID_VALUE', `not a check id: ${checkId}`);
  if (!ACCOUNT.test(account)) throw new ParseError('account', 'INVALID_ACCOUNT', account);
  if (!REGION.test(region)) throw new ParseError('region', 'INVALID_VALUE', `not a region: ${region}`);
  if (!HEX64.test(root)) throw new ParseError('root', 'INVALID_VALUE', 'not 64 hex characters');
  if (!HEX64.test(sha256)) throw new ParseError('sha256', 'INVALID_VALUE', 'not 64 hex characters');
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_OBJECT_RECORDS) throw new ParseError('count', 'INVALID_VALUE', `not a record count: ${count}`);
  return `${recordHourPrefix('v2', writtenAt)}${checkId}/${account}/${region}/${root}-${count}-${sha256}.jsonl`;
}

/** Reads a v2 record object key back; undefined when the key does not follow the layout. */
export function parseRecordObjectKey(key: string): RecordObjectKeyParts | undefined {
  const m = OBJECT_KEY.exec(key);
  if (!m) return undefined;
  const [, y, mo, d, h, checkId, account, region, root, count, sha256] = m as unknown as string[];
  const hour = hourOf(y!, mo!, d!, h!);
  return hour && { hour, checkId: checkId!, account: account!, region: region!, root: root!, count: Number(count), sha256: sha256! };
}

/** The write hour of any signed key, v1 record, v2 record object or ledger object; undefined outside the layout. */
export function writeHourOf(key: string): Date | undefined {
  return (parseRecordKey(key) ?? parseRecordObjectKey(key) ?? parseLedgerObjectKey(key))?.hour;
}

/** The hour prefix of any signed prefix (`records/v1/`, `records/v2/`, `exceptions/v2/`, ...) for the UTC hour of `date`. */
export function signedHourPrefix(prefix: string, date: Date): string {
  return `${prefix}${datePath(date)}/${pad(date.getUTCHours())}/`;
}

/** The day prefix of any signed prefix for the UTC day of `date`: one day of writes. */
export function signedDayPrefix(prefix: string, date: Date): string {
  return `${prefix}${datePath(date)}/`;
}

/** What a ledger object's key says: its area, write hour, and the batch's root, count and SHA-256 of the bytes. */
export interface LedgerObjectKeyParts {
  area: LedgerArea;
  hour: Date;
  root: string;
  count: number;
  sha256: string;
}

/**
 * Where a signed batch of ledger documents goes: `<area>/v2/YYYY/MM/DD/HH/<root>-<count>-<sha256>.jsonl`,
 * under the UTC hour it is written, named like a record object (no check, account or region:
 * these areas are small, and one object may hold documents of several accounts).
 *
 * @throws ParseError when a field could escape the layout.
 * @example ledgerObjectKey('exceptions', { root, count: 1, sha256 }, new Date()) // 'exceptions/v2/2026/11/30/09/<root>-1-<sha256>.jsonl'
 */
export function ledgerObjectKey(area: LedgerArea, fields: { root: string; count: number; sha256: string }, writtenAt: Date): string {
  const { root, count, sha256 } = fields;
  if (!LEDGER_AREAS.includes(area)) throw new ParseError('area', 'INVALID_VALUE', `not a ledger area: ${area}`);
  if (!HEX64.test(root)) throw new ParseError('root', 'INVALID_VALUE', 'not 64 hex characters');
  if (!HEX64.test(sha256)) throw new ParseError('sha256', 'INVALID_VALUE', 'not 64 hex characters');
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_OBJECT_RECORDS) throw new ParseError('count', 'INVALID_VALUE', `not a document count: ${count}`);
  return `${signedHourPrefix(LEDGER_PREFIX[area], writtenAt)}${root}-${count}-${sha256}.jsonl`;
}

/**
 * `key`, after checking it lies under `prefix`: a store call written `put(keyUnder(RUNS_PREFIX, key), ...)`
 * states which area it writes (the IAM simulation reads it), and cannot write elsewhere.
 *
 * @throws ParseError when the key is not under the prefix.
 */
export function keyUnder(prefix: string, key: string): string {
  if (!key.startsWith(prefix)) throw new ParseError('key', 'INVALID_VALUE', `${key} is not under ${prefix}`);
  return key;
}

/** Reads a ledger object key back; undefined when the key does not follow the layout. */
export function parseLedgerObjectKey(key: string): LedgerObjectKeyParts | undefined {
  const m = LEDGER_KEY.exec(key);
  if (!m) return undefined;
  const [, area, y, mo, d, h, root, count, sha256] = m as unknown as string[];
  const hour = hourOf(y!, mo!, d!, h!);
  return hour && { area: area as LedgerArea, hour, root: root!, count: Number(count), sha256: sha256! };
}

/**
 * Where a file an attestation names is stored: by the SHA-256 of its bytes, so the same file is
 * stored once and its name proves its content.
 *
 * @throws ParseError when `sha256` is not 64 hex characters.
 */
export function attachmentKey(sha256: string): string {
  if (!HEX64.test(sha256)) throw new ParseError('sha256', 'INVALID_VALUE', 'not 64 hex characters');
  return `${ATTACHMENTS_PREFIX}${sha256}`;
}

/** The SHA-256 an attachment key names; undefined for other keys. */
export function parseAttachmentKey(key: string): string | undefined {
  return ATTACHMENT_KEY.exec(key)?.[1];
}

/**
 * The address of one record: its v1 key, or `<v2 object key>#<line>` (1-based, the line
 * `sed -n <line>p` prints). What list, show, reports and verify failures name.
 */
export function recordAddress(objectKey: string, line: number): string {
  return `${objectKey}#${line}`;
}

/** An address back to its object key and line; undefined when it is not a v2 address. */
export function parseRecordAddress(address: string): { key: string; line: number } | undefined {
  const m = ADDRESS.exec(address);
  return m ? { key: m[1]!, line: Number(m[2]) } : undefined;
}

/**
 * Where seal number `seq` goes, under the UTC day of `date`; new seals are v2.
 *
 * @example sealKey(new Date('2026-05-01T14:00:00Z'), 42) // 'seals/v2/2026/05/01/00000042.json'
 */
export function sealKey(date: Date, seq: number, version: SealVersion = 'v2'): string {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new ParseError('seq', 'INVALID_VALUE', `not a seal sequence number: ${seq}`);
  return `seals/${version}/${datePath(date)}/${pad(seq, 8)}.json`;
}

/** Reads a seal key of either version back; undefined when the key does not follow the layout. */
export function parseSealKey(key: string): { version: SealVersion; day: Date; seq: number } | undefined {
  const m = SEAL_KEY.exec(key);
  if (!m) return undefined;
  const [, version, y, mo, d, seq] = m as unknown as [string, SealVersion, string, string, string, string];
  return { version, day: new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d))), seq: Number(seq) };
}

/**
 * Where a seal's RFC 3161 time-stamp response (DER) is stored: beside the seal, its key plus
 * `.tsr`, so `openssl ts -verify -data <seal> -in <seal>.tsr` works on a copied folder as it is.
 * A separate object: the seal's own bytes never change to hold it.
 *
 * @example timestampKey('seals/v2/2026/05/01/00000042.json') // 'seals/v2/2026/05/01/00000042.json.tsr'
 */
export function timestampKey(sealKey: string): string {
  // A token lives beside its seal and nowhere else: the sealer may only write under seals/.
  if (!sealKey.startsWith(SEALS_PREFIX)) throw new RangeError(`${sealKey} is not a seal key`);
  return `${sealKey}${TOKEN_SUFFIX}`;
}

/** The seal key a time-stamp response's key belongs to; undefined when the key is not `<seal key>.tsr`. */
export function parseTimestampKey(key: string): string | undefined {
  if (!key.endsWith(TOKEN_SUFFIX)) return undefined;
  const sealKey = key.slice(0, -TOKEN_SUFFIX.length);
  return parseSealKey(sealKey) ? sealKey : undefined;
}

/**
 * Where a public key is published: `keys/sha256-<hex>.pem` for fingerprint `sha256:<hex>`.
 *
 * @throws ParseError when the fingerprint is not `sha256:` + 64 hex characters.
 */
export function publicKeyKey(fingerprint: string): string {
  const m = FINGERPRINT.exec(fingerprint);
  if (!m) throw new ParseError('keyId', 'INVALID_VALUE', `not a key fingerprint (sha256:<64 hex>): ${fingerprint}`);
  return `${KEYS_PREFIX}sha256-${m[1]}.pem`;
}

/** The fingerprint (`sha256:<hex>`) a key file's name claims; undefined for other keys. */
export function parsePublicKeyKey(key: string): string | undefined {
  const m = KEY_KEY.exec(key);
  return m ? `sha256:${m[1]}` : undefined;
}

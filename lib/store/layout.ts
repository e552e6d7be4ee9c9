import { ParseError } from '../errors.ts';

/**
 * The key layout of an evidence store (DESIGN.md "Suggested key layout"), in one place:
 *
 *   records/v1/YYYY/MM/DD/HH/<check-id>/<record-id>.json   HH = the UTC hour the record was WRITTEN
 *   seals/v1/YYYY/MM/DD/<seq, 8 digits>.json               seq zero-padded so listing order is seal order
 *   keys/sha256-<hex>.pem                                   a public key, named by its fingerprint
 *
 * Key files write the fingerprint `sha256:<hex>` as `sha256-<hex>`: a colon is not allowed in
 * Windows file names and must be escaped in URLs, and an auditor copies this bucket to a laptop.
 */

export const RECORDS_PREFIX = 'records/v1/';
export const SEALS_PREFIX = 'seals/v1/';
export const KEYS_PREFIX = 'keys/';

const CHECK_ID = /^[a-z0-9]+(-[a-z0-9]+)+$/;
const RECORD_ID = /^[0-9a-f]{32}$/;
const FINGERPRINT = /^sha256:([0-9a-f]{64})$/;
const RECORD_KEY = /^records\/v1\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})\/([a-z0-9]+(?:-[a-z0-9]+)+)\/([0-9a-f]{32})\.json$/;
const SEAL_KEY = /^seals\/v1\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{8,})\.json$/;
const KEY_KEY = /^keys\/sha256-([0-9a-f]{64})\.pem$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function datePath(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new ParseError('date', 'INVALID_TIME');
  return `${date.getUTCFullYear()}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}`;
}

/** `records/v1/YYYY/MM/DD/HH/`: every record written in the UTC hour of `date` (what a seal lists). */
export function recordHourPrefix(date: Date): string {
  return `${RECORDS_PREFIX}${datePath(date)}/${pad(date.getUTCHours())}/`;
}

/**
 * Where a record goes: under the UTC hour it is written (not observed), so a late delivery or a
 * retry days later still lands in an hour the next seal lists.
 *
 * @throws ParseError when the check id or record id could escape the layout.
 * @example recordKey(record, new Date()) // 'records/v1/2026/05/01/13/iam-root-mfa/0f3c...e1.json'
 */
export function recordKey(record: { id: string; check: { id: string } }, writtenAt: Date): string {
  if (!CHECK_ID.test(record.check.id)) throw new ParseError('check.id', 'INVALID_VALUE', `not a check id: ${record.check.id}`);
  if (!RECORD_ID.test(record.id)) throw new ParseError('id', 'INVALID_VALUE', `not a record id (32 hex characters): ${record.id}`);
  return `${recordHourPrefix(writtenAt)}${record.check.id}/${record.id}.json`;
}

/** What a record key says: the start of the hour it was written in, the check and the record id. */
export interface RecordKeyParts {
  hour: Date;
  checkId: string;
  recordId: string;
}

/** Reads a record key back; undefined when the key does not follow the layout. */
export function parseRecordKey(key: string): RecordKeyParts | undefined {
  const m = RECORD_KEY.exec(key);
  if (!m) return undefined;
  const [, y, mo, d, h, checkId, recordId] = m as unknown as [string, string, string, string, string, string, string];
  const hour = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h)));
  // Date.UTC rolls 2026/02/31 over into March: such a key is not ours.
  if (recordHourPrefix(hour) !== key.slice(0, RECORDS_PREFIX.length + 14)) return undefined;
  return { hour, checkId, recordId };
}

/**
 * Where seal number `seq` goes, under the UTC day of `date`.
 *
 * @example sealKey(new Date('2026-05-01T14:00:00Z'), 42) // 'seals/v1/2026/05/01/00000042.json'
 */
export function sealKey(date: Date, seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new ParseError('seq', 'INVALID_VALUE', `not a seal sequence number: ${seq}`);
  return `${SEALS_PREFIX}${datePath(date)}/${pad(seq, 8)}.json`;
}

/** Reads a seal key back; undefined when the key does not follow the layout. */
export function parseSealKey(key: string): { day: Date; seq: number } | undefined {
  const m = SEAL_KEY.exec(key);
  if (!m) return undefined;
  const [, y, mo, d, seq] = m as unknown as [string, string, string, string, string];
  return { day: new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d))), seq: Number(seq) };
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

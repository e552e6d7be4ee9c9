/**
 * Every way evidence can fail verification, written once: a stable code and the sentence made
 * from it. The codes are a public contract (`trailproof verify --json` prints them next to the
 * text, scripts and dashboards match on them); the sentences may be reworded at any time, so no
 * code path decides anything by a sentence. A code is never reused for another meaning.
 */
const TEMPLATES = {
  // One signed document (a record, a seal) on its own: lib/evidence/verify-record.ts.
  SCHEMA_INVALID: (p: { error: string }) => `schema: ${p.error}`,
  LEAF_HASH_MISMATCH: (p: { document: 'record' | 'seal' }) => `leaf hash mismatch: ${p.document} content changed`,
  LEAF_INDEX_OUT_OF_RANGE: (p: { leafIndex: number; treeSize: number }) =>
    `audit path does not lead to root: leaf index ${p.leafIndex} is outside a batch of ${p.treeSize}`,
  AUDIT_PATH_INVALID: () => 'audit path does not lead to root: the record is not part of the batch it names',
  KEY_NOT_PINNED: (p: { keyId: string }) => `key ${p.keyId} is not pinned: signatures by keys you did not pin are not trusted`,
  SIGNATURE_INVALID: (p: { keyId: string }) => `signature invalid: the batch statement was not signed by ${p.keyId}`,
  // Signing refused before anything was written: lib/evidence/batch.ts.
  SIGNER_SELF_CHECK_FAILED: (p: { keyId: string }) => `signer ${p.keyId} returned a signature its own public key does not verify; nothing was signed`,

  // A stored object and its key: lib/verify/.
  OBJECT_UNREADABLE: () => 'listed but could not be read',
  JSON_INVALID: (p: { error: string }) => `not valid JSON: ${p.error}`,
  KEY_LAYOUT_INVALID: (p: { layout: string }) => `key does not follow ${p.layout}`,
  KEY_CHECK_MISMATCH: (p: { keyCheckId: string; recordCheckId: string }) => `key names check ${p.keyCheckId} but the record is for ${p.recordCheckId}`,
  KEY_RECORD_ID_MISMATCH: (p: { keyRecordId: string; recordId: string }) => `key names record ${p.keyRecordId} but the record's id is ${p.recordId}`,
  KEY_HOUR_BACKDATED: (p: { hour: string; collectedAt: string }) =>
    `key hour ${p.hour} is before the record was collected (${p.collectedAt}): the key is back-dated`,
  KEY_ACCOUNT_MISMATCH: (p: { keyAccount: string; recordAccount: string }) => `key names account ${p.keyAccount} but the record is of ${p.recordAccount}`,
  KEY_REGION_MISMATCH: (p: { keyRegion: string; recordRegion: string }) => `key names region ${p.keyRegion} but the record is of ${p.recordRegion}`,
  KEY_VERSION_MISMATCH: (p: { keyVersion: string; schema: string }) => `key is under ${p.keyVersion}/ but the document is ${p.schema}`,
  // The strict reader: lib/evidence/strict-json.ts, lib/verify/read-object.ts.
  JSON_DUPLICATE_KEY: (p: { path: string }) =>
    `member ${p.path} occurs twice: readers disagree on which value counts (JSON.parse keeps the last), so a duplicate can hide or forge a signed value`,
  OBJECT_READ_FAILED: (p: { error: string }) => `could not be read: ${p.error}`,
  OBJECT_NOT_REGULAR_FILE: (p: { kind: string }) => `is a ${p.kind}, not a regular file: never followed or read (evidence is plain files)`,
  OBJECT_UNVERIFIABLE: (p: { error: string }) => `could not be verified: ${p.error}`,
  // Dates against the verifier's clock and the key's hour: lib/verify/dates.ts.
  DATE_IN_FUTURE: (p: { field: string; value: string; now: string; skew: string }) =>
    `${p.field} ${p.value} is later than this verifier's clock (${p.now}) plus the allowed skew of ${p.skew}: a date from the future`,
  KEY_HOUR_IN_FUTURE: (p: { hour: string; now: string }) => `key's write hour ${p.hour} has not begun (verifier's clock ${p.now}): written under a future hour`,
  SIGNED_OUTSIDE_KEY_HOUR: (p: { signedAt: string; hour: string }) =>
    `signed at ${p.signedAt}, outside the write hour ${p.hour} its key names: the object was moved to another hour`,

  // A records/v2 object (one signed batch, JSON Lines) against its name: lib/verify/check-object.ts.
  OBJECT_SHA256_MISMATCH: (p: { sha256: string; named: string }) => `its bytes hash to SHA-256 ${p.sha256}, not the ${p.named} its name says: the object was changed`,
  OBJECT_COUNT_MISMATCH: (p: { lines: number; named: number }) => `holds ${p.lines} line(s), not the ${p.named} its name says: lines were added or removed`,
  OBJECT_ROOT_MISMATCH: (p: { root: string; named: string }) => `its lines make the Merkle root ${p.root}, not the ${p.named} its name says: lines were changed, reordered, added or removed`,
  OBJECT_LINES_INVALID: (p: { problem: string }) => `not JSON Lines as trailproof writes them: ${p.problem}`,
  OBJECT_LINE_NOT_CANONICAL: () => 'the line is not its record as trailproof writes it (JSON.stringify, no spaces, no escapes it would not write): its bytes were rewritten',
  OBJECT_LINE_BATCH_MISMATCH: (p: { field: string; value: string; expected: string }) =>
    `integrity.batch.${p.field} is ${p.value}, but ${p.expected} for this line of this object: the line comes from another batch or place`,
  KEY_FILE_MISMATCH: (p: { actual: string; named: string }) => `holds key ${p.actual}, not the ${p.named} its name says`,
  KEY_FILE_INVALID: () => 'is not a PEM public key',
  KEY_FILE_NOT_CANONICAL: () => 'holds more than one PEM public key block, or text around it: a key file is exactly one public key',
  KEY_FILE_NOT_PINNED: (p: { keyId: string }) => `publishes key ${p.keyId}, which is not pinned: nothing it signed is trusted, and it was not expected here`,

  // Files attestations name, stored by SHA-256 under attachments/sha256/: lib/verify/attachments.ts.
  ATTACHMENT_MISSING: (p: { key: string }) => `names attachment ${p.key}, which is not in the store: the file it attests with is missing or was deleted`,
  ATTACHMENT_CHANGED: (p: { key: string; sha256: string }) => `names attachment ${p.key}, whose bytes hash to ${p.sha256}: the file was changed after it was attested`,
  ATTACHMENT_SIZE_MISMATCH: (p: { key: string; bytes: number; named: number }) => `says attachment ${p.key} holds ${p.named} bytes, but it holds ${p.bytes}`,
  ATTACHMENT_UNREFERENCED: () => 'no attestation names this attachment: it was added to the store, or the attestation naming it was removed',

  // Object Lock facts (S3): lib/verify/lock.ts.
  LOCK_FACTS_MISSING: () => 'the store has no facts for this key',
  OVERWRITE_ATTEMPTED: (p: { versions: number }) => `${p.versions} versions of this key exist: an overwrite was attempted`,
  DELETE_MARKER_PRESENT: () => 'a delete marker exists for this key: a deletion was attempted',
  RETENTION_MISSING: () => 'no Object Lock retention on this object',
  LOCK_MODE_MISMATCH: (p: { mode: string; required: string }) => `Object Lock mode ${p.mode}, the policy requires ${p.required}`,
  RETENTION_TOO_SHORT: (p: { retainUntil: string; days: number }) => `retained until ${p.retainUntil}, shorter than the ${p.days}-day policy`,
  RECORD_DELETED: () => 'deleted (delete marker): listings hide this record; a deletion was attempted',

  // The seal chain: lib/verify/check-seal.ts, seal-chain.ts.
  NO_SEALS: () => 'no seals in this store: omissions and late insertions cannot be detected (run trailproof seal)',
  SEALED_AT_MISSING: () => 'sealedAt: is required',
  KEY_SEQ_MISMATCH: (p: { keySeq: number; sealSeq: number }) => `key names seal ${p.keySeq} but the seal says seq ${p.sealSeq}`,
  SEAL_WINDOW_INVALID: (p: { start: string; end: string }) => `window ${p.start} .. ${p.end} is not one whole UTC hour`,
  KEY_DAY_MISMATCH: (p: { start: string }) => `key's day is not the day of its window ${p.start}`,
  SEAL_RECORD_OUTSIDE_WINDOW: (p: { count: number; prefix: string; example: string }) =>
    `lists ${p.count} record(s) outside its window's prefix ${p.prefix}, e.g. ${p.example}`,
  SEAL_RECORDS_UNORDERED: () => 'records are not in strict key order (a duplicate or a reordering)',
  SEAL_OBJECT_OUTSIDE_WINDOW: (p: { count: number; prefix: string; example: string }) =>
    `lists ${p.count} object(s) outside its window's prefix ${p.prefix}, e.g. ${p.example}`,
  SEAL_OBJECTS_UNORDERED: () => 'objects are not in strict key order (a duplicate or a reordering)',
  SEAL_OBJECT_NAME_MISMATCH: (p: { key: string }) => `lists ${p.key} with a SHA-256, root or count other than its name says`,
  SEAL_PART_INVALID: (p: { problem: string }) => `part: ${p.problem}`,
  SEAL_PART_EXPECTED: (p: { key: string; start: string }) =>
    `${p.key} left the window ${p.start} open (its part is not final), but this seal does not continue it: the rest of that hour is unsealed`,
  SEAL_PART_UNEXPECTED: (p: { key: string }) => `continues a part of its window, but ${p.key} did not leave one open`,
  SEAL_PART_AFTER_MISMATCH: (p: { after: string; lastKey: string }) => `lists keys after ${p.after}, but the part before it ended at ${p.lastKey}`,
  SEAL_CHAIN_START_MISSING: (p: { first: number }) => `the chain starts at seal ${p.first}: seals 0..${p.first - 1} are missing`,
  SEAL_DUPLICATE: (p: { seq: number; other: string }) => `seal ${p.seq} is stored twice (also ${p.other})`,
  SEAL_CHAIN_GAP: (p: { from: number; to: number; before: string }) =>
    `gap in the chain: seals ${p.from}..${p.to} are missing between ${p.before} and this seal`,
  SEAL_LINK_MISSING: (p: { seq: number }) => `seal ${p.seq} names no previous seal`,
  SEAL_LINK_UNEXPECTED: () => 'seal 0 names a previous seal',
  SEAL_MISSING: (p: { key: string }) => `previous seal ${p.key} is missing`,
  SEAL_LINK_KEY_MISMATCH: (p: { named: string; seq: number; stored: string }) => `names previous seal ${p.named}, but seal ${p.seq} is stored at ${p.stored}`,
  PREVIOUS_SEAL_HASH_MISMATCH: (p: { key: string }) => `previous seal hash mismatch: ${p.key} was changed after this seal was made`,
  SEAL_WINDOW_GAP: (p: { start: string; previousEnd: string }) =>
    `window starts at ${p.start} but the previous seal ended at ${p.previousEnd}: the hours between are unsealed`,
  SEAL_WINDOW_OVERLAP: (p: { start: string; previousEnd: string }) => `window starts at ${p.start}, inside the previous seal's window (ended ${p.previousEnd})`,
  SEAL_WINDOW_NOT_STARTED: (p: { start: string; sealedAt: string }) => `sealed at ${p.sealedAt}, before its window ${p.start} began`,
  SEAL_CHANGED_DURING_VERIFY: () => 'its bytes changed between two reads by this verification: somebody is writing seals',

  // RFC 3161 time-stamp tokens of seals (`<seal key>.tsr`): lib/timestamp/check-token.ts, lib/verify/seal-timestamps.ts.
  TIMESTAMP_MISSING: (p: { tokenKey: string }) => `no time-stamp token (${p.tokenKey}): this seal's time rests on the sealer's own clock and key alone`,
  TIMESTAMP_MALFORMED: (p: { field: string; problem: string }) => `time-stamp token is not an RFC 3161 response trailproof can check: ${p.field}: ${p.problem}`,
  TIMESTAMP_IMPRINT_MISMATCH: (p: { sealKey: string; imprint: string; sha256: string }) =>
    `time-stamp token stamps ${p.imprint}, not the SHA-256 ${p.sha256} of ${p.sealKey}: the seal or its token was changed`,
  TIMESTAMP_SIGNATURE_INVALID: (p: { reason: string }) => `time-stamp token's signature does not hold: ${p.reason}`,
  TIMESTAMP_UNTRUSTED: (p: { reason: string }) => `time-stamp token is not from a TSA you trust: ${p.reason}`,
  TIMESTAMP_TIME_OUTSIDE_WINDOW: (p: { genTime: string; from: string; to: string; sealKey: string }) =>
    `time-stamped at ${p.genTime}, outside ${p.from} .. ${p.to} (the sealedAt of ${p.sealKey} less the clock skew, plus the timestamp grace): it does not vouch for the seal's time`,
  TIMESTAMP_ORPHANED: (p: { sealKey: string }) => `a time-stamp token for ${p.sealKey}, which this store does not hold: the seal was deleted, or the token slipped in`,

  // Records against the seals: lib/verify/cross-check.ts.
  SEALED_RECORD_CHANGED: (p: { leafHash: string; sealKey: string }) => `changed after sealing: its leaf hash is not the ${p.leafHash} that ${p.sealKey} lists`,
  RECORD_NOT_IN_SEAL: (p: { sealKey: string; hour: string }) =>
    `late/unsealed record: ${p.sealKey} sealed the hour ${p.hour} without it (written after the seal, or slipped in)`,
  HOUR_NOT_SEALED: (p: { hour: string; sealedUpTo: string }) => `unsealed record: no seal covers the hour ${p.hour}, though seals run up to ${p.sealedUpTo}`,
  SEAL_OVERDUE: (p: { hour: string; grace: string; now: string }) =>
    `unsealed record: no seal covers the hour ${p.hour}, which closed more than ${p.grace} (the seal grace) before ${p.now}: its seal is missing or was deleted`,
  SIGNED_AFTER_SEAL: (p: { signedAt: string; sealedAt: string; sealKey: string }) =>
    `signed at ${p.signedAt}, after ${p.sealKey} (sealed ${p.sealedAt}) listed it: it cannot be what was sealed`,
  SEALED_RECORD_MISSING: (p: { sealKey: string }) => `sealed in ${p.sealKey} but missing from the store`,
  SEALED_RECORD_DELETED: (p: { sealKey: string }) => `sealed in ${p.sealKey} but deleted (delete marker)`,
  SEALED_OBJECT_CHANGED: (p: { sha256: string; sealKey: string }) => `changed after sealing: its bytes are not the SHA-256 ${p.sha256} that ${p.sealKey} lists`,
  SEALED_OBJECT_MISSING: (p: { sealKey: string }) => `sealed in ${p.sealKey} but missing from the store`,
  SEALED_OBJECT_DELETED: (p: { sealKey: string }) => `sealed in ${p.sealKey} but deleted (delete marker)`,
  // A warning, not a failure: the next seal will cover these hours.
  RECORDS_NOT_YET_SEALED: (p: { prefix: string; count: number; newestEnd?: string }) =>
    `${p.prefix}: ${p.count} record(s) or object(s) not yet sealed (written${p.newestEnd ? `, after the newest seal's window ended ${p.newestEnd}` : ''})`,

  // Warnings, never failures: the same record id stored twice, each copy signed: lib/verify/tally.ts.
  RECORD_RETRIED: (p: { key: string; count: number; firstKey: string }) =>
    `${p.count} record(s) in ${p.key} were already stored in ${p.firstKey} with the same result: a retried write, counted once`,
  RECORD_RETRIED_RESULT_DIFFERS: (p: { key: string; count: number; firstKey: string }) =>
    `${p.count} record(s) in ${p.key} were already stored in ${p.firstKey} with another result: the same trigger judged again (a rerun), counted once`,

  // An audit package's manifest.json: lib/seal/manifest.ts.
  MANIFEST_INVALID: (p: { error: string }) => `not a manifest: ${p.error}`,
  PACKAGE_FILE_MISSING: () => 'listed in the manifest but missing',
  PACKAGE_FILE_CHANGED: (p: { sha256: string; bytes: number; listedSha256: string; listedBytes: number }) =>
    `sha256 ${p.sha256} (${p.bytes} bytes) is not the ${p.listedSha256} (${p.listedBytes} bytes) the manifest lists: changed after export`,
  PACKAGE_FILE_UNLISTED: () => 'not in the manifest: added after export',

  // A report entry nobody verified: lib/report.
  NOT_VERIFIED: () => 'not verified',
} satisfies Record<string, (params: never) => string>;

/** A stable, UPPER_SNAKE name of one way verification fails, e.g. `LEAF_HASH_MISMATCH`. */
export type VerificationCode = keyof typeof TEMPLATES;

/** One verification failure (or warning): its code and the sentence made from it. */
export interface VerificationProblem {
  code: VerificationCode;
  message: string;
}

/**
 * The problem of a code, its sentence made from the code's template and `params`.
 *
 * @example verificationProblem('KEY_NOT_PINNED', { keyId }) // { code: 'KEY_NOT_PINNED', message: 'key sha256:... is not pinned: ...' }
 */
export function verificationProblem<C extends VerificationCode>(code: C, ...params: Parameters<(typeof TEMPLATES)[C]>): VerificationProblem {
  const template = TEMPLATES[code] as (...args: unknown[]) => string;
  return { code, message: template(...params) };
}

/** Problems as one line of text for people, each sentence followed by its code. */
export function formatProblems(problems: readonly VerificationProblem[]): string {
  return problems.map((p) => `${p.message} [${p.code}]`).join('; ');
}

/** Does any problem carry this code? The way to ask what went wrong: never by the sentence. */
export function hasProblem(problems: readonly VerificationProblem[], code: VerificationCode): boolean {
  return problems.some((p) => p.code === code);
}

import Ajv2020 from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { CheckMetadata } from '../model/check.ts';
import { SchemaError } from '../errors.ts';
import { metadataRuleErrors } from '../model/metadata-rules.ts';
import type { BatchStatement, EvidenceRecord, UnsignedRecord } from './types.ts';
import recordSchema from '../../evidence-schemas/evidence-record.v1.schema.json' with { type: 'json' };
import recordV2Schema from '../../evidence-schemas/evidence-record.v2.schema.json' with { type: 'json' };
import statementSchema from '../../evidence-schemas/batch-statement.v1.schema.json' with { type: 'json' };
import metadataSchema from '../../evidence-schemas/check-metadata.v1.schema.json' with { type: 'json' };
import responsesSchema from '../../evidence-schemas/recorded-responses.v1.schema.json' with { type: 'json' };
import sealSchema from '../../evidence-schemas/seal.v1.schema.json' with { type: 'json' };
import sealV2Schema from '../../evidence-schemas/seal.v2.schema.json' with { type: 'json' };
import sealV3Schema from '../../evidence-schemas/seal.v3.schema.json' with { type: 'json' };
import exceptionSchema from '../../evidence-schemas/exception.v1.schema.json' with { type: 'json' };
import revocationSchema from '../../evidence-schemas/exception-revocation.v1.schema.json' with { type: 'json' };
import runSchema from '../../evidence-schemas/run.v1.schema.json' with { type: 'json' };
import attestationSchema from '../../evidence-schemas/attestation.v1.schema.json' with { type: 'json' };
import type { LedgerDocument, UnsignedLedgerDocument } from './ledger-types.ts';
import { joinPath } from '../util/json-path.ts';
import { CHECK_CONSTANT_MEMBERS, rememberingFormat, ValidatedMembers } from './validation-memo.ts';

/** The `$id`s of the schemas in evidence-schemas/, for SchemaError.schema and cross references. */
export const SCHEMA_IDS = {
  record: recordSchema.$id,
  recordV2: recordV2Schema.$id,
  unsignedRecord: 'https://trailproof.dev/schemas/evidence-record-unsigned.v1.json',
  unsignedRecordV2: 'https://trailproof.dev/schemas/evidence-record-unsigned.v2.json',
  batchStatement: statementSchema.$id,
  metadata: metadataSchema.$id,
  recordedResponses: responsesSchema.$id,
  seal: sealSchema.$id,
  sealV2: sealV2Schema.$id,
  sealV3: sealV3Schema.$id,
  exception: exceptionSchema.$id,
  revocation: revocationSchema.$id,
  run: runSchema.$id,
  attestation: attestationSchema.$id,
  unsignedException: 'https://trailproof.dev/schemas/exception-unsigned.v1.json',
  unsignedRevocation: 'https://trailproof.dev/schemas/exception-revocation-unsigned.v1.json',
  unsignedRun: 'https://trailproof.dev/schemas/run-unsigned.v1.json',
  unsignedAttestation: 'https://trailproof.dev/schemas/attestation-unsigned.v1.json',
} as const;

/** A recorded-responses file (DESIGN.md "Local mode"). */
export interface RecordedResponses {
  account: string;
  region: string;
  responses: Array<{
    service: string;
    operation: string;
    input?: Record<string, unknown>;
    output?: Record<string, unknown>;
    error?: { name: string; message?: string; httpStatusCode?: number };
  }>;
}

/** An hourly seal (evidence-schemas/seal.v1.schema.json); built and chained by lib/seal. */
export interface Seal {
  schema: 'trailproof/seal/v1';
  seq: number;
  window: { start: string; end: string };
  records: Array<{ key: string; leafHash: string }>;
  previous: { key: string; hash: string } | null;
  integrity: EvidenceRecord['integrity'];
}

/** One records/v2 object as a seal v2 lists it: what its name says, which the verifier recomputes from its bytes. */
export interface SealedObject {
  key: string;
  sha256: string;
  root: string;
  count: number;
}

/** Which part of its window a seal v2 lists (evidence-schemas/seal.v2.schema.json `part`). */
export interface SealPart {
  index: number;
  /** The last key the part before listed; null for part 0. */
  after: string | null;
  /** Nothing of the window comes after this part. */
  final: boolean;
}

/** An hourly seal v2 (evidence-schemas/seal.v2.schema.json): objects and v1 records of a window, or of one part of it. */
export interface SealV2 {
  schema: 'trailproof/seal/v2' | 'trailproof/seal/v3';
  seq: number;
  window: { start: string; end: string };
  part: SealPart;
  records: Array<{ key: string; leafHash: string }>;
  objects: SealedObject[];
  previous: { key: string; hash: string } | null;
  sealedAt: string;
  integrity: EvidenceRecord['integrity'];
}

type SchemaName = keyof typeof SCHEMA_IDS;
/**
 * evidence-record.v1 with its leaf hash, batch root and audit path's entries typed but not
 * matched: for a verifier that vouches for them itself (validateRecordVouchingPaths). Never a
 * schema of its own in evidence-schemas/.
 */
const RECORD_PATHS_VOUCHED_IDS = {
  recordPathsVouched: 'https://trailproof.dev/schemas/evidence-record-paths-vouched.v1.json',
  recordPathsVouchedV2: 'https://trailproof.dev/schemas/evidence-record-paths-vouched.v2.json',
} as const;
/**
 * The record schemas with the check's constant members (CHECK_CONSTANT_MEMBERS) left unchecked:
 * for records whose constant members equal ones that passed in full (ValidatedMembers).
 */
const RECORD_MEMBERS_VOUCHED_IDS = {
  unsignedMembersVouched: 'https://trailproof.dev/schemas/evidence-record-unsigned-members-vouched.v1.json',
  unsignedMembersVouchedV2: 'https://trailproof.dev/schemas/evidence-record-unsigned-members-vouched.v2.json',
  recordPathsMembersVouched: 'https://trailproof.dev/schemas/evidence-record-paths-members-vouched.v1.json',
  recordPathsMembersVouchedV2: 'https://trailproof.dev/schemas/evidence-record-paths-members-vouched.v2.json',
} as const;
const VARIANT_IDS: Record<string, string> = { ...RECORD_PATHS_VOUCHED_IDS, ...RECORD_MEMBERS_VOUCHED_IDS };
type ValidatorName = SchemaName | keyof typeof RECORD_PATHS_VOUCHED_IDS | keyof typeof RECORD_MEMBERS_VOUCHED_IDS;
const idOf = (name: ValidatorName): string => (Object.hasOwn(VARIANT_IDS, name) ? VARIANT_IDS[name]! : SCHEMA_IDS[name as SchemaName]);

/** The record versions a reader accepts, by their `schema` member: v1 and v2 differ only in check.family's enum. */
const RECORD_VERSIONS = {
  'trailproof/evidence-record/v1': { signed: 'record', unsigned: 'unsignedRecord', pathsVouched: 'recordPathsVouched', unsignedMembersVouched: 'unsignedMembersVouched', pathsMembersVouched: 'recordPathsMembersVouched' },
  'trailproof/evidence-record/v2': { signed: 'recordV2', unsigned: 'unsignedRecordV2', pathsVouched: 'recordPathsVouchedV2', unsignedMembersVouched: 'unsignedMembersVouchedV2', pathsMembersVouched: 'recordPathsMembersVouchedV2' },
} as const satisfies Record<string, { signed: SchemaName; unsigned: SchemaName; pathsVouched: ValidatorName; unsignedMembersVouched: ValidatorName; pathsMembersVouched: ValidatorName }>;

/** The audit workflow's documents (lib/evidence/ledger-types.ts), by their `schema` member. */
const LEDGER_VERSIONS = {
  'trailproof/exception/v1': { signed: 'exception', unsigned: 'unsignedException', schema: exceptionSchema },
  'trailproof/exception-revocation/v1': { signed: 'revocation', unsigned: 'unsignedRevocation', schema: revocationSchema },
  'trailproof/run/v1': { signed: 'run', unsigned: 'unsignedRun', schema: runSchema },
  'trailproof/attestation/v1': { signed: 'attestation', unsigned: 'unsignedAttestation', schema: attestationSchema },
} as const satisfies Record<string, { signed: SchemaName; unsigned: SchemaName; schema: object }>;

/** Every `schema` a ledger document may carry. */
const LEDGER_SCHEMAS = Object.keys(LEDGER_VERSIONS) as Array<LedgerDocument['schema']>;

/** A schema without its `integrity` member, under another `$id`: what a document is before signing. */
/** A record schema whose check-constant members may be anything, under another `$id`. */
function membersVouchedVariant(schema: object, $id: string): object {
  const variant = structuredClone(schema) as { $id: string; properties: Record<string, unknown> };
  variant.$id = $id;
  for (const member of CHECK_CONSTANT_MEMBERS) variant.properties[member] = true;
  return variant;
}

function unsignedVariant(schema: object, $id: string): object {
  const unsigned = structuredClone(schema) as { $id: string; required: string[]; properties: Record<string, unknown> };
  unsigned.$id = $id;
  unsigned.required = unsigned.required.filter((member) => member !== 'integrity');
  delete unsigned.properties.integrity;
  return unsigned;
}

/** The validators of a record's version; an unknown or missing `schema` is judged by v1 (whose const then names the error). */
function versionOf(value: unknown): (typeof RECORD_VERSIONS)[keyof typeof RECORD_VERSIONS] {
  const schema = (value as { schema?: unknown } | null)?.schema;
  return typeof schema === 'string' && Object.hasOwn(RECORD_VERSIONS, schema)
    ? RECORD_VERSIONS[schema as keyof typeof RECORD_VERSIONS]
    : RECORD_VERSIONS['trailproof/evidence-record/v1'];
}

let ajv: Ajv2020 | undefined;
const validators = new Map<ValidatorName, ValidateFunction>();
/** The check-constant members of records that passed in full: later records equal in them are checked for the rest only. */
const validatedMembers = new ValidatedMembers();

/**
 * Each validator is compiled on first use, and only that one: compiling costs tens of
 * milliseconds per schema, which a Lambda cold start that only signs records should not pay for
 * the recorded-responses or seal schemas.
 */
function validator(name: ValidatorName): ValidateFunction {
  const cached = validators.get(name);
  if (cached) return cached;
  if (!ajv) {
    // optimize: false: ajv's code optimizer costs ~0.3 s of cold start per schema here and saves
    // nothing measurable per validation.
    ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true, code: { optimize: false } });
    // ajv-formats is CommonJS: under ESM its default import can arrive wrapped once more.
    const formats = (addFormats as unknown as { default?: typeof addFormats }).default ?? addFormats;
    formats(ajv);
    // Every line of an object carries the same signedAt, every record of a trigger the same times.
    const dateTime = ajv.formats['date-time'] as { validate: (text: string) => boolean };
    ajv.addFormat('date-time', { ...dateTime, validate: rememberingFormat(dateTime.validate) });
    // Registered, not compiled: cross-schema $refs (family, citation, integrity) resolve through these.
    ajv.addSchema([metadataSchema, statementSchema, recordSchema, recordV2Schema, responsesSchema, sealSchema, sealV2Schema, sealV3Schema]);
    for (const { schema, unsigned } of Object.values(LEDGER_VERSIONS)) ajv.addSchema([schema, unsignedVariant(schema, SCHEMA_IDS[unsigned])]);
    for (const [schema, names] of [[recordSchema, RECORD_VERSIONS['trailproof/evidence-record/v1']], [recordV2Schema, RECORD_VERSIONS['trailproof/evidence-record/v2']]] as const) {
      const unsigned = unsignedVariant(schema, SCHEMA_IDS[names.unsigned]);
      ajv.addSchema([unsigned, membersVouchedVariant(unsigned, RECORD_MEMBERS_VOUCHED_IDS[names.unsignedMembersVouched])]);
      const pathsVouched = structuredClone(schema) as { $id: string; $defs: { integrity: { properties: { leafHash: unknown; batch: { properties: { root: unknown; auditPath: { items: unknown } } } } } } };
      pathsVouched.$id = RECORD_PATHS_VOUCHED_IDS[names.pathsVouched];
      const integrity = pathsVouched.$defs.integrity.properties;
      integrity.leafHash = { type: 'string' };
      integrity.batch.properties.root = { type: 'string' };
      integrity.batch.properties.auditPath.items = { type: 'string' };
      ajv.addSchema([pathsVouched, membersVouchedVariant(pathsVouched, RECORD_MEMBERS_VOUCHED_IDS[names.pathsMembersVouched])]);
    }
  }
  const compiled = ajv.getSchema(idOf(name));
  if (!compiled) throw new Error(`schema ${idOf(name)} is not registered`);
  validators.set(name, compiled);
  return compiled;
}

/** Turns ajv's JSON pointers into the dotted paths ParseError uses (`integrity.batch.root`). */
function describeError(error: ErrorObject): string {
  const segments = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let path = segments.reduce<string>((prefix, s) => joinPath(prefix, /^\d+$/.test(s) ? Number(s) : s), '');
  const params = error.params as Record<string, unknown>;
  const join = (name: unknown) => joinPath(path, String(name));
  if (error.keyword === 'required') return `${join(params.missingProperty)}: is required`;
  if (error.keyword === 'additionalProperties') return `${join(params.additionalProperty)}: is not an allowed property`;
  if (!path) path = '(root)';
  if (error.keyword === 'enum') return `${path}: must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  if (error.keyword === 'not' && Array.isArray((error.schema as { required?: unknown })?.required)) {
    return `${path}: must not have all of ${((error.schema as { required: string[] }).required).join(', ')}`;
  }
  if (error.keyword === 'const') return `${path}: must be ${JSON.stringify(params.allowedValue)}`;
  return `${path}: ${error.message ?? error.keyword}`;
}

function check<T>(name: SchemaName, value: unknown): T {
  const validate = validator(name);
  if (validate(value)) return value as T;
  const errors = [...new Set((validate.errors ?? []).map(describeError))];
  throw new SchemaError(SCHEMA_IDS[name], errors);
}

/**
 * Checks a signed evidence record against its version's schema (evidence-record.v1 or .v2) and returns it typed.
 * Structure only: hashes and signatures are lib/evidence/verify-record.ts's job.
 *
 * @throws SchemaError listing every failing path, e.g. `integrity.batch.root: must match pattern ...`
 * @example const record = validateRecord(JSON.parse(text));
 */
export function validateRecord(value: unknown): EvidenceRecord {
  return check<EvidenceRecord>(versionOf(value).signed, value);
}

/**
 * validateRecord for a caller that can vouch for a record's hashes more cheaply than 15 pattern
 * matches: a verifier holding its batch's tree, whose leaves, root and path strings are SHA-256 hex
 * by construction. The record is checked against evidence-record.v1 except its leaf hash, root and
 * audit path's entries are only required to be strings; if `vouch` then confirms them, the record is valid. In any
 * other case validateRecord decides, so the verdict and every error are exactly validateRecord's.
 * Its check, controls and collector, once equal to those of a record that passed in full, are not
 * matched again (lib/evidence/validation-memo.ts): the lines of one object share them.
 *
 * @param vouch true only when `integrity.leafHash`, `integrity.batch.root` and every entry of
 *   `integrity.batch.auditPath` are known to match `^[0-9a-f]{64}$`.
 * @throws SchemaError as validateRecord.
 */
export function validateRecordVouchingPaths(value: unknown, vouch: (record: EvidenceRecord) => boolean): EvidenceRecord {
  const version = versionOf(value);
  const membersKnown = validatedMembers.vouches(value);
  if (validator(membersKnown ? version.pathsMembersVouched : version.pathsVouched)(value) && vouch(value as EvidenceRecord)) {
    if (!membersKnown) validatedMembers.remember(value as EvidenceRecord);
    return value as EvidenceRecord;
  }
  const record = validateRecord(value);
  validatedMembers.remember(record);
  return record;
}

/**
 * Checks a record that has not been signed yet (evidence-record.v1 without `integrity`); signBatch
 * calls it on every record before anything is signed. As validateRecordVouchingPaths, members
 * equal to those of a record of the same check that passed in full are not matched again; the
 * verdict and every error are the full schema's.
 *
 * @throws SchemaError listing every failing path.
 */
export function validateUnsignedRecord(value: unknown): UnsignedRecord {
  const version = versionOf(value);
  if (validatedMembers.vouches(value) && validator(version.unsignedMembersVouched)(value)) return value as UnsignedRecord;
  const record = check<UnsignedRecord>(version.unsigned, value);
  validatedMembers.remember(record);
  return record;
}

/**
 * The one validator of a check's metadata.json: check-metadata.v1 (families, severities, read-only
 * IAM verbs, event name and citation shapes), then the rules a schema cannot state
 * (lib/model/metadata-rules.ts: a read in both decide and enrich, versioned event names, citations
 * the table does not hold), so a typo is refused rather than granted, routed or printed in a report.
 *
 * @throws SchemaError listing every failing path, e.g. `reads.decide[1]: must match pattern ...`
 */
export function validateMetadata(value: unknown): CheckMetadata {
  const metadata = check<CheckMetadata>('metadata', value);
  const errors = metadataRuleErrors(metadata);
  if (errors.length > 0) throw new SchemaError(SCHEMA_IDS.metadata, errors);
  return metadata;
}

/**
 * Checks a recorded-responses file (`trailproof collect --responses FILE`).
 *
 * @throws SchemaError listing every failing path, e.g. `responses[3].operation: must match pattern ...`
 */
export function validateRecordedResponses(value: unknown): RecordedResponses {
  return check<RecordedResponses>('recordedResponses', value);
}

/**
 * Checks an hourly seal against seal.v1.
 *
 * @throws SchemaError listing every failing path.
 */
export function validateSeal(value: unknown): Seal {
  return check<Seal>('seal', value);
}

/**
 * Checks an hourly seal against seal.v2.
 *
 * @throws SchemaError listing every failing path.
 */
export function validateSealV2(value: unknown): SealV2 {
  return check<SealV2>('sealV2', value);
}

/**
 * Checks an hourly seal against seal.v3 (seal v2 over every signed area).
 *
 * @throws SchemaError listing every failing path.
 */
export function validateSealV3(value: unknown): SealV2 {
  return check<SealV2>('sealV3', value);
}

/** The validators of a ledger document's `schema`; SchemaError when it names none. */
function ledgerVersionOf(value: unknown): (typeof LEDGER_VERSIONS)[keyof typeof LEDGER_VERSIONS] {
  const schema = (value as { schema?: unknown } | null)?.schema;
  if (typeof schema === 'string' && Object.hasOwn(LEDGER_VERSIONS, schema)) return LEDGER_VERSIONS[schema as keyof typeof LEDGER_VERSIONS];
  throw new SchemaError('trailproof ledger document', [`schema: must be one of ${LEDGER_SCHEMAS.map((s) => JSON.stringify(s)).join(', ')}`]);
}

/**
 * Checks a signed exception, revocation, run record or attestation against the schema its
 * `schema` member names, and returns it typed. Structure only, as validateRecord.
 *
 * @throws SchemaError listing every failing path (an unknown `schema` is one).
 * @example const exception = validateLedgerDocument(JSON.parse(line));
 */
export function validateLedgerDocument(value: unknown): LedgerDocument {
  return check<LedgerDocument>(ledgerVersionOf(value).signed, value);
}

/**
 * Checks a ledger document that has not been signed yet (its schema without `integrity`).
 *
 * @throws SchemaError listing every failing path.
 */
export function validateUnsignedLedgerDocument<D extends UnsignedLedgerDocument>(value: D): D {
  return check<D>(ledgerVersionOf(value).unsigned, value);
}

/**
 * Checks a batch statement against batch-statement.v1.
 *
 * @throws SchemaError listing every failing path.
 */
export function validateBatchStatement(value: unknown): BatchStatement {
  return check<BatchStatement>('batchStatement', value);
}

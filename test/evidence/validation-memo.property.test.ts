/**
 * The record validators remember the check-constant members (check, controls, collector) of
 * records that passed in full, and skip matching them again when a later record's are equal
 * (lib/evidence/validation-memo.ts). Property: whatever sequence of records they see, good, bad
 * and oddly built, their verdict on each is exactly the full schema's, as an Ajv instance compiled
 * here from evidence-schemas/ (nothing shared with lib/evidence/schemas.ts) gives it.
 */
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SchemaError } from '../../lib/errors.ts';
import { signBatch } from '../../lib/evidence/batch.ts';
import { validateRecordVouchingPaths, validateUnsignedRecord } from '../../lib/evidence/schemas.ts';
import type { EvidenceRecord, UnsignedRecord } from '../../lib/evidence/types.ts';
import { freshSigner, unsignedRecord } from './helpers.ts';

const schemaFile = (name: string) => JSON.parse(readFileSync(new URL(`../../evidence-schemas/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

/** The full schemas, signed and unsigned, of both record versions: the reference verdict. */
function referenceValidators(): { signed: (value: unknown) => boolean; unsigned: (value: unknown) => boolean } {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  ((addFormats as unknown as { default?: typeof addFormats }).default ?? addFormats)(ajv);
  ajv.addSchema([schemaFile('check-metadata.v1.schema.json'), schemaFile('batch-statement.v1.schema.json')]);
  const versions = ['evidence-record.v1.schema.json', 'evidence-record.v2.schema.json'].map((file) => {
    const signed = schemaFile(file) as { $id: string; required: string[]; properties: Record<string, unknown> };
    const unsigned = structuredClone(signed);
    unsigned.$id = signed.$id.replace('.json', '-unsigned-reference.json');
    unsigned.required = unsigned.required.filter((name) => name !== 'integrity');
    delete unsigned.properties.integrity;
    return { schema: (signed.properties.schema as { const: string }).const, signed: ajv.compile(signed), unsigned: ajv.compile(unsigned) };
  });
  // A record of no known version is judged by v1, as lib/evidence/schemas.ts does (its const then fails).
  const of = (value: unknown) => versions.find((v) => v.schema === (value as { schema?: unknown } | null)?.schema) ?? versions[0]!;
  return { signed: (value) => of(value).signed(value) as boolean, unsigned: (value) => of(value).unsigned(value) as boolean };
}

/** Good records of three checks in both versions: what the memo learns from. */
function goodRecords(): UnsignedRecord[] {
  const v1 = unsignedRecord(1);
  const other = unsignedRecord(2, { check: { id: 's3-bucket-default-encryption', family: 'encryption-at-rest', title: 'S3 buckets encrypt by default', severity: 'medium' } });
  const v2 = unsignedRecord(3, { schema: 'trailproof/evidence-record/v2', check: { id: 'iam-access-keys-rotated', family: 'credentials', title: 'Access keys are rotated', severity: 'high' } } as Partial<UnsignedRecord>);
  return [v1, other, v2, unsignedRecord(4, { collector: { ...v1.collector, function: 'sweep' } })];
}

type Change = (record: Record<string, unknown>) => void;
const member = (name: string) => (record: Record<string, unknown>) => record[name] as Record<string, unknown>;

/** Changes to the members the memo vouches for, and to the others: valid alternatives, invalid values and odd objects. */
const CHANGES: Record<string, Change> = {
  none: () => {},
  'check.family v2-only': (r) => void (member('check')(r).family = 'credentials'),
  'check.family other v1': (r) => void (member('check')(r).family = 'logging'),
  'check.title empty': (r) => void (member('check')(r).title = ''),
  'check.title other': (r) => void (member('check')(r).title = 'Another title'),
  'check.id bad': (r) => void (member('check')(r).id = 'Bad_Id'),
  'check.severity bad': (r) => void (member('check')(r).severity = 'urgent'),
  'check extra member': (r) => void (member('check')(r).extra = 1),
  'check member dropped': (r) => void delete member('check')(r).title,
  'check members reordered': (r) => void (r.check = Object.fromEntries(Object.entries(member('check')(r)).reverse())),
  'check null prototype': (r) => void (r.check = Object.assign(Object.create(null), member('check')(r))),
  'check inherits a member': (r) => void (r.check = Object.assign(Object.create({ extra: 'inherited' }), member('check')(r))),
  'check hidden extra': (r) => void Object.defineProperty(member('check')(r), 'extra', { value: 1, enumerable: false }),
  'check getter title': (r) => {
    const check = member('check')(r);
    const title = check.title;
    Object.defineProperty(check, 'title', { get: () => title, enumerable: true });
  },
  'check array': (r) => void (r.check = Object.values(member('check')(r))),
  'check string': (r) => void (r.check = 'ec2-sg-no-public-admin-ports'),
  'controls citation bad': (r) => void ((member('controls')(r).hipaa as string[])[0] = '164.312'),
  'controls citation other': (r) => void ((member('controls')(r).hipaa as string[])[0] = '164.308(a)(1)(ii)(D)'),
  'controls hole': (r) => {
    const hipaa = member('controls')(r).hipaa as string[];
    hipaa.length = hipaa.length + 1;
  },
  'controls number': (r) => void ((member('controls')(r).hipaaProposed as unknown[]).push(164)),
  'controls extra': (r) => void (member('controls')(r).proposed = []),
  'collector version bad': (r) => void (member('collector')(r).version = '1.0'),
  'collector name other': (r) => void (member('collector')(r).name = 'other'),
  'collector function empty': (r) => void (member('collector')(r).function = ''),
  'collector null': (r) => void (r.collector = null),
  'collector dropped': (r) => void delete r.collector,
  'schema unknown': (r) => void (r.schema = 'trailproof/evidence-record/v9'),
  'schema other version': (r) => void (r.schema = r.schema === 'trailproof/evidence-record/v1' ? 'trailproof/evidence-record/v2' : 'trailproof/evidence-record/v1'),
  'result bad': (r) => void (r.result = 'maybe'),
  'collectedAt bad': (r) => void (r.collectedAt = '2026-02-30T00:00:00Z'),
  'observedAt other': (r) => void (r.observedAt = '2026-05-01T13:04:12.000Z'),
  'account bad': (r) => void (r.account = '1234'),
  'extra top member': (r) => void (r.extra = true),
  'leafHash upper case': (r) => void (member('integrity')(r).leafHash = (member('integrity')(r).leafHash as string).toUpperCase()),
  'root short': (r) => void ((member('integrity')(r).batch as Record<string, unknown>).root = 'ab'),
  'audit path entry bad': (r) => void (((member('integrity')(r).batch as Record<string, unknown>).auditPath as string[])[0] = 'zz'),
};

/** A copy of a record with up to two changes applied (changes may meet in one member). */
function changed(record: object, names: readonly string[]): Record<string, unknown> {
  const copy = structuredClone(record) as Record<string, unknown>;
  for (const name of names) {
    try {
      CHANGES[name]!(copy);
    } catch {
      // A change that cannot apply (its member is gone or not an object) leaves the record as it is.
    }
  }
  return copy;
}

/** Our verdict: true when it returns the record, false when it throws a SchemaError. */
function verdict(validate: () => unknown): boolean {
  try {
    validate();
    return true;
  } catch (error) {
    expect(error).toBeInstanceOf(SchemaError);
    expect((error as SchemaError).errors.length).toBeGreaterThan(0);
    return false;
  }
}

const step = fc.record({
  record: fc.nat(),
  changes: fc.array(fc.constantFrom(...Object.keys(CHANGES)), { maxLength: 2 }),
});

const HEX = /^[0-9a-f]{64}$/;

describe('the record validators remembering check-constant members', () => {
  const reference = referenceValidators();

  it('give the full schema verdict on every unsigned record, whatever came before', () => {
    // Prepare
    const records = goodRecords();
    // Act / Assess
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 30 }), (steps) => {
        for (const { record, changes } of steps) {
          const candidate = changed(records[record % records.length]!, changes);
          expect(verdict(() => validateUnsignedRecord(candidate)), `${changes.join(' + ') || 'unchanged'}`).toBe(reference.unsigned(candidate));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('give the full schema verdict on every signed record read back, with paths vouched for', async () => {
    // Prepare
    const { signer } = freshSigner();
    const signed = await signBatch(goodRecords(), signer);
    // What a verifier holding the batch's tree vouches for: the leaf hash, the root and the path are SHA-256 hex.
    const vouch = ({ integrity }: EvidenceRecord) => HEX.test(integrity.leafHash) && HEX.test(integrity.batch.root) && integrity.batch.auditPath.every((entry) => HEX.test(entry));
    // Act / Assess
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 30 }), (steps) => {
        for (const { record, changes } of steps) {
          const candidate = changed(signed[record % signed.length]!, changes);
          expect(verdict(() => validateRecordVouchingPaths(candidate, vouch)), `${changes.join(' + ') || 'unchanged'}`).toBe(reference.signed(candidate));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never vouch for a member that changed after its record passed', () => {
    // Prepare: a record passes, then the very objects it passed with are made invalid.
    const record = unsignedRecord(5);
    validateUnsignedRecord(record);
    (record.check as { family: string }).family = 'not-a-family';
    // Act / Assess
    expect(() => validateUnsignedRecord(record)).toThrow(SchemaError);
    expect(reference.unsigned(record)).toBe(false);
  });
});

/**
 * evidence-record v2: the same record as v1 with three more families. v1 is frozen with its five
 * families so a v1-only reader keeps verifying every record of those; checks of the later
 * families write v2, which a current reader accepts beside v1.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { signBatch } from '../../lib/evidence/batch.ts';
import { pinKeys } from '../../lib/evidence/keys.ts';
import { buildRecord } from '../../lib/evidence/record.ts';
import { validateRecord } from '../../lib/evidence/schemas.ts';
import { RECORD_V1_FAMILIES, recordSchemaFor } from '../../lib/evidence/types.ts';
import { verifyRecord } from '../../lib/evidence/verify-record.ts';
import { FAMILIES, type CheckMetadata } from '../../lib/model/check.ts';
import { SchemaError } from '../../lib/errors.ts';
import { freshSigner, unsignedRecord } from './helpers.ts';

const schema = (name: string) => JSON.parse(readFileSync(new URL(`../../evidence-schemas/${name}`, import.meta.url), 'utf8'));

describe('evidence-record v2', () => {
  it('differs from v1 only in its id, description, schema constant, family list and trigger sources', () => {
    // Prepare
    const v1 = schema('evidence-record.v1.schema.json');
    const v2 = schema('evidence-record.v2.schema.json');
    const metadata = schema('check-metadata.v1.schema.json');
    // Act
    type RecordSchema = { $id?: string; description?: string; properties: { schema: unknown; check: { properties: { family: unknown } }; trigger: { properties: { source: unknown } } } };
    const strip = (s: RecordSchema) => {
      const copy = structuredClone(s);
      delete copy.$id;
      delete copy.description;
      copy.properties.schema = null;
      copy.properties.check.properties.family = null;
      copy.properties.trigger.properties.source = null;
      return copy;
    };
    // Assess
    expect(strip(v2)).toEqual(strip(v1));
    expect(v1.properties.schema.const).toBe('trailproof/evidence-record/v1');
    expect(v2.properties.schema.const).toBe('trailproof/evidence-record/v2');
    expect(metadata.$defs.recordV1Family.enum).toEqual([...RECORD_V1_FAMILIES]);
    expect(metadata.$defs.family.enum).toEqual([...FAMILIES]);
    // v2 may add trigger sources (service events); it never drops one v1 has.
    expect(v2.properties.trigger.properties.source.enum).toEqual(expect.arrayContaining(v1.properties.trigger.properties.source.enum));
  });

  it('is written only for the families v1 cannot carry', () => {
    expect(FAMILIES.map((family) => [family, recordSchemaFor(family)])).toEqual([
      ['mfa', 'trailproof/evidence-record/v1'],
      ['encryption-at-rest', 'trailproof/evidence-record/v1'],
      ['encryption-in-transit', 'trailproof/evidence-record/v1'],
      ['segmentation', 'trailproof/evidence-record/v1'],
      ['logging', 'trailproof/evidence-record/v1'],
      ['credentials', 'trailproof/evidence-record/v2'],
      ['backup', 'trailproof/evidence-record/v2'],
      ['detection', 'trailproof/evidence-record/v2'],
    ]);
  });

  it('is built, signed and verified like v1, and a v1 record cannot claim a new family', async () => {
    // Prepare
    const { signer, publicPem } = freshSigner();
    const base = unsignedRecord(1);
    const metadata = { id: 'iam-password-policy', family: 'credentials', title: 'Account password policy', severity: 'medium', hipaa: ['164.308(a)(5)(ii)(D)'], hipaaProposed: [] } as unknown as CheckMetadata;
    const unsigned = buildRecord({
      metadata,
      finding: { result: 'pass', reason: 'strong enough', observed: {}, phiScoped: false },
      snapshot: { resource: { type: 'AWS::::Account', id: base.account }, account: base.account, region: base.region },
      trigger: base.trigger,
      observedAt: base.observedAt,
      collectorFunction: 'test',
    });
    // Act
    const [signed] = await signBatch([unsigned], signer);
    const verdict = verifyRecord(signed, pinKeys([publicPem]));
    const forged = { ...signed!, schema: 'trailproof/evidence-record/v1' };
    // Assess
    expect(signed!.schema).toBe('trailproof/evidence-record/v2');
    expect(verdict.ok).toBe(true);
    expect(() => validateRecord(forged)).toThrow(SchemaError);
    expect(() => validateRecord(forged)).toThrow(/check\.family: must be one of "mfa"/);
  });
});

import { describe, expect, it } from 'vitest';
import { SchemaError } from '../../lib/errors.ts';
import { signBatch } from '../../lib/evidence/batch.ts';
import { signDocuments } from '../../lib/evidence/batch.ts';
import {
  validateBatchStatement,
  validateMetadata,
  validateRecord,
  validateRecordedResponses,
  validateSeal,
  validateSealV2,
  validateUnsignedRecord,
} from '../../lib/evidence/schemas.ts';
import metadata from '../fixtures/evidence/check-metadata.json' with { type: 'json' };
import responses from '../fixtures/evidence/recorded-responses.json' with { type: 'json' };
import { freshSigner, unsignedRecord } from './helpers.ts';

/** The SchemaError a call throws, so a test can read every path it lists. */
function schemaErrors(call: () => unknown): string[] {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(SchemaError);
    return (error as SchemaError).errors;
  }
  throw new Error('expected a SchemaError');
}

/** The paths a call's SchemaError names (each error is `path: message`). */
function schemaErrorPaths(call: () => unknown): string[] {
  return schemaErrors(call).map((error) => error.slice(0, error.indexOf(':')));
}

describe('evidence record schema', () => {
  it('accepts a signed record and the same record unsigned', async () => {
    // Prepare
    const [signed] = await signBatch([unsignedRecord()], freshSigner().signer);
    // Act / Assess
    expect(validateRecord(JSON.parse(JSON.stringify(signed)))).toEqual(signed);
    expect(validateUnsignedRecord(unsignedRecord())).toEqual(unsignedRecord());
  });

  it('names every missing field and wrong type, not just the first', () => {
    // Prepare
    const record = unsignedRecord() as unknown as Record<string, unknown>;
    delete record.reason;
    record.account = 111122223333;
    (record.trigger as Record<string, unknown>).mfaAuthenticated = 'false';
    delete (record.check as Record<string, unknown>).severity;
    // Act
    const errors = schemaErrors(() => validateUnsignedRecord(record));
    // Assess
    expect(errors).toEqual(
      expect.arrayContaining(['reason: is required', 'account: must be string', 'trigger.mfaAuthenticated: must be boolean', 'check.severity: is required']),
    );
  });

  it('rejects unknown members at the top level and in integrity, and bad enums, hashes and dates', async () => {
    // Prepare
    const [signed] = await signBatch([unsignedRecord()], freshSigner().signer);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- reaching into a record to break it
    const record = JSON.parse(JSON.stringify(signed)) as Record<string, any>;
    record.note = 'added later';
    record.integrity.extra = true;
    record.result = 'passed';
    record.integrity.batch.root = 'ABC';
    record.integrity.batch.auditPath = ['not-hex'];
    record.collectedAt = 'yesterday';
    record.controls.hipaa = ['164.312 a 1'];
    // Act
    const errors = schemaErrors(() => validateRecord(record));
    // Assess
    expect(errors).toEqual(
      expect.arrayContaining([
        'note: is not an allowed property',
        'integrity.extra: is not an allowed property',
        'result: must be one of "pass", "fail", "not_applicable", "error"',
        'integrity.batch.root: must match pattern "^[0-9a-f]{64}$"',
        'integrity.batch.auditPath[0]: must match pattern "^[0-9a-f]{64}$"',
        'collectedAt: must match format "date-time"',
        expect.stringMatching(/^controls\.hipaa\[0\]: must match pattern/),
      ]),
    );
  });

  it('refuses a signed record where an unsigned one is expected, and the reverse', async () => {
    // Prepare
    const [signed] = await signBatch([unsignedRecord()], freshSigner().signer);
    // Act / Assess
    expect(schemaErrors(() => validateUnsignedRecord(signed))).toEqual(['integrity: is not an allowed property']);
    expect(schemaErrors(() => validateRecord(unsignedRecord()))).toEqual(['integrity: is required']);
  });

  it('says what is wrong when the document is not an object at all', () => {
    expect(schemaErrors(() => validateRecord(null))).toEqual(['(root): must be object']);
  });
});

describe('check metadata schema', () => {
  it('accepts real metadata', () => {
    expect(validateMetadata(structuredClone(metadata)).id).toBe('ec2-sg-no-public-admin-ports');
  });

  it('rejects an unknown family or severity, a malformed citation and a bad check id', () => {
    // Prepare
    const bad = { ...structuredClone(metadata), family: 'network', severity: 'urgent', hipaa: ['164.312(a)(1)', '45 CFR 164.312'], id: 'EC2_SG' };
    // Act
    const errors = schemaErrors(() => validateMetadata(bad));
    // Assess
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^family: must be one of "mfa"/),
        expect.stringMatching(/^severity: must be one of "critical"/),
        expect.stringMatching(/^hipaa\[1\]: must match pattern/),
        expect.stringMatching(/^id: must match pattern/),
      ]),
    );
  });

  it('accepts the account-level resource type AWS Config evaluations use', () => {
    expect(validateMetadata({ ...structuredClone(metadata), resourceType: 'AWS::::Account' }).resourceType).toBe('AWS::::Account');
    expect(schemaErrors(() => validateMetadata({ ...structuredClone(metadata), resourceType: 'S3 bucket' }))).toEqual([expect.stringMatching(/^resourceType: must match pattern/)]);
  });

  it('refuses an action that is not a read, since the collector roles grant every action listed', () => {
    // Prepare
    const reads = { decide: ['ec2:DescribeVpcs', 's3:PutBucketPolicy'], enrich: ['iam:CreateUser', 'ec2:DescribeTags'] };
    // Act
    const paths = schemaErrorPaths(() => validateMetadata({ ...structuredClone(metadata), reads }));
    // Assess
    expect(paths).toEqual(['reads.decide[1]', 'reads.enrich[0]']);
  });

  it('accepts every read verb, and GenerateCredentialReport, the one write IAM needs before it serves a read', () => {
    // Prepare
    const decide = ['s3:GetBucketPolicy', 'ec2:DescribeVpcs', 'kms:ListAliases', 'ec2:DescribeSecurityGroups', 'iam:GenerateCredentialReport', 'iam:GetCredentialReport'];
    const enrich = ['cloudtrail:LookupEvents', 'config:BatchGetResourceConfig', 'resource-groups:SearchResources', 's3:Get*'];
    // Act + Assess
    expect(validateMetadata({ ...structuredClone(metadata), reads: { decide, enrich } }).reads.decide).toEqual(decide);
  });

  it('refuses a trigger whose event source is not a service endpoint or that names no event', () => {
    // Prepare
    const cloudtrail = [{ eventSource: 'ec2', eventNames: ['AuthorizeSecurityGroupIngress'] }, { eventSource: 'ec2.amazonaws.com', eventNames: [] }];
    // Act
    const paths = schemaErrorPaths(() => validateMetadata({ ...structuredClone(metadata), triggers: { ...metadata.triggers, cloudtrail } }));
    // Assess
    expect(paths).toEqual(['triggers.cloudtrail[0].eventSource', 'triggers.cloudtrail[1].eventNames']);
  });

  it('accepts every citation form the HIPAA notes use', () => {
    for (const citation of ['164.312(a)(1)', '164.312(a)(2)(iv)', '164.312(b)', '164.308(a)(1)(ii)(D)', '164.316(b)(2)(i)']) {
      expect(() => validateMetadata({ ...structuredClone(metadata), hipaa: [citation] }), citation).not.toThrow();
    }
    for (const citation of ['164.312(a)(2)(vi)', '164.312(f)(2)(ii)', '164.308(a)(9)(ii)(D)']) {
      expect(() => validateMetadata({ ...structuredClone(metadata), hipaaProposed: [citation] }), citation).not.toThrow();
    }
  });
});

describe('validateMetadata and the rules a schema cannot state', () => {
  it('refuses a read that both decides and enriches, and a versioned event name, at their paths', () => {
    // Prepare
    const triggers = { ...metadata.triggers, cloudtrail: [{ eventSource: 'lambda.amazonaws.com', eventNames: ['AddPermission20150331v2'] }] };
    const reads = { decide: ['ec2:DescribeSecurityGroups'], enrich: ['ec2:DescribeSecurityGroups'] };
    // Act
    const paths = schemaErrorPaths(() => validateMetadata({ ...structuredClone(metadata), triggers, reads }));
    // Assess
    expect(paths).toEqual(['reads.enrich[0]', 'triggers.cloudtrail[0].eventNames[0]']);
  });


  it('rejects a citation the table does not hold, naming the field and index', () => {
    // Prepare: a bare proposed (f) (the MFA paragraph is (f)(2)(ii)) and a proposed paragraph cited as current
    const bad = { ...structuredClone(metadata), hipaa: ['164.312(a)(1)', '164.312(a)(2)(vi)'], hipaaProposed: ['164.312(f)'] };
    // Act
    const errors = schemaErrors(() => validateMetadata(bad));
    // Assess
    expect(errors).toEqual([
      'hipaa[1]: "164.312(a)(2)(vi)" is not a current-rule citation of lib/model/hipaa.ts',
      'hipaaProposed[0]: "164.312(f)" is not a proposed-rule paragraph of lib/model/hipaa.ts',
    ]);
  });

  it('accepts an inferred paragraph: the table marks it, the metadata does not', () => {
    expect(validateMetadata({ ...structuredClone(metadata), hipaaProposed: ['164.312(d)'] }).hipaaProposed).toEqual(['164.312(d)']);
  });
});

describe('recorded responses schema', () => {
  it('accepts outputs, errors and input-only entries', () => {
    expect(validateRecordedResponses(structuredClone(responses)).responses).toHaveLength(4);
  });

  it('rejects an entry with both output and error, an unknown service and a typo', () => {
    // Prepare
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- reaching into a file to break it
    const bad = structuredClone(responses) as Record<string, any>;
    bad.responses[0].error = { name: 'Throttling' };
    bad.responses[1].service = 'dynamo-db';
    bad.responses[2].ouput = {};
    // Act
    const errors = schemaErrors(() => validateRecordedResponses(bad));
    // Assess
    expect(errors).toEqual(
      expect.arrayContaining(['responses[0]: must not have all of output, error', expect.stringMatching(/^responses\[1\]\.service: must be one of/), 'responses[2].ouput: is not an allowed property']),
    );
  });
});

describe('seal and batch statement schemas', () => {
  it('accepts a seal signed as a batch of one, first in its chain or not', async () => {
    // Prepare
    const seal = {
      schema: 'trailproof/seal/v1',
      seq: 0,
      window: { start: '2026-05-01T13:00:00.000Z', end: '2026-05-01T14:00:00.000Z' },
      records: [{ key: 'records/v1/2026/05/01/13/iam-root-mfa/0123456789abcdef0123456789abcdef.json', leafHash: 'a'.repeat(64) }],
      previous: null,
    };
    // Act
    const [signed] = await signDocuments([seal], freshSigner().signer);
    const next = { ...signed!, seq: 1, previous: { key: 'seals/v1/2026/05/01/00000000.json', hash: 'b'.repeat(64) } };
    // Assess
    expect(validateSeal(signed).integrity.batch.treeSize).toBe(1);
    expect(validateSeal(next).seq).toBe(1);
    expect(schemaErrors(() => validateSeal({ ...signed!, previous: { key: 'elsewhere' } })).length).toBeGreaterThan(0);
  });

  it('accepts a seal v2 listing objects and v1 records, continuing a v1 chain, and refuses what it cannot be', async () => {
    // Prepare
    const objectKey = `records/v2/2026/05/01/13/iam-root-mfa/111122223333/us-east-1/${'a'.repeat(64)}-2-${'b'.repeat(64)}.jsonl`;
    const seal = {
      schema: 'trailproof/seal/v2',
      seq: 7,
      window: { start: '2026-05-01T13:00:00.000Z', end: '2026-05-01T14:00:00.000Z' },
      part: { index: 0, after: null, final: true },
      records: [{ key: 'records/v1/2026/05/01/13/iam-root-mfa/0123456789abcdef0123456789abcdef.json', leafHash: 'c'.repeat(64) }],
      objects: [{ key: objectKey, sha256: 'b'.repeat(64), root: 'a'.repeat(64), count: 2 }],
      previous: { key: 'seals/v1/2026/05/01/00000006.json', hash: 'd'.repeat(64) },
      sealedAt: '2026-05-01T14:20:00.000Z',
    };
    // Act
    const [signed] = await signDocuments([seal], freshSigner().signer);
    // Assess
    expect(validateSealV2(signed).objects[0]!.count).toBe(2);
    expect(validateSealV2({ ...signed!, part: { index: 1, after: objectKey, final: false } }).part.index).toBe(1);
    expect(schemaErrorPaths(() => validateSealV2({ ...signed!, objects: [{ ...seal.objects[0]!, key: 'records/v1/x.json', count: 0 }] }))).toEqual(
      expect.arrayContaining(['objects[0].key', 'objects[0].count']),
    );
    expect(schemaErrorPaths(() => validateSealV2({ ...signed!, records: [{ key: objectKey, leafHash: 'c'.repeat(64) }] }))).toEqual(['records[0].key']);
    expect(schemaErrors(() => validateSealV2({ ...signed!, part: undefined }))).toEqual(['part: is required']);
    expect(schemaErrors(() => validateSealV2({ ...signed!, previous: { key: 'seals/v3/x.json', hash: 'd'.repeat(64) } })).length).toBeGreaterThan(0);
    expect(schemaErrors(() => validateSealV2({ ...signed!, schema: 'trailproof/seal/v1' }))).toEqual(['schema: must be "trailproof/seal/v2"']);
  });

  it('checks a batch statement', () => {
    const statement = { type: 'trailproof/batch/v1', root: 'c'.repeat(64), treeSize: 3, signedAt: '2026-05-01T13:00:00.000Z', keyId: `sha256:${'d'.repeat(64)}` };
    expect(validateBatchStatement(statement)).toEqual(statement);
    expect(schemaErrors(() => validateBatchStatement({ ...statement, treeSize: 0 }))).toEqual(['treeSize: must be >= 1']);
  });
});

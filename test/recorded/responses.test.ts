import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError, SchemaError } from '../../lib/errors.ts';
import { clientsFromRecordedResponses } from '../../lib/recorded/clients.ts';
import { loadRecordedResponses, parseRecordedResponses, type RecordedResponses } from '../../lib/recorded/responses.ts';
import { RECORDED_SERVICES } from '../../lib/recorded/services.ts';
import schema from '../../evidence-schemas/recorded-responses.v1.schema.json' with { type: 'json' };

function set(responses: unknown[]): RecordedResponses {
  return { account: '111122223333', region: 'us-east-1', responses } as RecordedResponses;
}

function refusal(file: unknown): Error {
  try {
    clientsFromRecordedResponses(file as RecordedResponses);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the file to be refused');
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to reject');
}

describe('the recorded-responses file', () => {
  it('names exactly the services the recorded clients serve (schema enum = client table)', () => {
    // Prepare
    const enumerated = schema.properties.responses.items.properties.service.enum;

    // Act
    const served = Object.keys(RECORDED_SERVICES);

    // Assess
    expect([...enumerated].sort()).toEqual(served.sort());
  });

  it('is refused with the bad field named: by the published schema, then by the SDK for an unknown operation', async () => {
    // Prepare
    const unknownService = set([
      { service: 'iam', operation: 'GetAccountSummary', output: {} },
      { service: 's4', operation: 'GetBucketPolicy', output: {} },
    ]);
    const unknownOperation = set([{ service: 'kms', operation: 'GetBucketPolicy', output: {} }]);
    const both = set([{ service: 'kms', operation: 'GetKeyRotationStatus', output: {}, error: { name: 'NotFoundException' } }]);
    const noAccount = { region: 'us-east-1', responses: [] };

    // Act
    const errors = [unknownService, both, noAccount].map(refusal);
    const operationError = await rejection(parseRecordedResponses(unknownOperation));

    // Assess
    expect(errors.every((e) => e instanceof SchemaError)).toBe(true);
    expect((errors[0] as SchemaError).errors).toEqual([`responses[1].service: must be one of ${Object.keys(RECORDED_SERVICES).map((s) => `"${s}"`).join(', ')}`]);
    expect((errors[1] as SchemaError).errors).toEqual(['responses[0]: must not have all of output, error']);
    expect((errors[2] as SchemaError).errors).toEqual(['account: is required']);
    expect(operationError).toBeInstanceOf(ParseError);
    expect(operationError).toMatchObject({ field: 'responses[0].operation', code: 'INVALID_VALUE', detail: 'unknown operation GetBucketPolicy for kms' });
  });
});

describe('loadRecordedResponses', () => {
  it('refuses bad JSON with a ParseError and a schema violation with a SchemaError', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'trailproof-recorded-'));
    const badJson = join(dir, 'bad.json');
    const badAccount = join(dir, 'account.json');
    await writeFile(badJson, '{"account": ');
    await writeFile(badAccount, JSON.stringify({ account: 'not-an-account', region: 'us-east-1', responses: [] }));

    // Act
    const jsonError = await rejection(loadRecordedResponses(badJson));
    const schemaError = await rejection(loadRecordedResponses(badAccount));

    // Assess
    expect(jsonError).toBeInstanceOf(ParseError);
    expect(jsonError).toMatchObject({ field: '$', code: 'INVALID_JSON' });
    expect(schemaError).toBeInstanceOf(SchemaError);
    expect(schemaError.message).toMatch(/account.*pattern/);
  });
});

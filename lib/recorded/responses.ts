import { readFile } from 'node:fs/promises';
import { ParseError } from '../errors.ts';
import { validateRecordedResponses, type RecordedResponses } from '../evidence/schemas.ts';
import { commandClassFor } from './services.ts';

/**
 * A recorded-responses file. Its one definition is the published JSON Schema
 * (evidence-schemas/recorded-responses.v1.schema.json), validated with ajv; this type is that
 * schema's mirror, declared once beside its validator in lib/evidence/schemas.ts.
 */
export type { RecordedResponses };

/** One recorded answer: an output, or an error the SDK would throw. */
export type RecordedResponse = RecordedResponses['responses'][number];

/**
 * Validate a parsed recorded-responses document: SchemaError naming each bad field
 * (`responses[3].service: must be one of ...`), then ParseError INVALID_VALUE for an operation
 * the service's SDK does not have (field `responses[0].operation`).
 */
export async function parseRecordedResponses(value: unknown): Promise<RecordedResponses> {
  const file = validateRecordedResponses(value);
  // Only the services the file names are loaded.
  for (const [index, response] of file.responses.entries()) {
    if (!(await commandClassFor(response.service, response.operation))) {
      throw new ParseError(`responses[${index}].operation`, 'INVALID_VALUE', `unknown operation ${response.operation} for ${response.service}`);
    }
  }
  return file;
}

/**
 * Read and validate a recorded-responses file: ParseError for bad JSON or an unknown operation,
 * SchemaError when it breaks evidence-schemas/recorded-responses.v1.schema.json.
 *
 * @example
 * const clients = clientsFromRecordedResponses(await loadRecordedResponses('demo/responses.json'));
 */
export async function loadRecordedResponses(path: string): Promise<RecordedResponses> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code) throw error;
    throw new ParseError('$', 'INVALID_JSON', `${path}: ${(error as Error).message}`, { cause: error });
  }
  return parseRecordedResponses(value);
}

/**
 * Reads every lib/checks/<id>/metadata.json straight from disk. The deploy generator must not depend on
 * the TypeScript registry compiling (checks are written concurrently), and the JSON files are the single
 * source of truth for triggers and read actions anyway. What valid metadata is, validateMetadata alone
 * says (lib/evidence/schemas.ts); this module only loads, and adds the one rule about the file's place.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ParseError, SchemaError } from '../lib/errors.ts';
import { validateMetadata } from '../lib/evidence/schemas.ts';
import type { CheckMetadata } from '../lib/model/check.ts';

/** validateMetadata on one file's JSON, its errors' paths prefixed by `<file>#` so they name the file. */
function validateFile(json: unknown, file: string): CheckMetadata {
  try {
    return validateMetadata(json);
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    throw new SchemaError(error.schema, error.errors.map((e) => `${file}#${e}`));
  }
}

/**
 * Loads and validates every check folder's metadata.json under `checksDir`, sorted by id so generated
 * output is stable. Folders without a metadata.json (e.g. shared helpers) are skipped.
 *
 * @throws ParseError INVALID_JSON naming the file, or INVALID_VALUE at `<file>#id` when the id is not
 *   the folder name; SchemaError whose paths start `<file>#` when validateMetadata refuses the metadata
 * @example
 * const checks = loadCheckMetadata('lib/checks');
 */
export function loadCheckMetadata(checksDir: string): CheckMetadata[] {
  const folders = readdirSync(checksDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(checksDir, d.name, 'metadata.json')))
    .map((d) => d.name)
    .sort();
  return folders.map((folder) => {
    const file = join(checksDir, folder, 'metadata.json');
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new ParseError(file, 'INVALID_JSON', (error as Error).message, { cause: error });
    }
    const metadata = validateFile(json, file);
    if (metadata.id !== folder) throw new ParseError(`${file}#id`, 'INVALID_VALUE', `"${metadata.id}" must equal its folder name "${folder}"`);
    return metadata;
  });
}

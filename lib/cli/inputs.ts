import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { ParseError } from '../errors.ts';
import { parseInput } from '../events/parse.ts';
import type { ParsedInput } from '../events/types.ts';

/** Larger files are refused before reading: a CloudTrail log file is a few MB at most. */
const MAX_INPUT_FILE_BYTES = 256 * 1024 * 1024;
const INPUT_EXTENSIONS = /\.(json|jsonl|ndjson|log)(\.gz)?$/i;

/** Files named on the command line; directories are walked for .json/.jsonl/.ndjson/.log files. */
export async function expandInputPaths(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path);
    if (info.isDirectory()) {
      const entries = await readdir(path, { recursive: true, withFileTypes: true });
      files.push(
        ...entries
          .filter((e) => e.isFile() && INPUT_EXTENSIONS.test(e.name))
          .map((e) => join(e.parentPath, e.name))
          .sort(),
      );
    } else {
      files.push(path);
    }
  }
  return files;
}

/** Read and parse every input file; a file that cannot be read is one invalid input, not a crash. */
export async function readInputs(paths: readonly string[]): Promise<ParsedInput[]> {
  const parsed: ParsedInput[] = [];
  for (const file of await expandInputPaths(paths)) {
    try {
      const { size } = await stat(file);
      if (size > MAX_INPUT_FILE_BYTES) throw new ParseError(file, 'TOO_LARGE', `${size} bytes, over the ${MAX_INPUT_FILE_BYTES}-byte limit of an input file`);
      // CloudTrail delivers its log files gzipped: read them as they sit in the trail bucket.
      const bytes = await readFile(file);
      const text = file.endsWith('.gz') ? (await gunzipLimited(bytes, file)).toString('utf8') : bytes.toString('utf8');
      parsed.push(...parseInput(text, file));
    } catch (error) {
      // A file that cannot be read (missing, a directory, no permission) is bad input with a code too.
      parsed.push({ ok: false, source: file, error: error instanceof ParseError ? error : new ParseError(file, 'UNREADABLE', (error as Error).message, { cause: error }) });
    }
  }
  return parsed;
}

const gunzipAsync = promisify(gunzip);

/** Gunzip with the same size limit as a plain file, so a small "zip bomb" is refused, not unpacked. */
async function gunzipLimited(bytes: Buffer, file: string): Promise<Buffer> {
  try {
    return await gunzipAsync(bytes, { maxOutputLength: MAX_INPUT_FILE_BYTES });
  } catch (error) {
    throw new ParseError(file, 'UNREADABLE', `cannot be gunzipped within ${MAX_INPUT_FILE_BYTES} bytes: ${(error as Error).message}`, { cause: error });
  }
}

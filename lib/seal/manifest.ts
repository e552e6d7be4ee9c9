import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { duplicateMember } from '../evidence/strict-json.ts';
import { verificationProblem, type VerificationProblem } from '../evidence/verification-codes.ts';

/** The file at the root of an audit package that lists every other file with its hash. */
export const MANIFEST_FILE = 'manifest.json';

/** manifest.json of an audit package (`trailproof export`). */
export interface Manifest {
  generatedAt: string;
  period: { from: string; to: string };
  /** Where the evidence came from (`s3://bucket/prefix`, `dir:/path`). */
  source: string;
  files: Array<{ path: string; sha256: string; bytes: number }>;
}

/** Same shape as the other parts of a verification: failures name the file, each error has a code. */
export interface ManifestVerification {
  checked: number;
  ok: number;
  failures: Array<{ key: string; errors: VerificationProblem[] }>;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Every file under `dir` except the manifest, as `/`-separated relative paths, sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .filter((path) => path !== MANIFEST_FILE)
    .sort();
}

/**
 * Lists every file of a package directory with its SHA-256 and size (`sha256sum`-compatible hex),
 * so an auditor can check the package with standard tools and `trailproof verify` re-checks it.
 */
export async function buildManifest(dir: string, fields: Omit<Manifest, 'files'>): Promise<Manifest> {
  const files: Manifest['files'] = [];
  for (const path of await filesUnder(dir)) {
    const bytes = await readFile(join(dir, ...path.split('/')));
    files.push({ path, sha256: sha256(bytes), bytes: bytes.length });
  }
  return { ...fields, files };
}

/**
 * Re-checks a package directory against its manifest: every listed file present with its hash
 * and size, and no file that the manifest does not list. The manifest itself is not signed: it
 * catches damage and edits to the package; the signatures of records and seals are the proof.
 *
 * @returns undefined when `dir` has no manifest.json (not a package).
 */
export async function verifyManifest(dir: string): Promise<ManifestVerification | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
    // A file listed twice under one name would let the second entry hide the first's hash.
    const duplicate = duplicateMember(text);
    if (duplicate !== undefined) throw new Error(`${duplicate}: the member occurs twice`);
    if (!Array.isArray(manifest.files)) throw new Error('files: is not a list');
  } catch (error) {
    return { checked: 0, ok: 0, failures: [{ key: MANIFEST_FILE, errors: [verificationProblem('MANIFEST_INVALID', { error: (error as Error).message })] }] };
  }
  const failures: ManifestVerification['failures'] = [];
  const listed = new Set<string>();
  for (const file of manifest.files) {
    listed.add(file.path);
    const bytes = await readFile(join(dir, ...String(file.path).split('/'))).catch(() => undefined);
    if (!bytes) failures.push({ key: file.path, errors: [verificationProblem('PACKAGE_FILE_MISSING')] });
    else if (sha256(bytes) !== file.sha256 || bytes.length !== file.bytes) {
      const facts = { sha256: sha256(bytes), bytes: bytes.length, listedSha256: file.sha256, listedBytes: file.bytes };
      failures.push({ key: file.path, errors: [verificationProblem('PACKAGE_FILE_CHANGED', facts)] });
    }
  }
  for (const path of await filesUnder(dir)) if (!listed.has(path)) failures.push({ key: path, errors: [verificationProblem('PACKAGE_FILE_UNLISTED')] });
  const bad = new Set(failures.map((f) => f.key));
  return { checked: manifest.files.length, ok: manifest.files.filter((f) => !bad.has(f.path)).length, failures };
}

import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, open, readdir, readFile, unlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { StoreError } from '../errors.ts';
import type { EvidenceStore, ListOptions, PutResult } from './types.ts';

/**
 * An EvidenceStore in a local directory, write-once like Object Lock as far as a file system allows:
 * files are created exclusively and left read-only (0444), an existing key is never replaced.
 *
 * A put writes a hidden temporary file (opened with 'wx') and then hard-links it to its key:
 * link() fails with EEXIST instead of replacing, and a crash mid-write leaves only a temporary
 * file, never a truncated record under a real key that could then never be rewritten.
 *
 * @example const store = new DirectoryStore('./evidence');
 */
export class DirectoryStore implements EvidenceStore {
  readonly root: string;
  readonly location: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.location = `dir:${this.root}`;
  }

  /** The file of a key; refuses keys that could leave the root or hide as temporary files. */
  #path(key: string): string {
    const segments = key.split('/');
    if (!key || key.startsWith('/') || key.includes('\\') || segments.some((s) => s === '' || s === '.' || s === '..' || s.startsWith('.'))) {
      throw new StoreError(`refusing key ${JSON.stringify(key)}: not a plain relative key`);
    }
    return join(this.root, ...segments);
  }

  async put(key: string, body: string | Buffer): Promise<PutResult> {
    const path = this.#path(key);
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const dir = dirname(path);
    const temp = join(dir, `.${randomBytes(8).toString('hex')}.tmp`);
    try {
      await mkdir(dir, { recursive: true });
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await chmod(temp, 0o444);
      try {
        await link(temp, path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const existing = await readFile(path);
        return existing.equals(bytes) ? { key, created: false } : { key, created: false, conflict: true };
      }
      return { key, created: true };
    } catch (error) {
      throw new StoreError(`cannot write ${key} under ${this.root}: ${(error as Error).message}`, { cause: error });
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.#path(key));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw new StoreError(`cannot read ${key} under ${this.root}: ${(error as Error).message}`, { cause: error });
    }
  }

  async *list(prefix: string, options: ListOptions = {}): AsyncIterable<string> {
    // Start walking at the deepest directory the prefix names, not at the root.
    const base = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const keys: string[] = [];
    await this.#walk(base ? join(this.root, ...base.split('/')) : this.root, base, prefix, keys);
    keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const { startAfter } = options;
    yield* startAfter === undefined ? keys : keys.filter((key) => key > startAfter);
  }

  async #walk(dir: string, keyPrefix: string, wanted: string, out: string[]): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      throw new StoreError(`cannot list ${dir}: ${(error as Error).message}`, { cause: error });
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue; // temporary files of puts in flight
      const key = keyPrefix ? `${keyPrefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (wanted.startsWith(`${key}/`) || key.startsWith(wanted)) await this.#walk(`${dir}${sep}${entry.name}`, key, wanted, out);
      } else if (entry.isFile() && key.startsWith(wanted)) {
        out.push(key);
      }
    }
  }
}

import { randomBytes } from 'node:crypto';
import { constants, type Dirent, type Stats } from 'node:fs';
import { chmod, link, mkdir, open, readdir, readFile, realpath, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { NotRegularFileError, StoreError } from '../errors.ts';
import type { EvidenceStore, ListOptions, PutResult } from './types.ts';

/**
 * An EvidenceStore in a local directory, write-once like Object Lock as far as a file system allows:
 * files are created exclusively and left read-only (0444), an existing key is never replaced.
 *
 * A put writes a hidden temporary file (opened with 'wx') and then hard-links it to its key:
 * link() fails with EEXIST instead of replacing, and a crash mid-write leaves only a temporary
 * file, never a truncated record under a real key that could then never be rewritten.
 *
 * Reads never follow a symbolic link, at the key or on its path, and never open anything but a
 * regular file (NotRegularFileError); `listIrregular` names what `list` leaves out for that reason.
 *
 * @example const store = new DirectoryStore('./evidence');
 */
export class DirectoryStore implements EvidenceStore {
  readonly root: string;
  readonly location: string;
  #realRoot: string | undefined;
  readonly #plainDirectories = new Map<string, boolean>();

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
    const path = this.#path(key);
    let handle: FileHandle;
    try {
      // O_NOFOLLOW: a symbolic link is refused, not followed; O_NONBLOCK: opening a FIFO returns at once (then refused).
      handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      if (code === 'ELOOP' || code === 'EMLINK') throw new NotRegularFileError(key, 'symbolic link');
      throw new StoreError(`cannot read ${key} under ${this.root}: ${(error as Error).message}`, { cause: error });
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new NotRegularFileError(key, kindOf(stat));
      if (!(await this.#plainDirectory(dirname(path)))) throw new NotRegularFileError(key, 'file reached through a symbolic link');
      return await handle.readFile();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new StoreError(`cannot read ${key} under ${this.root}: ${(error as Error).message}`, { cause: error });
    } finally {
      await handle.close();
    }
  }

  /**
   * Is `dir` reached from the root without a symbolic link? A linked hour or check folder would
   * show bytes from outside the store under evidence keys. Verdicts are cached per directory.
   */
  async #plainDirectory(dir: string): Promise<boolean> {
    let verdict = this.#plainDirectories.get(dir);
    if (verdict === undefined) {
      this.#realRoot ??= await realpath(this.root);
      const expected = join(this.#realRoot, relative(this.root, dir));
      verdict = (await realpath(dir).catch(() => undefined)) === expected;
      if (this.#plainDirectories.size >= 4096) this.#plainDirectories.clear();
      this.#plainDirectories.set(dir, verdict);
    }
    return verdict;
  }

  async *list(prefix: string, options: ListOptions = {}): AsyncIterable<string> {
    for await (const entry of this.#walk(prefix, options.startAfter)) if (entry.kind === 'file') yield entry.key;
  }

  /**
   * What is under the prefix but is no evidence file, never followed: symbolic links, FIFOs,
   * sockets, devices, and directories named like evidence files (`.json`, `.jsonl`, `.pem`).
   * `list` leaves them out; verifyStore reports each.
   */
  async *listIrregular(prefix: string): AsyncIterable<{ key: string; kind: string }> {
    for await (const entry of this.#walk(prefix, undefined)) if (entry.kind !== 'file') yield entry;
  }

  /**
   * Every entry under the prefix, in key order, one directory read at a time (memory stays flat
   * however many files the store holds). Starts at the root, so a linked folder on the prefix's
   * own path is found and not followed. Directories sort as `name/`, which puts `a.json` before
   * `a/x.json` as S3 lists them.
   */
  async *#walk(wanted: string, startAfter: string | undefined, dir = this.root, keyPrefix = ''): AsyncIterable<{ key: string; kind: string }> {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      throw new StoreError(`cannot list ${dir}: ${(error as Error).message}`, { cause: error });
    }
    const sorted = entries
      .filter((entry) => !entry.name.startsWith('.')) // temporary files of puts in flight
      .map((entry) => ({ entry, key: `${keyPrefix}${entry.name}`, order: entry.isDirectory() ? `${entry.name}/` : entry.name }))
      .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
    for (const { entry, key } of sorted) {
      const onPath = key.startsWith(wanted) || wanted.startsWith(`${key}/`);
      if (!onPath) continue;
      if (entry.isDirectory()) {
        if (LOOKS_LIKE_A_FILE.test(entry.name) && key.startsWith(wanted)) yield { key, kind: 'directory' };
        // Nothing under `key/` sorts after startAfter when startAfter is past it and not inside it.
        if (startAfter !== undefined && `${key}/` < startAfter && !startAfter.startsWith(`${key}/`)) continue;
        yield* this.#walk(wanted, startAfter, `${dir}${sep}${entry.name}`, `${key}/`);
      } else if (entry.isFile()) {
        if (key.startsWith(wanted) && (startAfter === undefined || key > startAfter)) yield { key, kind: 'file' };
      } else {
        yield { key, kind: kindOf(entry) };
      }
    }
  }
}

/** A directory named like an evidence file is where an object should be. */
const LOOKS_LIKE_A_FILE = /\.(json|jsonl|pem|tsr)$/;

/** What a directory entry or an opened file is, when it is not a regular file. */
function kindOf(entry: Dirent | Stats): string {
  if (entry.isSymbolicLink()) return 'symbolic link';
  if (entry.isDirectory()) return 'directory';
  if (entry.isFIFO()) return 'FIFO';
  if (entry.isSocket()) return 'socket';
  if (entry.isBlockDevice() || entry.isCharacterDevice()) return 'device';
  return 'special file';
}

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NotRegularFileError, StoreError } from '../../lib/errors.ts';
import { DirectoryStore } from '../../lib/store/directory.ts';

/** What a copied store may hold besides plain files, and what the store does with each: report, never follow. */

const OBJECT = 'records/v2/2026/05/01/13/iam-root-mfa/111122223333/us-east-1/a.jsonl';
let roots: string[] = [];
afterEach(() => {
  roots.forEach((r) => rmSync(r, { recursive: true, force: true }));
  roots = [];
});

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tp-irregular-'));
  roots.push(dir);
  return dir;
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

async function refusal(store: DirectoryStore, key: string): Promise<string> {
  const error = await store.get(key).then(() => undefined, (e: unknown) => e);
  if (!(error instanceof NotRegularFileError)) throw new Error(`expected a NotRegularFileError for ${key}, got ${String(error)}`);
  return error.kind;
}

describe('DirectoryStore: symbolic links, FIFOs and directories under evidence keys', () => {
  it('refuses to read through a symbolic link to a file, and names it instead of listing it', async () => {
    // Prepare
    const root = freshDir();
    const outside = join(freshDir(), 'forged.jsonl');
    writeFileSync(outside, '{"forged":true}\n');
    const store = new DirectoryStore(root);
    await store.put('records/v2/2026/05/01/13/iam-root-mfa/111122223333/us-east-1/b.jsonl', 'real\n');
    symlinkSync(outside, join(root, OBJECT));
    // Act
    const listed = await collect(store.list('records/'));
    const irregular = await collect(store.listIrregular('records/'));
    // Assess
    expect(listed).toEqual(['records/v2/2026/05/01/13/iam-root-mfa/111122223333/us-east-1/b.jsonl']);
    expect(irregular).toEqual([{ key: OBJECT, kind: 'symbolic link' }]);
    expect(await refusal(store, OBJECT)).toBe('symbolic link');
  });

  it('never follows a symbolic link in place of an hour folder', async () => {
    // Prepare: hour 13 replaced by a link to a folder holding edited objects
    const root = freshDir();
    const elsewhere = freshDir();
    mkdirSync(join(elsewhere, 'iam-root-mfa/111122223333/us-east-1'), { recursive: true });
    writeFileSync(join(elsewhere, 'iam-root-mfa/111122223333/us-east-1/a.jsonl'), 'edited\n');
    mkdirSync(join(root, 'records/v2/2026/05/01'), { recursive: true });
    symlinkSync(elsewhere, join(root, 'records/v2/2026/05/01/13'));
    const store = new DirectoryStore(root);
    // Act
    const listed = await collect(store.list('records/v2/'));
    const irregular = await collect(store.listIrregular('records/v2/2026/05/01/13/'));
    // Assess
    expect(listed).toEqual([]);
    expect(irregular).toEqual([{ key: 'records/v2/2026/05/01/13', kind: 'symbolic link' }]);
    expect(await refusal(store, OBJECT)).toBe('file reached through a symbolic link');
  });

  it('names a FIFO and a directory named like an object, and reads neither', async () => {
    // Prepare
    const root = freshDir();
    const store = new DirectoryStore(root);
    await store.put('seals/v2/2026/05/01/00000000.json', '{}');
    mkdirSync(join(root, 'records/v2/2026/05/01/13/iam-root-mfa/111122223333/us-east-1'), { recursive: true });
    execFileSync('mkfifo', [join(root, OBJECT)]);
    mkdirSync(join(root, 'seals/v2/2026/05/01/00000001.json'));
    // Act
    const irregular = [...(await collect(store.listIrregular('records/'))), ...(await collect(store.listIrregular('seals/')))];
    // Assess
    expect(irregular).toEqual([
      { key: OBJECT, kind: 'FIFO' },
      { key: 'seals/v2/2026/05/01/00000001.json', kind: 'directory' },
    ]);
    expect(await refusal(store, OBJECT)).toBe('FIFO');
    expect(await refusal(store, 'seals/v2/2026/05/01/00000001.json')).toBe('directory');
    expect(await collect(store.list('seals/'))).toEqual(['seals/v2/2026/05/01/00000000.json']);
  });

  it('lists a file whose name holds a backslash, and refuses to read it as a key', async () => {
    // Prepare
    const root = freshDir();
    mkdirSync(join(root, 'records/v2'), { recursive: true });
    writeFileSync(join(root, 'records/v2/odd\\name.jsonl'), 'x\n');
    const store = new DirectoryStore(root);
    // Act
    const listed = await collect(store.list('records/'));
    const read = await store.get('records/v2/odd\\name.jsonl').then(() => undefined, (e: unknown) => e);
    // Assess
    expect(listed).toEqual(['records/v2/odd\\name.jsonl']);
    expect(read).toBeInstanceOf(StoreError);
  });

  it('lists in key order across folders, however deep, as S3 does', async () => {
    // Prepare
    const store = new DirectoryStore(freshDir());
    for (const key of ['a/b.json', 'a.json', 'a-c.json', 'a/a/z.json']) await store.put(key, 'x');
    // Act / Assess
    expect(await collect(store.list(''))).toEqual(['a-c.json', 'a.json', 'a/a/z.json', 'a/b.json']);
    expect(await collect(store.list('', { startAfter: 'a/a/z.json' }))).toEqual(['a/b.json']);
  });
});

import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../lib/errors.ts';
import { DirectoryStore } from '../../lib/store/directory.ts';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));
const fresh = () => new DirectoryStore((root = mkdtempSync(join(tmpdir(), 'tp-dir-'))));

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('DirectoryStore', () => {
  it('creates the directories a key needs and leaves the file read-only', async () => {
    // Prepare
    const store = fresh();
    // Act
    const result = await store.put('records/v1/2026/05/01/13/iam-root-mfa/abc.json', '{"a":1}\n');
    // Assess
    expect(result).toEqual({ key: 'records/v1/2026/05/01/13/iam-root-mfa/abc.json', created: true });
    const file = join(root, 'records/v1/2026/05/01/13/iam-root-mfa/abc.json');
    expect(statSync(file).mode & 0o777).toBe(0o444);
    expect((await store.get('records/v1/2026/05/01/13/iam-root-mfa/abc.json'))?.toString()).toBe('{"a":1}\n');
    expect(store.location).toBe(`dir:${root}`);
  });

  it('never overwrites: same bytes is created:false, other bytes is a reported conflict', async () => {
    // Prepare
    const store = fresh();
    await store.put('keys/k.pem', 'one');
    // Act
    const same = await store.put('keys/k.pem', 'one');
    const other = await store.put('keys/k.pem', Buffer.from('two'));
    // Assess
    expect(same).toEqual({ key: 'keys/k.pem', created: false });
    expect(other).toEqual({ key: 'keys/k.pem', created: false, conflict: true });
    expect((await store.get('keys/k.pem'))?.toString()).toBe('one');
    expect(readdirSync(join(root, 'keys'))).toEqual(['k.pem']); // no temporary files left behind
  });

  it('lets exactly one of many concurrent writers of a key create it', async () => {
    // Prepare
    const store = fresh();
    // Act
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.put('records/v1/x.json', `writer ${i}`)));
    // Assess
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const winner = results.findIndex((r) => r.created);
    expect((await store.get('records/v1/x.json'))?.toString()).toBe(`writer ${winner}`);
  });

  it('lists recursively, sorted, under a prefix, skipping files of writes in flight', async () => {
    // Prepare
    const store = fresh();
    for (const key of ['records/v1/2026/05/02/00/c/b.json', 'records/v1/2026/05/01/13/c/a.json', 'records/v1/2026/05/01/09/c/z.json', 'keys/k.pem', 'records/v10/x.json']) {
      await store.put(key, 'x');
    }
    writeFileSync(join(root, 'records/v1/2026/05/01/13/c/.0badc0de.tmp'), 'partial');
    // Act
    const all = await collect(store.list('records/v1/'));
    const oneDay = await collect(store.list('records/v1/2026/05/01/'));
    const partialSegment = await collect(store.list('records/v1'));
    // Assess
    expect(all).toEqual(['records/v1/2026/05/01/09/c/z.json', 'records/v1/2026/05/01/13/c/a.json', 'records/v1/2026/05/02/00/c/b.json']);
    expect(oneDay).toEqual(['records/v1/2026/05/01/09/c/z.json', 'records/v1/2026/05/01/13/c/a.json']);
    expect(partialSegment).toEqual([...all, 'records/v10/x.json']);
    expect(await collect(store.list('seals/'))).toEqual([]);
  });

  it('resumes a listing after a key, as S3 StartAfter does', async () => {
    // Prepare
    const store = fresh();
    for (const key of ['records/v2/h/a.jsonl', 'records/v2/h/b.jsonl', 'records/v2/h/c.jsonl']) await store.put(key, '{}\n');
    // Act / Assess
    expect(await collect(store.list('records/v2/h/', { startAfter: 'records/v2/h/a.jsonl' }))).toEqual(['records/v2/h/b.jsonl', 'records/v2/h/c.jsonl']);
  });

  it('refuses keys that would leave the root, and reads a missing key as undefined', async () => {
    // Prepare
    const store = fresh();
    // Act / Assess
    for (const key of ['../escape.json', '/etc/passwd', 'records/../../x', 'a//b', 'records/.hidden']) {
      await expect(store.put(key, 'x'), key).rejects.toThrow(StoreError);
    }
    expect(await store.get('records/v1/none.json')).toBeUndefined();
  });
});

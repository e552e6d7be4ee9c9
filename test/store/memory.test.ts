import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../lib/store/memory.ts';

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('MemoryStore', () => {
  it('creates once and never overwrites, telling a repeat from a conflict', async () => {
    // Prepare
    const store = new MemoryStore();
    // Act
    const first = await store.put('records/v1/a.json', '{"a":1}');
    const repeat = await store.put('records/v1/a.json', Buffer.from('{"a":1}'));
    const conflict = await store.put('records/v1/a.json', '{"a":2}');
    // Assess
    expect(first).toEqual({ key: 'records/v1/a.json', created: true });
    expect(repeat).toEqual({ key: 'records/v1/a.json', created: false });
    expect(conflict).toEqual({ key: 'records/v1/a.json', created: false, conflict: true });
    expect((await store.get('records/v1/a.json'))?.toString()).toBe('{"a":1}');
  });

  it('keeps its own copy of the bytes', async () => {
    // Prepare
    const store = new MemoryStore();
    const body = Buffer.from('{"result":"fail"}');
    await store.put('k.json', body);
    // Act
    body.write('{"result":"pass"}');
    (await store.get('k.json'))!.write('XXXXXXXXX');
    // Assess
    expect((await store.get('k.json'))?.toString()).toBe('{"result":"fail"}');
  });

  it('lists keys under a prefix in lexicographic order, including keys added after a list', async () => {
    // Prepare
    const store = new MemoryStore();
    for (const key of ['records/v1/b', 'keys/x.pem', 'records/v1/a', 'records/v10/z']) await store.put(key, 'x');
    // Act
    const first = await collect(store.list('records/v1/'));
    await store.put('records/v1/0', 'x');
    const second = await collect(store.list('records/v1/'));
    // Assess
    expect(first).toEqual(['records/v1/a', 'records/v1/b']);
    expect(second).toEqual(['records/v1/0', 'records/v1/a', 'records/v1/b']);
    expect(await store.get('missing')).toBeUndefined();
    expect(store.size).toBe(5);
  });

  it('resumes a listing after a key, as S3 StartAfter does', async () => {
    // Prepare
    const store = new MemoryStore();
    for (const key of ['records/v2/a', 'records/v2/b', 'records/v2/b0', 'records/v2/c', 'seals/x']) await store.put(key, 'x');
    // Act / Assess
    expect(await collect(store.list('records/v2/', { startAfter: 'records/v2/b' }))).toEqual(['records/v2/b0', 'records/v2/c']);
    expect(await collect(store.list('records/v2/', { startAfter: 'records/v1/z' }))).toEqual(['records/v2/a', 'records/v2/b', 'records/v2/b0', 'records/v2/c']);
    expect(await collect(store.list('records/v2/', { startAfter: 'records/v2/c' }))).toEqual([]);
  });
});

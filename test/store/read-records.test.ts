import { describe, expect, it } from 'vitest';
import { ParseError, SchemaError } from '../../lib/errors.ts';
import { signBatch } from '../../lib/evidence/batch.ts';
import { recordKey } from '../../lib/store/layout.ts';
import { MemoryStore } from '../../lib/store/memory.ts';
import { readRecords } from '../../lib/store/read-records.ts';
import { recordObject } from '../../lib/store/record-object.ts';
import { freshSigner, unsignedRecords } from '../evidence/helpers.ts';

const AT = new Date('2026-05-01T13:00:00Z');

async function seeded() {
  const store = new MemoryStore();
  const signed = await signBatch(unsignedRecords(3), freshSigner().signer, AT);
  for (const r of signed) await store.put(recordKey(r, AT), JSON.stringify(r));
  await store.put('keys/sha256-00.pem', 'not a record');
  return { store, signed };
}

describe('readRecords', () => {
  it('yields every record with its key, in key order, parsed and typed', async () => {
    // Prepare
    const { store, signed } = await seeded();
    // Act
    const read = [];
    for await (const item of readRecords(store)) read.push(item);
    // Assess
    const expected = signed.map((r) => ({ key: recordKey(r, AT), record: r })).sort((a, b) => (a.key < b.key ? -1 : 1));
    expect(read).toEqual(expected);
  });

  it('throws on an invalid record naming the key, or hands it to onInvalid', async () => {
    // Prepare
    const { store } = await seeded();
    await store.put('records/v1/2026/05/01/13/iam-root-mfa/ffffffffffffffffffffffffffffffff.json', '{"schema":"x"}');
    await store.put('records/v1/2026/05/01/13/iam-root-mfa/00000000000000000000000000000000.json', '{oops');
    const invalid: Array<[string, string]> = [];
    // Act
    const consume = async () => {
      const keys: string[] = [];
      for await (const { key } of readRecords(store)) keys.push(key);
      return keys;
    };
    const valid: string[] = [];
    for await (const { key } of readRecords(store, { onInvalid: (key, error) => invalid.push([key, error.constructor.name]) })) valid.push(key);
    // Assess
    await expect(consume()).rejects.toThrow(ParseError);
    expect(valid).toHaveLength(3);
    expect(invalid).toEqual([
      ['records/v1/2026/05/01/13/iam-root-mfa/00000000000000000000000000000000.json', ParseError.name],
      ['records/v1/2026/05/01/13/iam-root-mfa/ffffffffffffffffffffffffffffffff.json', SchemaError.name],
    ]);
  });
});

describe('readRecords over v2 objects', () => {
  it('yields every line of every object by address, after the v1 records, and hands a bad line to onInvalid', async () => {
    // Prepare
    const { store, signed } = await seeded();
    const batch = await signBatch(unsignedRecords(5).slice(3), freshSigner().signer, AT);
    const { key, bytes } = recordObject(batch, AT);
    await store.put(key, bytes);
    const broken = `${key.slice(0, -70)}${'0'.repeat(64)}.jsonl`;
    await store.put(broken, `${JSON.stringify(batch[0])}\n{"schema":"x"}\n`);
    const invalid: string[] = [];
    // Act
    const read: string[] = [];
    for await (const item of readRecords(store, { onInvalid: (address) => invalid.push(address), concurrency: 2 })) read.push(item.key);
    // Assess
    expect(read.slice(0, 3)).toEqual(signed.map((r) => recordKey(r, AT)).sort());
    expect(read.slice(3).sort()).toEqual([`${broken}#1`, `${key}#1`, `${key}#2`].sort());
    expect(invalid).toEqual([`${broken}#2`]);
  });
});

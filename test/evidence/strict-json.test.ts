import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duplicateMember } from '../../lib/evidence/strict-json.ts';

describe('duplicateMember: a member name twice in one object', () => {
  it.each([
    ['a forged verdict before the signed one', '{"id":"x","result":"pass","result":"fail"}', 'result'],
    ['nested in the integrity proof', '{"integrity":{"batch":{"root":"a","keyId":"k","root":"b"}}}', 'integrity.batch.root'],
    ['in an object inside an array', '{"records":[{"key":"a"},{"key":"b","key":"c"}]}', 'records[1].key'],
    ['spelled with an escape', '{"result":"pass","r\\u0065sult":"fail"}', 'result'],
    ['at the top of an array document', '[1,{"a":1,"a":2}]', '[1].a'],
    ['with spaces and new lines around it', '{\n  "a": 1,\n  "a" : 2\n}', 'a'],
  ])('finds %s', (_name, text, path) => {
    // Act / Assess
    expect(duplicateMember(text)).toBe(path);
  });

  it.each([
    ['the same name in sibling objects', '{"a":{"k":1},"b":{"k":2}}'],
    ['a value equal to a name', '{"result":"result","reason":"result"}'],
    ['quotes and braces inside strings', '{"a":"\\"b\\":{\\"a\\":1}","b":"[}{,"}'],
    ['a string ending in an escaped backslash', '{"a":"x\\\\","b":"y"}'],
    ['scalars and empty containers', '[1,"a",{},[],null,true]'],
  ])('finds none with %s', (_name, text) => {
    // Act / Assess
    expect(duplicateMember(text)).toBeUndefined();
  });

  it('agrees with JSON.parse: no duplicate exactly when re-serializing keeps every member', () => {
    // Prepare: objects built from a small alphabet of names, so duplicates are common
    const name = fc.constantFrom('a', 'b', 'result', 'r\\u0065sult', 'x"y', '');
    const value: fc.Arbitrary<string> = fc.letrec<{ v: string }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom('1', '"s"', 'null', '"\\\\"'),
        fc.array(tie('v'), { maxLength: 3 }).map((items) => `[${items.join(',')}]`),
        fc.array(fc.tuple(name, tie('v')), { maxLength: 4 }).map((members) => `{${members.map(([n, v]) => `"${n.replace('"', '\\"')}":${v}`).join(',')}}`),
      ),
    })).v;
    // Act / Assess
    fc.assert(
      fc.property(value, (text) => {
        const countMembers = (v: unknown): number => (Array.isArray(v) ? v.reduce((n: number, x) => n + countMembers(x), 0) : v && typeof v === 'object' ? Object.values(v).reduce((n: number, x) => n + countMembers(x), Object.keys(v).length) : 0);
        const written = (text.match(/":/g) ?? []).length - (text.match(/\\":/g) ?? []).length;
        expect(duplicateMember(text) === undefined).toBe(countMembers(JSON.parse(text)) === written);
      }),
      { numRuns: 2000 },
    );
  });
});

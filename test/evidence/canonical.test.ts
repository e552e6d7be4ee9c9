import { describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalJson, canonicalPieces } from '../../lib/evidence/canonical.ts';
import { leafHash, leafHashOfPieces } from '../../lib/evidence/merkle.ts';
import { ParseError } from '../../lib/errors.ts';
import { unsignedRecord } from './helpers.ts';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts members by UTF-16 code units and drops whitespace', () => {
    // Prepare: the RFC 8785 section 3.2.3 sorting example keys
    const value = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };
    // Act
    const text = canonicalJson(value);
    // Assess
    expect(text).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('formats numbers the ECMAScript way', () => {
    // Prepare / Act
    const text = canonicalJson({ n: [1e30, 4.5, 0.000001, 1e-7, -0, 100] });
    // Assess
    expect(text).toBe('{"n":[1e+30,4.5,0.000001,1e-7,0,100]}');
  });

  it('refuses values JSON cannot carry, naming the problem', () => {
    // Prepare / Act / Assess
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(ParseError);
    expect(() => canonicalJson({ s: '\ud800' })).toThrow(expect.objectContaining({ code: 'INVALID_VALUE', field: '(root)' }));
  });
});

describe('canonicalBytes', () => {
  it('is the same for a record with or without its integrity member', () => {
    // Prepare
    const record = unsignedRecord();
    const signed = { ...record, integrity: { leafHash: 'x' } };
    // Act
    const a = canonicalBytes(record);
    const b = canonicalBytes(signed);
    // Assess
    expect(a.equals(b)).toBe(true);
    expect(a.toString('utf8')).not.toContain('integrity');
  });

  it('does not depend on member order', () => {
    // Prepare
    const record = unsignedRecord();
    const reordered = Object.fromEntries(Object.entries(record).reverse());
    // Act / Assess
    expect(canonicalBytes(reordered).equals(canonicalBytes(record))).toBe(true);
  });

  it('changes when any value changes', () => {
    // Prepare
    const record = unsignedRecord();
    // Act
    const changed = canonicalBytes({ ...record, result: 'pass' });
    // Assess
    expect(changed.equals(canonicalBytes(record))).toBe(false);
  });
});

describe('canonicalPieces', () => {
  it('joined, are exactly the canonical bytes of the document without integrity, top-level arrays element by element', () => {
    // Prepare: members out of order, arrays of objects, an empty array, an undefined member, non-ASCII keys
    const document = {
      window: { start: 'a', end: 'b' },
      objects: [{ key: 'k2', count: 2, sha256: 'x' }, { key: 'k1', count: 1, root: 'é' }],
      records: [],
      seq: 3,
      '\u20ac': ['€', 1.5e21, null],
      skipped: undefined,
      integrity: { leafHash: 'left out' },
    };
    // Act
    const pieces = [...canonicalPieces(document)];
    // Assess
    expect(pieces.join('')).toBe(canonicalBytes(document).toString('utf8'));
    expect(pieces.length).toBeGreaterThan(6);
    expect(leafHashOfPieces(pieces)).toBe(leafHash(canonicalBytes(document)));
  });

  it('refuse a member that cannot be canonicalized, naming why', () => {
    expect(() => [...canonicalPieces({ objects: [{ key: 'x\ud800' }] })]).toThrow(ParseError);
  });
});

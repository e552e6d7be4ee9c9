import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAMILIES, RESULTS, SEVERITIES } from '../../lib/model/check.ts';

const schema = (name: string) => JSON.parse(readFileSync(new URL(`../../evidence-schemas/${name}`, import.meta.url), 'utf8'));

describe('the result, family and severity lists', () => {
  it('are the lists the published v1 schemas accept, in the same order', () => {
    // Prepare: the schemas are a six-year contract; the code's lists are the one place code reads them from.
    const record = schema('evidence-record.v1.schema.json');
    const metadata = schema('check-metadata.v1.schema.json');

    // Assess
    expect(record.properties.result.enum).toEqual([...RESULTS]);
    expect(metadata.$defs.family.enum).toEqual([...FAMILIES]);
    expect(metadata.$defs.severity.enum).toEqual([...SEVERITIES]);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NUMERIC_SETTINGS } from '../../lib/model/settings.ts';

const serverless = readFileSync(new URL('../../serverless.yml', import.meta.url), 'utf8');

describe('the deployment parameters of the numeric settings', () => {
  it('pass each setting to every function under its variable, with the default of lib/model/settings.ts', () => {
    // Act
    const missing = Object.entries(NUMERIC_SETTINGS)
      .map(([name, setting]) => `    ${setting.env}: \${param:${name}, '${setting.default}'}`)
      .filter((line) => !serverless.includes(`\n${line}\n`));
    // Assess
    expect(missing).toEqual([]);
  });
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../lib/checks/registry.ts';
import { validateMetadata } from '../../lib/evidence/schemas.ts';
import type { Check } from '../../lib/model/check.ts';

/**
 * The catalog agrees with itself: a check is a folder (lib/checks/<id>/ with index.ts and
 * metadata.json), one line in the registry and one table test (test/checks/<id>.test.ts). A check
 * added without its registry line never runs; a registry line without its test is untested; a
 * test left behind by a removed check tests nothing. Each of these fails here, by name.
 * (Per check, test/fixtures/checks/harness.ts's itHasValidMetadata checks the fields in depth.)
 */

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CHECKS_DIR = join(REPO, 'lib/checks');
const TESTS_DIR = join(REPO, 'test/checks');

/** Test files in test/checks that are not a check's table test, each with what it tests. */
const NON_CHECK_TESTS: Record<string, string> = {
  'config-rule-names': 'lib/checks/config-rule-names.ts',
  'registry-consistency': 'this file',
};

/** Checks that can never pass, so their tests need not say 'pass'; each with why. */
const NEVER_PASS: Record<string, string> = {
  'iam-root-account-activity': 'the event is the root activity itself: an event never shows its absence',
};

const subfolders = readdirSync(CHECKS_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
/** Folders holding a check: a metadata.json, or an index.ts (which then owes a metadata.json). */
const checkFolders = subfolders.filter((f) => existsSync(join(CHECKS_DIR, f, 'metadata.json')) || existsSync(join(CHECKS_DIR, f, 'index.ts')));
const testNames = readdirSync(TESTS_DIR).filter((f) => f.endsWith('.test.ts')).map((f) => f.slice(0, -'.test.ts'.length)).sort();
const registeredIds = CHECKS.map((c) => c.metadata.id);
const metadataOnDisk = (folder: string): unknown => JSON.parse(readFileSync(join(CHECKS_DIR, folder, 'metadata.json'), 'utf8'));
const testSource = (id: string): string => readFileSync(join(TESTS_DIR, `${id}.test.ts`), 'utf8');

describe('check catalog consistency: folder, metadata, registry and tests agree', () => {
  it('finds the catalog (a guard against a wrong path making every test below vacuous)', () => {
    expect(checkFolders.length).toBeGreaterThan(0);
    expect(CHECKS.length).toBeGreaterThan(0);
  });

  it('registers each check id once', () => {
    // Act
    const duplicated = registeredIds.filter((id, i) => registeredIds.indexOf(id) !== i);
    // Assess
    expect(duplicated).toEqual([]);
  });

  it('has exactly one check folder per registered check, named by its id', () => {
    expect(checkFolders).toEqual([...registeredIds].sort());
  });

  it.each(checkFolders)('%s: metadata.json exists, validates against check-metadata.v1 and its id is the folder name', (folder) => {
    // Prepare
    const path = join(CHECKS_DIR, folder, 'metadata.json');
    expect(existsSync(path), `${path} is missing`).toBe(true);
    // Act
    const metadata = validateMetadata(metadataOnDisk(folder));
    // Assess
    expect(metadata.id).toBe(folder);
  });

  it.each(checkFolders)('%s: the registry holds the very check its folder exports, with the metadata on disk', async (folder) => {
    // Prepare
    const module = (await import(pathToFileURL(join(CHECKS_DIR, folder, 'index.ts')).href)) as { default: Check };
    // Act
    const entries = CHECKS.filter((c) => c === module.default);
    // Assess
    expect(entries).toHaveLength(1);
    expect(module.default.metadata.id).toBe(folder);
    expect(module.default.metadata).toEqual(metadataOnDisk(folder));
  });

  it.each(registeredIds)('%s: has a table test test/checks/<id>.test.ts that runs the metadata harness and covers pass and fail', (id) => {
    // Prepare
    expect(testNames, `test/checks/${id}.test.ts is missing`).toContain(id);
    // Act
    const source = testSource(id);
    // Assess
    expect(source).toContain(`itHasValidMetadata(`);
    expect(source).toContain(`'fail'`);
    if (!(id in NEVER_PASS)) expect(source).toContain(`'pass'`);
  });

  it('has no test file in test/checks that is neither a registered check nor listed as a non-check test', () => {
    // Act
    const orphans = testNames.filter((name) => !registeredIds.includes(name) && !(name in NON_CHECK_TESTS));
    // Assess: a test named after a removed or unregistered check, or a new non-check test to list above
    expect(orphans).toEqual([]);
  });

  it('keeps its own exception lists true: listed non-check tests exist and are not checks; never-pass checks are registered', () => {
    expect(Object.keys(NON_CHECK_TESTS).filter((name) => !testNames.includes(name) || registeredIds.includes(name))).toEqual([]);
    expect(Object.keys(NEVER_PASS).filter((id) => !registeredIds.includes(id))).toEqual([]);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('..', import.meta.url));
/**
 * What a user installs and runs: the CLI (bin/ → lib/) and the Lambda bundles (functions/ → lib/).
 * deploy/, bench/ and scripts/ run from a checkout with the dev dependencies installed.
 */
const SHIPPED = ['bin', 'lib', 'functions'];
const SOURCE = /\.(ts|mts|mjs|js)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(REPO, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && SOURCE.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Files whose one computed import() loads a file of this repository, never a package: a clone's
 * export builds verify.mjs with the repository's own build script, named by a computed URL so the
 * CLI bundle neither follows nor ships it.
 */
const COMPUTED_IMPORTS_OF_OWN_FILES = new Set(['lib/cli/verifier-source.ts']);

/** Module specifiers a file loads at run time: static imports and re-exports (not `import type`), and `import('...')`. */
function runtimeSpecifiers(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteralLike(argument)) specifiers.push(argument.text);
      else if (!COMPUTED_IMPORTS_OF_OWN_FILES.has(relative(REPO, file))) {
        throw new Error(`${relative(REPO, file)}: import() of a computed specifier cannot be checked against package.json`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}

/** `@aws-sdk/client-s3` → itself, `ajv/dist/2020.js` → `ajv`; undefined for relative paths and Node builtins. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return builtinModules.includes(name) ? undefined : name;
}

describe('package.json dependencies match what shipped code imports', () => {
  const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const importers = new Map<string, string[]>();
  for (const file of SHIPPED.flatMap(sourceFiles)) {
    for (const name of runtimeSpecifiers(file).map(packageOf)) {
      if (name) importers.set(name, [...(importers.get(name) ?? []), relative(REPO, file)]);
    }
  }

  it('every package shipped code imports at run time is a dependency, not a dev dependency', () => {
    // Act
    const missing = [...importers].filter(([name]) => !(name in manifest.dependencies)).map(([name, files]) => `${name} (${files.join(', ')})`);

    // Assess
    expect(missing).toEqual([]);
  });

  it('every dependency is imported by shipped code', () => {
    // Act
    const unused = Object.keys(manifest.dependencies).filter((name) => !importers.has(name));

    // Assess
    expect(unused).toEqual([]);
  });

  it('pins every package exactly, and lists none as both', () => {
    // Act
    const all = { ...manifest.dependencies, ...manifest.devDependencies };
    // An exact version may carry a pre-release tag (@duckdb/node-api publishes only X.Y.Z-r.N); a range never passes.
    // An npm alias (`npm:node@22.23.3`: a second Node for the installed-package tests) pins the same way.
    const ranges = Object.entries(all).filter(([, version]) => !/^(?:npm:(?:@[a-z0-9-]+\/)?[a-z0-9.-]+@)?\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?$/.test(version));
    const both = Object.keys(manifest.dependencies).filter((name) => name in manifest.devDependencies);

    // Assess
    expect(ranges).toEqual([]);
    expect(both).toEqual([]);
  });
});

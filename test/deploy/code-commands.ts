/**
 * Test helper: the AWS SDK commands each Lambda function's code can send, read from the code itself.
 * esbuild bundles each function entry (as deploy/build-functions.ts does) and names the source files that
 * end up in it; the TypeScript checker then finds, in those files, every `new XCommand(...)` and
 * `paginateX(...)` of an @aws-sdk/client-* package (aliases resolved), and every call of an evidence
 * store method (on a value typed EvidenceStore or S3Store), which stands for the commands that
 * method of S3Store sends. No list of commands is kept by hand: a new SDK call in a function's code
 * is a new requirement the IAM simulation must find allowed.
 */
import { relative } from 'node:path';
import { buildSync } from 'esbuild';
import ts from 'typescript';
import { REPO_ROOT } from '../../deploy/generate.ts';
import { FUNCTIONS, type FunctionName } from '../../deploy/roles.ts';

/** One SDK command the code can send. */
export interface SdkCall {
  /** The SDK client package without `@aws-sdk/client-` (s3, s3-control, kms, ...). */
  client: string;
  operation: string;
  /** Repository-relative file of the call. */
  file: string;
  /** Input members the call names, with their value when it is a string literal. */
  input: Record<string, string | true>;
  /** Evidence areas (`records`, `seals`, `keys`) the call's store key or prefix comes from, if any. */
  areas: string[];
}

const STORE_IMPLEMENTATION = 'lib/store/s3.ts';
const LAYOUT = 'lib/store/layout.ts';
const SDK_PACKAGE = /node_modules\/@aws-sdk\/client-([a-z0-9-]+)\//;

/** The repository source files esbuild puts in a function's bundle. */
function bundleFiles(fn: FunctionName): Set<string> {
  const result = buildSync({
    entryPoints: [`functions/${fn}.ts`],
    absWorkingDir: REPO_ROOT,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  return new Set(Object.keys(result.metafile.inputs));
}

function program(): ts.Program {
  const config = ts.getParsedCommandLineOfConfigFile(`${REPO_ROOT}/tsconfig.json`, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!config) throw new Error('cannot read tsconfig.json');
  return ts.createProgram(FUNCTIONS.map((fn) => `${REPO_ROOT}/functions/${fn}.ts`), { ...config.options, noEmit: true });
}

/** The declaration a name stands for, through import aliases. */
function declarationOf(checker: ts.TypeChecker, node: ts.Node): ts.Declaration | undefined {
  let symbol = checker.getSymbolAtLocation(node);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol?.declarations?.[0];
}

/**
 * The evidence areas a subtree's keys come from: layout constants it reaches (`records/v1/` is area
 * `records`), following the store modules that build keys (lib/store/*, e.g. the record object name)
 * but taking area names only from the layout, where every key prefix is defined.
 */
function areasIn(checker: ts.TypeChecker, root: ts.Node, seen = new Set<ts.Node>()): Set<string> {
  const areas = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      const declaration = declarationOf(checker, node);
      const file = declaration && relative(REPO_ROOT, declaration.getSourceFile().fileName);
      if (declaration && file && !seen.has(declaration) && file.startsWith('lib/store/') && file !== STORE_IMPLEMENTATION) {
        seen.add(declaration);
        const body = ts.isVariableDeclaration(declaration) ? declaration.initializer : declaration;
        if (body && file === LAYOUT) {
          (function literals(n: ts.Node): void {
            if ((ts.isStringLiteralLike(n) || ts.isTemplateHead(n)) && /^[a-z]+\//.test(n.text)) areas.add(n.text.split('/')[0]!);
            n.forEachChild(literals);
          })(body);
        }
        if (body) for (const area of areasIn(checker, body, seen)) areas.add(area);
      }
    }
    node.forEachChild(visit);
  };
  visit(root);
  return areas;
}

/** The areas a store call works on: from its arguments, else its enclosing function, else its file. */
function storeAreas(checker: ts.TypeChecker, call: ts.CallExpression): string[] {
  const fromArgs = new Set(call.arguments.flatMap((a) => [...areasIn(checker, a)]));
  if (fromArgs.size > 0) return [...fromArgs].sort();
  let scope: ts.Node | undefined = call.parent;
  while (scope && !ts.isFunctionLike(scope)) scope = scope.parent;
  const fromFunction = scope ? areasIn(checker, scope) : new Set<string>();
  return [...(fromFunction.size > 0 ? fromFunction : areasIn(checker, call.getSourceFile()))].sort();
}

function literalInput(argument: ts.Expression | undefined): Record<string, string | true> {
  const input: Record<string, string | true> = {};
  if (!argument || !ts.isObjectLiteralExpression(argument)) return input;
  for (const p of argument.properties) {
    if (!p.name || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) continue;
    input[p.name.text] = ts.isPropertyAssignment(p) && ts.isStringLiteralLike(p.initializer) ? p.initializer.text : true;
  }
  return input;
}

/** The SDK call a node makes, if it is `new XCommand(...)` or `paginateX(...)` of an SDK client package. */
function sdkCall(checker: ts.TypeChecker, node: ts.Node, file: string): SdkCall | undefined {
  if (!(ts.isNewExpression(node) || ts.isCallExpression(node))) return undefined;
  const declaration = declarationOf(checker, node.expression);
  const sdk = declaration && SDK_PACKAGE.exec(declaration.getSourceFile().fileName);
  if (!sdk) return undefined;
  const name = node.expression.getText();
  const original = declaration && 'name' in declaration && declaration.name ? (declaration.name as ts.Identifier).text : name;
  const operation = ts.isNewExpression(node) ? /^(\w+)Command$/.exec(original)?.[1] : /^paginate(\w+)$/.exec(original)?.[1];
  if (!operation) return undefined;
  return { client: sdk[1]!, operation, file, input: literalInput(node.arguments?.[0]), areas: [] };
}

/** The store method a call invokes, when its receiver is an evidence store. */
function storeMethod(checker: ts.TypeChecker, node: ts.Node): string | undefined {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return undefined;
  const receiver = checker.typeToString(checker.getTypeAtLocation(node.expression.expression));
  return /\b(EvidenceStore|S3Store)\b/.test(receiver) ? node.expression.name.text : undefined;
}

/**
 * Every SDK command each function's bundle can send: direct calls outside the store implementation,
 * plus, for each store method the bundle calls, that S3Store method's commands with the areas the
 * call's keys come from.
 */
export function functionCommands(): Map<FunctionName, SdkCall[]> {
  const tsProgram = program();
  const checker = tsProgram.getTypeChecker();
  const direct = new Map<string, SdkCall[]>();
  const storeCalls = new Map<string, Array<{ method: string; areas: string[] }>>();
  const storeMethods = new Map<string, SdkCall[]>();
  for (const source of tsProgram.getSourceFiles()) {
    const file = relative(REPO_ROOT, source.fileName);
    if (file.startsWith('..') || file.includes('node_modules')) continue;
    const visit = (node: ts.Node): void => {
      const call = sdkCall(checker, node, file);
      if (call && file === STORE_IMPLEMENTATION) {
        let method: ts.Node | undefined = node;
        while (method && !ts.isMethodDeclaration(method)) method = method.parent;
        const name = method && ts.isMethodDeclaration(method) ? method.name.getText() : '(module)';
        storeMethods.set(name, [...(storeMethods.get(name) ?? []), call]);
      } else if (call) {
        direct.set(file, [...(direct.get(file) ?? []), call]);
      }
      const method = file === STORE_IMPLEMENTATION ? undefined : storeMethod(checker, node);
      if (method) storeCalls.set(file, [...(storeCalls.get(file) ?? []), { method, areas: storeAreas(checker, node as ts.CallExpression) }]);
      node.forEachChild(visit);
    };
    visit(source);
  }
  const commands = new Map<FunctionName, SdkCall[]>();
  for (const fn of FUNCTIONS) {
    const files = bundleFiles(fn);
    const calls = [...files].flatMap((file) => direct.get(file) ?? []);
    for (const { method, areas } of [...files].flatMap((file) => storeCalls.get(file) ?? [])) {
      const sent = storeMethods.get(method);
      if (!sent) throw new Error(`${fn} calls store.${method}, which S3Store does not implement with SDK calls`);
      calls.push(...sent.map((c) => ({ ...c, areas })));
    }
    commands.set(fn, calls);
  }
  return commands;
}

#!/usr/bin/env node
// A clone runs the TypeScript sources (Node 24 strips the types); an installed package has no
// sources, only the JavaScript `npm pack` built from them (scripts/build-cli.ts): Node refuses to
// strip types under node_modules.
import { existsSync } from 'node:fs';
import { URL } from 'node:url';

const fromSource = existsSync(new URL('../lib/cli/main.ts', import.meta.url));
const { main, exitQuietlyOnClosedPipe } = fromSource ? await import('../lib/cli/main.ts') : await import('../dist/cli/main.mjs');
exitQuietlyOnClosedPipe();
process.exitCode = await main(process.argv.slice(2));

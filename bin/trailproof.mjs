#!/usr/bin/env node
// Node 24 runs the TypeScript sources directly (type stripping): no build step to forget.
const { main } = await import('../lib/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));

#!/usr/bin/env node
// Node 24 runs the TypeScript sources directly (type stripping): no build step to forget.
const { main, exitQuietlyOnClosedPipe } = await import('../lib/cli/main.ts');
exitQuietlyOnClosedPipe();
process.exitCode = await main(process.argv.slice(2));

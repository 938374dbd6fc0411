#!/usr/bin/env node
// Runs the TypeScript CLI in place (tsx), so there is no separate build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
// onnxruntime's worker threads would otherwise keep the process alive.
process.stdout.write('', () => process.exit(code));

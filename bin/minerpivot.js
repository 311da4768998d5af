#!/usr/bin/env node
// Entry point of the `minerpivot` command. The sources are TypeScript run
// through tsx, so a fresh clone needs no build step.
import { register } from 'tsx/esm/api';

register();
// A reader that stops early (`minerpivot export ... | head`) closes the pipe: stop quietly.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main, processIo } = await import('../pipeline/cli/main.ts');
try {
  process.exitCode = await main(process.argv.slice(2), processIo());
} catch (error) {
  // Not a user mistake: a bug or an environment failure. Show it whole.
  console.error('minerpivot: unexpected error');
  console.error(error);
  process.exitCode = 70;
}

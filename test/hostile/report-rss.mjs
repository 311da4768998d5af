// Preloaded into each CLI process by run-hostile.ts: writes the peak resident set
// size (KB, worker threads included) to the file named by MINERPIVOT_RSS_REPORT on exit.
import { writeFileSync } from 'node:fs';

const out = process.env.MINERPIVOT_RSS_REPORT;
if (out) process.on('exit', () => writeFileSync(out, String(process.resourceUsage().maxRSS)));

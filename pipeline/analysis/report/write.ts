/** Writing a command's output to a file (`--out FILE`), with one-line errors for the user. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../../core/errors.ts';

/** Writes `text` to `path`, creating its folder; a failure is a UserError naming the file. */
export function writeOutput(path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (error) {
    throw new UserError(`cannot write ${path}: ${(error as Error).message}`);
  }
}

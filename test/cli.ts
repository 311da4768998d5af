/** Runs the CLI in-process, as a user would, capturing its output. */
import { main } from '../pipeline/cli/main.ts';

export async function cli(
  argv: string[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env, isTty: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

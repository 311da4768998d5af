/**
 * The three kinds of failure the pipeline distinguishes (see docs/ARCHITECTURE.md):
 * a user mistake (one line, non-zero exit, no stack trace), a permanent failure of
 * one filing (recorded on the filing row, never retried) and a transient one (retried).
 */

/** A mistake the user can fix: bad flag, missing file, bad environment variable. */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    /** Process exit code to use when this reaches the CLI. */
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/**
 * A filing that can never succeed as it is (unknown file type, 404, unsupported form).
 * The worker shell turns it into BullMQ's UnrecoverableError; the runner records it.
 */
export class PermanentError extends Error {
  override readonly name = 'PermanentError';
}

/** A failure worth retrying (network hiccup, 5xx). */
export class TransientError extends Error {
  override readonly name = 'TransientError';
}

/** One line describing any thrown value, for logs and filing rows. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}

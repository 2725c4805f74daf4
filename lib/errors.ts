// Errors a user sees. Each names the problem and, where there is one, the command that fixes it.
export class AuraError extends Error {
  constructor(message: string, readonly fix?: string, readonly exitCode = 2) {
    super(message);
  }
}

/** Bad command line: exit 2 with the usage line. */
export class UsageError extends AuraError {
  constructor(message: string, usage?: string) {
    super(message, usage ? `usage: ${usage}` : undefined, 2);
  }
}

export function formatError(err: unknown): string {
  if (err instanceof AuraError) return `aura: ${err.message}${err.fix ? `\n  ${err.fix}` : ''}`;
  const e = err as NodeJS.ErrnoException;
  if (e && e.code && e.path) return `aura: ${e.code}: ${e.path}: ${e.message}`;
  return `aura: ${e && e.stack ? e.stack : String(err)}`;
}

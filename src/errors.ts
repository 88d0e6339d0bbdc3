/**
 * The one error type users see. Every failure a person can cause or fix carries three parts:
 * what went wrong, where (file and line, option, server), and what to do about it.
 * `code` is stable so scripts (and the PowerShell module's error ids) can match on it.
 */
export class PgClusterError extends Error {
  readonly code: string;
  readonly where: string | undefined;
  readonly hint: string | undefined;

  constructor(code: string, what: string, opts: { where?: string; hint?: string; cause?: unknown } = {}) {
    super(what, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'PgClusterError';
    this.code = code;
    this.where = opts.where;
    this.hint = opts.hint;
  }

  /** Multi-line text for a terminal: "where: what" then the hint on its own line. */
  describe(): string {
    const head = this.where ? `${this.where}: ${this.message}` : this.message;
    return this.hint ? `${head}\nHINT: ${this.hint}` : head;
  }

  toJSON(): Record<string, string> {
    const out: Record<string, string> = { code: this.code, message: this.message };
    if (this.where) out.where = this.where;
    if (this.hint) out.hint = this.hint;
    return out;
  }
}

export function isPgClusterError(e: unknown): e is PgClusterError {
  return e instanceof PgClusterError;
}

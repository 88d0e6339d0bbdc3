/**
 * Failed monitoring intervals, counted so that an exception in acting (a config reload, ENOSPC on
 * the state file, an illegal transition) is seen in production: each distinct error is logged
 * once as a WARNING while the failures last, recovery once, and status shows the run. Pure.
 */
export interface IntervalFailures {
  /** Consecutive failed intervals. */
  count: number;
  /** The last error's first line. */
  last: string;
}

export class IntervalErrors {
  private run: IntervalFailures | undefined;
  private reported = new Set<string>();

  /** An interval failed; returns what to log, or nothing when this error was already logged. */
  failed(error: unknown): IntervalFailures | undefined {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
    this.run = { count: (this.run?.count ?? 0) + 1, last: message };
    if (this.reported.has(message)) return undefined;
    this.reported.add(message);
    return { ...this.run };
  }

  /** An interval completed; returns how many had failed before it, when any had. */
  succeeded(): number | undefined {
    const count = this.run?.count;
    this.run = undefined;
    this.reported.clear();
    return count;
  }

  get current(): IntervalFailures | undefined {
    return this.run ? { ...this.run } : undefined;
  }
}

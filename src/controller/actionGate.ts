/**
 * One controller action at a time (a start, a switch, a fence, a disconnect, a stop).
 *
 * A request that finds another action in flight (often an automatic disconnect or reconnect:
 * a reload of a few milliseconds) waits for it, bounded, instead of being refused: an
 * administrator's or a service manager's stop must not fail on that timing.
 *
 * A fence or a disconnect that finds the same action in flight waits for it too and then runs
 * again, which answers with what was done: the peer's fence arriving while the arbiter's verdict
 * is fencing this server must succeed, or the standby abandons a failover the arbiter granted.
 * A second switch or stop is refused at once: running it twice is never what was meant.
 */
import { PgClusterError } from '../errors.js';

/** Actions whose second run is harmless and answers the result of the first. */
const JOINABLE = new Set(['fence', 'disconnect']);

export class ActionGate {
  private current: string | undefined;

  constructor(
    private readonly serverId: string,
    private readonly pollMs = 100,
  ) {}

  /** The action in flight, if any. */
  get busy(): string | undefined {
    return this.current;
  }

  /** Marks an action as in flight without running it through the gate (the start, held until it ends). */
  hold(what: string): void {
    this.current = what;
  }

  release(): void {
    this.current = undefined;
  }

  async run<T>(what: string, fn: () => Promise<T>, waitMs = 120_000): Promise<T> {
    const joins = JOINABLE.has(what);
    const waiting = this.waitWhile(
      () => this.current !== undefined && (joins || this.current !== what),
      waitMs,
    );
    if (waiting) await waiting;
    if (this.current !== undefined) {
      throw new PgClusterError(
        'CONTROLLER_BUSY',
        `server ${this.serverId} is busy with ${this.current}; ${what} refused`,
        { hint: 'wait for it to finish, then retry' },
      );
    }
    this.current = what;
    try {
      return await fn();
    } finally {
      this.current = undefined;
    }
  }

  /** Waits (bounded) for whatever is in flight, except `unless`, to finish. */
  async settle(waitMs: number, unless?: string): Promise<void> {
    await this.waitWhile(() => this.current !== undefined && this.current !== unless, waitMs);
  }

  /** Returns without yielding when there is nothing to wait for: the caller takes the gate in the same tick. */
  private waitWhile(cond: () => boolean, waitMs: number): Promise<void> | void {
    if (!cond()) return;
    return (async () => {
      for (let waited = 0; cond() && waited < waitMs; waited += this.pollMs) {
        await new Promise((r) => setTimeout(r, this.pollMs));
      }
    })();
  }
}

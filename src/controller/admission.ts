/**
 * Who may wait to authenticate on an admin-network server. Pure: connection ids, source hosts and
 * times in, decisions out, so the policy is tested without sockets or clocks.
 *
 * A connection that has not authenticated yet costs the server a socket and a timer, and anyone who
 * can reach the port can open one. The policy keeps that cost bounded without ever starving the
 * configured peers:
 *   - a new connection is always taken; room is made by dropping the oldest waiting connection of
 *     the same source once that source is at its limit (a client retrying gets its newest attempt
 *     through, a flooder only pushes out its own);
 *   - connections from trusted sources (the addresses network.conf names for the peer and the
 *     arbiter) have their own limit and are never dropped to make room for anybody else;
 *   - the others share a total limit, and when it is reached the oldest connection of the source
 *     holding the most is dropped.
 * What was dropped or timed out is counted per source, for status and the log.
 */

export interface AdmissionLimits {
  /** Waiting connections one untrusted source may hold. */
  perSource: number;
  /** Waiting connections one trusted source may hold. */
  perTrustedSource: number;
  /** Waiting connections all untrusted sources together may hold. */
  untrustedTotal: number;
}

export const DEFAULT_ADMISSION_LIMITS: AdmissionLimits = {
  perSource: 4,
  perTrustedSource: 16,
  untrustedTotal: 64,
};

/** Connections dropped (for room, or for not authenticating in time) over the last window. */
export interface FloodReport {
  dropped: number;
  timedOut: number;
  /** Distinct sources of those. */
  sources: number;
  /** The source with the most, and its count. */
  top: { source: string; count: number };
  windowS: number;
}

interface Waiting {
  id: number;
  source: string;
  since: number;
  trusted: boolean;
}

/** Counts per source over two adjacent windows, so "the last window" never reads as empty at a boundary. */
class WindowedCounts {
  private start = -Infinity;
  private current = new Map<string, { dropped: number; timedOut: number }>();
  private previous = new Map<string, { dropped: number; timedOut: number }>();

  constructor(private readonly windowMs: number) {}

  add(source: string, kind: 'dropped' | 'timedOut', now: number): void {
    this.rotate(now);
    const c = this.current.get(source) ?? { dropped: 0, timedOut: 0 };
    c[kind] += 1;
    this.current.set(source, c);
  }

  report(now: number): FloodReport | undefined {
    this.rotate(now);
    const bySource = new Map<string, { dropped: number; timedOut: number }>();
    for (const m of [this.previous, this.current])
      for (const [s, c] of m) {
        const t = bySource.get(s) ?? { dropped: 0, timedOut: 0 };
        t.dropped += c.dropped;
        t.timedOut += c.timedOut;
        bySource.set(s, t);
      }
    if (bySource.size === 0) return undefined;
    let dropped = 0;
    let timedOut = 0;
    let top = { source: '', count: -1 };
    for (const [source, c] of bySource) {
      dropped += c.dropped;
      timedOut += c.timedOut;
      const count = c.dropped + c.timedOut;
      if (count > top.count) top = { source, count };
    }
    return { dropped, timedOut, sources: bySource.size, top, windowS: Math.round(this.windowMs / 1000) };
  }

  private rotate(now: number): void {
    if (now - this.start < this.windowMs) return;
    // Two windows or more have passed: the previous one is empty too.
    this.previous =
      now - this.start < 2 * this.windowMs
        ? this.current
        : new Map<string, { dropped: number; timedOut: number }>();
    this.current = new Map();
    this.start = now;
  }
}

export class Admission {
  private readonly waiting = new Map<number, Waiting>();
  private readonly counts: WindowedCounts;

  constructor(
    private readonly isTrusted: (source: string) => boolean,
    private readonly limits: AdmissionLimits = DEFAULT_ADMISSION_LIMITS,
    windowMs = 60_000,
  ) {
    this.counts = new WindowedCounts(windowMs);
  }

  /** A new connection from `source`: it is taken; the ids returned are to be dropped for it. */
  arrive(id: number, source: string, now: number): number[] {
    const trusted = this.isTrusted(source);
    const drop: number[] = [];
    const same = this.of((w) => w.source === source);
    const limit = trusted ? this.limits.perTrustedSource : this.limits.perSource;
    if (same.length >= limit) drop.push(...same.slice(0, same.length - limit + 1).map((w) => w.id));
    if (!trusted) {
      const untrusted = this.of((w) => !w.trusted && !drop.includes(w.id));
      if (untrusted.length >= this.limits.untrustedTotal) {
        const victim = this.oldestOfLargestSource(untrusted);
        if (victim !== undefined) drop.push(victim);
      }
    }
    for (const d of drop) {
      const w = this.waiting.get(d)!;
      this.waiting.delete(d);
      this.counts.add(w.source, 'dropped', now);
    }
    this.waiting.set(id, { id, source, since: now, trusted });
    return drop;
  }

  /** The connection authenticated, or closed by itself: it no longer waits. */
  leave(id: number): void {
    this.waiting.delete(id);
  }

  /** The connection did not authenticate in time and is closed. */
  timedOut(id: number, now: number): void {
    const w = this.waiting.get(id);
    if (!w) return;
    this.waiting.delete(id);
    this.counts.add(w.source, 'timedOut', now);
  }

  /** Connections waiting to authenticate now. */
  get waitingCount(): number {
    return this.waiting.size;
  }

  /**
   * Drops and time-outs of the last window, or undefined when nothing was dropped for room: idle
   * connections that time out alone cost nobody a place.
   */
  flood(now: number): FloodReport | undefined {
    const r = this.counts.report(now);
    return r && r.dropped > 0 ? r : undefined;
  }

  /** Waiting connections matching `f`, oldest first (a Map keeps insertion order). */
  private of(f: (w: Waiting) => boolean): Waiting[] {
    return [...this.waiting.values()].filter(f);
  }

  private oldestOfLargestSource(ws: Waiting[]): number | undefined {
    const n = new Map<string, number>();
    for (const w of ws) n.set(w.source, (n.get(w.source) ?? 0) + 1);
    let largest: string | undefined;
    for (const [s, c] of n) if (largest === undefined || c > n.get(largest)!) largest = s;
    return ws.find((w) => w.source === largest)?.id;
  }
}

/** The host part of a socket's remote address, IPv4-mapped IPv6 written as plain IPv4. */
export function sourceOf(remoteAddress: string | undefined): string {
  const a = (remoteAddress ?? '?').toLowerCase();
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}

/** The status reason for a flood on the admin port at `where`. */
export function floodReason(f: FloodReport, where: string): string {
  const timedOut = f.timedOut > 0 ? ` and ${f.timedOut} timed out` : '';
  const hosts = f.sources === 1 ? '1 host' : `${f.sources} hosts`;
  return (
    `the admin port ${where} is flooded: ${f.dropped} connections were dropped before authenticating${timedOut} ` +
    `in the last ${f.windowS} to ${2 * f.windowS} s, from ${hosts} (most from ${f.top.source}: ${f.top.count}); ` +
    `the peer's and the arbiter's configured addresses keep their room; block the sources (MCA00401, MCA00405 in the log)`
  );
}

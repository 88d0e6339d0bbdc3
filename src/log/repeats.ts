/**
 * Repeats of one message from one source, summarized: the first is logged in full, the rest of
 * a window only counted, then said in one line. A client that opens refused connections in a loop
 * would otherwise write a line each (about 5 GB a day, to syslog and the Event Log too).
 * RepeatSummarizer is pure (the clock is passed in); summarizeRejections wires it to a logger.
 */
import type { McLogger } from './logger.js';

export interface RepeatSummary {
  source: string;
  /** Repeats after the one logged in full. */
  count: number;
  last: string;
  windowS: number;
}

export class RepeatSummarizer {
  private readonly open = new Map<string, { since: number; count: number; last: string }>();

  constructor(private readonly windowMs: number) {}

  /**
   * One occurrence: `log` when it is to be logged in full (the first of its window), and the
   * summary of the source's previous window when that one has ended with repeats in it.
   */
  note(source: string, detail: string, now: number): { log: boolean; summary?: RepeatSummary } {
    const w = this.open.get(source);
    if (w && now - w.since < this.windowMs) {
      w.count += 1;
      w.last = detail;
      return { log: false };
    }
    const summary = w ? this.summaryOf(source, w) : undefined;
    this.open.set(source, { since: now, count: 0, last: detail });
    return { log: true, ...(summary ? { summary } : {}) };
  }

  /** Summaries of the windows that have ended by `now`; those sources start afresh. */
  due(now: number): RepeatSummary[] {
    const out: RepeatSummary[] = [];
    for (const [source, w] of this.open) {
      if (now - w.since < this.windowMs) continue;
      this.open.delete(source);
      const s = this.summaryOf(source, w);
      if (s) out.push(s);
    }
    return out;
  }

  private summaryOf(source: string, w: { count: number; last: string }): RepeatSummary | undefined {
    return w.count > 0
      ? { source, count: w.count, last: w.last, windowS: Math.round(this.windowMs / 1000) }
      : undefined;
  }
}

/** "10.0.0.5:51234" or "[::1]:51234" -> the host alone: a flood comes from many ports. */
export function sourceHost(address: string): string {
  return address.replace(/:\d+$|:\?$/, '');
}

/**
 * onRejected for an admin-network server: MCA00401 for the first refusal from a host in a minute,
 * MCA00405 for the ones after it. close() stops the timer (the last summaries are said then).
 */
export function summarizeRejections(
  logger: Pick<McLogger, 'emit'>,
  windowMs = 60_000,
  now: () => number = () => performance.now(),
): { onRejected: (address: string, err: Error) => void; close: () => void } {
  const repeats = new RepeatSummarizer(windowMs);
  const say = (s: RepeatSummary) =>
    logger.emit('MCA00405', { count: s.count, address: s.source, seconds: s.windowS, detail: s.last });
  const timer = setInterval(() => repeats.due(now()).forEach(say), Math.min(windowMs, 10_000));
  timer.unref();
  return {
    onRejected: (address, err) => {
      const r = repeats.note(sourceHost(address), err.message, now());
      if (r.summary) say(r.summary);
      if (r.log) logger.emit('MCA00401', { address, detail: err.message });
    },
    close: () => {
      clearInterval(timer);
      repeats.due(Number.POSITIVE_INFINITY).forEach(say);
    },
  };
}

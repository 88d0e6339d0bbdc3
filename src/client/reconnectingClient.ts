/**
 * A small failover-aware client: what an application should do while PgCluster switches servers.
 *
 * It connects to the first target that gives a read-write session (like libpq's
 * target_session_attrs=read-write), commits numbered single-row transactions into
 * pgcluster_client_demo, and on an error does what classifyClientError says: reconnect (bounded
 * backoff, within an outage timeout), run the transaction again, or stop. It records every code it
 * saw, the reconnects, the longest outage, and which ids were acknowledged as committed and which
 * are in doubt (the connection broke during COMMIT, so only the server knows).
 *
 * probe() is the connection check of Test-PgClusterFailover: connect and `SELECT 1`, retrying on
 * failover errors until a deadline.
 *
 * The decisions are in failoverErrors.ts; this file only carries them out. The clock, sleep and
 * the connection factory are injectable so the loop can be unit-tested without a server.
 */
import pg from 'pg';
import { passwordFor } from '../postgres/pgpass.js';
import { classifyClientError, type ClientAction } from './failoverErrors.js';

export interface Target {
  host: string;
  port: number;
}

export function formatTarget(t: Target): string {
  return t.host.includes(':') ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`;
}

/**
 * "h:p[,h:p...]"; the port defaults to 5432 as in libpq; IPv6 addresses go in brackets.
 * Throws an Error naming the bad entry.
 */
export function parseTargets(spec: string): Target[] {
  const out: Target[] = [];
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(item) ?? /^([^:[\]]+)(?::(\d+))?$/.exec(item);
    if (!m) throw new Error(`"${item}" is not host:port`);
    const port = m[2] === undefined ? 5432 : Number(m[2]);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new Error(`"${item}": the port must be a number from 1 to 65535`);
    out.push({ host: m[1]!, port });
  }
  return out;
}

/** What the client needs from a connection; a pg.Client behind it in real use. */
export interface Session {
  query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
}

/** Opens a session to a target; `notice` receives server warnings (57P02 arrives as a WARNING). */
export type Connector = (target: Target, notice: (n: unknown) => void) => Promise<Session>;

export interface ConnectionSettings {
  user: string;
  database: string;
  /** Default: PGPASSWORD, else the pgpass file entry for the target (as libpq finds it). */
  password?: (target: Target) => string | undefined;
  connectTimeoutMs?: number;
  /** No answer within this time counts as a lost connection (a frozen server, a cut network). */
  queryTimeoutMs?: number;
  applicationName?: string;
}

/** Closes a client without waiting on a server that no longer answers. */
async function closeClient(c: pg.Client): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    c.end().catch(() => undefined),
    new Promise<void>((r) => {
      timer = setTimeout(r, 1000);
    }),
  ]);
  clearTimeout(timer);
  // pg's end() waits for the server to close its side; a frozen server never does.
  (c as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}

/** Sessions over node-postgres. */
export function pgConnector(s: ConnectionSettings): Connector {
  return async (target, notice) => {
    const password = s.password ?? ((t: Target) => passwordFor({ ...t, database: s.database, user: s.user }));
    const c = new pg.Client({
      host: target.host,
      port: target.port,
      user: s.user,
      database: s.database,
      // pg's type wants a string, but it takes undefined as "no password" and the server says so.
      password: () => password(target) as string,
      connectionTimeoutMillis: s.connectTimeoutMs ?? 3000,
      query_timeout: s.queryTimeoutMs ?? 10_000,
      application_name: s.applicationName ?? 'pgcluster client',
    });
    // An error while idle (57P01 from a fast stop between two transactions) arrives as an event;
    // keep it and throw it at the next query, so its SQLSTATE is not lost behind pg's generic
    // "not queryable" error.
    let broken: Error | undefined;
    c.on('error', (e: Error) => {
      broken ??= e;
    });
    c.on('notice', notice);
    try {
      await c.connect();
    } catch (e) {
      await closeClient(c);
      throw e;
    }
    return {
      async query(text, params) {
        if (broken !== undefined) throw broken;
        return c.query(text, params);
      },
      end: () => closeClient(c),
    };
  };
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

export type Phase = 'connect' | 'setup' | 'begin' | 'insert' | 'commit' | 'rollback' | 'probe' | 'notice';

/** One error (or server warning) the client saw. */
export interface SeenError {
  at: string;
  target: string;
  phase: Phase;
  code: string;
  sqlstate: string | null;
  action: ClientAction;
  message: string;
}

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

const DEFAULT_BACKOFF: Backoff = { initialMs: 50, maxMs: 1000 };

export interface Failure {
  code: 'NOT_RETRYABLE' | 'OUTAGE_TIMEOUT' | 'RETRIES_EXHAUSTED';
  sqlstate: string | null;
  /** The SQLSTATE, socket code or our name of the error that ended the run. */
  seen: string | null;
  target: string | null;
  phase: Phase | null;
  /** Why the run ended. */
  message: string;
  /** The error as the server or driver gave it, when one error ended the run. */
  error?: string;
}

const messageOf = (e: unknown): string =>
  typeof (e as Error | undefined)?.message === 'string' ? (e as Error).message : String(e);

const sawText = (codes: string[]) => (codes.length ? ` (saw ${codes.join(', ')})` : '');

/** Tracks errors and the codes seen, shared by the client and the probe. */
class Recorder {
  readonly errors: SeenError[] = [];
  readonly codes: string[] = [];

  constructor(private readonly clock: Clock) {}

  record(err: unknown, target: Target, phase: Phase) {
    const c = classifyClientError(err);
    const message = messageOf(err);
    this.errors.push({
      at: new Date(this.clock.now()).toISOString(),
      target: formatTarget(target),
      phase,
      code: c.code,
      sqlstate: c.sqlstate,
      action: c.action,
      message,
    });
    if (!this.codes.includes(c.code)) this.codes.push(c.code);
    return c;
  }

  /** Server warnings of a failover (57P01/57P02 before the connection closes); others ignored. */
  notice(n: unknown, target: Target): void {
    const c = classifyClientError(n);
    if (c.sqlstate !== null && c.action === 'reconnect') this.record(n, target, 'notice');
  }
}

/** Tries the targets in order, with backoff, until a session passes `accept` or the deadline passes. */
async function connectLoop(
  targets: Target[],
  deps: { connect: Connector; clock: Clock; rec: Recorder },
  opts: {
    deadline: number;
    backoff: Backoff;
    /** Checks a new session; returns a note when the session is not the wanted kind. */
    accept: (s: Session) => Promise<string | undefined>;
    acceptPhase: Phase;
    stopped?: () => boolean;
    skipped?: (target: Target, note: string) => void;
    /** The message when the deadline passes. */
    timeoutMessage: () => string;
  },
): Promise<{ session: Session; target: Target; attempts: number } | { failure: Failure; attempts: number }> {
  const { clock, rec } = deps;
  let delay = opts.backoff.initialMs;
  let attempts = 0;
  for (;;) {
    for (const target of targets) {
      attempts++;
      let session: Session | undefined;
      let phase: Phase = 'connect';
      try {
        session = await deps.connect(target, (n) => rec.notice(n, target));
        phase = opts.acceptPhase;
        const note = await opts.accept(session);
        if (note === undefined) return { session, target, attempts };
        opts.skipped?.(target, note);
      } catch (e) {
        const c = rec.record(e, target, phase);
        // A wrong password or database will not heal by waiting: stop at once.
        if (c.action === 'fail') {
          await session?.end().catch(() => undefined);
          return {
            attempts,
            failure: {
              code: 'NOT_RETRYABLE',
              sqlstate: c.sqlstate,
              seen: c.code,
              target: formatTarget(target),
              phase,
              message: c.reason,
              error: messageOf(e),
            },
          };
        }
      }
      await session?.end().catch(() => undefined);
    }
    const left = opts.deadline - clock.now();
    if (left <= 0 || opts.stopped?.())
      return {
        attempts,
        failure: {
          code: 'OUTAGE_TIMEOUT',
          sqlstate: null,
          seen: rec.codes.at(-1) ?? null,
          target: null,
          phase: 'connect',
          message: opts.timeoutMessage(),
        },
      };
    await clock.sleep(Math.min(delay, left));
    delay = Math.min(delay * 2, opts.backoff.maxMs);
  }
}

// ---- the demo client ----

export const DEMO_TABLE = 'pgcluster_client_demo';

export interface ClientRunOptions {
  targets: Target[];
  /** Stop after this many committed or in-doubt transactions. */
  count?: number;
  /** Stop starting transactions after this long. */
  durationMs?: number;
  /** How long the client may go without a read-write session before it gives up. */
  outageTimeoutMs: number;
  /** Pause between transactions. */
  intervalMs?: number;
  /** Consecutive 40001 retries of one transaction before giving up. */
  maxRetries?: number;
  backoff?: Backoff;
  /** Ends the run after the current transaction (or the current wait). */
  signal?: AbortSignal;
  /** Default pgcluster_client_demo; a plain lower-case name. */
  table?: string;
}

export interface ClientSummary {
  ok: boolean;
  targets: string[];
  startedAt: string;
  elapsedMs: number;
  /** Where each session landed, in order. */
  sessions: { at: string; target: string }[];
  committed: { count: number; ranges: [number, number][] };
  /** The connection broke during COMMIT: each may or may not be in the table. */
  inDoubt: number[];
  reconnects: number;
  /** Transactions run again after 40001. */
  retries: number;
  longestOutageMs: number;
  /** Distinct codes seen, in order of first appearance. */
  codes: string[];
  errors: SeenError[];
  /** Targets passed over because they were standbys (pg_is_in_recovery()). */
  standbysSkipped: number;
  failure?: Failure;
}

function ranges(ids: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const id of ids) {
    const last = out.at(-1);
    if (last && id === last[1] + 1) last[1] = id;
    else out.push([id, id]);
  }
  return out;
}

export async function runClient(
  opts: ClientRunOptions,
  deps: { connect: Connector; clock?: Clock },
): Promise<ClientSummary> {
  const clock = deps.clock ?? realClock;
  const table = opts.table ?? DEMO_TABLE;
  // It goes into SQL text: only a plain identifier.
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(table)) throw new Error(`"${table}" is not a plain table name`);
  const rec = new Recorder(clock);
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const maxRetries = opts.maxRetries ?? 5;
  const start = clock.now();
  const committed: number[] = [];
  const inDoubt: number[] = [];
  const sessions: ClientSummary['sessions'] = [];
  let reconnects = 0;
  let retries = 0;
  let longestOutageMs = 0;
  let standbysSkipped = 0;
  let failure: Failure | undefined;

  let session: Session | undefined;
  let target: Target | undefined;
  let nextId: number | undefined;
  let attemptsOfThis = 0;
  /** When the current outage began (the first error after the last commit), or undefined. */
  let outageStart: number | undefined;

  const stopped = () => opts.signal?.aborted === true;
  const done = () =>
    stopped() ||
    (opts.count !== undefined && committed.length + inDoubt.length >= opts.count) ||
    (opts.durationMs !== undefined && clock.now() - start >= opts.durationMs);
  const endOutage = () => {
    if (outageStart !== undefined) longestOutageMs = Math.max(longestOutageMs, clock.now() - outageStart);
    outageStart = undefined;
  };

  while (!done()) {
    if (!session) {
      const r = await connectLoop(
        opts.targets,
        { connect: deps.connect, clock, rec },
        {
          deadline: (outageStart ?? clock.now()) + opts.outageTimeoutMs,
          backoff,
          acceptPhase: 'connect',
          accept: async (s) => {
            const row = (await s.query('SELECT pg_is_in_recovery() AS r')).rows[0];
            return row?.r === false ? undefined : 'a standby (pg_is_in_recovery() is true)';
          },
          stopped,
          skipped: () => standbysSkipped++,
          timeoutMessage: () =>
            `no read-write session on ${opts.targets.map(formatTarget).join(', ')} for ${opts.outageTimeoutMs / 1000} s${sawText(rec.codes)}`,
        },
      );
      if ('failure' in r) {
        // A stop request while waiting is not a failure of the run.
        if (!stopped()) failure = r.failure;
        break;
      }
      if (sessions.length > 0) reconnects++;
      ({ session, target } = r);
      sessions.push({ at: new Date(clock.now()).toISOString(), target: formatTarget(target) });
    }
    const s = session;
    const t = target!;
    let phase: Phase = 'setup';
    let id = 0;
    try {
      if (nextId === undefined) {
        await s.query(
          `CREATE TABLE IF NOT EXISTS ${table} (id bigint PRIMARY KEY, at timestamptz DEFAULT now())`,
        );
        // Continue after the ids of earlier runs, so a second run does not collide with them.
        const row = (await s.query(`SELECT coalesce(max(id), 0) + 1 AS next FROM ${table}`)).rows[0];
        nextId = Number(row?.next);
      }
      id = nextId;
      phase = 'begin';
      await s.query('BEGIN');
      phase = 'insert';
      await s.query(`INSERT INTO ${table} (id) VALUES ($1)`, [id]);
      phase = 'commit';
      await s.query('COMMIT');
      committed.push(id);
      nextId++;
      attemptsOfThis = 0;
      endOutage();
    } catch (e) {
      const c = rec.record(e, t, phase);
      if (c.action === 'fail') {
        failure = {
          code: 'NOT_RETRYABLE',
          sqlstate: c.sqlstate,
          seen: c.code,
          target: formatTarget(t),
          phase,
          message: c.reason,
          error: messageOf(e),
        };
        break;
      }
      if (c.action === 'retry-transaction') {
        retries++;
        if (++attemptsOfThis > maxRetries) {
          failure = {
            code: 'RETRIES_EXHAUSTED',
            sqlstate: c.sqlstate,
            seen: c.code,
            target: formatTarget(t),
            phase,
            message: `transaction ${id} failed ${attemptsOfThis} times in a row with ${c.code}; giving up`,
            error: messageOf(e),
          };
          break;
        }
        try {
          await s.query('ROLLBACK');
        } catch (e2) {
          // The session is no use any more: run the transaction again on a new one.
          rec.record(e2, t, 'rollback');
          await s.end().catch(() => undefined);
          session = undefined;
          outageStart ??= clock.now();
        }
        await clock.sleep(Math.min(backoff.initialMs * attemptsOfThis, backoff.maxMs));
        continue;
      }
      // Reconnect. A COMMIT that got no answer may have committed: the id is in doubt and is
      // not used again; any earlier phase means the server rolled the transaction back.
      if (phase === 'commit') {
        inDoubt.push(id);
        nextId = id + 1;
      }
      attemptsOfThis = 0;
      outageStart ??= clock.now();
      await s.end().catch(() => undefined);
      session = undefined;
      continue;
    }
    if (opts.intervalMs) await clock.sleep(opts.intervalMs);
  }
  // An outage still going on when the run ends counts as far as it went.
  endOutage();
  await session?.end().catch(() => undefined);
  return {
    ok: failure === undefined,
    targets: opts.targets.map(formatTarget),
    startedAt: new Date(start).toISOString(),
    elapsedMs: clock.now() - start,
    sessions,
    committed: { count: committed.length, ranges: ranges(committed) },
    inDoubt,
    reconnects,
    retries,
    longestOutageMs,
    codes: rec.codes,
    errors: rec.errors,
    standbysSkipped,
    ...(failure ? { failure } : {}),
  };
}

// ---- the probe ----

export interface ProbeOptions {
  targets: Target[];
  timeoutMs: number;
  backoff?: Backoff;
}

export interface ProbeResult {
  ok: boolean;
  /** The target that answered. */
  target: string | null;
  seconds: number;
  attempts: number;
  codes: string[];
  errors: SeenError[];
  failure?: Failure;
}

/** Connect and `SELECT 1`, retrying on failover errors until `timeoutMs` has passed. */
export async function probe(
  opts: ProbeOptions,
  deps: { connect: Connector; clock?: Clock },
): Promise<ProbeResult> {
  const clock = deps.clock ?? realClock;
  const rec = new Recorder(clock);
  const start = clock.now();
  const r = await connectLoop(
    opts.targets,
    { connect: deps.connect, clock, rec },
    {
      deadline: start + opts.timeoutMs,
      backoff: opts.backoff ?? DEFAULT_BACKOFF,
      acceptPhase: 'probe',
      accept: async (s) => {
        await s.query('SELECT 1');
        return undefined;
      },
      timeoutMessage: () =>
        `no connection to ${opts.targets.map(formatTarget).join(', ')} within ${opts.timeoutMs / 1000} s${sawText(rec.codes)}`,
    },
  );
  const seconds = Math.round((clock.now() - start) / 100) / 10;
  if ('failure' in r) {
    return {
      ok: false,
      target: null,
      seconds,
      attempts: r.attempts,
      codes: rec.codes,
      errors: rec.errors,
      failure: r.failure,
    };
  }
  await r.session.end().catch(() => undefined);
  return {
    ok: true,
    target: formatTarget(r.target),
    seconds,
    attempts: r.attempts,
    codes: rec.codes,
    errors: rec.errors,
  };
}

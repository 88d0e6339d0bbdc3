/**
 * The client commands of the pgcluster helper:
 *   client --host h:p[,h:p...] [--count N | --duration S]: the failover-aware demo client; it keeps
 *     committing through a switch and reports what it saw (docs/client-behaviour.md).
 *   probe --host h:p[,h:p...] [--timeout S]: connect and SELECT 1, waiting through a failover; what
 *     Test-PgClusterFailover runs against the client access point after each move.
 * Exit 0 on success, 1 when the run failed; usage errors are thrown as PgClusterError 'USAGE'.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { PgClusterError } from '../errors.js';
import {
  DEMO_TABLE,
  parseTargets,
  pgConnector,
  probe,
  runClient,
  type ClientSummary,
  type Failure,
  type ProbeResult,
  type SeenError,
  type Target,
} from '../client/reconnectingClient.js';

interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const CLIENT_HELP = `pgcluster client — commits numbered rows through a failover, reconnecting on failover errors only

Usage:
  pgcluster client --host <host:port>[,<host:port>...] [options]

Options:
  --host <list>      the servers, in order: the client access point, or both servers of a pair;
                     the client uses the first that gives a read-write session
  --user <name>      default: PGUSER, else the OS user
  --dbname <name>    default: PGDATABASE, else postgres
  --count <n>        commit n transactions (default 100)
  --duration <s>     instead of --count: keep committing for s seconds
  --interval <ms>    pause between transactions (default 10)
  --timeout <s>      longest outage accepted before the run fails (default 60)
  --json             the summary as JSON
The password comes from PGPASSWORD or the pgpass file (PGPASSFILE), as for psql.
The rows go to the table ${DEMO_TABLE}, created when missing.
`;

export const PROBE_HELP = `pgcluster probe — connects and runs SELECT 1, waiting through a failover

Usage:
  pgcluster probe --host <host:port>[,<host:port>...] [--timeout <s>] [--user <name>] [--dbname <name>] [--json]

  --timeout <s>      how long to keep trying (default 120)
Exit 0 with the time it took and the codes seen on the way; 1 when no connection came in time,
or at once on an error that waiting will not fix (a wrong password, an unknown database).
`;

function usage(command: string, what: string, hint?: string): PgClusterError {
  return new PgClusterError('USAGE', `${command}: ${what}`, {
    hint: hint ?? `run 'pgcluster ${command} --help' for the options`,
  });
}

function positiveNumber(command: string, option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw usage(
      command,
      `--${option} ${value} is not a positive number`,
      `give --${option} a number above 0`,
    );
  return n;
}

const COMMON = {
  host: { type: 'string' },
  user: { type: 'string' },
  dbname: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

function common(command: string, values: { host?: string; user?: string; dbname?: string }) {
  if (!values.host)
    throw usage(
      command,
      '--host <host:port>[,<host:port>...] is required',
      'give the client access point (shared-disk failover) or both servers of a pair, e.g. --host db1:5432,db2:5432',
    );
  let targets: Target[];
  try {
    targets = parseTargets(values.host);
  } catch (e) {
    throw usage(
      command,
      `--host: ${(e as Error).message}`,
      'write each server as host:port, IPv6 as [addr]:port',
    );
  }
  return {
    targets,
    user: values.user ?? process.env.PGUSER ?? os.userInfo().username,
    database: values.dbname ?? process.env.PGDATABASE ?? 'postgres',
  };
}

const time = (iso: string) => iso.slice(11, 23);

function errorLines(errors: SeenError[], limit = 20): string {
  const shown = errors
    .slice(0, limit)
    .map((e) => `    ${time(e.at)}  ${e.target}  ${e.phase}  ${e.code}  ${e.action}  ${e.message}\n`)
    .join('');
  return errors.length > limit
    ? `${shown}    ... and ${errors.length - limit} more (--json has them all)\n`
    : shown;
}

function failureError(command: string, f: Failure): PgClusterError {
  const retried = 'docs/client-behaviour.md lists the codes that are retried';
  const hints: Record<Failure['code'], string> = {
    NOT_RETRYABLE: `${f.message}. Not retried: fix the cause (${retried}).`,
    OUTAGE_TIMEOUT:
      command === 'probe'
        ? 'check that the instance runs and listens there (Get-PgClusterRole shows where the role runs), or wait longer with --timeout'
        : 'check that a server is up and accepts read-write sessions (mc_ctl status, Get-PgClusterRole), or allow a longer outage with --timeout',
    RETRIES_EXHAUSTED: 'the transaction keeps conflicting with others; look for what else runs on the server',
  };
  const what =
    f.code === 'NOT_RETRYABLE'
      ? `stopped on ${f.sqlstate !== null ? `SQLSTATE ${f.sqlstate}` : (f.seen ?? 'an error')} during ${f.phase}: ${f.error}`
      : f.message;
  const code =
    f.code === 'NOT_RETRYABLE'
      ? 'CLIENT_ERROR'
      : f.code === 'OUTAGE_TIMEOUT' && command === 'probe'
        ? 'PROBE_TIMEOUT'
        : f.code;
  return new PgClusterError(code, `${command}: ${what}`, {
    ...(f.target ? { where: f.target } : {}),
    hint: hints[f.code],
  });
}

function rangesText(r: [number, number][]): string {
  if (r.length === 0) return 'none';
  const parts = r.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`));
  return parts.length > 10
    ? `${parts.slice(0, 10).join(', ')}, ... (${parts.length} ranges)`
    : parts.join(', ');
}

function summaryText(s: ClientSummary): string {
  const last = s.sessions.at(-1)?.target ?? 'no server';
  return (
    `client: ${s.committed.count} transaction(s) committed in ${(s.elapsedMs / 1000).toFixed(1)} s, last on ${last}\n` +
    `  sessions:        ${s.sessions.map((x) => `${x.target} at ${time(x.at)}`).join(', ') || 'none'}\n` +
    `  reconnects:      ${s.reconnects}; longest outage ${s.longestOutageMs} ms; retried transactions ${s.retries}` +
    `${s.standbysSkipped ? `; standbys passed over ${s.standbysSkipped}` : ''}\n` +
    `  codes seen:      ${s.codes.join(', ') || 'none'}\n` +
    `  committed ids:   ${rangesText(s.committed.ranges)}\n` +
    `  in doubt:        ${s.inDoubt.join(', ') || 'none'}${s.inDoubt.length ? ' (the connection broke during COMMIT)' : ''}\n` +
    (s.errors.length ? `  errors:\n${errorLines(s.errors)}` : '')
  );
}

/** `pgcluster client ...`. */
export async function clientCommand(args: string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        ...COMMON,
        count: { type: 'string' },
        duration: { type: 'string' },
        interval: { type: 'string' },
      },
    }));
  } catch (e) {
    throw usage('client', (e as Error).message);
  }
  if (values.help) {
    io.out(CLIENT_HELP);
    return 0;
  }
  const { targets, user, database } = common('client', values);
  if (values.count !== undefined && values.duration !== undefined)
    throw usage('client', '--count and --duration cannot be used together', 'give one of them');
  const count = positiveNumber('client', 'count', values.count);
  if (count !== undefined && !Number.isInteger(count))
    throw usage(
      'client',
      `--count ${values.count} is not a whole number`,
      'give --count a whole number above 0',
    );
  const duration = positiveNumber('client', 'duration', values.duration);
  const interval = values.interval === undefined ? 10 : Number(values.interval);
  if (!Number.isFinite(interval) || interval < 0)
    throw usage(
      'client',
      `--interval ${values.interval} is not a number of milliseconds`,
      'give --interval 0 or more',
    );
  const timeout = positiveNumber('client', 'timeout', values.timeout) ?? 60;

  const summary = await runClient(
    {
      targets,
      ...(duration !== undefined ? { durationMs: duration * 1000 } : { count: count ?? 100 }),
      intervalMs: interval,
      outageTimeoutMs: timeout * 1000,
    },
    { connect: pgConnector({ user, database }) },
  );
  const error = summary.failure ? failureError('client', summary.failure) : undefined;
  if (values.json) {
    io.out(
      `${JSON.stringify({ ok: summary.ok, ...(error ? { error: error.toJSON() } : {}), summary }, null, 2)}\n`,
    );
  } else {
    io.out(summaryText(summary));
    if (error) io.err(`pgcluster: ERROR: ${error.describe()}\n`);
  }
  return summary.ok ? 0 : 1;
}

function probeText(r: ProbeResult): string {
  const after = r.codes.length ? ` (after ${r.codes.join(', ')})` : '';
  return `probe: connected to ${r.target} in ${r.seconds} s, ${r.attempts} attempt(s)${after}\n`;
}

/** `pgcluster probe ...`. */
export async function probeCommand(args: string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, strict: true, allowPositionals: false, options: COMMON }));
  } catch (e) {
    throw usage('probe', (e as Error).message);
  }
  if (values.help) {
    io.out(PROBE_HELP);
    return 0;
  }
  const { targets, user, database } = common('probe', values);
  const timeout = positiveNumber('probe', 'timeout', values.timeout) ?? 120;
  const r = await probe(
    { targets, timeoutMs: timeout * 1000 },
    { connect: pgConnector({ user, database, connectTimeoutMs: Math.min(5000, timeout * 1000) }) },
  );
  const error = r.failure ? failureError('probe', r.failure) : undefined;
  if (values.json) {
    const { failure: _f, ...rest } = r;
    io.out(`${JSON.stringify({ ...rest, ...(error ? { error: error.toJSON() } : {}) }, null, 2)}\n`);
  } else if (error) {
    io.err(
      `pgcluster: ERROR: ${error.describe()}\n  ${r.attempts} attempt(s) in ${r.seconds} s\n${r.errors.length ? errorLines(r.errors) : ''}`,
    );
  } else {
    io.out(probeText(r));
  }
  return r.ok ? 0 : 1;
}

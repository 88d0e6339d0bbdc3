/**
 * pgx_walmirror start|stop|pause|resume|status -D <datadir>: the mirrored transaction log of an
 * instance, kept in <backup_destination>/mirrored_xlog by a supervised pg_receivewal. pause,
 * resume and status are the manual's pgx_pause_wal_multiplexing(), pgx_resume_wal_multiplexing()
 * and pgx_is_wal_multiplexing_paused(), as commands.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PgClusterError, isPgClusterError } from '../errors.js';
import { checkDestination, readInstanceSettings } from '../backup/destination.js';
import { connectionFor } from '../backup/dmpall.js';
import {
  mirrorPaths,
  readMirrorState,
  setMirrorPaused,
  superviseMirror,
  type MirrorPaths,
} from '../backup/walMirror.js';
import { processAlive } from '../platform/process.js';
import { VERSION } from '../version.js';

const SELF = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'bin',
  'pgx_walmirror.js',
);
const COMMANDS = ['start', 'stop', 'pause', 'resume', 'status', 'run'] as const;

const HELP = `pgx_walmirror — keep a mirrored copy of the transaction log in the backup area

Usage: pgx_walmirror start|stop|pause|resume|status -D <datadir> [--json]
  start    run pg_receivewal (supervised, restarted on failure) into <backup_destination>/mirrored_xlog
  stop     stop it
  pause    stop mirroring for now (e.g. while the backup disk is replaced); the slot keeps the WAL
  resume   mirror again
  status   running, paused or stopped (exit 0 running, 3 paused, 4 stopped)
`;

interface Io {
  out(t: string): void;
  err(t: string): void;
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-5).join('\n');
  } catch {
    return '(no log yet)';
  }
}

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return cond();
}

function newestSegment(p: MirrorPaths): string | undefined {
  try {
    return readdirSync(p.dir)
      .filter((f) => /^[0-9A-F]{24}(\.partial)?$/.test(f))
      .sort()
      .at(-1);
  } catch {
    return undefined;
  }
}

export async function main(
  argv: string[],
  io: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) },
): Promise<number> {
  let json = argv.includes('--json');
  try {
    const [command, ...rest] = argv;
    if (command === '--help' || command === undefined) return (io.out(HELP), command === undefined ? 2 : 0);
    if (command === '--version') return (io.out(`pgx_walmirror (PgCluster) ${VERSION}\n`), 0);
    if (!COMMANDS.includes(command as (typeof COMMANDS)[number]))
      throw new PgClusterError('USAGE', `unknown command "${command}"`, {
        hint: "run 'pgx_walmirror --help'",
      });
    let values;
    try {
      ({ values } = parseArgs({
        args: rest,
        options: { pgdata: { type: 'string', short: 'D' }, json: { type: 'boolean' } },
        strict: true,
        allowPositionals: false,
      }));
    } catch (e) {
      throw new PgClusterError('USAGE', `${command}: ${(e as Error).message}`, {
        hint: "run 'pgx_walmirror --help'",
      });
    }
    json = !!values.json;
    const dataDir = values.pgdata ?? process.env.PGDATA;
    if (!dataDir)
      throw new PgClusterError('USAGE', `${command}: give the data directory with -D (or set PGDATA)`);
    const settings = readInstanceSettings(path.resolve(dataDir));
    const p = mirrorPaths(checkDestination(settings));
    const print = (payload: Record<string, unknown>, text: string) =>
      io.out(json ? `${JSON.stringify({ ok: true, ...payload }, null, 2)}\n` : `${text}\n`);

    if (command === 'run') {
      await superviseMirror(p, connectionFor(settings));
      return 0;
    }
    const state = readMirrorState(p);
    if (command === 'status') {
      const seg = newestSegment(p);
      print(
        { ...state, newestSegment: seg ?? null, directory: p.dir },
        `WAL mirroring: ${state.state}${state.supervisor ? ` (supervisor pid ${state.supervisor})` : ''}${seg ? `, newest: ${seg}` : ''}`,
      );
      return state.state === 'running' ? 0 : state.state === 'paused' ? 3 : 4;
    }
    if (command === 'start') {
      if (state.state !== 'stopped') {
        print(
          { ...state, changed: false },
          `WAL mirroring is already ${state.state} (supervisor pid ${state.supervisor})`,
        );
        return 0;
      }
      const child = spawn(process.execPath, [SELF, 'run', '-D', path.resolve(dataDir)], {
        detached: true,
        stdio: 'ignore',
      });
      child.unref();
      if (!(await waitFor(() => readMirrorState(p).receiver !== undefined, 15_000))) {
        throw new PgClusterError('WAL_MIRROR_START_FAILED', 'pg_receivewal did not start receiving', {
          where: `${p.log}:\n${tail(p.log)}`,
          hint: 'check the replication entry of pg_hba.conf, max_wal_senders, max_replication_slots and the password (PGPASSWORD or pgpass)',
        });
      }
      const now = readMirrorState(p);
      print(
        { ...now, changed: true },
        `WAL mirroring started into ${p.dir} (supervisor pid ${now.supervisor})`,
      );
      return 0;
    }
    if (command === 'stop') {
      if (state.state === 'stopped') {
        print({ ...state, changed: false }, 'WAL mirroring is not running');
        return 0;
      }
      process.kill(state.supervisor!, 'SIGTERM');
      if (!(await waitFor(() => !processAlive(state.supervisor!), 15_000)))
        throw new PgClusterError(
          'WAL_MIRROR_STOP_FAILED',
          `the supervisor (pid ${state.supervisor}) did not stop`,
          { where: p.log },
        );
      print({ state: 'stopped', changed: true }, 'WAL mirroring stopped');
      return 0;
    }
    const paused = command === 'pause';
    const now = await setMirrorPaused(p, paused);
    print(
      { ...now, changed: true },
      paused
        ? 'multiplexing of transaction log files has been stopped'
        : 'multiplexing of transaction log files has been resumed',
    );
    return 0;
  } catch (e) {
    const err = isPgClusterError(e) ? e : new PgClusterError('INTERNAL', (e as Error).message ?? String(e));
    if (json) io.out(`${JSON.stringify({ ok: false, error: err.toJSON() }, null, 2)}\n`);
    else io.err(`pgx_walmirror: ERROR: ${err.describe()}\n`);
    return err.code === 'USAGE' ? 2 : 1;
  }
}

/**
 * The mirrored transaction log: pg_receivewal streaming the instance's WAL into
 * <backup_destination>/mirrored_xlog as it is written (--synchronous: flushed on every write),
 * through a replication slot, so that a recovery after the data disk is lost reaches the last
 * commit, not just the last archived segment. A small supervisor keeps pg_receivewal running,
 * restarts it with a back-off, and honours a PAUSED file (the manual's pause / resume of WAL
 * multiplexing, here as commands). State lives in the mirror directory, so every command finds it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PgClusterError } from '../errors.js';
import { processAlive } from '../platform/process.js';
import { findPgBinaries } from '../postgres/binaries.js';

export const MIRROR_DIR = 'mirrored_xlog';
export const SLOT = 'pgcluster_wal_mirror';
const PID_FILE = '.walmirror.pid';
const PAUSED_FILE = 'PAUSED';
export const LOG_FILE = 'walmirror.log';

export interface MirrorPaths {
  dir: string;
  pidFile: string;
  paused: string;
  log: string;
}

export function mirrorPaths(dest: string): MirrorPaths {
  const dir = path.join(dest, MIRROR_DIR);
  return {
    dir,
    pidFile: path.join(dir, PID_FILE),
    paused: path.join(dir, PAUSED_FILE),
    log: path.join(dir, LOG_FILE),
  };
}

export interface MirrorState {
  state: 'running' | 'paused' | 'stopped';
  supervisor?: number;
  receiver?: number;
}

export function readMirrorState(p: MirrorPaths): MirrorState {
  let pids: { supervisor?: number; receiver?: number } = {};
  try {
    pids = JSON.parse(readFileSync(p.pidFile, 'utf8')) as typeof pids;
  } catch {
    // no supervisor has run here
  }
  if (!pids.supervisor || !processAlive(pids.supervisor)) return { state: 'stopped' };
  const receiver = pids.receiver && processAlive(pids.receiver) ? pids.receiver : undefined;
  return {
    state: existsSync(p.paused) ? 'paused' : 'running',
    supervisor: pids.supervisor,
    ...(receiver ? { receiver } : {}),
  };
}

function log(p: MirrorPaths, text: string): void {
  appendFileSync(p.log, `${new Date().toISOString()} ${text}\n`);
}

export interface Connection {
  host: string;
  port: number;
  user: string;
}

/** The supervisor's loop (run in its own detached process by `pgx_walmirror start`). */
export async function superviseMirror(p: MirrorPaths, conn: Connection): Promise<void> {
  mkdirSync(p.dir, { recursive: true, mode: 0o700 });
  const bin = findPgBinaries();
  const common = ['-h', conn.host, '-p', String(conn.port), '-U', conn.user, '--no-password'];
  let child: ChildProcess | undefined;
  let stopping = false;
  const writePids = () =>
    writeFileSync(p.pidFile, JSON.stringify({ supervisor: process.pid, receiver: child?.pid ?? null }), {
      mode: 0o600,
    });
  const stop = () => {
    stopping = true;
    child?.kill('SIGTERM');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  writePids();
  log(p, `supervisor started (pid ${process.pid})`);
  let backoffMs = 1000;
  let wasPaused = false;
  while (!stopping) {
    if (existsSync(p.paused)) {
      if (!wasPaused) log(p, 'multiplexing of transaction log files has been stopped');
      wasPaused = true;
      await new Promise((r) => setTimeout(r, 300));
      continue;
    }
    if (wasPaused) log(p, 'multiplexing of transaction log files has been resumed');
    wasPaused = false;
    // The slot makes the primary keep WAL the mirror has not received yet (also while paused).
    const slot = spawn(
      bin.tool('pg_receivewal'),
      [...common, '--slot', SLOT, '--create-slot', '--if-not-exists'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    const slotErr: string[] = [];
    slot.stderr.on('data', (d: Buffer) => slotErr.push(d.toString()));
    const slotCode = await new Promise<number>((r) => slot.on('exit', (c) => r(c ?? 1)));
    if (slotCode !== 0) {
      log(p, `cannot create the replication slot ${SLOT}: ${slotErr.join('').trim()}`);
    } else {
      child = spawn(
        bin.tool('pg_receivewal'),
        [...common, '-D', p.dir, '--slot', SLOT, '--synchronous', '-n'],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      writePids();
      log(p, `receiving WAL (pg_receivewal pid ${child.pid})`);
      const errors: string[] = [];
      child.stderr?.on('data', (d: Buffer) => errors.push(d.toString()));
      const started = Date.now();
      const pauseWatch = setInterval(() => {
        if (existsSync(p.paused)) child?.kill('SIGTERM');
      }, 300);
      const code = await new Promise<number | null>((r) => child!.on('exit', (c) => r(c)));
      clearInterval(pauseWatch);
      child = undefined;
      writePids();
      if (stopping || existsSync(p.paused)) continue;
      log(p, `pg_receivewal exited (${code}): ${errors.join('').trim().split('\n').slice(-2).join(' | ')}`);
      if (Date.now() - started > 30_000) backoffMs = 1000;
    }
    await new Promise((r) => setTimeout(r, backoffMs));
    backoffMs = Math.min(backoffMs * 2, 10_000);
  }
  log(p, 'supervisor stopped');
  rmSync(p.pidFile, { force: true });
}

/** pause / resume: the supervisor acts on the PAUSED file within a second; wait until it has. */
export async function setMirrorPaused(
  p: MirrorPaths,
  paused: boolean,
  timeoutMs = 10_000,
): Promise<MirrorState> {
  const state = readMirrorState(p);
  if (state.state === 'stopped') {
    throw new PgClusterError('WAL_MIRROR_NOT_RUNNING', `WAL mirroring is not running for ${p.dir}`, {
      hint: 'start it with: pgx_walmirror start -D <datadir>',
    });
  }
  if (paused) writeFileSync(p.paused, `${new Date().toISOString()}\n`);
  else rmSync(p.paused, { force: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = readMirrorState(p);
    if (paused ? now.receiver === undefined : now.receiver !== undefined) return now;
    if (Date.now() > deadline) {
      throw new PgClusterError(
        'WAL_MIRROR_TIMEOUT',
        `WAL mirroring did not ${paused ? 'pause' : 'resume'} within ${timeoutMs / 1000} s`,
        {
          where: p.log,
          hint: 'the last lines of that log say why (connection, slot, permissions)',
        },
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

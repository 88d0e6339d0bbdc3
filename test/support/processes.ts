/**
 * Running programs as the instance user, and making sure nothing the tests started outlives them.
 * Every started PostgreSQL data directory and every long-running child is registered here; an exit
 * hook (normal exit, failed test, SIGINT/SIGTERM) stops them all. scripts/test sweeps once more
 * by path afterwards, for the case where this process itself is killed.
 */
import { execFile, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { instanceUser } from './osuser.js';
import { processAlive } from '../../src/platform/process.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Environment for programs run as the instance user: no inherited PG* variables, C locale. */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PG') || k === 'PG_BIN') base[k] = v;
  return { ...base, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', ...extra };
}

function identity(): { uid?: number; gid?: number } {
  const u = instanceUser();
  return u.switched ? { uid: u.uid, gid: u.gid } : {};
}

/** Runs a program as the instance user and collects its output (never throws on non-zero exit). */
export function runAsInstanceUser(
  file: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; input?: string; asRoot?: boolean } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      {
        // asRoot: the program switches to the instance user itself (ip netns exec ... setpriv).
        ...(opts.asRoot ? {} : identity()),
        env: childEnv(opts.env),
        cwd: opts.cwd ?? '/',
        timeout: opts.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (err, stdout, stderr) => {
        if (err && typeof (err as NodeJS.ErrnoException).code === 'string') {
          reject(new Error(`cannot run ${file}: ${err.message}`));
          return;
        }
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** Like runAsInstanceUser but throws with the program's output when it fails. */
export async function mustRun(
  file: string,
  args: string[],
  opts: Parameters<typeof runAsInstanceUser>[2] = {},
) {
  const r = await runAsInstanceUser(file, args, opts);
  if (r.code !== 0) {
    throw new Error(`${path.basename(file)} ${args.join(' ')} exited ${r.code}\n${r.stdout}${r.stderr}`);
  }
  return r;
}

/** Starts a long-running child as the instance user; it is killed at exit if still running. */
export function spawnAsInstanceUser(file: string, args: string[], opts: SpawnOptions = {}): ChildProcess {
  const child = spawn(file, args, { ...identity(), cwd: '/', ...opts, env: childEnv(opts.env ?? {}) });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

const dataDirs = new Set<string>();
const sweepPaths = new Set<string>();

/** Any process whose command line mentions this path is killed at exit (detached controllers). */
export function registerSweepPath(p: string): void {
  sweepPaths.add(p);
}

/** PIDs of live processes whose command line contains `needle` (Linux /proc). */
export function runningPids(needle: string): number[] {
  const out: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${e}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(needle)) out.push(Number(e));
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}
const children = new Set<ChildProcess>();

export function registerDataDir(dir: string): void {
  dataDirs.add(dir);
}

/** PID of the postmaster of a data directory, from postmaster.pid (undefined if not running). */
export function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 0) return undefined;
    return processAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

/** Synchronous, so it can run from an 'exit' handler. */
export function stopEverything(): void {
  for (const child of children) {
    if (child.pid) {
      signal(child.pid, 'SIGCONT');
      signal(child.pid, 'SIGKILL');
    }
  }
  for (const dir of dataDirs) {
    const pid = postmasterPid(dir);
    if (pid) {
      signal(pid, 'SIGCONT'); // a test may have frozen it
      signal(pid, 'SIGQUIT'); // immediate shutdown: the postmaster takes its children down
    }
  }
  // Detached processes (controllers started by mc_ctl) are found by the paths they were given.
  for (const p of sweepPaths) {
    for (const pid of runningPids(p)) {
      signal(pid, 'SIGCONT');
      signal(pid, 'SIGKILL');
    }
  }
}

let hooked = false;
export function installExitHooks(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', stopEverything);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      stopEverything();
      process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
    });
  }
}

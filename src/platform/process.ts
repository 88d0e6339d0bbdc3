/**
 * Is a process alive? kill(pid, 0) alone says yes for a zombie: a postmaster killed with -9 whose
 * parent (init) has not reaped it yet. On Linux /proc tells the state, so a zombie counts as dead.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (process.platform !== 'linux') return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

export interface CommandResult {
  code: number;
  /** stdout then stderr, trimmed. */
  output: string;
  /** How it ended: it exited (with `code`), it was ended at the timeout, or it never started. */
  ended: 'exited' | 'timed_out' | 'not_started';
}

/** Runs a program without a shell; never rejects: a failure to start is exit code 1 with its message. */
export function runCommand(
  file: string,
  args: string[],
  opts: {
    timeoutMs?: number;
    env?: NodeJS.ProcessEnv;
    killSignal?: NodeJS.Signals;
    windowsVerbatimArguments?: boolean;
  } = {},
): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        windowsHide: true,
        ...(opts.timeoutMs ? { timeout: opts.timeoutMs } : {}),
        ...(opts.env ? { env: opts.env } : {}),
        ...(opts.killSignal ? { killSignal: opts.killSignal } : {}),
        ...(opts.windowsVerbatimArguments ? { windowsVerbatimArguments: true } : {}),
      },
      (err, stdout, stderr) => {
        const e = err as (Error & { code?: unknown; killed?: boolean; signal?: unknown }) | null;
        // Exited with a status, ended by a signal, or killed at the timeout: it did start.
        const started = !e || typeof e.code === 'number' || e.killed === true || typeof e.signal === 'string';
        resolve({
          code: e ? (typeof e.code === 'number' ? e.code : 1) : 0,
          output: `${stdout}${stderr}`.trim() || (e && !started ? e.message : ''),
          ended: !started ? 'not_started' : e?.killed ? 'timed_out' : 'exited',
        });
      },
    );
  });
}

/**
 * How to start a program file without a shell. Windows runs .bat and .cmd files only through
 * cmd.exe (Node refuses to spawn them directly); the path goes in doubled quotes, verbatim, so a
 * folder with spaces works and nothing in it is taken as a command separator.
 */
export function launchSpec(
  file: string,
  platform: NodeJS.Platform = process.platform,
): { file: string; args: string[]; windowsVerbatimArguments: boolean } {
  if (platform === 'win32' && /\.(bat|cmd)$/i.test(file)) {
    return { file: 'cmd.exe', args: ['/d', '/s', '/c', `""${file}""`], windowsVerbatimArguments: true };
  }
  return { file, args: [], windowsVerbatimArguments: false };
}

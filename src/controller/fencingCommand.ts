/**
 * The optional fencing command of <id>.conf: a site's own program (power off the other server
 * through its management board, move a virtual IP, tell a load balancer) run just before this
 * server promotes itself or stops waiting for its standby. Exit 0 goes ahead; anything else,
 * including not finishing within fencing_command_timeout, cancels the action. It gets no
 * arguments (no quoting trouble on any shell); what it needs is in its environment.
 */
import { execFile } from 'node:child_process';
import { launchSpec } from '../platform/process.js';

export type FencingAction = 'switch' | 'disconnect';

export interface FencingContext {
  action: FencingAction;
  /** This server, which is about to act. */
  server: string;
  /** The other server: the primary to replace, or the standby to detach. */
  peer: string;
  mcDir: string;
  /** Why: the failure detected, or the operator's request. */
  reason: string;
}

export interface FencingResult {
  ok: boolean;
  /** Exit code, or how it ended, and the start of its output, for the log. */
  detail: string;
}

const OUTPUT_SHOWN = 500;

export function fencingEnv(c: FencingContext): Record<string, string> {
  return {
    PGCLUSTER_FENCING_ACTION: c.action,
    PGCLUSTER_SERVER: c.server,
    PGCLUSTER_PEER: c.peer,
    PGCLUSTER_MCDIR: c.mcDir,
    PGCLUSTER_REASON: c.reason,
  };
}

export function runFencingCommand(
  command: string,
  c: FencingContext,
  timeoutS: number,
): Promise<FencingResult> {
  const spec = launchSpec(command);
  return new Promise((resolve) => {
    execFile(
      spec.file,
      spec.args,
      {
        env: { ...process.env, ...fencingEnv(c) },
        timeout: timeoutS * 1000,
        killSignal: 'SIGKILL',
        windowsHide: true,
        windowsVerbatimArguments: spec.windowsVerbatimArguments,
        maxBuffer: 1024 * 1024,
        encoding: 'utf8',
      },
      (err, stdout, stderr) => {
        const output = `${stdout}${stderr}`.trim().slice(0, OUTPUT_SHOWN);
        const said = output ? `; it said: ${output}` : '';
        if (!err) return resolve({ ok: true, detail: `${command} exited 0${said}` });
        const e = err as Error & { killed?: boolean; code?: unknown };
        let how: string;
        if (e.killed) how = `did not finish within ${timeoutS} s and was ended`;
        else if (typeof e.code === 'number') how = `exited ${String(e.code)}`;
        else how = `could not be started (${e.message})`;
        resolve({ ok: false, detail: `${command} ${how}${said}` });
      },
    );
  });
}

/**
 * The optional fencing command of <id>.conf: a site's own program (power off the other server
 * through its management board, move a virtual IP, tell a load balancer) run just before this
 * server promotes itself or stops waiting for its standby. Exit 0 goes ahead; anything else,
 * including not finishing within fencing_command_timeout, cancels the action. It gets no
 * arguments (no quoting trouble on any shell); what it needs is in its environment.
 */
import { launchSpec, runCommand } from '../platform/process.js';

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

export async function runFencingCommand(
  command: string,
  c: FencingContext,
  timeoutS: number,
): Promise<FencingResult> {
  const spec = launchSpec(command);
  const r = await runCommand(spec.file, spec.args, {
    timeoutMs: timeoutS * 1000,
    env: { ...process.env, ...fencingEnv(c) },
    killSignal: 'SIGKILL',
    windowsVerbatimArguments: spec.windowsVerbatimArguments,
  });
  if (r.ended === 'not_started')
    return { ok: false, detail: `${command} could not be started (${r.output})` };
  const said = r.output ? `; it said: ${r.output.slice(0, OUTPUT_SHOWN)}` : '';
  if (r.ended === 'timed_out')
    return { ok: false, detail: `${command} did not finish within ${timeoutS} s and was ended${said}` };
  return { ok: r.code === 0, detail: `${command} exited ${r.code}${said}` };
}

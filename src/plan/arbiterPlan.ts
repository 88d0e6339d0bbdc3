/**
 * The arbiter as an operating-system service (`mc_arbiter register`): which service, running what,
 * as whom. Pure: the caller gathers the facts (the directory's arbiter line, its owner, where Node
 * and mc_arbiter live), so the plan is unit-tested without a service manager.
 */
import path from 'node:path';
import { PgClusterError } from '../errors.js';
import type { Operation, Plan, StartMode } from './operations.js';

export interface ArbiterFacts {
  /** The arbiter's directory (network.conf, mc.key, its record), absolute, on the target. */
  dir: string;
  /** The arbiter's identifier in network.conf. */
  arbiterId: string;
  target: 'windows' | 'posix';
  /** Who the service runs as: the directory's owner on POSIX, `DOMAIN\user` on Windows. */
  account: string;
  start: StartMode;
  /** --service-name, when given. */
  serviceName?: string;
  node: string;
  arbiterScript: string;
  /** Whether the record (<id>.arbiter.state) exists: without it the service cannot start. */
  recordExists: boolean;
}

/**
 * Letters, digits, "_", "-" and "." only: a valid systemd unit name and Windows service name,
 * and one that needs no quoting anywhere.
 */
const SERVICE_NAME = /^[A-Za-z0-9_.-]{1,80}$/;

/** mc_arbiter_<arbiterId>, or the name given; refused when a service manager could not take it. */
export function arbiterServiceName(arbiterId: string, given?: string): string {
  const name = given ?? `mc_arbiter_${arbiterId}`;
  if (!SERVICE_NAME.test(name)) {
    throw new PgClusterError(
      'SERVICE_NAME_INVALID',
      given === undefined
        ? `the arbiter identifier "${arbiterId}" cannot be part of a service name ("${name}")`
        : `"${name}" cannot be a service name`,
      {
        where: given === undefined ? 'network.conf (arbiter line)' : '--service-name',
        hint: `name the service with --service-name: 1-80 letters, digits, "_", "-" or "." (and give the same name to unregister)`,
      },
    );
  }
  return name;
}

export function arbiterServiceOp(f: ArbiterFacts): Operation {
  const dirArgs = ['-M', f.dir];
  return {
    kind: 'service.arbiter',
    name: arbiterServiceName(f.arbiterId, f.serviceName),
    description: `PgCluster arbiter ${f.arbiterId} (${f.dir})`,
    account: f.account,
    command: [f.node, f.arbiterScript, 'run', ...dirArgs],
    stopCommand: [f.node, f.arbiterScript, 'stop', ...dirArgs],
    start: f.start,
  };
}

/** What `mc_arbiter register` applies and `unregister` undoes. */
export function planArbiterService(f: ArbiterFacts): Plan {
  const p = f.target === 'windows' ? path.win32 : path.posix;
  const ops: Operation[] = [];
  // Windows does not grant the right when a service is created through the SCM's API.
  if (f.target === 'windows') ops.push({ kind: 'logonRight.grant', account: f.account });
  ops.push(arbiterServiceOp(f));
  const notes: string[] = [];
  if (!f.recordExists)
    notes.push(
      `no record yet (${p.join(f.dir, `${f.arbiterId}.arbiter.state`)}): run mc_arbiter run -M ${f.dir} --init once, stop it, then start the service`,
    );
  return { title: `arbiter ${f.arbiterId} service (${f.dir})`, target: f.target, operations: ops, notes };
}

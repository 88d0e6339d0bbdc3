/**
 * mc_arbiter register / unregister / plan: the arbiter as an operating-system service, with the
 * operations model of mc_ctl register. POSIX: a systemd unit (service.arbiter through the POSIX
 * executor) running as the directory's owner. Windows: the PowerShell module's
 * Register-PgArbiterService / Unregister-PgArbiterService, which ask `mc_arbiter plan` for the same
 * operations and carry them out through the SCM's API.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PgClusterError } from '../errors.js';
import { loadArbiterDirectory, type ArbiterDirectory } from '../arbiter/directory.js';
import { recordFile } from '../arbiter/store.js';
import { posixOwnerOnlyChecker, setAccessChecker } from '../config/permissions.js';
import { planArbiterService, type ArbiterFacts } from '../plan/arbiterPlan.js';
import { applyPlan, undoPlan } from '../plan/apply.js';
import { describeOperation, operationId, undoPolicy, type Plan, type StartMode } from '../plan/operations.js';
import { PosixExecutor } from '../platform/posix/executor.js';
import { invokeModuleCommand } from '../platform/windows/powershellModule.js';
import { passwordFrom } from './password.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The launcher the service runs (bin/mc_arbiter.js of this installation). */
export const ARBITER_SCRIPT = path.join(here, '..', '..', '..', 'bin', 'mc_arbiter.js');

export interface ServiceOptions {
  dir: string;
  serviceName?: string;
  start: StartMode;
  target?: 'windows' | 'posix';
  account?: string;
  password?: string;
}

type ModuleInvoker = typeof invokeModuleCommand;
type Say = (t: string) => void;

/** The account this command runs as; on Windows the service runs as the same one. */
function windowsAccount(env: NodeJS.ProcessEnv): string {
  return env.USERDOMAIN ? `${env.USERDOMAIN}\\${env.USERNAME ?? ''}` : (env.USERNAME ?? '');
}

/**
 * The directory as its owner sees it. As root on POSIX the service runs as the owner of
 * network.conf, so the files must be private to that user, and that user must not be root.
 */
function loadAsOwner(dir: string): { conf: ArbiterDirectory; owner?: string } {
  if (process.platform === 'win32' || process.geteuid?.() !== 0) return { conf: loadArbiterDirectory(dir) };
  let uid: number;
  try {
    uid = statSync(path.join(dir, 'network.conf')).uid;
  } catch {
    return { conf: loadArbiterDirectory(dir) }; // let the loader say what is missing
  }
  const prev = setAccessChecker(posixOwnerOnlyChecker(uid));
  try {
    const conf = loadArbiterDirectory(dir);
    return { conf, owner: execFileSync('id', ['-nu', String(uid)], { encoding: 'utf8' }).trim() };
  } finally {
    setAccessChecker(prev);
  }
}

export function gatherArbiterFacts(o: ServiceOptions): { facts: ArbiterFacts; conf: ArbiterDirectory } {
  const dir = path.resolve(o.dir);
  const { conf, owner } = loadAsOwner(dir);
  const target = o.target ?? (process.platform === 'win32' ? 'windows' : 'posix');
  const account =
    o.account ??
    owner ??
    (process.platform === 'win32'
      ? windowsAccount(process.env)
      : execFileSync('id', ['-nu'], { encoding: 'utf8' }).trim());
  if (target === 'posix' && account === 'root')
    throw new PgClusterError('ROOT_OWNED_CONFIG', "the arbiter's directory is owned by root", {
      where: path.join(dir, 'network.conf'),
      hint: 'the service runs as the owner of the files, and not as root: give the directory and its files to the account that runs the arbiter (chown -R) and run it again',
    });
  return {
    conf,
    facts: {
      dir,
      arbiterId: conf.arbiter.id,
      target,
      account,
      start: o.start,
      ...(o.serviceName === undefined ? {} : { serviceName: o.serviceName }),
      node: process.execPath,
      arbiterScript: ARBITER_SCRIPT,
      recordExists: existsSync(recordFile(dir, conf.arbiter.id)),
    },
  };
}

/** `mc_arbiter plan`: the operations with their descriptions (what the PowerShell module reads). */
export function arbiterPlanAnswer(plan: Plan): {
  plan: Plan;
  steps: { id: string; target: string; action: string; undo: 'remove' | 'keep' }[];
} {
  return {
    plan,
    steps: plan.operations.map((op) => ({
      id: operationId(op),
      ...describeOperation(op),
      undo: undoPolicy(op),
    })),
  };
}

/**
 * unregister stops the arbiter's own service first; an arbiter that answers while its service is
 * not running was started by hand, and removing the service would not stop it.
 */
export function foregroundRefusal(s: {
  dir: string;
  service: string;
  serviceActive: boolean;
  answering: boolean;
}): PgClusterError | undefined {
  if (s.serviceActive || !s.answering) return undefined;
  return new PgClusterError(
    'ARBITER_RUNNING',
    `the arbiter of ${s.dir} is running, but not as the service ${s.service}`,
    {
      hint: `stop the arbiter you started (Ctrl+C, or mc_arbiter stop -M ${s.dir}), then run unregister again`,
    },
  );
}

function requireRoot(mode: string): void {
  if (process.geteuid?.() !== 0)
    throw new PgClusterError('NEEDS_ROOT', `${mode} installs a system service and must run as root`, {
      hint: `run: sudo mc_arbiter ${mode} ...  (the service itself runs as the owner of the directory)`,
    });
}

const outcomeOf = (steps: unknown[]): { Outcome?: string; Target?: string } =>
  ((steps as { Kind?: string }[]).find((s) => s.Kind === 'service.arbiter') as
    { Outcome?: string; Target?: string } | undefined) ?? {};

/** Windows: the module registers the service, so the action is written once (mc_ctl register's way). */
export async function registerArbiterOnWindows(
  o: ServiceOptions,
  say: Say,
  invoke: ModuleInvoker = invokeModuleCommand,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Record<string, unknown>> {
  const password = passwordFrom(o.password, env);
  if (password === undefined)
    throw new PgClusterError(
      'PASSWORD_REQUIRED',
      'register on Windows needs the password of the account the service runs as',
      {
        hint: `give it on standard input with -P - (the service runs as ${windowsAccount(env)}), in PGPASSWORD, or use Register-PgArbiterService -Credential (Get-Credential) in PowerShell`,
      },
    );
  const steps = await invoke(
    'Register-PgArbiterService',
    {
      ConfigPath: o.dir,
      ...(o.serviceName ? { ServiceName: o.serviceName } : {}),
      StartMode: o.start === 'auto' ? 'Auto' : 'Demand',
      Force: true,
    },
    { credential: { user: windowsAccount(env), password } },
  );
  const outcome = outcomeOf(steps);
  say(
    `${outcome.Outcome === 'unchanged' ? 'already registered, unchanged' : 'registered'}: ${outcome.Target ?? 'service'}`,
  );
  return { steps };
}

export async function unregisterArbiterOnWindows(
  o: ServiceOptions,
  say: Say,
  invoke: ModuleInvoker = invokeModuleCommand,
): Promise<Record<string, unknown>> {
  const steps = await invoke('Unregister-PgArbiterService', {
    ConfigPath: o.dir,
    ...(o.serviceName ? { ServiceName: o.serviceName } : {}),
    Force: true,
  });
  const outcome = outcomeOf(steps);
  say(`${outcome.Outcome === 'removed' ? 'unregistered' : 'not registered'}: ${outcome.Target ?? 'service'}`);
  return { steps };
}

export async function registerArbiter(
  o: ServiceOptions,
  say: Say,
  warn: Say,
): Promise<Record<string, unknown>> {
  if (process.platform === 'win32') return registerArbiterOnWindows(o, say);
  requireRoot('register');
  if (o.password !== undefined)
    warn('-P is not needed on Linux: the service runs as the owner of the directory without a password');
  const { facts } = gatherArbiterFacts(o);
  const plan = planArbiterService(facts);
  const exec = new PosixExecutor();
  const report = await applyPlan(plan, exec);
  const service = plan.operations[plan.operations.length - 1]!;
  const name = service.kind === 'service.arbiter' ? service.name : '';
  const file = exec.systemd.unitFile(name);
  say(
    `${report.changed ? 'registered' : 'already registered, unchanged'}: ${file} (runs as ${facts.account})`,
  );
  for (const n of plan.notes) say(`note: ${n}`);
  if (!exec.systemd.running())
    say('systemd is not running on this machine: the unit was written and is used once systemd manages it');
  return { service: name, unitFile: file, changed: report.changed, user: facts.account, steps: report.steps };
}

export async function unregisterArbiter(
  o: ServiceOptions,
  say: Say,
  answering: (conf: ArbiterDirectory) => Promise<boolean>,
): Promise<Record<string, unknown>> {
  if (process.platform === 'win32') return unregisterArbiterOnWindows(o, say);
  requireRoot('unregister');
  const { facts, conf } = gatherArbiterFacts(o);
  const plan = planArbiterService(facts);
  const op = plan.operations[plan.operations.length - 1]!;
  const name = op.kind === 'service.arbiter' ? op.name : '';
  const exec = new PosixExecutor();
  const refusal = foregroundRefusal({
    dir: facts.dir,
    service: name,
    serviceActive: exec.systemd.active(name),
    answering: await answering(conf),
  });
  if (refusal) throw refusal;
  const report = await undoPlan(plan, exec);
  const file = exec.systemd.unitFile(name);
  say(report.changed ? `unregistered: ${file} removed` : `not registered: ${file} does not exist`);
  return { service: name, removed: report.changed, steps: report.steps };
}

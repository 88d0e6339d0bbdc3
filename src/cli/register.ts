/**
 * mc_ctl register / unregister: the controller as an operating-system service named
 * mc_service_name — one `service.mirroring` operation, applied or undone by the POSIX executor
 * (a systemd unit running as the instance administrator). On Windows the PgCluster PowerShell
 * module performs the same operation (Register-PgMirroringService).
 */
import { PgClusterError } from '../errors.js';
import { runningControllerPid } from '../controller/pidFile.js';
import { applyPlan, undoPlan } from '../plan/apply.js';
import { mirroringServiceOp } from '../plan/mirroringPlan.js';
import type { Plan } from '../plan/operations.js';
import { PosixExecutor } from '../platform/posix/executor.js';
import { gatherMirroringFacts } from './facts.js';
import type { Parsed } from './options.js';
import { passwordFrom } from './password.js';
import { invokeModuleCommand } from '../platform/windows/powershellModule.js';

type ModuleInvoker = typeof invokeModuleCommand;

/** The account mc_ctl runs as: the service runs as the same instance administrator. */
function windowsAccount(env: NodeJS.ProcessEnv): string {
  return env.USERDOMAIN ? `${env.USERDOMAIN}\\${env.USERNAME ?? ''}` : (env.USERNAME ?? '');
}

/**
 * Windows: the PowerShell module registers the service (through the SCM's API, running the service host), so
 * that the action is written once. -P is the password of the account the service runs as.
 */
export async function registerOnWindows(
  cmd: Parsed,
  say: (t: string) => void,
  invoke: ModuleInvoker = invokeModuleCommand,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Record<string, unknown>> {
  const password = passwordFrom(cmd.values.password, env);
  if (password === undefined)
    throw new PgClusterError(
      'PASSWORD_REQUIRED',
      'register on Windows needs the password of the account the service runs as',
      {
        hint: `give it on standard input with -P - (the service runs as ${windowsAccount(env)}), in PGPASSWORD, or use Register-PgMirroringService -Credential (Get-Credential) in PowerShell`,
      },
    );
  const steps = await invoke(
    'Register-PgMirroringService',
    {
      ConfigPath: cmd.mcDir,
      ...(cmd.localServer ? { LocalServer: cmd.localServer } : {}),
      StartMode: cmd.values['start-type']?.startsWith('a') ? 'Auto' : 'Demand',
      Failover: !!cmd.flags.failover,
      Force: true,
    },
    { credential: { user: windowsAccount(env), password } },
  );
  const outcome = (steps[0] as { Outcome?: string; Target?: string } | undefined) ?? {};
  say(
    `${outcome.Outcome === 'unchanged' ? 'already registered, unchanged' : 'registered'}: ${outcome.Target ?? 'service'}`,
  );
  return { steps };
}

export async function unregisterOnWindows(
  cmd: Parsed,
  say: (t: string) => void,
  invoke: ModuleInvoker = invokeModuleCommand,
): Promise<Record<string, unknown>> {
  const steps = await invoke('Unregister-PgMirroringService', {
    ConfigPath: cmd.mcDir,
    ...(cmd.localServer ? { LocalServer: cmd.localServer } : {}),
    Force: true,
  });
  const outcome = (steps[0] as { Outcome?: string; Target?: string } | undefined) ?? {};
  say(`${outcome.Outcome === 'removed' ? 'unregistered' : 'not registered'}: ${outcome.Target ?? 'service'}`);
  return { steps };
}

function requireRoot(mode: string): void {
  if (process.geteuid?.() !== 0) {
    throw new PgClusterError('NEEDS_ROOT', `${mode} installs a system service and must run as root`, {
      hint: `run: sudo mc_ctl ${mode} ...  (the service itself runs as the instance administrator)`,
    });
  }
}

function servicePlan(cmd: Parsed): {
  plan: Plan;
  id: string;
  account: string;
  mcDir: string;
  service: string;
} {
  const facts = gatherMirroringFacts({
    mcDir: cmd.mcDir,
    ...(cmd.localServer ? { localServer: cmd.localServer } : {}),
    target: 'posix',
    start: cmd.values['start-type']?.startsWith('a') ? 'auto' : 'demand',
    failover: !!cmd.flags.failover,
  });
  const id = facts.dir.local.entry.id;
  return {
    id,
    account: facts.account,
    mcDir: facts.dir.mcDir,
    service: facts.dir.local.conf.mcServiceName,
    plan: {
      title: `Mirroring Controller service of server ${id}`,
      target: 'posix',
      operations: [mirroringServiceOp(facts)],
      notes: [],
    },
  };
}

export async function register(
  cmd: Parsed,
  say: (t: string) => void,
  warn: (t: string) => void,
): Promise<Record<string, unknown>> {
  if (process.platform === 'win32') return registerOnWindows(cmd, say);
  requireRoot('register');
  if (cmd.values.password !== undefined)
    warn('-P is not needed on Linux: the service runs as the instance administrator without a password');
  const { plan, id, account, service } = servicePlan(cmd);
  const exec = new PosixExecutor();
  const report = await applyPlan(plan, exec);
  const file = exec.systemd.unitFile(service);
  say(`${report.changed ? 'registered' : 'already registered, unchanged'}: ${file} (runs as ${account})`);
  if (!exec.systemd.running())
    say('systemd is not running on this machine: the unit was written and is used once systemd manages it');
  return { server: id, service, unitFile: file, changed: report.changed, user: account, steps: report.steps };
}

export async function unregister(cmd: Parsed, say: (t: string) => void): Promise<Record<string, unknown>> {
  if (process.platform === 'win32') return unregisterOnWindows(cmd, say);
  requireRoot('unregister');
  const { plan, id, mcDir, service } = servicePlan(cmd);
  const pid = runningControllerPid(mcDir, id);
  if (pid) {
    throw new PgClusterError(
      'CONTROLLER_RUNNING',
      `the Mirroring Controller of server ${id} is running (pid ${pid})`,
      {
        hint: `stop it first: mc_ctl stop -M ${mcDir}${cmd.localServer ? ` --local-server ${id}` : ''}`,
      },
    );
  }
  const exec = new PosixExecutor();
  const report = await undoPlan(plan, exec);
  const file = exec.systemd.unitFile(service);
  say(report.changed ? `unregistered: ${file} removed` : `not registered: ${file} does not exist`);
  return { server: id, service, removed: report.changed, steps: report.steps };
}

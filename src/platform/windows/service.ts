/**
 * The instance as a Windows service: on Windows the controller starts and stops PostgreSQL through
 * the Service Control Manager (the service `pg_ctl register` made, named by
 * db_instance_service_name), so the SCM, Failover Cluster Manager and the Services window show
 * the truth, and an administrator starting the service by hand does not fight the controller.
 * sc.exe query/start/stop and reg.exe are the seams (both real under Wine); the parsing and the
 * checks of the service's command line are pure.
 */
import path from 'node:path';
import { PgClusterError } from '../../errors.js';
import { runCommand } from '../process.js';
import { readRegistryKey, type RunFn, defaultRun } from './registry.js';

export type ServiceState =
  'stopped' | 'start_pending' | 'stop_pending' | 'running' | 'continue_pending' | 'pause_pending' | 'paused';

const STATES: Record<number, ServiceState> = {
  1: 'stopped',
  2: 'start_pending',
  3: 'stop_pending',
  4: 'running',
  5: 'continue_pending',
  6: 'pause_pending',
  7: 'paused',
};

/** sc.exe exit codes that are answers, not failures. */
export const SC_NO_SUCH_SERVICE = 1060;
export const SC_ALREADY_RUNNING = 1056;
export const SC_NOT_ACTIVE = 1062;

export interface ServiceStatus {
  state: ServiceState;
  /** WIN32_EXIT_CODE and SERVICE_EXIT_CODE: why a stopped service stopped. */
  win32ExitCode: number;
  serviceExitCode: number;
}

/** `sc query <name>` output (the field names are English on every locale). */
export function parseScQuery(output: string): ServiceStatus | undefined {
  const field = (name: string) => new RegExp(`^\\s*${name}\\s*:\\s*(\\d+)`, 'm').exec(output)?.[1];
  const state = STATES[Number(field('STATE'))];
  if (!state) return undefined;
  return {
    state,
    win32ExitCode: Number(field('WIN32_EXIT_CODE') ?? 0),
    serviceExitCode: Number(field('SERVICE_EXIT_CODE') ?? 0),
  };
}

/** Splits a Windows command line as the C runtime does (quotes, backslashes before quotes). */
export function splitCommandLine(line: string): string[] {
  const args: string[] = [];
  let cur = '';
  let inArg = false;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\') {
      let n = 0;
      while (line[i] === '\\') {
        n++;
        i++;
      }
      if (line[i] === '"') {
        cur += '\\'.repeat(Math.floor(n / 2));
        if (n % 2 === 1) cur += '"';
        else quoted = !quoted;
      } else {
        cur += '\\'.repeat(n);
        i--;
      }
      inArg = true;
    } else if (c === '"') {
      quoted = !quoted;
      inArg = true;
    } else if ((c === ' ' || c === '\t') && !quoted) {
      if (inArg) args.push(cur);
      cur = '';
      inArg = false;
    } else {
      cur += c;
      inArg = true;
    }
  }
  if (inArg) args.push(cur);
  return args;
}

/** A Windows path in the form two spellings of one folder share: absolute, backslashes, lower case. */
export function samePathKey(p: string): string {
  return path.win32.resolve(p).replace(/\\+$/, '').toLowerCase();
}

/**
 * What is wrong with the service's command line for this data directory, or undefined:
 * it must run `pg_ctl runservice` with -D naming db_instance (any spelling of the same folder).
 */
export function checkInstanceImage(imagePath: string, dataDir: string): string | undefined {
  const args = splitCommandLine(imagePath);
  const program = args[0] ?? '';
  if (!/(^|[\\/])pg_ctl(\.exe)?$/i.test(program))
    return `it runs ${program || 'nothing'}, not PostgreSQL's pg_ctl.exe (its command line is: ${imagePath})`;
  if (!args.includes('runservice'))
    return `its command line is not "pg_ctl runservice" (it is: ${imagePath})`;
  let d: string | undefined;
  for (let i = 1; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-D' || a === '--pgdata') d = args[i + 1];
    else if (a.startsWith('--pgdata=')) d = a.slice('--pgdata='.length);
    else if (a.startsWith('-D') && a.length > 2) d = a.slice(2);
  }
  if (d === undefined) return `its command line names no data directory (-D): ${imagePath}`;
  if (samePathKey(d) !== samePathKey(dataDir))
    return `it runs the instance in ${d}, not db_instance ${dataDir}`;
  return undefined;
}

export const servicesKey = (name: string) => `HKLM\\SYSTEM\\CurrentControlSet\\Services\\${name}`;

/** Refuses a service name that does not exist or does not run this instance. */
export async function assertInstanceService(
  name: string,
  dataDir: string,
  run: RunFn = defaultRun,
): Promise<void> {
  const hint = `register it: Register-PgInstanceService -Name '${name}' -DataDirectory '${dataDir}' (or pg_ctl register -N "${name}" -D "${dataDir}" -S demand -w), or correct db_instance_service_name`;
  if (!/^[A-Za-z0-9_.$ -]{1,256}$/.test(name) || name.includes('\\'))
    throw new PgClusterError('SERVICE_INVALID', `"${name}" cannot be a Windows service name`, {
      where: 'db_instance_service_name',
      hint: 'use letters, digits, _ . - $ and spaces',
    });
  const key = await readRegistryKey(servicesKey(name), run);
  const image = key?.values.find((v) => v.name.toLowerCase() === 'imagepath')?.data;
  if (key === undefined || typeof image !== 'string')
    throw new PgClusterError('SERVICE_NOT_FOUND', `there is no Windows service named "${name}"`, {
      where: 'db_instance_service_name',
      hint,
    });
  const wrong = checkInstanceImage(image, dataDir);
  if (wrong)
    throw new PgClusterError('SERVICE_MISMATCH', `the service "${name}" is not this instance's: ${wrong}`, {
      where: 'db_instance_service_name',
      hint,
    });
}

async function sc(args: string[]): Promise<{ code: number; output: string }> {
  const r = await runCommand('sc.exe', args, { timeoutMs: 30_000 });
  if (r.ended === 'not_started')
    throw new PgClusterError('SERVICE_COMMAND_FAILED', `cannot run sc.exe: ${r.output}`, {
      hint: 'sc.exe is part of Windows (System32); check PATH and SystemRoot',
    });
  return r;
}

export async function queryService(name: string): Promise<ServiceStatus> {
  const r = await sc(['query', name]);
  const status = r.code === 0 ? parseScQuery(r.output) : undefined;
  if (r.code === SC_NO_SUCH_SERVICE)
    throw new PgClusterError('SERVICE_NOT_FOUND', `there is no Windows service named "${name}"`, {
      where: 'db_instance_service_name',
    });
  if (!status)
    throw new PgClusterError(
      'SERVICE_COMMAND_FAILED',
      `sc query ${name} failed (exit code ${r.code}): ${r.output}`,
    );
  return status;
}

/** Asks the SCM to start the service; an already running service is not an error. */
export async function startService(name: string): Promise<void> {
  const r = await sc(['start', name]);
  if (r.code === 0 || r.code === SC_ALREADY_RUNNING) return;
  throw new PgClusterError(
    'INSTANCE_COMMAND_FAILED',
    `could not start the service "${name}" (sc start: exit code ${r.code}): ${r.output}`,
    {
      where: 'db_instance_service_name',
      hint: "see the Application log (Event Viewer) for PostgreSQL's own message; the service account must own the data directory",
    },
  );
}

/** Asks the SCM to stop the service (pg_ctl runservice then makes a fast shutdown). */
export async function stopService(name: string): Promise<void> {
  const r = await sc(['stop', name]);
  if (r.code === 0 || r.code === SC_NOT_ACTIVE) return;
  throw new PgClusterError(
    'INSTANCE_COMMAND_FAILED',
    `could not stop the service "${name}" (sc stop: exit code ${r.code}): ${r.output}`,
    {
      where: 'db_instance_service_name',
    },
  );
}

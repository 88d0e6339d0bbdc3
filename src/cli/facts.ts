/**
 * Gathers what the planners need to know about this machine: the management directory as the
 * instance administrator sees it, who that administrator is, where PostgreSQL and the controller
 * live, and what the instance looks like. Everything impure about planning is here.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PgClusterError } from '../errors.js';
import { loadMcDirectory, type McDirectory } from '../config/mcDirectory.js';
import { posixOwnerOnlyChecker, setAccessChecker } from '../config/permissions.js';
import { PostgresqlConf } from '../config/postgresqlConf.js';
import { KEY_FILE_NAME } from '../controller/keyFile.js';
import { findPgBinaries } from '../postgres/binaries.js';
import type { MirroringFacts } from '../plan/mirroringPlan.js';
import type { StartMode } from '../plan/operations.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The installed scripts a service runs (the compiled controller and mc_ctl's launcher). */
export const CONTROLLER_SCRIPT = path.join(here, '..', 'controller', 'main.js');
export const MC_CTL_SCRIPT = path.join(here, '..', '..', '..', 'bin', 'mc_ctl.js');

/**
 * Loads the directory. As root on POSIX, the instance administrator is whoever owns network.conf,
 * and the files must be private to that user (not to root).
 */
export function loadDirectoryAsAdmin(
  mcDirArg: string,
  localServer: string | undefined,
): { dir: McDirectory; owner?: string } {
  const mcDir = path.resolve(mcDirArg);
  const opts = localServer ? { localServer } : {};
  if (process.platform === 'win32' || process.geteuid?.() !== 0) return { dir: loadMcDirectory(mcDir, opts) };
  let uid: number;
  try {
    uid = statSync(path.join(mcDir, 'network.conf')).uid;
  } catch {
    return { dir: loadMcDirectory(mcDir, opts) }; // let the loader say what is missing
  }
  const prev = setAccessChecker(posixOwnerOnlyChecker(uid));
  try {
    const dir = loadMcDirectory(mcDir, opts);
    return { dir, owner: execFileSync('id', ['-nu', String(uid)], { encoding: 'utf8' }).trim() };
  } finally {
    setAccessChecker(prev);
  }
}

export interface FactOptions {
  mcDir: string;
  localServer?: string;
  target?: 'windows' | 'posix';
  account?: string;
  start?: StartMode;
  failover?: boolean;
  pgBin?: string;
}

function defaultAccount(owner: string | undefined): string {
  if (process.platform === 'win32') {
    const user = process.env.USERNAME ?? '';
    return process.env.USERDOMAIN ? `${process.env.USERDOMAIN}\\${user}` : user;
  }
  return owner ?? execFileSync('id', ['-nu'], { encoding: 'utf8' }).trim();
}

function instancePort(dataDir: string): number | undefined {
  if (!existsSync(path.join(dataDir, 'postgresql.conf'))) return undefined;
  try {
    return Number(PostgresqlConf.load(dataDir).get('port')?.value ?? 5432);
  } catch {
    return undefined;
  }
}

export function gatherMirroringFacts(o: FactOptions): MirroringFacts {
  const { dir, owner } = loadDirectoryAsAdmin(o.mcDir, o.localServer);
  const target = o.target ?? (process.platform === 'win32' ? 'windows' : 'posix');
  if (target === 'posix' && owner === 'root') {
    // Services run as the files' owner, and PostgreSQL refuses to run as root.
    throw new PgClusterError(
      'ROOT_OWNED_CONFIG',
      'the management directory is owned by root, but PostgreSQL cannot run as root',
      { where: dir.mcDir, hint: 'give the files to the instance administrator (chown) and run it again' },
    );
  }
  const id = dir.local.entry.id;
  const dataDir = dir.local.conf.dbInstance;
  const port = instancePort(dataDir);
  return {
    dir,
    target,
    account: o.account ?? defaultAccount(owner),
    start: o.start ?? 'demand',
    failover: !!o.failover,
    // Only Windows plans name PostgreSQL's files (pgevent.dll, pg_ctl.exe).
    pgBinDir: o.pgBin ?? (target === 'windows' ? findPgBinaries().dir : ''),
    node: process.execPath,
    controllerScript: CONTROLLER_SCRIPT,
    mcCtlScript: MC_CTL_SCRIPT,
    protectedFiles: ['network.conf', `${id}.conf`, KEY_FILE_NAME, `${id}.pgpass`]
      .map((f) => path.join(dir.mcDir, f))
      .filter((f) => existsSync(f)),
    ...(port === undefined ? {} : { instancePort: port }),
    instanceExists: existsSync(path.join(dataDir, 'PG_VERSION')),
  };
}

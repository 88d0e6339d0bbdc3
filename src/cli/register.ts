/**
 * mc_ctl register / unregister: the controller as an operating-system service named
 * mc_service_name. Linux: a systemd unit running as the instance administrator. Windows: the
 * service is created by the PgCluster PowerShell module (Register-PgMirroringService).
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { PgClusterError } from '../errors.js';
import { loadMcDirectory, type McDirectory } from '../config/mcDirectory.js';
import { posixOwnerOnlyChecker, setAccessChecker } from '../config/permissions.js';
import { runningControllerPid } from '../controller/pidFile.js';
import { SystemdServices } from '../platform/posix/systemd.js';
import type { Parsed } from './options.js';

const here = path.dirname(fileURLToPath(import.meta.url));

function requireLinuxRoot(mode: string): void {
  if (process.platform === 'win32') {
    throw new PgClusterError(
      'NOT_SUPPORTED_YET',
      `${mode} on Windows is done by the PgCluster PowerShell module`,
      {
        hint: 'that module is not part of this version yet; start the controller with mc_ctl start meanwhile',
      },
    );
  }
  if (process.geteuid?.() !== 0) {
    throw new PgClusterError('NEEDS_ROOT', `${mode} installs a system service and must run as root`, {
      hint: `run: sudo mc_ctl ${mode} ...  (the service itself runs as the instance administrator)`,
    });
  }
}

/** As root, the instance administrator is whoever owns network.conf; files must still be owner-only. */
function loadAsRoot(cmd: Parsed): { dir: McDirectory; user: string } {
  const mcDir = path.resolve(cmd.mcDir);
  const uid = statSync(path.join(mcDir, 'network.conf')).uid;
  const prev = setAccessChecker(posixOwnerOnlyChecker(uid));
  try {
    const dir = loadMcDirectory(mcDir, cmd.localServer ? { localServer: cmd.localServer } : {});
    const user = uid === 0 ? 'root' : execFileSync('id', ['-nu', String(uid)], { encoding: 'utf8' }).trim();
    if (uid === 0) {
      throw new PgClusterError(
        'ROOT_OWNED_CONFIG',
        'the management directory is owned by root, but PostgreSQL cannot run as root',
        {
          where: mcDir,
          hint: 'give the files to the instance administrator (chown) and run register again',
        },
      );
    }
    return { dir, user };
  } finally {
    setAccessChecker(prev);
  }
}

export function register(
  cmd: Parsed,
  say: (t: string) => void,
  warn: (t: string) => void,
): Record<string, unknown> {
  requireLinuxRoot('register');
  const { dir, user } = loadAsRoot(cmd);
  const id = dir.local.entry.id;
  if (cmd.values.password !== undefined)
    warn('-P is not needed on Linux: the service runs as the instance administrator without a password');
  const node = process.execPath;
  const mcArgs = ['-M', dir.mcDir, '--local-server', id];
  const services = new SystemdServices();
  const result = services.install({
    name: dir.local.conf.mcServiceName,
    description: `PgCluster Mirroring Controller of server ${id} (${dir.mcDir})`,
    user,
    execStart: [
      node,
      path.join(here, '..', 'controller', 'main.js'),
      ...mcArgs,
      ...(cmd.flags.failover ? ['-f'] : []),
    ],
    execStop: [node, path.join(here, '..', '..', '..', 'bin', 'mc_ctl.js'), 'stop', ...mcArgs],
    startType: cmd.values['start-type']?.startsWith('a') ? 'auto' : 'demand',
  });
  say(`${result.changed ? 'registered' : 'already registered, unchanged'}: ${result.file} (runs as ${user})`);
  for (const n of result.notes) say(n);
  return {
    server: id,
    service: dir.local.conf.mcServiceName,
    unitFile: result.file,
    changed: result.changed,
    user,
  };
}

export function unregister(cmd: Parsed, say: (t: string) => void): Record<string, unknown> {
  requireLinuxRoot('unregister');
  const { dir } = loadAsRoot(cmd);
  const id = dir.local.entry.id;
  const pid = runningControllerPid(dir.mcDir, id);
  if (pid) {
    throw new PgClusterError(
      'CONTROLLER_RUNNING',
      `the Mirroring Controller of server ${id} is running (pid ${pid})`,
      {
        hint: `stop it first: mc_ctl stop -M ${dir.mcDir}${dir.sameHost ? ` --local-server ${id}` : ''}`,
      },
    );
  }
  const r = new SystemdServices().uninstall(dir.local.conf.mcServiceName);
  say(r.removed ? `unregistered: ${r.file} removed` : `not registered: ${r.file} does not exist`);
  return { server: id, service: dir.local.conf.mcServiceName, removed: r.removed };
}

/**
 * The per-server set-up of database multiplexing outside PostgreSQL (manual §8.2–8.4, undone by
 * §9.7.3–9.7.4) as a plan of operations. Pure: the caller gathers the facts (which files exist,
 * where PostgreSQL lives, which account runs the services), so every plan is unit-tested.
 */
import path from 'node:path';
import { PgClusterError } from '../errors.js';
import type { McDirectory } from '../config/mcDirectory.js';
import { DEFAULT_EVENT_SOURCE } from '../config/serverConf.js';
import type { Operation, Plan, StartMode } from './operations.js';

export interface MirroringFacts {
  dir: McDirectory;
  target: 'windows' | 'posix';
  /** The instance administrator: `DOMAIN\user` on Windows, a user name on POSIX. */
  account: string;
  start: StartMode;
  failover: boolean;
  /** PostgreSQL's bin folder on the target (pg_ctl; pgevent.dll is in ../lib on Windows). */
  pgBinDir: string;
  /** The Node runtime and the two scripts the service runs, as paths on the target. */
  node: string;
  controllerScript: string;
  mcCtlScript: string;
  /** Files of the management directory that exist and hold settings or secrets. */
  protectedFiles: string[];
  /** The instance's port when its postgresql.conf could be read. */
  instancePort?: number;
  /** Whether the data directory holds an instance yet (the standby's appears with setup). */
  instanceExists: boolean;
}

/** Service names in the services file: short, fixed prefix, the identifier keeps them apart. */
export const servicesFileName = (kind: 'mc' | 'pg', serverId: string): string =>
  `pgcluster-${kind}-${serverId}`;

/** Firewall rule names are the rule's unique id, so they must be stable across runs. */
export const firewallRuleName = (kind: 'MC' | 'PG', serverId: string): string =>
  `PgCluster-${kind}-${serverId}-TCP-In`;

/** The controller's service: the one operation `mc_ctl register` performs. */
export function mirroringServiceOp(f: MirroringFacts): Operation {
  const id = f.dir.local.entry.id;
  const mcArgs = ['-M', f.dir.mcDir, '--local-server', id];
  return {
    kind: 'service.mirroring',
    name: f.dir.local.conf.mcServiceName,
    description: `PgCluster Mirroring Controller of server ${id} (${f.dir.mcDir})`,
    account: f.account,
    command: [f.node, f.controllerScript, ...mcArgs, ...(f.failover ? ['-f'] : [])],
    stopCommand: [f.node, f.mcCtlScript, 'stop', ...mcArgs],
    start: f.start,
  };
}

export function planMirroringInstall(f: MirroringFacts): Plan {
  const { dir } = f;
  const id = dir.local.entry.id;
  const conf = dir.local.conf;
  const ops: Operation[] = [];
  const notes: string[] = [];
  const win = f.target === 'windows';
  const p = win ? path.win32 : path.posix;
  if (
    conf.dbInstanceServiceName &&
    conf.dbInstanceServiceName.toLowerCase() === conf.mcServiceName.toLowerCase()
  ) {
    throw new PgClusterError(
      'CONFIG_INVALID',
      `db_instance_service_name and mc_service_name are both "${conf.mcServiceName}": the instance and the controller need services of their own`,
      { where: p.join(dir.mcDir, `${id}.conf`), hint: 'give one of them another name' },
    );
  }

  if (win) {
    const dll = p.join(p.dirname(f.pgBinDir), 'lib', 'pgevent.dll');
    ops.push({ kind: 'eventSource.register', source: DEFAULT_EVENT_SOURCE, dll });
    if (conf.eventSource.toLowerCase() !== DEFAULT_EVENT_SOURCE.toLowerCase())
      ops.push({ kind: 'eventSource.register', source: conf.eventSource, dll });
    ops.push({ kind: 'logonRight.grant', account: f.account });
  }

  ops.push({
    kind: 'servicesFile.entry',
    service: servicesFileName('mc', id),
    port: dir.local.entry.port,
    comment: `PgCluster Mirroring Controller ${id}`,
  });
  if (f.instancePort !== undefined)
    ops.push({
      kind: 'servicesFile.entry',
      service: servicesFileName('pg', id),
      port: f.instancePort,
      comment: `PostgreSQL instance of PgCluster server ${id}`,
    });

  for (const file of f.protectedFiles)
    ops.push({ kind: 'fileAcl.ownerOnly', path: file, account: f.account });

  if (win) {
    ops.push({
      kind: 'firewall.allowTcp',
      name: firewallRuleName('MC', id),
      displayName: `PgCluster Mirroring Controller ${id}`,
      port: dir.local.entry.port,
    });
    if (f.instancePort !== undefined)
      ops.push({
        kind: 'firewall.allowTcp',
        name: firewallRuleName('PG', id),
        displayName: `PgCluster PostgreSQL ${id}`,
        port: f.instancePort,
      });
    if (!conf.dbInstanceServiceName) {
      notes.push(`db_instance_service_name is not set in ${id}.conf: the instance service is not registered`);
    } else if (!f.instanceExists) {
      notes.push(
        `no instance in ${conf.dbInstance} yet: after mc_ctl setup creates it, run the installation again to register its service`,
      );
    } else {
      ops.push({
        kind: 'service.instance',
        name: conf.dbInstanceServiceName,
        dataDir: conf.dbInstance,
        account: f.account,
        pgCtl: p.join(f.pgBinDir, 'pg_ctl.exe'),
      });
    }
  } else {
    notes.push(
      `open TCP ${dir.local.entry.port} (controller)${f.instancePort !== undefined ? ` and ${f.instancePort} (instance)` : ''} to the peer in this host's firewall if one is enabled: firewalls are not managed on Linux`,
    );
  }
  if (f.instancePort === undefined)
    notes.push(
      `the instance port is unknown (${p.join(conf.dbInstance, 'postgresql.conf')} unreadable): not reserved`,
    );

  ops.push(mirroringServiceOp(f));
  return {
    title: `Mirroring Controller of server ${id} installed (${dir.mcDir})`,
    target: f.target,
    operations: ops,
    notes,
  };
}

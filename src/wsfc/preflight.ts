/**
 * Shared-disk failover preflight (manual 000 ch. 3, SPEC Part 7): what must be true of an
 * instance and of every node before PostgreSQL can run as a Generic Service role. Pure: the
 * instance's facts come from its configuration files, the nodes' from the PowerShell module on
 * each node (or a hand-written description); every finding says its severity, what, where, and
 * how to fix it.
 */
import path from 'node:path';

export interface InstanceFacts {
  dataDir: string;
  /** Where WAL really lives (pg_wal, or its link target). */
  walDir: string;
  /** Tablespace oid -> location. */
  tablespaces: Record<string, string>;
  backupDestination?: string;
  /** As written in postgresql.conf; undefined when not set (PostgreSQL's default is on). */
  restartAfterCrash?: string;
  port: number;
  keystoreLocation?: string;
  coreDirectory?: string;
  /** The file and line each setting came from, for messages. */
  where: Record<string, string>;
}

export interface NodeFacts {
  name: string;
  /** The instance's Windows service on that node (pg_ctl register -N). */
  service?: { name: string; account: string; startType: string };
  /** Ports reserved for tcp in that node's services file. */
  servicesFilePorts: number[];
  /** Local paths asked about (keystore, core directory) and whether they exist on that node. */
  localPaths: Record<string, boolean>;
}

export interface ClusterFacts {
  platform: 'windows' | 'posix';
  role: string;
  /** Roots of the role's shared disks (drive letters or mount points), with their resource names. */
  sharedDisks: { name: string; root: string }[];
  /** The service name the Generic Service resource runs. */
  serviceName: string;
  nodes: NodeFacts[];
}

export interface Finding {
  severity: 'error' | 'warning';
  check: string;
  what: string;
  where: string;
  fix: string;
}

const OFF = new Set(['off', 'false', 'no', '0', 'of', 'fa', 'fal', 'fals', 'n']);

function pathApi(platform: ClusterFacts['platform']) {
  return platform === 'windows' ? path.win32 : path.posix;
}

/** The shared disk holding `p`, if any (the longest root that contains it). */
export function diskOf(p: string, cluster: ClusterFacts): { name: string; root: string } | undefined {
  const api = pathApi(cluster.platform);
  const norm = (x: string) => {
    const r = api.resolve(x);
    return cluster.platform === 'windows' ? r.toLowerCase() : r;
  };
  const target = norm(p);
  let best: { name: string; root: string } | undefined;
  for (const d of cluster.sharedDisks) {
    const root = norm(d.root);
    const rel = api.relative(root, target);
    const inside = rel === '' || (!rel.startsWith('..') && !api.isAbsolute(rel));
    if (inside && (!best || norm(best.root).length < root.length)) best = d;
  }
  return best;
}

export function preflight(inst: InstanceFacts, cluster: ClusterFacts): Finding[] {
  const out: Finding[] = [];
  const at = (key: string, fallback: string) => inst.where[key] ?? fallback;
  const conf = at('postgresql.conf', path.join(inst.dataDir, 'postgresql.conf'));

  if (
    inst.restartAfterCrash === undefined ||
    !OFF.has(inst.restartAfterCrash.toLowerCase().replace(/'/g, ''))
  ) {
    out.push({
      severity: 'error',
      check: 'restart_after_crash',
      what: `restart_after_crash is ${inst.restartAfterCrash ?? 'not set (on by default)'}: after a backend crash the postmaster would restart in place while the cluster fails the role over`,
      where: at('restart_after_crash', conf),
      fix: 'set restart_after_crash = off in postgresql.conf',
    });
  }

  const places: { key: string; label: string; dir: string | undefined }[] = [
    { key: 'data', label: 'the data directory', dir: inst.dataDir },
    { key: 'wal', label: 'the WAL directory', dir: inst.walDir },
    {
      key: 'backup',
      label: 'the backup directory (pgcluster.backup_destination)',
      dir: inst.backupDestination,
    },
    ...Object.entries(inst.tablespaces).map(([oid, dir]) => ({
      key: `ts${oid}`,
      label: `tablespace ${oid}`,
      dir,
    })),
  ];
  const disks: Record<string, string | undefined> = {};
  for (const p of places) {
    if (!p.dir) continue;
    const disk = diskOf(p.dir, cluster);
    disks[p.key] = disk?.name;
    if (!disk) {
      out.push({
        severity: 'error',
        check: 'shared-disk',
        what: `${p.label} ${p.dir} is not on a shared disk of role ${cluster.role}`,
        where: p.key === 'backup' ? at('pgcluster.backup_destination', conf) : p.dir,
        fix: `move it to one of ${cluster.sharedDisks.map((d) => `${d.name} (${d.root})`).join(', ') || 'the role’s shared disks (none are in the role yet)'}`,
      });
    }
  }
  if (!inst.backupDestination) {
    out.push({
      severity: 'warning',
      check: 'backup',
      what: 'pgcluster.backup_destination is not set: there is no backup area to recover from',
      where: conf,
      fix: 'set it to a directory on a shared disk other than the data disk',
    });
  } else if (disks.backup && disks.backup === disks.data) {
    out.push({
      severity: 'error',
      check: 'backup-disk',
      what: `the backups and the data are on the same shared disk (${disks.data}): one file-system failure loses both`,
      where: at('pgcluster.backup_destination', conf),
      fix: 'put the backup directory on another shared disk of the role',
    });
  }
  if (disks.wal && disks.wal === disks.data) {
    out.push({
      severity: 'warning',
      check: 'wal-disk',
      what: `WAL and data share the disk ${disks.data}: their I/O competes`,
      where: inst.walDir,
      fix: 'for throughput, move pg_wal to another shared disk (initdb -X, or a link made while the instance is stopped)',
    });
  }

  const localPathChecks: { key: string; label: string; value: string | undefined }[] = [
    { key: 'keystore_location', label: 'keystore_location', value: inst.keystoreLocation },
    { key: 'core_directory', label: 'core_directory', value: inst.coreDirectory },
  ];
  for (const c of localPathChecks) {
    if (!c.value) continue;
    const shared = diskOf(c.value, cluster);
    if (shared) {
      out.push({
        severity: 'error',
        check: c.key,
        what: `${c.label} = '${c.value}' is on the shared disk ${shared.name}${c.key === 'keystore_location' ? ': an auto-open keystore made on one node cannot be read on another, so the service would not start after a failover' : ''}`,
        where: at(c.key, conf),
        fix: `use a local directory with the same path on every node`,
      });
      continue;
    }
    for (const n of cluster.nodes) {
      if (n.localPaths[c.value] !== true) {
        out.push({
          severity: 'error',
          check: c.key,
          what: `${c.label} '${c.value}' does not exist on node ${n.name}${n.localPaths[c.value] === undefined ? ' (not checked there)' : ''}`,
          where: `node ${n.name}`,
          fix: `create ${c.value} on ${n.name} (postgresql.conf is on the shared disk: its paths must be valid on every node)`,
        });
      }
    }
  }

  for (const n of cluster.nodes) {
    if (!n.servicesFilePorts.includes(inst.port)) {
      out.push({
        severity: 'error',
        check: 'services-file',
        what: `port ${inst.port} is not in the services file of node ${n.name}`,
        where: `node ${n.name}: %SystemRoot%\\System32\\drivers\\etc\\services`,
        fix: `on ${n.name}: Add-PgServicesFileEntry -Name <name> -Port ${inst.port}`,
      });
    }
    if (!n.service) {
      out.push({
        severity: 'error',
        check: 'service',
        what: `node ${n.name} has no service named ${cluster.serviceName}`,
        where: `node ${n.name}`,
        fix: `on ${n.name}: Register-PgInstanceService -Name ${cluster.serviceName} (the same name on every node)`,
      });
      continue;
    }
    if (n.service.name.toLowerCase() !== cluster.serviceName.toLowerCase()) {
      out.push({
        severity: 'error',
        check: 'service',
        what: `the instance service on node ${n.name} is ${n.service.name}, not ${cluster.serviceName}`,
        where: `node ${n.name}`,
        fix: 'register it under the same name on every node; the Generic Service resource names one service',
      });
    }
    if (n.service.startType.toLowerCase() !== 'demand') {
      out.push({
        severity: 'error',
        check: 'service-start',
        what: `the service ${n.service.name} on node ${n.name} starts ${n.service.startType}: only the cluster may start it`,
        where: `node ${n.name}`,
        fix: `on ${n.name}: Set-PgServiceStartMode -Name ${n.service.name} -StartMode Demand`,
      });
    }
  }
  const accounts = [
    ...new Set(cluster.nodes.filter((n) => n.service).map((n) => n.service!.account.toLowerCase())),
  ];
  if (accounts.length > 1) {
    out.push({
      severity: 'error',
      check: 'service-account',
      what: `the instance service runs as different accounts on the nodes: ${cluster.nodes.map((n) => `${n.name}: ${n.service?.account ?? '-'}`).join(', ')}`,
      where: cluster.role,
      fix: 'run it as the same domain user (the instance administrator) on every node',
    });
  } else if (
    accounts.length === 1 &&
    cluster.platform === 'windows' &&
    !/^[^.\\][^\\]*\\.+/.test(accounts[0]!)
  ) {
    out.push({
      severity: 'error',
      check: 'service-account',
      what: `the instance service runs as ${accounts[0]}, not a domain user: that account does not exist alike on the other nodes`,
      where: cluster.role,
      fix: 'run it as DOMAIN\\user on every node',
    });
  }
  return out;
}

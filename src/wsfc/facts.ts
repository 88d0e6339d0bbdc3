/**
 * The facts the shared-disk preflight needs, read from an instance's files (it may be stopped)
 * and from a cluster description: JSON written by the PowerShell module on the nodes
 * (or by hand), checked here with every problem named by its place in the file.
 */
import { existsSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { PgClusterError } from '../errors.js';
import { PostgresqlConf } from '../config/postgresqlConf.js';
import { JsonFields } from './jsonFields.js';
import type { ClusterFacts, InstanceFacts, NodeFacts } from './preflight.js';

export function readInstanceFacts(dataDirArg: string): InstanceFacts {
  const dataDir = path.resolve(dataDirArg);
  if (!existsSync(path.join(dataDir, 'PG_VERSION')))
    throw new PgClusterError(
      'NOT_A_DATA_DIRECTORY',
      `${dataDir} is not a PostgreSQL data directory (no PG_VERSION)`,
      {
        hint: 'give the data directory on the shared disk with -D',
      },
    );
  const conf = PostgresqlConf.load(dataDir);
  const where: Record<string, string> = { 'postgresql.conf': path.join(dataDir, 'postgresql.conf') };
  const get = (name: string): string | undefined => {
    const s = conf.get(name);
    if (!s) return undefined;
    where[name] = `${s.file}:${s.line}`;
    return s.value;
  };
  const spcDir = path.join(dataDir, 'pg_tblspc');
  const tablespaces: Record<string, string> = {};
  for (const oid of existsSync(spcDir) ? readdirSync(spcDir) : []) {
    try {
      tablespaces[oid] = realpathSync(path.join(spcDir, oid));
    } catch {
      tablespaces[oid] = path.join(spcDir, oid);
    }
  }
  const restartAfterCrash = get('restart_after_crash');
  const backupDestination = get('pgcluster.backup_destination');
  const keystoreLocation = get('keystore_location');
  const coreDirectory = get('core_directory');
  return {
    dataDir,
    walDir: realpathSync(path.join(dataDir, 'pg_wal')),
    tablespaces,
    port: Number(get('port') ?? 5432),
    where,
    ...(restartAfterCrash === undefined ? {} : { restartAfterCrash }),
    ...(backupDestination === undefined ? {} : { backupDestination }),
    ...(keystoreLocation === undefined ? {} : { keystoreLocation }),
    ...(coreDirectory === undefined ? {} : { coreDirectory }),
  };
}

/** A cluster description, checked field by field; all problems are reported at once. */
export function parseClusterFacts(text: string, file: string): ClusterFacts {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new PgClusterError('CLUSTER_FILE_INVALID', `${file} is not JSON: ${(e as Error).message}`, {
      where: file,
      hint: 'fix the JSON syntax (the format is in docs/wsfc.md)',
    });
  }
  const f = new JsonFields();
  const { problems } = f;
  const obj = f.obj.bind(f);
  const str = (o: Record<string, unknown>, key: string, at: string) => f.str(o, key, at);
  const arr = (o: Record<string, unknown>, key: string, at: string) => f.list(o, key, at);
  const top = obj(raw, '$');
  const platform = top.platform ?? 'windows';
  if (platform !== 'windows' && platform !== 'posix')
    problems.push('$.platform: "windows" or "posix" is expected');
  const sharedDisks = arr(top, 'sharedDisks', '$').map((d, i) => {
    const o = obj(d, `$.sharedDisks[${i}]`);
    return { name: str(o, 'name', `$.sharedDisks[${i}]`), root: str(o, 'root', `$.sharedDisks[${i}]`) };
  });
  const nodes: NodeFacts[] = arr(top, 'nodes', '$').map((n, i) => {
    const at = `$.nodes[${i}]`;
    const o = obj(n, at);
    const ports = arr(o, 'servicesFilePorts', at).filter((p, j) => {
      const ok = Number.isInteger(p) && (p as number) > 0 && (p as number) < 65536;
      if (!ok) problems.push(`${at}.servicesFilePorts[${j}]: a port number is expected`);
      return ok;
    }) as number[];
    const lp = o.localPaths === undefined ? {} : obj(o.localPaths, `${at}.localPaths`);
    const localPaths: Record<string, boolean> = {};
    for (const [k, v] of Object.entries(lp)) {
      if (typeof v !== 'boolean') problems.push(`${at}.localPaths["${k}"]: true or false is expected`);
      else localPaths[k] = v;
    }
    const node: NodeFacts = { name: str(o, 'name', at), servicesFilePorts: ports, localPaths };
    if (o.service !== undefined && o.service !== null) {
      const s = obj(o.service, `${at}.service`);
      node.service = {
        name: str(s, 'name', `${at}.service`),
        account: str(s, 'account', `${at}.service`),
        startType: str(s, 'startType', `${at}.service`),
      };
    }
    return node;
  });
  if (nodes.length < 2) problems.push('$.nodes: a failover cluster has at least two nodes');
  const role = str(top, 'role', '$');
  const serviceName = str(top, 'serviceName', '$');
  if (problems.length) {
    throw new PgClusterError(
      'CLUSTER_FILE_INVALID',
      `${file} has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`,
      {
        where: file,
        hint: 'fix the places listed (a JSON path each); the format is in docs/wsfc.md',
      },
    );
  }
  return { platform: platform as ClusterFacts['platform'], role, sharedDisks, serviceName, nodes };
}

export function readClusterFacts(file: string): ClusterFacts {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PgClusterError('CLUSTER_FILE_INVALID', `cannot read ${file}: ${(e as Error).message}`, {
      where: file,
    });
  }
  return parseClusterFacts(text, file);
}

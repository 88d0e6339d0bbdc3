/**
 * The MC management directory: network.conf plus one <serverIdentifier>.conf per server. Loading it
 * answers "which of the two servers am I?" and gives both servers' settings, after checking that
 * only the instance administrator can read any of the files.
 */
import * as fs from 'node:fs';
import { isIP } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { PgClusterError } from '../errors.js';
import { isSameHost, parseNetworkConf, type ServerEntry } from './networkConf.js';
import { accessChecker } from './permissions.js';
import { parseServerConf, type ServerConf } from './serverConf.js';

export interface McDirectory {
  mcDir: string;
  network: ServerEntry[];
  /** The arbiter both controllers consult before acting alone, when network.conf names one. */
  arbiter?: ServerEntry;
  local: { entry: ServerEntry; conf: ServerConf };
  /** The peer's .conf is optional on a two-host pair (it lives on the other machine). */
  peer: { entry: ServerEntry; conf?: ServerConf };
  /** Both entries name the same host (Appendix B layout); every call then needs --local-server. */
  sameHost: boolean;
  warnings: string[];
}

export interface LoadMcDirectoryOptions {
  /** The --local-server option. */
  localServer?: string;
  platform?: NodeJS.Platform;
  /** Addresses and names of this machine; default: all interface addresses plus the localhost names. */
  localAddresses?: string[];
  /** Default: os.hostname(). */
  hostname?: string;
}

const LOCALHOST_NAMES = ['localhost', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback'];

export function loadMcDirectory(mcDir: string, opts: LoadMcDirectoryOptions = {}): McDirectory {
  const platform = opts.platform ?? process.platform;
  requireDirectory(mcDir);
  accessChecker().checkPrivateDirectory(mcDir);

  const networkFile = path.join(mcDir, 'network.conf');
  if (!fs.existsSync(networkFile)) {
    throw new PgClusterError('CONFIG_NOT_FOUND', `network.conf not found in ${mcDir}`, {
      where: networkFile,
      hint: `Copy the sample mc_network.conf.sample to ${networkFile}, write one "serverIdentifier host port" line per server, then run: chmod 600 ${networkFile}`,
    });
  }
  const network = parseNetworkConf(readChecked(networkFile), networkFile, platform);
  const warnings = [...network.warnings];
  const servers = network.servers;
  const [first, second] = servers as [ServerEntry, ServerEntry];
  const sameHost = isSameHost(first.host, second.host);

  const local = resolveLocal(servers, sameHost, networkFile, opts);
  const peerEntry = local === first ? second : first;

  const localFile = path.join(mcDir, `${local.id}.conf`);
  if (!fs.existsSync(localFile)) {
    throw new PgClusterError(
      'CONFIG_NOT_FOUND',
      `the server configuration file of "${local.id}" is missing`,
      {
        where: localFile,
        hint: `Copy the sample mc_server.conf.sample to ${localFile}, set db_instance, then run: chmod 600 ${localFile}`,
      },
    );
  }
  const localConf = parseServerConf(readChecked(localFile), localFile, {
    serverId: local.id,
    mcDir,
    platform,
  });
  warnings.push(...localConf.warnings);

  const peerFile = path.join(mcDir, `${peerEntry.id}.conf`);
  const peer: McDirectory['peer'] = { entry: peerEntry };
  if (fs.existsSync(peerFile)) {
    const parsed = parseServerConf(readChecked(peerFile), peerFile, {
      serverId: peerEntry.id,
      mcDir,
      platform,
    });
    peer.conf = parsed.conf;
    warnings.push(...parsed.warnings);
  }

  const etcd = localConf.conf.arbiterEtcd;
  if (network.arbiter && etcd) {
    throw new PgClusterError(
      'CONFIG_INVALID',
      `two arbiters are configured: "${network.arbiter.id}" in network.conf (line ${network.arbiter.line}) and arbiter_etcd_endpoints`,
      {
        where: localFile,
        hint: 'keep one: remove the arbiter line from network.conf, or arbiter_etcd_endpoints from both servers',
      },
    );
  }

  return {
    mcDir,
    network: servers,
    ...(network.arbiter ? { arbiter: network.arbiter } : {}),
    local: { entry: local, conf: localConf.conf },
    peer,
    sameHost,
    warnings,
  };
}

function requireDirectory(mcDir: string): void {
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(mcDir);
  } catch {
    st = undefined;
  }
  if (!st?.isDirectory()) {
    throw new PgClusterError(
      'MCDIR_NOT_FOUND',
      st ? `${mcDir} is not a directory` : `the MC management directory ${mcDir} does not exist`,
      {
        where: mcDir,
        hint: `Create it (an ASCII path outside the data, tablespace, backup and WAL directories, writable by the instance administrator), put network.conf and <serverIdentifier>.conf in it from the samples, chmod 600 both, or pass the right directory with -M.`,
      },
    );
  }
}

/** Permission check first, so a file others can read is refused before anything uses it. */
export function readChecked(file: string): string {
  accessChecker().checkOwnerOnly(file);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new PgClusterError('CONFIG_PERMISSIONS', `cannot read ${file}: ${(e as Error).message}`, {
      where: file,
      hint: `Give the instance administrator read access: chmod 600 ${file}`,
      cause: e,
    });
  }
}

function resolveLocal(
  servers: ServerEntry[],
  sameHost: boolean,
  networkFile: string,
  opts: LoadMcDirectoryOptions,
): ServerEntry {
  const ids = servers.map((s) => s.id);
  const idList = ids.join(', ');
  if (opts.localServer !== undefined) {
    const found = servers.find((s) => s.id === opts.localServer);
    if (!found) {
      throw new PgClusterError(
        'LOCAL_SERVER_UNKNOWN',
        `--local-server ${opts.localServer} is not a server identifier in network.conf`,
        { where: networkFile, hint: `Use one of: ${idList}` },
      );
    }
    return found;
  }
  if (sameHost) {
    throw new PgClusterError(
      'LOCAL_SERVER_AMBIGUOUS',
      `both servers in network.conf are on host ${servers[0]!.host}, so the local server cannot be told from the address`,
      { where: networkFile, hint: `Pass --local-server <id> with one of: ${idList}` },
    );
  }

  const hostname = opts.hostname ?? os.hostname();
  const addresses = opts.localAddresses ?? defaultLocalAddresses();
  const isLocal = (host: string): boolean =>
    addresses.some((a) => isSameHost(host, a)) || sameHostName(host, hostname);
  const matches = servers.filter((s) => isLocal(s.host));
  if (matches.length === 1) return matches[0]!;

  const hosts = servers.map((s) => `${s.id} = ${s.host}`).join(', ');
  if (matches.length === 0) {
    throw new PgClusterError(
      'LOCAL_SERVER_NOT_FOUND',
      `neither server in network.conf (${hosts}) is this machine (host name ${hostname})`,
      {
        where: networkFile,
        hint: `Check the host column of network.conf, or pass --local-server <id> with one of: ${idList}`,
      },
    );
  }
  throw new PgClusterError(
    'LOCAL_SERVER_AMBIGUOUS',
    `both servers in network.conf (${hosts}) are addresses of this machine`,
    { where: networkFile, hint: `Pass --local-server <id> with one of: ${idList}` },
  );
}

function defaultLocalAddresses(): string[] {
  const out = [...LOCALHOST_NAMES];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const info of list ?? []) out.push(info.address);
  }
  return out;
}

/** "db1" and "db1.example.com" are the same machine when one of them is unqualified. */
function sameHostName(host: string, hostname: string): boolean {
  if (hostname === '' || isIP(host) !== 0) return false;
  const a = host.toLowerCase();
  const b = hostname.toLowerCase();
  if (a === b) return true;
  if (!a.includes('.') && b.split('.')[0] === a) return true;
  return !b.includes('.') && a.split('.')[0] === b;
}

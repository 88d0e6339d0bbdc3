/**
 * The arbiter's management directory: the same network.conf as the servers (it must name an
 * arbiter) and the same mc.key, both readable by the arbiter's account only. The arbiter keeps its
 * record and log there too.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { PgClusterError } from '../errors.js';
import { readChecked } from '../config/mcDirectory.js';
import { parseNetworkConf, type ServerEntry } from '../config/networkConf.js';
import { readKey } from '../controller/keyStore.js';

export interface ArbiterDirectory {
  dir: string;
  arbiter: ServerEntry;
  servers: ServerEntry[];
  key: Buffer;
  warnings: string[];
}

export function loadArbiterDirectory(dir: string): ArbiterDirectory {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new PgClusterError('MCDIR_NOT_FOUND', `the arbiter's directory ${dir} does not exist`, {
      where: dir,
      hint: 'create it, copy network.conf and mc.key from a database server into it, readable by this account only, or pass the right directory with -M',
    });
  }
  const file = path.join(dir, 'network.conf');
  if (!existsSync(file)) {
    throw new PgClusterError('CONFIG_NOT_FOUND', `network.conf not found in ${dir}`, {
      where: file,
      hint: 'copy network.conf from a database server: the arbiter uses the very same file',
    });
  }
  const network = parseNetworkConf(readChecked(file), file);
  if (!network.arbiter) {
    throw new PgClusterError('ARBITER_NOT_CONFIGURED', 'network.conf names no arbiter', {
      where: file,
      hint: 'add a line "arbiterIdentifier host port arbiter" to network.conf, on this machine and on both database servers',
    });
  }
  return {
    dir,
    arbiter: network.arbiter,
    servers: network.servers,
    key: readKey(dir),
    warnings: network.warnings,
  };
}

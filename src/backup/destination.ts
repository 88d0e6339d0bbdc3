/**
 * Where backups of an instance go. The manual's `backup_destination` is not a parameter stock
 * PostgreSQL knows (the server would refuse to start with it), so it is written with the custom
 * prefix: `pgcluster.backup_destination = '/backup/inst1'` in postgresql.conf, which PostgreSQL
 * accepts and ignores. Rules checked here: absolute, outside the data directory, tablespaces and
 * WAL directory, an existing directory only its owner can use.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { PgClusterError } from '../errors.js';
import { PostgresqlConf, quotePgValue } from '../config/postgresqlConf.js';

export const DESTINATION_PARAMETER = 'pgcluster.backup_destination';

export interface InstanceSettings {
  dataDir: string;
  destination?: { dir: string; where: string };
  port: number;
  socketDir?: string;
  listenAddresses: string;
  archiveMode: string;
  archiveCommand: string;
}

/** Reads what pgx_dmpall and pgx_rcvall need from the instance's configuration files. */
export function readInstanceSettings(dataDir: string): InstanceSettings {
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    throw new PgClusterError(
      'NOT_A_DATA_DIRECTORY',
      `${dataDir} is not a PostgreSQL data directory (no PG_VERSION)`,
      {
        where: dataDir,
        hint: 'give the data directory with -D (or set PGDATA)',
      },
    );
  }
  const conf = PostgresqlConf.load(dataDir);
  const legacy = conf.get('backup_destination');
  if (legacy) {
    throw new PgClusterError(
      'CONFIG_INVALID',
      `backup_destination is not a PostgreSQL parameter: the server would refuse to start with it`,
      {
        where: `${legacy.file}:${legacy.line}`,
        hint: `write it as ${DESTINATION_PARAMETER} = ${quotePgValue(legacy.value)}`,
      },
    );
  }
  const dest = conf.get(DESTINATION_PARAMETER);
  const get = (name: string, dflt: string) => conf.get(name)?.value ?? dflt;
  const socketDir = get('unix_socket_directories', '/var/run/postgresql')
    .split(',')
    .map((s) => s.trim())
    .find((s) => s && !s.startsWith('@'));
  return {
    dataDir,
    ...(dest ? { destination: { dir: dest.value, where: `${dest.file}:${dest.line}` } } : {}),
    port: Number(get('port', '5432')),
    ...(socketDir && process.platform !== 'win32' ? { socketDir } : {}),
    listenAddresses: get('listen_addresses', 'localhost'),
    archiveMode: get('archive_mode', 'off'),
    archiveCommand: get('archive_command', ''),
  };
}

/** The backup area of an instance, checked; `extra` are directories it must stay out of. */
export function checkDestination(settings: InstanceSettings, extra: string[] = []): string {
  if (!settings.destination) {
    throw new PgClusterError('NO_BACKUP_DESTINATION', `${DESTINATION_PARAMETER} is not set`, {
      where: path.join(settings.dataDir, 'postgresql.conf'),
      hint: `create an empty directory on another disk (mkdir, chown to the instance administrator, chmod 700) and set ${DESTINATION_PARAMETER} = '<that directory>'`,
    });
  }
  const { dir, where } = settings.destination;
  if (!path.isAbsolute(dir)) {
    throw new PgClusterError(
      'CONFIG_INVALID',
      `${DESTINATION_PARAMETER} = '${dir}' is not an absolute path`,
      {
        where,
        hint: 'give the full path of the backup directory',
      },
    );
  }
  const resolved = path.resolve(dir);
  for (const inside of [settings.dataDir, ...extra]) {
    const rel = path.relative(path.resolve(inside), resolved);
    const within = rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
    const contains = !path.relative(resolved, path.resolve(inside)).startsWith('..');
    if (within || contains) {
      throw new PgClusterError(
        'CONFIG_INVALID',
        `${DESTINATION_PARAMETER} = '${dir}' overlaps ${inside}: a failed disk would take the data and its backup together`,
        { where, hint: 'put the backups in a directory of their own, on another disk' },
      );
    }
  }
  let st;
  try {
    st = statSync(resolved);
  } catch {
    throw new PgClusterError(
      'BACKUP_DESTINATION_MISSING',
      `the backup directory ${resolved} does not exist`,
      {
        where,
        hint: `create it: mkdir ${resolved} && chmod 700 ${resolved} (owned by the instance administrator)`,
      },
    );
  }
  if (!st.isDirectory()) {
    throw new PgClusterError('CONFIG_INVALID', `${resolved} is not a directory`, {
      where,
      hint: 'point it at a directory',
    });
  }
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
    throw new PgClusterError(
      'BACKUP_DESTINATION_OPEN',
      `the backup directory ${resolved} can be read by others (mode ${(st.mode & 0o777).toString(8)})`,
      { where, hint: `backups hold every row of the database: chmod 700 ${resolved}` },
    );
  }
  return resolved;
}

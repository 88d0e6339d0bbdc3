/**
 * pgx_dmpall: a base backup of a running primary into its backup area. The copy (pg_basebackup,
 * plain format, WAL streamed into it, tablespaces mapped inside the backup) is made in a hidden
 * directory, verified against its manifest (pg_verifybackup), described in pgcluster_backup.json,
 * and only then renamed to its dated name: a backup either is COMPLETE or is not there. Then the
 * backups and archived WAL that the two newest backups no longer need are removed.
 */
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PgClusterError } from '../errors.js';
import { findPgBinaries } from '../postgres/binaries.js';
import { runCommand } from '../platform/process.js';
import { passwordFor } from '../postgres/pgpass.js';
import { ARCHIVE_DIR, BACKUP_INFO_FILE, backupDirName, retention, type BackupInfo } from './catalog.js';
import { listBackups } from './store.js';
import { MIRROR_DIR } from './walMirror.js';
import { MC_BACKUP_DIR, copyMcDir } from './mcDirBackup.js';
import { checkDestination, readInstanceSettings, type InstanceSettings } from './destination.js';

export interface DmpallResult {
  backup: string;
  name: string;
  info: BackupInfo;
  removedBackups: string[];
  removedWal: number;
  warnings: string[];
}

export function connectionFor(s: InstanceSettings): { host: string; port: number; user: string } {
  return {
    host: process.env.PGHOST ?? s.socketDir ?? '127.0.0.1',
    port: s.port,
    user: process.env.PGUSER ?? os.userInfo().username,
  };
}

async function query<T extends pg.QueryResultRow>(conn: pg.ClientConfig, text: string): Promise<T[]> {
  const password = passwordFor({
    host: String(conn.host),
    port: Number(conn.port),
    database: 'postgres',
    user: String(conn.user),
  });
  const client = new pg.Client({
    ...conn,
    database: 'postgres',
    connectionTimeoutMillis: 10_000,
    // Given explicitly: pg's own pgpass lookup is deprecated and warns on stderr.
    password: password ?? '',
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    throw new PgClusterError(
      'INSTANCE_UNREACHABLE',
      `cannot connect to the instance: ${(e as Error).message}`,
      {
        where: `${conn.host}:${conn.port} as ${conn.user}`,
        hint: 'the instance must be running; give the superuser with PGUSER and its password with PGPASSWORD or a pgpass file',
      },
    );
  }
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function directorySize(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += directorySize(p);
    else if (e.isFile()) total += statSync(p).size;
  }
  return total;
}

/** START WAL LOCATION: 0/2000028 (file 000000010000000000000002) and START TIMELINE: 1. */
export function parseBackupLabel(text: string): { startLsn: string; startWalFile: string; timeline: number } {
  const loc = /^START WAL LOCATION: ([0-9A-F]+\/[0-9A-F]+) \(file ([0-9A-F]{24})\)$/m.exec(text);
  const tli = /^START TIMELINE: (\d+)$/m.exec(text);
  if (!loc || !tli)
    throw new PgClusterError('BACKUP_INVALID', 'backup_label lacks its START WAL LOCATION or START TIMELINE');
  return { startLsn: loc[1]!, startWalFile: loc[2]!, timeline: Number(tli[1]) };
}

export async function dmpall(
  dataDirArg: string,
  opts: { mcDir?: string; now?: () => Date } = {},
): Promise<DmpallResult> {
  const now = opts.now ?? (() => new Date());
  const dataDir = path.resolve(dataDirArg);
  const settings = readInstanceSettings(dataDir);
  const conn = connectionFor(settings);
  const [state] = await query<{ recovery: boolean; version: string }>(
    conn,
    "SELECT pg_is_in_recovery() AS recovery, current_setting('server_version') AS version",
  );
  if (state?.recovery) {
    // The manual's exact message and number: wrappers on both servers match on it.
    throw new PgClusterError('RECOVERY_IN_PROGRESS', 'recovery is in progress (10095)', {
      hint: 'back up the primary; on a standby this error is expected',
    });
  }
  const spaces = await query<{ oid: string; location: string }>(
    conn,
    "SELECT oid::text AS oid, pg_tablespace_location(oid) AS location FROM pg_tablespace WHERE spcname NOT IN ('pg_default', 'pg_global')",
  );
  const dest = checkDestination(
    settings,
    spaces.map((s) => s.location),
  );
  const warnings: string[] = [];
  if (settings.archiveMode === 'off' || settings.archiveCommand === '')
    warnings.push(
      'archive_mode is off or archive_command is empty: this backup can be restored only as it is, not rolled forward to a later time',
    );

  let started = now();
  let name = backupDirName(started);
  while (existsSync(path.join(dest, name))) {
    started = new Date(started.getTime() + 1000);
    name = backupDirName(started);
  }
  const partial = path.join(dest, `.partial-${name}`);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { mode: 0o700 });
  try {
    const bin = findPgBinaries();
    const mapping = spaces.flatMap((s) => [
      '-T',
      `${s.location}=${path.join(partial, 'tablespaces', s.oid)}`,
    ]);
    const copy = await runCommand(bin.tool('pg_basebackup'), [
      '-D',
      path.join(partial, 'data'),
      '-F',
      'p',
      '-X',
      'stream',
      '-c',
      'fast',
      '-h',
      conn.host,
      '-p',
      String(conn.port),
      '-U',
      conn.user,
      '-l',
      `pgx_dmpall ${name}`,
      '--manifest-checksums=CRC32C',
      ...mapping,
    ]);
    if (copy.code !== 0) {
      throw new PgClusterError(
        'BACKUP_FAILED',
        `pg_basebackup failed: ${copy.output.split('\n').slice(-5).join(' | ')}`,
        {
          hint: 'check max_wal_senders, the replication entry in pg_hba.conf, and the free space of the backup disk',
        },
      );
    }
    const verify = await runCommand(bin.tool('pg_verifybackup'), [path.join(partial, 'data')]);
    if (verify.code !== 0) {
      throw new PgClusterError(
        'BACKUP_NOT_VERIFIED',
        `the copy does not match its manifest: ${verify.output.split('\n').slice(-5).join(' | ')}`,
        {
          hint: 'the backup disk may be failing; nothing was kept — run pgx_dmpall again',
        },
      );
    }
    const label = parseBackupLabel(readFileSync(path.join(partial, 'data', 'backup_label'), 'utf8'));
    const manifest = JSON.parse(readFileSync(path.join(partial, 'data', 'backup_manifest'), 'utf8')) as {
      'WAL-Ranges'?: { 'End-LSN': string }[];
    };
    const mcFiles = opts.mcDir ? copyMcDir(path.resolve(opts.mcDir), path.join(partial, MC_BACKUP_DIR)) : [];
    const info: BackupInfo = {
      status: 'COMPLETE',
      startedAt: started.toISOString(),
      endedAt: now().toISOString(),
      ...label,
      endLsn: manifest['WAL-Ranges']?.at(-1)?.['End-LSN'] ?? label.startLsn,
      tablespaces: Object.fromEntries(spaces.map((s) => [s.oid, s.location])),
      pgVersion: state?.version ?? '',
      bytes: directorySize(partial),
      mcDirFiles: mcFiles,
    };
    // Written last: its presence with status COMPLETE is what makes the backup usable.
    writeFileSync(path.join(partial, BACKUP_INFO_FILE), `${JSON.stringify(info, null, 2)}\n`, {
      mode: 0o600,
    });
    renameSync(partial, path.join(dest, name));

    const all = listBackups(dest);
    // The same rule for the archive and the mirrored copy of the transaction log.
    let removedWal = 0;
    let drop = retention(all, []);
    for (const sub of [ARCHIVE_DIR, MIRROR_DIR]) {
      const dir = path.join(dest, sub);
      drop = retention(all, existsSync(dir) ? readdirSync(dir) : []);
      for (const f of drop.deleteWal) rmSync(path.join(dir, f), { force: true });
      removedWal += drop.deleteWal.length;
    }
    for (const b of drop.deleteBackups) rmSync(path.join(dest, b), { recursive: true, force: true });
    return {
      backup: path.join(dest, name),
      name,
      info,
      removedBackups: drop.deleteBackups,
      removedWal,
      warnings,
    };
  } catch (e) {
    rmSync(partial, { recursive: true, force: true });
    throw e;
  }
}

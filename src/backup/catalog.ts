/**
 * The backup area (backup_destination): one directory per base backup, named by its start time
 * `YYYY-MM-DD_HH-MM-SS`, holding the copy and a `pgcluster_backup.json` written last (so a
 * backup without it, or whose status is not COMPLETE, is incomplete); `archived_xlog/` with the
 * archived WAL. Listing and retention are pure: they take names and statuses, not the disk.
 */
import { PgClusterError } from '../errors.js';

export const BACKUP_INFO_FILE = 'pgcluster_backup.json';
export const ARCHIVE_DIR = 'archived_xlog';
const NAME = /^(\d{4})-(\d{2})-(\d{2})_(\d{2})-(\d{2})-(\d{2})$/;

export interface BackupInfo {
  status: 'COMPLETE';
  /** ISO time the backup started and ended. */
  startedAt: string;
  endedAt: string;
  /** The first WAL file the backup needs (from backup_label), and its timeline. */
  startWalFile: string;
  timeline: number;
  startLsn: string;
  endLsn: string;
  /** Tablespace oid -> original location, restored there by pgx_rcvall. */
  tablespaces: Record<string, string>;
  pgVersion: string;
  /** Bytes copied, for the free-space check before a recovery. */
  bytes: number;
  /** Files of the Mirroring Controller management directory saved with it (pgx_dmpall --mc-dir). */
  mcDirFiles?: string[];
}

export interface BackupEntry {
  name: string;
  /** Local time the name encodes, as `YYYY-MM-DD HH:MM:SS` (the -l listing's Date). */
  date: string;
  status: 'COMPLETE' | 'INCOMPLETE';
  info?: BackupInfo;
}

/** The directory name for a backup started at `at` (local time, as the manual shows). */
export function backupDirName(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())}_${p(at.getHours())}-${p(at.getMinutes())}-${p(at.getSeconds())}`;
}

export function isBackupDirName(name: string): boolean {
  return NAME.test(name);
}

export function dateOfBackupDir(name: string): string {
  const m = NAME.exec(name);
  if (!m) throw new PgClusterError('INTERNAL', `${name} is not a backup directory name`);
  return `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}`;
}

/** Oldest first. */
export function sortBackups(entries: BackupEntry[]): BackupEntry[] {
  return [...entries].sort((a, b) => a.name.localeCompare(b.name));
}

/** `pgx_rcvall -l`: Date, Status, Dir, newest first, columns aligned. */
export function formatListing(entries: BackupEntry[], dirOf: (name: string) => string): string {
  const rows = sortBackups(entries)
    .reverse()
    .map((e) => [e.date, e.status, dirOf(e.name)] as const);
  const header = ['Date', 'Status', 'Dir'] as const;
  const w0 = Math.max(header[0].length, ...rows.map((r) => r[0].length));
  const w1 = Math.max(header[1].length, ...rows.map((r) => r[1].length));
  return (
    [header, ...rows].map((r) => `${r[0].padEnd(w0)}  ${r[1].padEnd(w1)}  ${r[2]}`.trimEnd()).join('\n') +
    '\n'
  );
}

/** A WAL segment file name: timeline (8 hex) + segment number (16 hex). */
const WAL_SEGMENT = /^([0-9A-F]{8})([0-9A-F]{16})(\.partial)?$/;

/**
 * What a new backup lets go: all but the `keep` newest COMPLETE backups (and incomplete ones
 * older than the newest complete one), and archived WAL segments older than the first segment
 * the oldest kept backup needs. History files and anything unrecognised are kept.
 */
export function retention(
  backups: BackupEntry[],
  walFiles: string[],
  keep = 2,
): { deleteBackups: string[]; deleteWal: string[] } {
  const sorted = sortBackups(backups);
  const complete = sorted.filter((b) => b.status === 'COMPLETE' && b.info);
  if (complete.length === 0) return { deleteBackups: [], deleteWal: [] };
  const kept = complete.slice(-keep);
  const newest = complete[complete.length - 1]!;
  const oldestKept = kept[0]!;
  const deleteBackups = sorted
    .filter((b) => (b.status === 'COMPLETE' ? !kept.includes(b) : b.name < newest.name))
    .map((b) => b.name);
  const firstNeeded = WAL_SEGMENT.exec(oldestKept.info!.startWalFile)?.[2];
  if (!firstNeeded) return { deleteBackups, deleteWal: [] };
  const deleteWal = walFiles.filter((f) => {
    const m = WAL_SEGMENT.exec(f);
    // Compared by segment number across timelines: a lower number is before the backup on any timeline.
    return m !== null && m[2]! < firstNeeded;
  });
  return { deleteBackups, deleteWal };
}

/** Reading the backup area from disk into catalog entries (the one place that looks at it). */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
  BACKUP_INFO_FILE,
  dateOfBackupDir,
  isBackupDirName,
  type BackupEntry,
  type BackupInfo,
} from './catalog.js';

export function readBackupInfo(dir: string): BackupInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(path.join(dir, BACKUP_INFO_FILE), 'utf8')) as BackupInfo;
    return info.status === 'COMPLETE' && existsSync(path.join(dir, 'data', 'PG_VERSION')) ? info : undefined;
  } catch {
    return undefined;
  }
}

/** Every dated backup directory, complete or not; hidden in-progress copies are not listed. */
export function listBackups(dest: string): BackupEntry[] {
  if (!existsSync(dest)) return [];
  return readdirSync(dest, { withFileTypes: true })
    .filter((e) => e.isDirectory() && isBackupDirName(e.name))
    .map((e) => {
      const info = readBackupInfo(path.join(dest, e.name));
      return {
        name: e.name,
        date: dateOfBackupDir(e.name),
        status: info ? ('COMPLETE' as const) : ('INCOMPLETE' as const),
        ...(info ? { info } : {}),
      };
    });
}

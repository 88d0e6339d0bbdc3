/**
 * One WAL file copied safely, for archive_command and restore_command: never overwrite a
 * different file (that would hide a timeline mix-up), write beside the target, fsync, rename,
 * fsync the directory, so an archived segment is either whole or absent after a crash.
 */
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import path from 'node:path';
import { PgClusterError } from '../errors.js';

function fsyncPath(p: string, flags = 'r'): void {
  let fd: number | undefined;
  try {
    fd = openSync(p, flags);
    fsyncSync(fd);
  } catch {
    // some file systems cannot fsync a directory; the rename itself is still done
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function copyWalFile(source: string, target: string): 'copied' | 'already there' {
  if (!existsSync(source)) {
    throw new PgClusterError('WAL_NOT_FOUND', `${source} does not exist`, {
      hint: 'during recovery this is how the end of the archive is found; otherwise check the path',
    });
  }
  if (existsSync(target)) {
    if (readFileSync(target).equals(readFileSync(source))) return 'already there';
    throw new PgClusterError('WAL_EXISTS_DIFFERENT', `${target} exists with different contents`, {
      hint: 'two servers or timelines archive into one directory: give each server its own backup_destination',
    });
  }
  const dir = path.dirname(target);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    copyFileSync(source, tmp);
    fsyncPath(tmp, 'r+');
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new PgClusterError(
      'WAL_COPY_FAILED',
      `cannot copy ${source} to ${target}: ${(e as Error).message}`,
      {
        hint: 'check the free space and permissions of the backup disk',
      },
    );
  }
  fsyncPath(dir);
  return 'copied';
}

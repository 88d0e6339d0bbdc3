/**
 * The Mirroring Controller management directory travels with the backups: pgx_dmpall --mc-dir
 * copies its settings and key (network.conf, <id>.conf, mc.key, <id>.pgpass) into the backup,
 * pgx_rcvall --restore-mc-dir puts them back, owner-only. State, logs and locks are not copied:
 * they describe the moment, and a recovered server must find out its role afresh.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PgClusterError } from '../errors.js';

export const MC_BACKUP_DIR = 'mcdir';
const KEPT = /^(network\.conf|[^.][^/\\]*\.conf|mc\.key|[^.][^/\\]*\.pgpass)$/;

export function mcDirFiles(mcDir: string): string[] {
  if (!existsSync(path.join(mcDir, 'network.conf'))) {
    throw new PgClusterError(
      'MCDIR_NOT_FOUND',
      `${mcDir} holds no network.conf: it is not a Mirroring Controller management directory`,
      {
        hint: 'give the -M directory of mc_ctl',
      },
    );
  }
  return readdirSync(mcDir)
    .filter((f) => KEPT.test(f))
    .sort();
}

export function copyMcDir(from: string, to: string): string[] {
  const files = mcDirFiles(from);
  mkdirSync(to, { recursive: true, mode: 0o700 });
  for (const f of files) copyFileSync(path.join(from, f), path.join(to, f));
  return files;
}

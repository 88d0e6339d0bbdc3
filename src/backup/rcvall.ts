/**
 * pgx_rcvall: recovery of a stopped instance from its backup area. The chosen backup is copied
 * into a new directory beside the data directory (tablespaces beside theirs), recovered there by
 * a private postmaster (no TCP, a socket only this run knows, hot_standby off so nobody connects
 * before the end) that replays archived WAL to the latest state, a time (-e) or a restore point
 * (-n), and only when it finished are the old directories replaced. On failure the old data
 * directory is untouched and the last lines of the recovery log say why.
 */
import {
  chmodSync,
  cpSync,
  mkdirSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statfsSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PgClusterError } from '../errors.js';
import { findPgBinaries } from '../postgres/binaries.js';
import { runCommand } from '../platform/process.js';
import { livePostmasterPid } from '../postgres/instance.js';
import { ARCHIVE_DIR, sortBackups, type BackupEntry } from './catalog.js';
import { listBackups } from './store.js';
import { MIRROR_DIR } from './walMirror.js';
import { MC_BACKUP_DIR, copyMcDir } from './mcDirBackup.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const XLOGCOPY = path.join(here, '..', '..', '..', 'bin', 'pgx_xlogcopy.js');

export type RecoveryTarget =
  { kind: 'latest' } | { kind: 'time'; at: Date; text: string } | { kind: 'name'; name: string };

/** `YYYY-MM-DD HH:MM:SS` in local time, as the manual writes it. */
export function parseTargetTime(text: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
  const at = m ? new Date(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
  if (!at || Number.isNaN(at.getTime()) || at.getMonth() !== +m![2]! - 1) {
    throw new PgClusterError('USAGE', `-e '${text}' is not a time`, {
      hint: "write it as 'YYYY-MM-DD HH:MM:SS', e.g. -e '2026-07-20 10:00:00'",
    });
  }
  return at;
}

/** The backup to start from: the newest complete one that ended before the target time. */
export function chooseBackup(backups: BackupEntry[], target: RecoveryTarget, dest: string): BackupEntry {
  const complete = sortBackups(backups).filter((b) => b.status === 'COMPLETE' && b.info);
  if (complete.length === 0) {
    const incomplete = backups.filter((b) => b.status !== 'COMPLETE').map((b) => b.name);
    throw new PgClusterError('NO_COMPLETE_BACKUP', `there is no complete backup in ${dest}`, {
      where: dest,
      hint: incomplete.length
        ? `only incomplete backups (${incomplete.join(', ')}); recovery needs a COMPLETE one from pgx_dmpall`
        : 'take one with pgx_dmpall, or give the right backup directory with -B',
    });
  }
  if (target.kind !== 'time') return complete[complete.length - 1]!;
  const usable = complete.filter((b) => new Date(b.info!.endedAt).getTime() <= target.at.getTime());
  if (usable.length === 0) {
    throw new PgClusterError(
      'TARGET_BEFORE_BACKUPS',
      `${target.text} is before the end of the oldest complete backup (${complete[0]!.date})`,
      { where: dest, hint: 'a recovery can only go forward from a backup: choose a later time' },
    );
  }
  return usable[usable.length - 1]!;
}

/** Settings for the private recovery run, appended to the copy's postgresql.auto.conf. */
export function recoverySettings(
  target: RecoveryTarget,
  restoreCommand: string,
  socketDir: string,
): Record<string, string> {
  const q = (v: string) => `'${v.replace(/'/g, "''")}'`;
  return {
    restore_command: q(restoreCommand),
    recovery_target_action: q('promote'),
    recovery_target_timeline: q('latest'),
    ...(target.kind === 'time'
      ? { recovery_target_time: q(target.text), recovery_target_inclusive: 'on' }
      : target.kind === 'name'
        ? { recovery_target_name: q(target.name) }
        : {}),
    // Nobody connects during the run, and nothing is archived twice.
    listen_addresses: q(''),
    unix_socket_directories: q(socketDir),
    hot_standby: 'off',
    archive_mode: 'off',
  };
}

/** pg_tblspc entries are junctions on Windows (what PostgreSQL itself creates there). */
const LINK_TYPE = process.platform === 'win32' ? 'junction' : undefined;

const MARK = '# pgx_rcvall: temporary recovery settings (removed when recovery ends)';

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no recovery log)';
  }
}

/** postmaster.pid's status line says "ready": recovery (if any) ended and connections are accepted. */
function postmasterReady(dataDir: string): boolean {
  try {
    return readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[7]?.trim() === 'ready';
  } catch {
    return false;
  }
}

export interface RcvallResult {
  dataDir: string;
  backup: string;
  target: string;
}

export async function rcvall(opts: {
  dataDir: string;
  dest: string;
  target: RecoveryTarget;
  timeoutMs?: number;
  /** Also put the backed-up management directory files back into this directory. */
  restoreMcDir?: string;
}): Promise<RcvallResult> {
  const dataDir = path.resolve(opts.dataDir);
  const dest = path.resolve(opts.dest);
  const pid = livePostmasterPid(dataDir);
  if (pid) {
    throw new PgClusterError('INSTANCE_RUNNING', `the instance in ${dataDir} is running (pid ${pid})`, {
      where: dataDir,
      hint: 'stop it first (mc_ctl stop, or pg_ctl stop -D); recovery replaces its data directory',
    });
  }
  if (!existsSync(dest)) {
    throw new PgClusterError('BACKUP_DESTINATION_MISSING', `the backup directory ${dest} does not exist`, {
      hint: 'give the backup_destination of the instance with -B',
    });
  }
  const backup = chooseBackup(listBackups(dest), opts.target, dest);
  const info = backup.info!;
  const backupDir = path.join(dest, backup.name);
  if (opts.restoreMcDir && !existsSync(path.join(backupDir, MC_BACKUP_DIR))) {
    throw new PgClusterError(
      'NO_MCDIR_IN_BACKUP',
      `the backup ${backup.name} holds no management directory`,
      {
        where: backupDir,
        hint: 'take backups with pgx_dmpall -M <mcdir> to keep it with them; restore it by hand this time',
      },
    );
  }

  const parent = path.dirname(dataDir);
  const free = (() => {
    try {
      const s = statfsSync(parent);
      return s.bavail * s.bsize;
    } catch {
      return Number.POSITIVE_INFINITY;
    }
  })();
  if (free < info.bytes * 1.1) {
    throw new PgClusterError(
      'NO_SPACE',
      `${parent} has ${Math.floor(free / 1048576)} MB free; the backup needs about ${Math.ceil((info.bytes * 1.1) / 1048576)} MB`,
      {
        where: parent,
        hint: 'free space on that disk (the recovered copy is made beside the data directory first)',
      },
    );
  }

  const tag = `rcvall-${process.pid}`;
  const work = `${dataDir}.${tag}`;
  // A tablespace is restored inside its own location (which the instance administrator owns,
  // unlike its parent): <location>/.<tag>/, swapped in when recovery succeeded.
  const spaces = Object.entries(info.tablespaces).map(([oid, location]) => ({
    oid,
    location,
    work: path.join(location, `.${tag}`),
  }));
  const socketDir = mkdtempSync(path.join(os.tmpdir(), 'pgx_rcvall-'));
  const log = path.join(parent, `${path.basename(dataDir)}.${tag}.log`);
  const cleanupWork = () => {
    rmSync(work, { recursive: true, force: true });
    for (const s of spaces) rmSync(s.work, { recursive: true, force: true });
  };
  try {
    cpSync(path.join(backupDir, 'data'), work, {
      recursive: true,
      preserveTimestamps: true,
      verbatimSymlinks: true,
    });
    for (const f of ['backup_manifest', 'postmaster.pid', 'postmaster.opts'])
      rmSync(path.join(work, f), { force: true });
    for (const s of spaces) {
      try {
        mkdirSync(s.location, { recursive: true, mode: 0o700 });
      } catch (e) {
        throw new PgClusterError(
          'TABLESPACE_LOCATION',
          `cannot recreate the tablespace location ${s.location}: ${(e as Error).message}`,
          { hint: 'create it (owned by the instance administrator, mode 700) and run pgx_rcvall again' },
        );
      }
      cpSync(path.join(backupDir, 'tablespaces', s.oid), s.work, {
        recursive: true,
        preserveTimestamps: true,
      });
      const link = path.join(work, 'pg_tblspc', s.oid);
      rmSync(link, { force: true });
      symlinkSync(s.work, link, LINK_TYPE);
    }
    // WAL the archive may not have yet: the unarchived tail in the old data directory, if it
    // survived, else the mirrored copy (pg_receivewal's current segment is NAME.partial).
    const archived = (f: string) => existsSync(path.join(dest, ARCHIVE_DIR, f));
    const oldWal = path.join(dataDir, 'pg_wal');
    if (existsSync(oldWal)) {
      for (const f of readdirSync(oldWal)) {
        if (/^[0-9A-F]{24}$/.test(f) && !archived(f))
          cpSync(path.join(oldWal, f), path.join(work, 'pg_wal', f));
      }
    }
    const mirror = path.join(dest, MIRROR_DIR);
    if (existsSync(mirror)) {
      for (const f of readdirSync(mirror)) {
        const m = /^([0-9A-F]{24}|[0-9A-F]{8}\.history)(\.partial)?$/.exec(f);
        const name = m?.[1];
        if (name && !archived(name) && !existsSync(path.join(work, 'pg_wal', name)))
          cpSync(path.join(mirror, f), path.join(work, 'pg_wal', name));
      }
    }
    const auto = path.join(work, 'postgresql.auto.conf');
    const autoBefore = existsSync(auto) ? readFileSync(auto, 'utf8') : '';
    const restore = `"${process.execPath}" "${XLOGCOPY}" "${path.join(dest, ARCHIVE_DIR)}/%f" "%p"`;
    const settings = recoverySettings(opts.target, restore, socketDir);
    writeFileSync(
      auto,
      `${autoBefore}${autoBefore.endsWith('\n') || autoBefore === '' ? '' : '\n'}${MARK}\n${Object.entries(
        settings,
      )
        .map(([k, v]) => `${k} = ${v}`)
        .join('\n')}\n`,
    );
    writeFileSync(path.join(work, 'recovery.signal'), '');

    const bin = findPgBinaries();
    const started = await runCommand(
      bin.tool('pg_ctl'),
      ['-D', work, '-l', log, '-w', '-t', String(Math.ceil((opts.timeoutMs ?? 3_600_000) / 1000)), 'start'],
      { timeoutMs: (opts.timeoutMs ?? 3_600_000) + 10_000 },
    );
    // pg_ctl -w returns once the postmaster runs (it counts a recovering server as started).
    // Recovery is over only when the promoted server is ready: stopping it between the new
    // timeline and the end-of-recovery checkpoint would replay past the target on the next start.
    const deadline = Date.now() + (opts.timeoutMs ?? 3_600_000);
    const signal = path.join(work, 'recovery.signal');
    while (started.code === 0 && !postmasterReady(work) && livePostmasterPid(work) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    if (started.code !== 0 || existsSync(signal) || !postmasterReady(work)) {
      await runCommand(bin.tool('pg_ctl'), ['-D', work, '-m', 'immediate', '-w', 'stop'], {
        timeoutMs: 60_000,
      });
      throw new PgClusterError('RECOVERY_FAILED', 'an error occurred during recovery', {
        where: `the last lines of the recovery log ${log}:\n${tail(log)}`,
        hint:
          opts.target.kind === 'name'
            ? `check that the restore point "${opts.target.name}" exists after the backup of ${backup.date}; the data directory was not changed`
            : 'the cause is in the log lines above; the data directory was not changed',
      });
    }
    const stopped = await runCommand(
      bin.tool('pg_ctl'),
      ['-D', work, '-m', 'fast', '-w', '-t', '300', 'stop'],
      { timeoutMs: 310_000 },
    );
    if (stopped.code !== 0) {
      throw new PgClusterError(
        'RECOVERY_FAILED',
        `the recovered instance did not stop: ${stopped.output.trim()}`,
        {
          where: log,
          hint: 'the data directory was not changed',
        },
      );
    }
    writeFileSync(auto, autoBefore);

    // Recovery finished: now, and only now, replace the old directories.
    const old = `${dataDir}.before-${tag}`;
    if (existsSync(dataDir)) renameSync(dataDir, old);
    renameSync(work, dataDir);
    for (const s of spaces) {
      // Old version directories (PG_15_...) out, the recovered ones in, then the link back home.
      for (const name of readdirSync(s.location)) {
        if (name !== path.basename(s.work))
          rmSync(path.join(s.location, name), { recursive: true, force: true });
      }
      for (const name of readdirSync(s.work))
        renameSync(path.join(s.work, name), path.join(s.location, name));
      rmSync(s.work, { recursive: true, force: true });
      const link = path.join(dataDir, 'pg_tblspc', s.oid);
      unlinkSync(link);
      symlinkSync(s.location, link, LINK_TYPE);
    }
    rmSync(old, { recursive: true, force: true });
    if (opts.restoreMcDir) {
      const files = copyMcDir(path.join(backupDir, MC_BACKUP_DIR), path.resolve(opts.restoreMcDir));
      for (const f of files) chmodSync(path.join(path.resolve(opts.restoreMcDir), f), 0o600);
    }
    // The log matters only when recovery fails; then it is kept and named.
    rmSync(log, { force: true });
    return {
      dataDir,
      backup: backupDir,
      target:
        opts.target.kind === 'latest'
          ? 'the latest state'
          : opts.target.kind === 'time'
            ? `time ${opts.target.text}`
            : `restore point ${opts.target.name}`,
    };
  } catch (e) {
    cleanupWork();
    throw e;
  } finally {
    rmSync(socketDir, { recursive: true, force: true });
  }
}

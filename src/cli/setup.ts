/**
 * mc_ctl setup -r standby: build (or rebuild) this server as a standby of the primary.
 *
 * pg_basebackup copies the primary into a temporary directory beside db_instance; the copy is
 * checked (standby name, trust for replication) and configured (standby.signal, primary_conninfo,
 * the standby-side synchronous_standby_names); only then does it replace the old data directory.
 * Any failure leaves the old directory exactly as it was.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PgClusterError } from '../errors.js';
import type { McDirectory } from '../config/mcDirectory.js';
import { writeOwnerOnlyFile } from '../config/permissions.js';
import { PostgresqlConf, parseSyncStandbyNames } from '../config/postgresqlConf.js';
import { findTrustReplication, loadHbaFile } from '../config/pgHba.js';
import { translateLegacySettings } from '../config/legacy.js';
import { runningControllerPid } from '../controller/pidFile.js';
import { changeRole, loadState, saveState } from '../controller/state.js';
import { findPgBinaries } from '../postgres/binaries.js';
import { configuredInstance } from '../postgres/instance.js';
import type { Parsed } from './options.js';
import { passwordFrom } from './password.js';
import { formatConninfo } from '../postgres/conninfo.js';
import { slotNameFor } from '../controller/catchUp.js';

export function passFileName(mcDir: string, serverId: string): string {
  return path.join(mcDir, `${serverId}.pgpass`);
}

/** One pgpass line; ':' and '\' in a field are escaped with '\'. */
function pgpassLine(host: string, port: string, db: string, user: string, password: string): string {
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/:/g, '\\:');
  return [host, port, db, user, password].map(esc).join(':');
}

export async function setupStandby(
  dir: McDirectory,
  cmd: Parsed,
  say: (t: string) => void,
): Promise<Record<string, unknown>> {
  const id = dir.local.entry.id;
  const dataDir = dir.local.conf.dbInstance;
  const bin = findPgBinaries();
  const instance = configuredInstance(dir.local.conf, bin);
  const host = cmd.values.host!;
  const port = cmd.values.port!;
  const user = cmd.values.user ?? os.userInfo().username;
  const standbyName = cmd.values['standby-name'] ?? id;
  // Read (and so validate) the state first: a corrupt state file must stop setup before any copy.
  const state = loadState(dir.mcDir, id);

  if (runningControllerPid(dir.mcDir, id)) {
    throw new PgClusterError('CONTROLLER_RUNNING', `the Mirroring Controller of server ${id} is running`, {
      hint: `stop it first: mc_ctl stop -M ${dir.mcDir}${dir.sameHost ? ` --local-server ${id}` : ''}`,
    });
  }
  if (instance.isRunning()) {
    throw new PgClusterError(
      'INSTANCE_RUNNING',
      `the instance in ${dataDir} is running; setup replaces its data`,
      {
        hint: `stop it first: mc_ctl stop -M ${dir.mcDir}${dir.sameHost ? ` --local-server ${id}` : ''}`,
      },
    );
  }
  const parent = path.dirname(dataDir);
  if (!existsSync(parent)) {
    throw new PgClusterError(
      'PARENT_MISSING',
      `the directory that should hold db_instance does not exist: ${parent}`,
      {
        where: `db_instance in ${id}.conf`,
        hint: `create ${parent} (owned by the instance administrator)`,
      },
    );
  }

  // The port this instance listens on: kept from the directory being replaced, or given, or the primary's.
  const localPort = cmd.values['instance-port'] ?? existingPort(dataDir);

  // The password goes into an owner-only passfile, never onto a command line.
  const env: NodeJS.ProcessEnv = { ...process.env };
  let passfile: string | undefined;
  // -P - (standard input) or PGPASSWORD keep the password off mc_ctl's own command line (the
  // PowerShell module uses PGPASSWORD); -P, the manual's option, wins when both are given.
  const password = passwordFrom(cmd.values.password);
  if (password !== undefined) {
    passfile = passFileName(dir.mcDir, id);
    // Written beside the current one and put in place only when setup succeeds: a mistyped -P
    // must not break the passfile an existing standby uses.
    writeOwnerOnlyFile(
      `${passfile}.new`,
      `${pgpassLine(host, port, 'replication', user, password)}\n${pgpassLine(host, port, '*', user, password)}\n`,
    );
    env.PGPASSFILE = `${passfile}.new`;
  }

  // A replication slot keeps the primary's WAL for this standby while it is away (up to
  // replication_slot_max_wal, which the primary's controller enforces).
  const slot = dir.local.conf.replicationSlotMaxWalMb > 0 ? slotNameFor(standbyName) : undefined;
  const connect = ['-h', host, '-p', port, '-U', user, '-w'];
  const receivewal = bin.tool('pg_receivewal');
  const work = `${dataDir}.setup-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  let slotCreated = false;
  try {
    // The slot of an earlier setup of this standby points at WAL the new copy does not need.
    if (slot) await dropUnusedSlot(receivewal, connect, slot, env);
    say(
      `copying the primary ${host}:${port} into ${work} (pg_basebackup${slot ? `, replication slot ${slot}` : ''})`,
    );
    slotCreated = slot !== undefined;
    await basebackup(
      bin.tool('pg_basebackup'),
      [...connect, '-D', work, '-X', 'stream', '-c', 'fast', '-P', ...(slot ? ['-C', '-S', slot] : [])],
      env,
    );

    const conf = PostgresqlConf.load(work);
    // The primary must be waiting for exactly this name (or nothing yet: the controller adds it).
    const active = conf.get('synchronous_standby_names')?.value;
    const commented = lastCommentedValue(path.join(work, 'postgresql.conf'), 'synchronous_standby_names');
    const primaryNames = active ?? commented;
    if (primaryNames && primaryNames.trim() !== '' && primaryNames.trim() !== '*') {
      const names = parseSyncStandbyNames(primaryNames).names;
      if (!names.includes(standbyName)) {
        throw new PgClusterError(
          'STANDBY_NAME_MISMATCH',
          `the primary's synchronous_standby_names is '${primaryNames}', which does not name '${standbyName}'`,
          {
            where: '--standby-name',
            hint: `use --standby-name=${names[0] ?? standbyName}, or change synchronous_standby_names on the primary`,
          },
        );
      }
    }
    const hbaFile = path.join(work, 'pg_hba.conf');
    const trust = findTrustReplication(loadHbaFile(hbaFile).entries);
    if (trust.length > 0) {
      throw new PgClusterError(
        'TRUST_REPLICATION',
        `pg_hba.conf of the primary lets replication connections in without a password (trust): ${trust.map((t) => `${t.file}:${t.line}`).join(', ')}`,
        {
          hint: 'any OS user could then feed WAL to the standby; use scram-sha-256 (or md5) for replication entries on the primary, reload it, and run setup again',
        },
      );
    }
    const warnings = translateLegacySettings(conf, bin.major);
    for (const w of warnings) say(`WARNING: ${w}`);

    const info: Record<string, string | number> = { host, port, user, application_name: standbyName };
    if (passfile) info.passfile = passfile;
    conf.set('primary_conninfo', formatConninfo(info));
    conf.set('synchronous_standby_names', dir.peer.entry.id);
    // Also when slots are off: a slot name copied from the primary's own standby days must go.
    conf.set('primary_slot_name', slot ?? '');
    // A standby that just lost its primary retries its WAL source every wal_retrieve_retry_interval
    // (5 s by default) and may notice a promotion request only after that sleep: keep it short.
    if (!conf.get('wal_retrieve_retry_interval'))
      conf.set('wal_retrieve_retry_interval', '200ms', { quote: false });
    // A frozen or unplugged primary keeps its TCP connection open: the walreceiver must give up
    // within the detection window, or the standby would read "WAL still streams" for a minute.
    if (!conf.get('wal_receiver_timeout')) {
      conf.set('wal_receiver_timeout', `${dir.local.conf.detectionWindowMs}ms`, { quote: false });
    }
    if (localPort) conf.set('port', localPort, { quote: false });
    conf.save();
    writeFileSync(path.join(work, 'standby.signal'), '', { mode: 0o600 });
    chmodSync(work, 0o700);

    // Swap: the old directory is removed only after the new one is in place.
    const old = `${dataDir}.old-${process.pid}`;
    const hadOld = existsSync(dataDir);
    if (hadOld) renameSync(dataDir, old);
    try {
      renameSync(work, dataDir);
    } catch (e) {
      if (hadOld) renameSync(old, dataDir);
      throw e;
    }
    if (hadOld) rmSync(old, { recursive: true, force: true });
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    // A slot left behind would hold the primary's WAL for a standby that does not exist. Before
    // the passfile goes (it authenticates this), and a moment for pg_basebackup's walsender to end.
    if (slotCreated && slot)
      await dropUnusedSlot(receivewal, connect, slot, env, 5000).catch(() => undefined);
    if (passfile) rmSync(`${passfile}.new`, { force: true });
    throw e;
  }
  if (passfile) renameSync(`${passfile}.new`, passfile);

  const change = changeRole(state, 'setup', 'standby');
  saveState(dir.mcDir, state);
  say(
    `server ${id} is set up as a standby of ${host}:${port} (application_name ${standbyName}); start it with mc_ctl start`,
  );
  return { server: id, role: change.to, standbyName, primary: `${host}:${port}`, ...(slot ? { slot } : {}) };
}

function existingPort(dataDir: string): string | undefined {
  if (!existsSync(path.join(dataDir, 'postgresql.conf'))) return undefined;
  try {
    return PostgresqlConf.load(dataDir).get('port')?.value;
  } catch {
    return undefined;
  }
}

function lastCommentedValue(file: string, name: string): string | undefined {
  let found: string | undefined;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = new RegExp(`^\\s*#\\s*${name}\\s*=\\s*'((?:[^']|'')*)'`).exec(line);
    if (m) found = m[1]!.replace(/''/g, "'");
  }
  return found;
}

/** Drops the primary's slot of that name over a replication connection; absent is fine, in use is not. */
function dropUnusedSlot(
  receivewal: string,
  connect: string[],
  slot: string,
  env: NodeJS.ProcessEnv,
  waitWhileActiveMs = 0,
): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const attempt = () =>
      execFile(
        receivewal,
        [...connect, '--drop-slot', '-S', slot],
        { env, timeout: 60_000 },
        (err, _stdout, stderr) => {
          if (!err || /does not exist/.test(stderr)) return resolve();
          if (/is active/.test(stderr) && Date.now() - started < waitWhileActiveMs) {
            setTimeout(attempt, 200);
            return;
          }
          const detail =
            stderr
              .trim()
              .split(/[\r\n]+/)
              .slice(-2)
              .join(' | ') || err.message;
          reject(
            new PgClusterError(
              'SETUP_FAILED',
              `cannot drop the old replication slot ${slot} on the primary: ${detail}`,
              {
                where: 'pg_receivewal --drop-slot',
                hint: /is active/.test(stderr)
                  ? `a running standby still uses slot ${slot}: stop it (or use another --standby-name), then run setup again`
                  : (connectionHint(stderr) ??
                    'the old data directory was left untouched; fix the cause above and run setup again'),
              },
            ),
          );
        },
      );
    attempt();
  });
}

/** Runs pg_basebackup, passing its progress through to a terminal; its errors become ours. */
function basebackup(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      const text = d.toString();
      stderr += text;
      if (process.stderr.isTTY) process.stderr.write(text);
    });
    child.on('error', (e) =>
      reject(new PgClusterError('SETUP_FAILED', `cannot run pg_basebackup: ${e.message}`)),
    );
    child.on('exit', (code) => {
      if (code === 0) return resolve();
      const lines = stderr
        .split(/[\r\n]+/)
        .filter((l) => l && !/^\s*\d+\/\d+ kB/.test(l))
        .slice(-4)
        .join(' | ');
      const slots = /replication slot|max_replication_slots/.test(stderr);
      reject(
        new PgClusterError('SETUP_FAILED', `copying the primary failed: ${lines}`, {
          where: 'pg_basebackup',
          hint:
            connectionHint(stderr) ??
            (slots
              ? "the primary could not give this standby a replication slot: raise max_replication_slots on the primary (restart it), or set replication_slot_max_wal = 0 in this server's .conf to go without one"
              : 'the old data directory was left untouched; fix the cause above and run setup again'),
        }),
      );
    });
  });
}

/** What to do when a client tool could not log in to the primary or reach it at all. */
function connectionHint(stderr: string): string | undefined {
  if (/password authentication failed|no password supplied|fe_sendauth/.test(stderr))
    return 'the primary refused the password: give the right one with -P (or PGPASSWORD), or add a pgpass entry for the replication database';
  if (/could not connect|Connection refused|could not translate host name|timeout expired/.test(stderr))
    return 'check -h and -p, that the primary is running, and that its pg_hba.conf admits this server for replication';
  return undefined;
}

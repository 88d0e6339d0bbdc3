/**
 * Checks of an instance's postgresql.conf and pg_hba.conf against what a mirrored pair needs
 * (SPEC 5.4–5.7): errors stop setup/start, warnings are logged. Absent settings are judged by
 * PostgreSQL's built-in defaults, since that is what the server runs with.
 */
import path from 'node:path';
import { isPgClusterError } from '../errors.js';
import type { PostgresqlConf } from './postgresqlConf.js';
import { findLocalMonitoringEntry, findTrustReplication, type HbaEntry } from './pgHba.js';
import { parseBool, parseDurationMs, parseInteger } from './units.js';

export interface Finding {
  severity: 'error' | 'warning';
  parameter: string;
  where?: string;
  what: string;
  hint: string;
}

export interface InstanceCheckOptions {
  /** (heartbeat_interval + heartbeat_timeout) x max(heartbeat_retry, 1), in milliseconds. */
  detectionWindowMs: number;
  role: 'primary' | 'standby';
  /** The instance administrator the controller connects as. */
  user: string;
  pgMajor: number;
}

/** PostgreSQL's built-in values for the settings checked here. */
export const PG_DEFAULTS = {
  wal_level: 'replica',
  max_wal_senders: '10',
  hot_standby: 'on',
  archive_mode: 'off',
  wal_sender_timeout: '60s',
  wal_receiver_status_interval: '10s',
} as const;

/** Parameters the server no longer knows and refuses to start with, and the major version that dropped them. */
const REMOVED: { name: string; since: number; instead: string }[] = [
  { name: 'replication_timeout', since: 10, instead: 'wal_sender_timeout' },
  { name: 'checkpoint_segments', since: 10, instead: 'max_wal_size' },
  { name: 'wal_keep_segments', since: 13, instead: 'wal_keep_size' },
  { name: 'vacuum_defer_cleanup_age', since: 16, instead: 'hot_standby_feedback' },
  { name: 'promote_trigger_file', since: 16, instead: 'pg_ctl promote' },
];

const LEGACY_HINT =
  'Let PgCluster translate the 9.x names (it rewrites them with a warning), or edit them by hand.';

export function checkInstanceSettings(
  conf: PostgresqlConf,
  hba: HbaEntry[],
  opts: InstanceCheckOptions,
): Finding[] {
  const out: Finding[] = [];
  const mainName = path.basename(conf.mainFile);

  /** The effective value and where it comes from; the default when no file sets it. */
  const setting = (name: keyof typeof PG_DEFAULTS) => {
    const s = conf.get(name);
    return s
      ? { value: s.value, where: `${s.file}:${s.line}`, shown: `${name} = '${s.value}'` }
      : {
          value: PG_DEFAULTS[name],
          where: conf.mainFile,
          shown: `${name} (not set, default ${PG_DEFAULTS[name]})`,
        };
  };
  /** Runs a parser; an unreadable value becomes an error finding and undefined. */
  const read = <T>(name: keyof typeof PG_DEFAULTS, parse: (v: string) => T): T | undefined => {
    const s = setting(name);
    try {
      return parse(s.value);
    } catch (e) {
      out.push({
        severity: 'error',
        parameter: name,
        where: s.where,
        what: `${s.shown} cannot be read: ${isPgClusterError(e) ? e.message : String(e)}`,
        hint: isPgClusterError(e) && e.hint ? e.hint : `Correct ${name} in ${mainName}.`,
      });
      return undefined;
    }
  };

  for (const p of conf.problems) {
    out.push({
      severity: 'error',
      parameter: mainName,
      where: p.line ? `${p.file}:${p.line}` : p.file,
      what: p.message,
      hint: 'PostgreSQL will not start or reload with this line; correct it.',
    });
  }

  for (const r of REMOVED) {
    if (opts.pgMajor < r.since) continue;
    for (const e of conf.entries(r.name)) {
      out.push({
        severity: 'error',
        parameter: r.name,
        where: `${e.file}:${e.line}`,
        what: `${r.name} does not exist in PostgreSQL ${opts.pgMajor}; the server refuses to start with it`,
        hint: `${LEGACY_HINT} Its replacement is ${r.instead}.`,
      });
    }
  }

  const level = setting('wal_level');
  // hot_standby and archive are the server's own aliases for replica.
  if (!/^(replica|logical|hot_standby|archive)$/i.test(level.value.trim())) {
    out.push({
      severity: 'error',
      parameter: 'wal_level',
      where: level.where,
      what: `${level.shown}: streaming replication needs wal_level replica or logical`,
      hint: `Set wal_level = replica in ${mainName} and restart the instance.`,
    });
  }

  const senders = read('max_wal_senders', (v) => parseInteger(v, 'max_wal_senders'));
  if (senders !== undefined && senders < 2) {
    out.push({
      severity: 'error',
      parameter: 'max_wal_senders',
      where: setting('max_wal_senders').where,
      what: `${setting('max_wal_senders').shown}: the pair needs at least 2 (the standby plus one spare, e.g. for a base backup)`,
      hint: `Set max_wal_senders = 2 or more in ${mainName} and restart the instance.`,
    });
  }

  const hot = read('hot_standby', (v) => parseBool(v, 'hot_standby'));
  if (hot === false) {
    out.push({
      severity: 'warning',
      parameter: 'hot_standby',
      where: setting('hot_standby').where,
      what: `${setting('hot_standby').shown}: the standby will not accept read-only queries`,
      hint: `Set hot_standby = on if reference jobs should run on the standby${opts.role === 'primary' ? ' (this file is copied to it)' : ''}.`,
    });
  }

  const archiving = read('archive_mode', (v) => /^\s*always\s*$/i.test(v) || parseBool(v, 'archive_mode'));
  const archive = setting('archive_mode');
  if (archiving === false) {
    out.push({
      severity: 'warning',
      parameter: 'archive_mode',
      where: archive.where,
      what: `${archive.shown}: WAL is not archived, so backups cannot be rolled forward`,
      hint: 'Set archive_mode = on with an archive_command that copies WAL to the backup destination.',
    });
  }

  const senderMs = read('wal_sender_timeout', (v) => parseDurationMs(v, 'ms', 'wal_sender_timeout'));
  const formula = '(heartbeat_interval + heartbeat_timeout) x heartbeat_retry';
  if (senderMs !== undefined && senderMs !== opts.detectionWindowMs) {
    const s = setting('wal_sender_timeout');
    out.push({
      severity: 'warning',
      parameter: 'wal_sender_timeout',
      where: s.where,
      what:
        `${s.shown} is ${senderMs} ms but the controller's detection window ${formula} is ${opts.detectionWindowMs} ms; ` +
        `a broken WAL stream and a failed server would be declared at different times`,
      hint: `Set wal_sender_timeout = '${opts.detectionWindowMs}ms' (the manuals' replication_timeout) in ${mainName} and reload.`,
    });
  }

  const statusMs = read('wal_receiver_status_interval', (v) =>
    parseDurationMs(v, 's', 'wal_receiver_status_interval'),
  );
  if (senderMs !== undefined && senderMs > 0 && statusMs !== undefined && statusMs >= senderMs) {
    const s = setting('wal_receiver_status_interval');
    out.push({
      severity: 'warning',
      parameter: 'wal_receiver_status_interval',
      where: s.where,
      what: `${s.shown} is ${statusMs} ms, not less than wal_sender_timeout (${senderMs} ms); the primary may drop a healthy standby`,
      hint: `Set wal_receiver_status_interval below ${senderMs} ms (it takes effect on the standby).`,
    });
  }

  for (const e of findTrustReplication(hba)) {
    out.push({
      severity: 'error',
      parameter: 'pg_hba.conf',
      where: `${e.file}:${e.line}`,
      what: `replication connections are allowed with trust (${e.type} ${e.databases.join(',')} ${e.users.join(',')}${e.address ? ` ${e.address}` : ''}); any local OS user could stream bogus WAL to the standby`,
      hint: 'Use scram-sha-256 (or another password or certificate method) for replication lines.',
    });
  }

  const mon = findLocalMonitoringEntry(hba, opts.user);
  if (!mon || mon.method === 'reject') {
    const hbaFile = hba[0]?.file ?? path.join(conf.dataDir, 'pg_hba.conf');
    out.push({
      severity: 'error',
      parameter: 'pg_hba.conf',
      where: mon ? `${mon.file}:${mon.line}` : hbaFile,
      what: mon
        ? `the controller's connection to database postgres from 127.0.0.1 as ${opts.user} is rejected by this line`
        : `no line lets the controller connect to database postgres from 127.0.0.1 over TCP as ${opts.user}`,
      hint: `Add "host postgres ${opts.user} 127.0.0.1/32 scram-sha-256" before any line that would match first, then reload.`,
    });
  }

  return out;
}

/**
 * The manuals describe PostgreSQL 9.x. Their parameter names are accepted on input and turned
 * into today's equivalents here, each with a warning that names the modern parameter, so a
 * configuration written from the manuals still starts on PostgreSQL 13 and newer.
 */
import { existsSync, renameSync, statSync, writeFileSync, chownSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PgClusterError } from '../errors.js';
import { parseConf } from './confSyntax.js';
import type { ConfEntry, PostgresqlConf } from './postgresqlConf.js';
import { parseBool, parseInteger } from './units.js';

/** WAL segment size assumed when converting segment counts (the initdb default). */
const SEGMENT_MB = 16;

const at = (e: { file: string; line: number }) => `${e.file}:${e.line}`;

/** Hides passwords in a conninfo string before it goes into a warning (never log passwords). */
export function redactConninfo(conninfo: string): string {
  return conninfo.replace(/(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)/gi, '$1********');
}

function showValue(name: string, value: string): string {
  return name === 'primary_conninfo' ? `'${redactConninfo(value)}'` : `'${value}'`;
}

/**
 * Replaces a removed parameter by its successor: the successor is set from the legacy value
 * (unless it is already set, in which case it is kept), and the legacy lines are commented out.
 */
function replaceParameter(
  conf: PostgresqlConf,
  legacy: string,
  modern: string,
  since: string,
  convert: (e: ConfEntry) => { value: string; quote?: boolean; how: string },
  warnings: string[],
): void {
  const last = conf.entries(legacy).at(-1);
  if (!last) return;
  const existing = conf.get(modern);
  if (existing) {
    conf.commentOut(legacy);
    warnings.push(
      `${at(last)}: ${legacy} no longer exists (replaced by ${modern} in PostgreSQL ${since}); ` +
        `commented it out and kept ${modern} = '${existing.value}' from ${at(existing)}`,
    );
    return;
  }
  const c = convert(last);
  const r = conf.set(modern, c.value, c.quote === undefined ? {} : { quote: c.quote });
  conf.commentOut(legacy);
  warnings.push(
    `${at(last)}: ${legacy} = '${last.value}' no longer exists (replaced by ${modern} in PostgreSQL ${since}); ` +
      `set ${modern} = '${c.value}' in ${path.basename(conf.mainFile)}${c.how} and commented out ${legacy}`,
    ...r.notices,
  );
}

function integerOf(e: ConfEntry): number {
  try {
    return parseInteger(e.value, e.name);
  } catch (err) {
    throw new PgClusterError('CONFIG_INVALID', `${e.name} = '${e.value}' is not a whole number`, {
      where: at(e),
      hint: `Correct the value, or replace the line by its modern equivalent yourself.`,
      cause: err,
    });
  }
}

/**
 * Translates 9.x parameter names in postgresql.conf, its includes and postgresql.auto.conf to
 * their PostgreSQL `pgMajor` equivalents through the editor (the caller saves). Returns one
 * warning per change. Running it again finds nothing more to do.
 */
export function translateLegacySettings(conf: PostgresqlConf, pgMajor: number): string[] {
  const warnings: string[] = [];

  replaceParameter(
    conf,
    'replication_timeout',
    'wal_sender_timeout',
    '9.3',
    (e) => ({
      value: e.value,
      quote: e.quoted,
      how: /^\s*[+-]?\d+\s*$/.test(e.value) ? ' (a bare number is milliseconds for both)' : '',
    }),
    warnings,
  );

  // The 9.5 release notes give max_wal_size = (3 * checkpoint_segments) * 16MB as the equivalent.
  replaceParameter(
    conf,
    'checkpoint_segments',
    'max_wal_size',
    '9.5',
    (e) => {
      const n = integerOf(e);
      return {
        value: `${3 * n * SEGMENT_MB}MB`,
        quote: true,
        how: ` (3 x ${n} segments x ${SEGMENT_MB}MB, as the 9.5 release notes advise)`,
      };
    },
    warnings,
  );

  if (pgMajor >= 13) {
    replaceParameter(
      conf,
      'wal_keep_segments',
      'wal_keep_size',
      '13',
      (e) => {
        const n = integerOf(e);
        return {
          value: `${n * SEGMENT_MB}MB`,
          quote: true,
          how: ` (${n} segments x ${SEGMENT_MB}MB, assuming the default WAL segment size)`,
        };
      },
      warnings,
    );
  }

  // hot_standby and archive are still accepted as aliases, but say what they mean now.
  const level = conf.get('wal_level');
  if (level && /^(hot_standby|archive)$/i.test(level.value.trim())) {
    const r = conf.set('wal_level', 'replica');
    warnings.push(
      `${at(level)}: wal_level = '${level.value}' is a 9.x level; PostgreSQL 9.6 merged it into wal_level = 'replica', which is now set`,
      ...r.notices,
    );
  }

  const defer = conf.entries('vacuum_defer_cleanup_age').at(-1);
  if (defer && pgMajor >= 16) {
    conf.commentOut('vacuum_defer_cleanup_age');
    warnings.push(
      `${at(defer)}: vacuum_defer_cleanup_age was removed in PostgreSQL 16 and has been commented out; ` +
        `use hot_standby_feedback = on (and replication slots) to keep rows the standby still reads`,
    );
  } else if (defer) {
    warnings.push(
      `${at(defer)}: vacuum_defer_cleanup_age is removed in PostgreSQL 16; ` +
        `consider hot_standby_feedback = on instead before upgrading`,
    );
  }

  const promote = conf.entries('promote_trigger_file').at(-1);
  if (promote && pgMajor >= 16) {
    conf.commentOut('promote_trigger_file');
    warnings.push(
      `${at(promote)}: promote_trigger_file was removed in PostgreSQL 16 and has been commented out; ` +
        `promotion is done with pg_ctl promote or SELECT pg_promote()`,
    );
  }

  return warnings;
}

/** recovery.conf parameters that became ordinary settings in PostgreSQL 12, moved unchanged. */
const MOVED = new Set([
  'primary_conninfo',
  'primary_slot_name',
  'restore_command',
  'archive_cleanup_command',
  'recovery_end_command',
  'recovery_min_apply_delay',
  'recovery_target',
  'recovery_target_name',
  'recovery_target_time',
  'recovery_target_xid',
  'recovery_target_lsn',
  'recovery_target_inclusive',
  'recovery_target_timeline',
  'recovery_target_action',
]);

/** PostgreSQL 12+ refuses more than one of these; 9.x used the last one given. */
const TARGETS = [
  'recovery_target',
  'recovery_target_name',
  'recovery_target_time',
  'recovery_target_xid',
  'recovery_target_lsn',
];

/** Creates an empty signal file owned like the data directory (it is read by the instance user). */
function touchSignal(dataDir: string, name: string): boolean {
  const file = path.join(dataDir, name);
  if (existsSync(file)) return false;
  writeFileSync(file, '', { mode: 0o600 });
  if (process.platform !== 'win32' && process.geteuid?.() === 0) {
    const st = statSync(dataDir);
    chownSync(file, st.uid, st.gid);
  }
  return true;
}

/**
 * PostgreSQL 12 and newer refuse to start while recovery.conf exists. This moves its settings
 * into postgresql.conf through the editor, turns `standby_mode = on` into standby.signal (or,
 * without it, recovery.signal for the archive recovery 9.x would have done), maps trigger_file,
 * saves postgresql.conf, and finally renames recovery.conf to recovery.conf.migrated. Steps run
 * in that order so an interrupted run can simply be repeated; with no recovery.conf it does
 * nothing. Returns the warnings describing what was done.
 */
export function migrateRecoveryConf(dataDir: string, conf: PostgresqlConf, pgMajor: number): string[] {
  const file = path.join(dataDir, 'recovery.conf');
  if (pgMajor < 12 || !existsSync(file)) return [];
  const warnings: string[] = [];
  const lines = parseConf(readFileSync(file, 'utf8'));
  const broken = lines.findIndex((l) => l.kind === 'error');
  if (broken >= 0) {
    const l = lines[broken]!;
    throw new PgClusterError(
      'CONFIG_INVALID',
      `cannot migrate recovery.conf: ${l.kind === 'error' ? l.message : 'syntax error'}`,
      { where: `${file}:${broken + 1}`, hint: 'Correct the line, then run the command again.' },
    );
  }

  // Last occurrence wins, as in any configuration file.
  const settings = new Map<string, { value: string; quoted: boolean; line: number }>();
  lines.forEach((l, i) => {
    if (l.kind === 'setting') {
      const name = l.setting.name.toLowerCase();
      settings.delete(name); // keep file order of the last occurrences
      settings.set(name, { value: l.setting.value, quoted: l.setting.quoted, line: i + 1 });
    }
  });

  const targets = TARGETS.filter((t) => settings.has(t)).sort(
    (a, b) => settings.get(a)!.line - settings.get(b)!.line,
  );
  for (const t of targets.slice(0, -1)) {
    warnings.push(
      `${file}:${settings.get(t)!.line}: ${t} dropped; PostgreSQL 12+ accepts only one recovery target and ${targets.at(-1)!} comes last`,
    );
    settings.delete(t);
  }

  // Check the booleans before editing anything, so a bad value leaves the editor untouched.
  const flag = (name: string) => {
    const s = settings.get(name);
    if (!s) return undefined;
    try {
      return parseBool(s.value, name);
    } catch (e) {
      throw new PgClusterError('CONFIG_INVALID', `${name} = '${s.value}' is not a boolean`, {
        where: `${file}:${s.line}`,
        hint: 'Use on or off.',
        cause: e,
      });
    }
  };
  const standby = flag('standby_mode') === true;
  const pause = flag('pause_at_recovery_target');

  for (const [name, s] of settings) {
    const where = `${file}:${s.line}`;
    const move = (to: string, value: string, quoted: boolean, why: string) => {
      const before = conf.get(to);
      const r = conf.set(to, value, quoted ? { quote: true } : {});
      const replaced =
        before && before.value !== value
          ? ` (replacing ${showValue(to, before.value)} from ${before.file}:${before.line})`
          : '';
      warnings.push(
        `${where}: ${why}; moved to ${to} = ${showValue(to, value)} in ${path.basename(conf.mainFile)}${replaced}`,
        ...r.notices,
      );
    };
    if (MOVED.has(name)) {
      move(name, s.value, s.quoted, `${name} is read from postgresql.conf since PostgreSQL 12`);
    } else if (name === 'standby_mode') {
      // becomes standby.signal below
    } else if (name === 'pause_at_recovery_target') {
      if (settings.has('recovery_target_action'))
        warnings.push(`${where}: ${name} dropped; recovery_target_action is also given and replaces it`);
      else
        move(
          'recovery_target_action',
          pause ? 'pause' : 'promote',
          true,
          `${name} was replaced by recovery_target_action in 9.5`,
        );
    } else if (name === 'trigger_file') {
      if (pgMajor <= 15) {
        move(
          'promote_trigger_file',
          s.value,
          true,
          'trigger_file was renamed promote_trigger_file in PostgreSQL 12',
        );
      } else {
        warnings.push(
          `${where}: trigger_file dropped; PostgreSQL 16 has no trigger file, promote with pg_ctl promote or SELECT pg_promote()`,
        );
      }
    } else {
      warnings.push(`${where}: ${name} is not a recovery parameter PostgreSQL ${pgMajor} knows; not moved`);
    }
  }

  conf.save();

  if (standby) {
    if (touchSignal(dataDir, 'standby.signal'))
      warnings.push(
        `${file}: standby_mode = on is now the file standby.signal in the data directory (created)`,
      );
  } else if (touchSignal(dataDir, 'recovery.signal')) {
    warnings.push(
      `${file}: without standby_mode = on, recovery.conf asked for archive recovery; created recovery.signal for it`,
    );
  }

  let target = `${file}.migrated`;
  for (let n = 2; existsSync(target); n++) target = `${file}.migrated.${n}`;
  renameSync(file, target);
  warnings.push(
    `${file}: PostgreSQL ${pgMajor} does not start with a recovery.conf; its settings were migrated and it was renamed ${path.basename(target)}`,
  );
  return warnings;
}

/**
 * <serverIdentifier>.conf: what the controller monitors and how often. Parsing is pure (text in,
 * values out); reading the file and checking its permissions is done by the caller.
 * The password value is never echoed: messages name its line, never its content.
 */
import { parseConf } from './confSyntax.js';
import { PgClusterError } from '../errors.js';

export interface ServerConf {
  /** Data directory of the monitored instance (absolute). */
  dbInstance: string;
  /** Windows service of the instance; required on Windows. */
  dbInstanceServiceName?: string;
  /** Secret: never log or print it. */
  dbInstancePassword?: string;
  /** Database superuser; undefined means the OS user running the controller. */
  dbInstanceUser?: string;
  /** 0 = no timeout. */
  remoteCallTimeoutMs: number;
  coreFilePath: string;
  mcServiceName: string;
  eventSource: string;
  heartbeatIntervalMs: number;
  heartbeatTimeoutS: number;
  heartbeatRetry: number;
  /** Longest time to notice a failure: (interval + timeout) × max(retry, 1). */
  detectionWindowMs: number;
  /** A program run before this server promotes itself or detaches its standby; exit 0 goes ahead. */
  fencingCommand?: string;
  fencingCommandTimeoutS: number;
  /**
   * Most WAL (MB) the standby's replication slot may hold on the primary while the standby is
   * away; past it the primary's controller drops the slot. 0: setup creates no slot.
   */
  replicationSlotMaxWalMb: number;
  /**
   * Most size (MB) of the decision recording (<id>.decisions.jsonl, one older file kept beside it)
   * that mc_ctl replay reads; 0: nothing is recorded.
   */
  decisionRecordMaxSizeMb: number;
  /** etcd as the arbiter: its client URLs and the key prefix of this pair (same on both servers). */
  arbiterEtcd?: { endpoints: string[]; prefix: string };
}

export interface ServerConfOptions {
  serverId: string;
  /** The MC management directory; default of core_file_path. */
  mcDir: string;
  platform?: NodeJS.Platform;
}

const INT_MAX = 2147483647;
export const MAX_MC_SERVICE_NAME_BYTES = 124;
export const MAX_EVENT_SOURCE_BYTES = 255;
export const DEFAULT_EVENT_SOURCE = 'MirroringControllerOpen';

export const SERVER_CONF_DEFAULTS = {
  remoteCallTimeoutMs: 70000,
  heartbeatIntervalMs: 800,
  heartbeatTimeoutS: 1,
  heartbeatRetry: 2,
  fencingCommandTimeoutS: 60,
  replicationSlotMaxWalMb: 1024,
  decisionRecordMaxSizeMb: 0,
} as const;

type Kind = 'path' | 'string' | 'integer';
interface ParamSpec {
  kind: Kind;
  ascii: boolean;
  min?: number;
  unit?: string;
  maxBytes?: number;
  /** Extra characters refused in the value. */
  forbid?: RegExp;
  secret?: boolean;
}

const PARAMS: Record<string, ParamSpec> = {
  db_instance: { kind: 'path', ascii: true },
  db_instance_service_name: { kind: 'string', ascii: true },
  db_instance_password: { kind: 'string', ascii: true, secret: true },
  db_instance_user: { kind: 'string', ascii: false },
  remote_call_timeout: { kind: 'integer', ascii: true, min: 0, unit: 'milliseconds (0 = no timeout)' },
  core_file_path: { kind: 'path', ascii: true },
  mc_service_name: {
    kind: 'string',
    ascii: true,
    maxBytes: MAX_MC_SERVICE_NAME_BYTES,
    forbid: /[/\\]/,
  },
  event_source: { kind: 'string', ascii: true, maxBytes: MAX_EVENT_SOURCE_BYTES },
  heartbeat_interval: { kind: 'integer', ascii: true, min: 1, unit: 'milliseconds' },
  heartbeat_timeout: { kind: 'integer', ascii: true, min: 1, unit: 'seconds' },
  heartbeat_retry: { kind: 'integer', ascii: true, min: 0, unit: '(count)' },
  fencing_command: { kind: 'path', ascii: true },
  fencing_command_timeout: { kind: 'integer', ascii: true, min: 1, unit: 'seconds' },
  replication_slot_max_wal: {
    kind: 'integer',
    ascii: true,
    min: 0,
    unit: 'megabytes (0 = no replication slot for the standby)',
  },
  decision_record_max_size: {
    kind: 'integer',
    ascii: true,
    min: 0,
    unit: 'megabytes (0 = decisions are not recorded)',
  },
  arbiter_etcd_endpoints: { kind: 'string', ascii: true },
  arbiter_etcd_prefix: { kind: 'string', ascii: true },
};

/** The smallest replication_slot_max_wal besides 0: four WAL segments of the default size. */
export const MIN_SLOT_MAX_WAL_MB = 64;

export const SERVER_CONF_PARAMETERS: readonly string[] = Object.keys(PARAMS);

export function defaultMcServiceName(serverId: string): string {
  return `Mirroring_Controller_${serverId}`;
}

export function detectionWindowMs(intervalMs: number, timeoutS: number, retry: number): number {
  return (intervalMs + timeoutS * 1000) * Math.max(retry, 1);
}

export function parseServerConf(
  text: string,
  file: string,
  opts: ServerConfOptions,
): { conf: ServerConf; warnings: string[] } {
  const platform = opts.platform ?? process.platform;
  const errors: string[] = [];
  const warnings: string[] = [];
  const err = (line: number, what: string, allowed: string): void => {
    errors.push(`${file}:${line}: ${what}; allowed: ${allowed}`);
  };

  const values = new Map<string, { value: string; line: number }>();
  // Notepad may save a UTF-8 byte order mark; it is not part of the first name.
  const lines = parseConf(text.replace(/^\uFEFF/, ''));
  lines.forEach((l, i) => {
    const lineNo = i + 1;
    if (l.kind === 'error') {
      // confSyntax may quote trailing text, which on the password line could be part of the secret.
      const what = mayHoldSecret(l.raw) ? 'syntax error in a password setting' : l.message;
      err(lineNo, what, "one setting per line as name = value, text values in single quotes ('...')");
      return;
    }
    if (l.kind !== 'setting') return;
    const name = l.setting.name.toLowerCase();
    const spec = PARAMS[name];
    if (!spec) {
      const guess = closestName(name);
      err(
        lineNo,
        `unknown parameter "${l.setting.name}"${guess ? ` (did you mean "${guess}"?)` : ''}`,
        SERVER_CONF_PARAMETERS.join(', '),
      );
      return;
    }
    const previous = values.get(name);
    if (previous) {
      warnings.push(
        `${file}:${lineNo}: ${name} is set on line ${previous.line} and again on line ${lineNo}; the value on line ${lineNo} is used`,
      );
    }
    values.set(name, { value: l.setting.value, line: lineNo });
    const problem = checkValue(name, spec, l.setting.value, platform);
    if (problem) err(lineNo, problem.what, problem.allowed);
  });

  // "Missing parameter" errors point at the last line of the file.
  const endLine = Math.max(1, text.endsWith('\n') ? lines.length - 1 : lines.length);
  const str = (name: string): string | undefined => values.get(name)?.value;
  const int = (name: string, fallback: number): number => {
    const v = str(name);
    return v === undefined ? fallback : Number(v);
  };

  const dbInstance = str('db_instance');
  if (dbInstance === undefined) {
    err(endLine, 'db_instance is not set', absolutePathRule(platform));
  }
  const serviceName = nonEmpty(str('db_instance_service_name'));
  if (platform === 'win32' && serviceName === undefined) {
    const given = values.get('db_instance_service_name');
    err(
      given?.line ?? endLine,
      `db_instance_service_name is ${given ? 'empty' : 'not set'} (it is required on Windows)`,
      'the Windows service name of the instance (the -N of pg_ctl register), ASCII',
    );
  }

  if (nonEmpty(str('arbiter_etcd_endpoints')) !== undefined && str('arbiter_etcd_prefix') === undefined) {
    err(
      values.get('arbiter_etcd_endpoints')!.line,
      'arbiter_etcd_endpoints is set but arbiter_etcd_prefix is not',
      "arbiter_etcd_prefix: the pair's key prefix, the same on both servers, such as '/pgcluster/pair1'",
    );
  }

  const slotLimit = values.get('replication_slot_max_wal');
  const slotMb = Number(slotLimit?.value);
  if (slotLimit && Number.isInteger(slotMb) && slotMb > 0 && slotMb < MIN_SLOT_MAX_WAL_MB) {
    // A base backup ends with a WAL switch, so a slot setup has just made can already hold a
    // segment or more: a smaller limit would drop it before the new standby connects.
    err(
      slotLimit.line,
      `replication_slot_max_wal = ${slotLimit.value} is too small: the slot setup makes would be dropped before the standby starts`,
      `0 (no slot) or at least ${MIN_SLOT_MAX_WAL_MB} megabytes`,
    );
  }

  if (errors.length > 0) {
    throw new PgClusterError(
      'CONFIG_INVALID',
      `server configuration is invalid (${errors.length} problem${errors.length === 1 ? '' : 's'}):\n${errors.join('\n')}`,
      {
        where: file,
        hint: `Edit ${file} and fix the lines listed; write text values in single quotes and Windows paths with doubled backslashes ('D:\\\\data\\\\inst1').`,
      },
    );
  }

  const heartbeatIntervalMs = int('heartbeat_interval', SERVER_CONF_DEFAULTS.heartbeatIntervalMs);
  const heartbeatTimeoutS = int('heartbeat_timeout', SERVER_CONF_DEFAULTS.heartbeatTimeoutS);
  const heartbeatRetry = int('heartbeat_retry', SERVER_CONF_DEFAULTS.heartbeatRetry);
  const conf: ServerConf = {
    dbInstance: dbInstance!,
    remoteCallTimeoutMs: int('remote_call_timeout', SERVER_CONF_DEFAULTS.remoteCallTimeoutMs),
    coreFilePath: str('core_file_path') ?? opts.mcDir,
    mcServiceName: str('mc_service_name') ?? defaultMcServiceName(opts.serverId),
    eventSource: str('event_source') ?? DEFAULT_EVENT_SOURCE,
    heartbeatIntervalMs,
    heartbeatTimeoutS,
    heartbeatRetry,
    detectionWindowMs: detectionWindowMs(heartbeatIntervalMs, heartbeatTimeoutS, heartbeatRetry),
    fencingCommandTimeoutS: int('fencing_command_timeout', SERVER_CONF_DEFAULTS.fencingCommandTimeoutS),
    replicationSlotMaxWalMb: int('replication_slot_max_wal', SERVER_CONF_DEFAULTS.replicationSlotMaxWalMb),
    decisionRecordMaxSizeMb: int('decision_record_max_size', SERVER_CONF_DEFAULTS.decisionRecordMaxSizeMb),
  };
  const fencing = str('fencing_command');
  if (fencing !== undefined) conf.fencingCommand = fencing;
  const endpoints = nonEmpty(str('arbiter_etcd_endpoints'));
  if (endpoints !== undefined) {
    conf.arbiterEtcd = {
      endpoints: endpoints.split(',').map((e) => e.trim()),
      prefix: str('arbiter_etcd_prefix')!,
    };
  }
  if (serviceName !== undefined) conf.dbInstanceServiceName = serviceName;
  const password = nonEmpty(str('db_instance_password'));
  if (password !== undefined) conf.dbInstancePassword = password;
  const user = str('db_instance_user');
  if (user !== undefined) conf.dbInstanceUser = user;
  return { conf, warnings };
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

function absolutePathRule(platform: NodeJS.Platform): string {
  return platform === 'win32'
    ? "an absolute ASCII path such as 'D:\\\\database1\\\\inst1' or a UNC path '\\\\\\\\server\\\\share\\\\dir' (inside quotes write each \\ as \\\\)"
    : 'an absolute ASCII path starting with /';
}

export function isAbsoluteFor(p: string, platform: NodeJS.Platform): boolean {
  if (platform === 'win32') return /^[A-Za-z]:[\\/]/.test(p) || /^[\\/]{2}[^\\/]+[\\/][^\\/]+/.test(p);
  return p.startsWith('/');
}

function checkValue(
  name: string,
  spec: ParamSpec,
  value: string,
  platform: NodeJS.Platform,
): { what: string; allowed: string } | undefined {
  // The password is named, never shown.
  const shown = spec.secret ? name : `${name} = '${value}'`;
  if (spec.kind === 'integer') {
    const min = spec.min ?? 0;
    const allowed = `an integer from ${min} to ${INT_MAX} ${spec.unit ?? ''}`.trimEnd();
    if (/^-[0-9]+$/.test(value)) return { what: `${name} = ${value} is out of range`, allowed };
    if (!/^[0-9]+$/.test(value))
      return {
        what: `${name} = '${value}' is not a whole number (write plain decimal digits, without a unit or sign)`,
        allowed,
      };
    const n = Number(value);
    if (n < min || n > INT_MAX) return { what: `${name} = ${value} is out of range`, allowed };
    return undefined;
  }

  const asciiRule = spec.kind === 'path' ? absolutePathRule(platform) : describeStringRule(spec);
  if (spec.ascii) {
    const bad = firstNonAsciiIndex(value);
    if (bad !== undefined)
      return { what: `${shown} contains a non-ASCII character at position ${bad + 1}`, allowed: asciiRule };
  }
  if (spec.kind === 'path') {
    if (value === '') return { what: `${name} is empty`, allowed: asciiRule };
    if (!isAbsoluteFor(value, platform))
      return { what: `${shown} is not an absolute path`, allowed: asciiRule };
    return undefined;
  }
  if (name === 'arbiter_etcd_endpoints') {
    const allowed =
      "client URLs of etcd, comma-separated, such as 'http://192.0.2.50:2379,http://192.0.2.51:2379'";
    for (const e of value.split(',').map((x) => x.trim())) {
      if (!isEtcdUrl(e))
        return { what: `${name}: "${e}" is not an http:// or https:// URL of host and port`, allowed };
    }
    return undefined;
  }
  if (name === 'arbiter_etcd_prefix') {
    const allowed =
      "a key prefix starting with / and not ending with /, the same on both servers, such as '/pgcluster/pair1'";
    if (!/^\/[\x21-\x7e]*[^/]$/.test(value))
      return { what: `${name} = '${value}' is not a key prefix`, allowed };
    return undefined;
  }
  if (name === 'mc_service_name' || name === 'event_source' || name === 'db_instance_user') {
    if (value === '') return { what: `${name} is empty`, allowed: asciiRule };
  }
  if (spec.forbid) {
    const m = spec.forbid.exec(value);
    if (m) return { what: `${shown} contains "${m[0]}"`, allowed: asciiRule };
  }
  if (spec.maxBytes !== undefined) {
    const bytes = Buffer.byteLength(value, 'utf8');
    if (bytes > spec.maxBytes) return { what: `${name} is ${bytes} bytes long`, allowed: asciiRule };
  }
  return undefined;
}

function describeStringRule(spec: ParamSpec): string {
  const parts = [spec.ascii ? 'ASCII text' : 'text'];
  if (spec.forbid) parts.push('without / or \\');
  if (spec.maxBytes !== undefined) parts.push(`at most ${spec.maxBytes} bytes`);
  return parts.join(', ');
}

function firstNonAsciiIndex(s: string): number | undefined {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return i;
  return undefined;
}

/** True when a line that failed to parse looks like a (possibly misspelt) password setting. */
function mayHoldSecret(raw: string): boolean {
  const name = /^\s*([A-Za-z_][A-Za-z0-9_.-]*)/.exec(raw)?.[1]?.toLowerCase() ?? '';
  return /pass|pwd/.test(name) || editDistance(name, 'db_instance_password') <= 3;
}

/** The known parameter nearest to `name`, if it is close enough to be a typo. */
function closestName(name: string): string | undefined {
  let best: string | undefined;
  let bestDist = 4;
  for (const known of SERVER_CONF_PARAMETERS) {
    const d = editDistance(name, known);
    if (d < bestDist) {
      best = known;
      bestDist = d;
    }
  }
  return best;
}

export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** An http(s) URL of host and port only, as etcd client URLs are written. */
function isEtcdUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.pathname === '/' && !u.search;
  } catch {
    return false;
  }
}

/**
 * Reading PostgreSQL setting values the way the server does: numbers with an optional unit
 * (case-sensitive, as PostgreSQL insists), bare numbers in the parameter's own base unit, and
 * the server's spellings of booleans. Errors are PgClusterError('CONFIG_INVALID').
 */
import { PgClusterError } from '../errors.js';

export type TimeUnit = 'us' | 'ms' | 's' | 'min' | 'h' | 'd';
/** '8kB' is the block unit of parameters such as shared_buffers. */
export type SizeUnit = 'B' | 'kB' | 'MB' | 'GB' | 'TB' | '8kB';

const TIME_MS: Record<TimeUnit, number> = {
  us: 0.001,
  ms: 1,
  s: 1000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const SIZE_BYTES: Record<SizeUnit, number> = {
  B: 1,
  kB: 1024,
  MB: 1024 ** 2,
  GB: 1024 ** 3,
  TB: 1024 ** 4,
  '8kB': 8192,
};

/** Units a user may write; '8kB' is only ever a base unit. */
const WRITABLE_SIZE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const;
const TIME_HINT = 'Valid units for this parameter are "us", "ms", "s", "min", "h", and "d".';
const SIZE_HINT = 'Valid units for this parameter are "B", "kB", "MB", "GB", and "TB".';

function invalid(kind: string, value: string, what: string | undefined, hint?: string): PgClusterError {
  const subject = what ? `"${what}"` : `a ${kind} setting`;
  return new PgClusterError('CONFIG_INVALID', `invalid value for ${subject}: "${value}"`, {
    hint: hint ?? `Write a ${kind} such as the PostgreSQL documentation shows.`,
  });
}

/** Rounds half to even, like C's rint() that PostgreSQL uses when converting units. */
export function rint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Splits "<number><spaces><unit>" as PostgreSQL's parse_int/parse_real do: strtol with base 0
 * (so 0x1F is hex and 017 is octal), falling back to a decimal real when there is a fraction or
 * exponent. Returns undefined when the text is not a number followed by letters.
 */
function splitNumber(value: string): { num: number; unit: string } | undefined {
  const m =
    /^\s*([+-]?(?:0[xX][0-9a-fA-F]+|\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))\s*([A-Za-z]*)\s*$/.exec(
      value,
    );
  if (!m) return undefined;
  const text = m[1]!;
  const unit = m[2]!;
  let num: number;
  const body = text.replace(/^[+-]/, '');
  const sign = text.startsWith('-') ? -1 : 1;
  if (/^0[xX]/.test(body)) num = sign * parseInt(body.slice(2), 16);
  else if (/^0\d+$/.test(body)) {
    // strtol base 0 reads a leading zero as octal; an 8 or 9 there is an error in PostgreSQL too.
    if (!/^0[0-7]+$/.test(body)) return undefined;
    num = sign * parseInt(body, 8);
  } else num = Number(text);
  if (!Number.isFinite(num)) return undefined;
  return { num, unit };
}

/** An integer setting without units (max_wal_senders = 10); fractions are rounded as PostgreSQL does. */
export function parseInteger(value: string, what?: string): number {
  const p = splitNumber(value);
  if (!p || p.unit !== '') throw invalid('integer', value, what, 'Write a whole number.');
  return rint(p.num);
}

/**
 * A duration in milliseconds. `baseUnit` is the parameter's own unit, used for bare numbers
 * (wal_sender_timeout: 'ms', wal_receiver_status_interval: 's'); the result is rounded to a
 * whole number of base units, as the server stores it. Negative values (-1 = disabled for some
 * parameters) come back scaled; callers that care compare with 0.
 */
export function parseDurationMs(value: string, baseUnit: TimeUnit, what?: string): number {
  const p = splitNumber(value);
  if (!p) throw invalid('duration', value, what, TIME_HINT);
  const unit = p.unit === '' ? baseUnit : p.unit;
  if (!Object.hasOwn(TIME_MS, unit)) throw invalid('duration', value, what, TIME_HINT);
  const inBase = (p.num * TIME_MS[unit as TimeUnit]) / TIME_MS[baseUnit];
  return rint(inBase) * TIME_MS[baseUnit];
}

/**
 * A size in bytes. `baseUnit` is the parameter's own unit ('8kB' for block-counted parameters
 * such as shared_buffers, 'MB' for wal_keep_size, 'kB' for work_mem); the result is rounded to a
 * whole number of base units.
 */
export function parseSizeBytes(value: string, baseUnit: SizeUnit, what?: string): number {
  const p = splitNumber(value);
  if (!p) throw invalid('size', value, what, SIZE_HINT);
  let factor: number;
  if (p.unit === '') factor = SIZE_BYTES[baseUnit];
  else if ((WRITABLE_SIZE_UNITS as readonly string[]).includes(p.unit))
    factor = SIZE_BYTES[p.unit as SizeUnit];
  else throw invalid('size', value, what, SIZE_HINT);
  const inBase = (p.num * factor) / SIZE_BYTES[baseUnit];
  return rint(inBase) * SIZE_BYTES[baseUnit];
}

/**
 * PostgreSQL's boolean spellings, case-insensitive: any prefix of true/false/yes/no, "on",
 * "off" or "of", and 1/0. A lone "o" is ambiguous and rejected, as the server does.
 */
export function parseBool(value: string, what?: string): boolean {
  const v = value.trim().toLowerCase();
  const prefixOf = (word: string, min = 1) => v.length >= min && word.startsWith(v);
  if (v === '1' || v === 'on' || prefixOf('true') || prefixOf('yes')) return true;
  if (v === '0' || prefixOf('off', 2) || prefixOf('false') || prefixOf('no')) return false;
  throw invalid('boolean', value, what, 'Use on or off (true/false, yes/no and 1/0 also work).');
}

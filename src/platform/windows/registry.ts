/**
 * Reading the Windows registry from Node: event-source keys (pgevent.dll), service keys written by
 * `pg_ctl register`, and the PostgreSQL installer's Installations keys.
 *
 * Single keys are read with the npm `regedit` package first (WMI through cscript.exe) and with
 * reg.exe when that fails: regedit needs Windows Script Host, which some servers disable (and
 * Wine cannot run its .wsf files), while reg.exe is always there. Recursive reads use reg.exe.
 *
 * Limits of reg.exe's text output, which callers should know about:
 * - REG_MULTI_SZ items are shown joined by the two characters `\0`, so an item that itself
 *   contains `\0` (a path such as `C:\0dir`) is split there.
 * - Messages (not found, access denied) are localized on non-English Windows; only the English
 *   not-found message is recognised, anything else is reported as a failure, never as "absent".
 */
import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';
import { PgClusterError } from '../../errors.js';

export type RegData = string | number | string[];

export interface RegValue {
  name: string;
  type: string;
  data: RegData;
}

export interface RegKey {
  key: string;
  values: RegValue[];
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** How a command is run: the test seam. A non-zero exit resolves; only a failure to start rejects. */
export type RunFn = (file: string, args: string[]) => Promise<RunResult>;

export interface EventSource {
  source: string;
  messageFile: string;
  typesSupported: number;
}

export interface PostgresInstallation {
  /** The subkey name, e.g. `postgresql-x64-17` for the EDB installer. */
  id: string;
  version: string;
  baseDirectory: string;
  dataDirectory?: string;
  serviceId?: string;
}

export const EVENT_LOG_APPLICATION_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application';
export const POSTGRES_INSTALLATIONS_KEY = 'HKLM\\SOFTWARE\\PostgreSQL\\Installations';
/** Written by the MSI: InstallFolder, Version, PostgreSQLHome, PostgreSQLBin, RegisteredEventSource. */
export const PGCLUSTER_KEY = 'HKLM\\SOFTWARE\\PgCluster';

/** Runs a program directly (no shell, no console window) and resolves with its exit code and output. */
export const defaultRun: RunFn = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { windowsHide: true, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error === null) resolve({ code: 0, stdout, stderr });
        else if (typeof error.code === 'number') resolve({ code: error.code, stdout, stderr });
        else reject(error instanceof Error ? error : new Error(error.message));
      },
    );
  });

/** System32's reg.exe by full path, so a reg.exe earlier in PATH or the working directory is never run. */
function regExe(): string {
  const root = process.env.SystemRoot;
  return root ? path.win32.join(root, 'System32', 'reg.exe') : 'reg.exe';
}

const ROOTS: Record<string, string> = {
  HKLM: 'HKEY_LOCAL_MACHINE',
  HKCU: 'HKEY_CURRENT_USER',
  HKCR: 'HKEY_CLASSES_ROOT',
  HKU: 'HKEY_USERS',
  HKCC: 'HKEY_CURRENT_CONFIG',
};
const LONG_ROOTS = new Set(Object.values(ROOTS));

/** `HKLM\Foo\` → `HKEY_LOCAL_MACHINE\Foo`, for comparing with the names reg prints; undefined if no root. */
function canonicalKey(key: string): string | undefined {
  const trimmed = key.replace(/\\+$/, '');
  const cut = trimmed.indexOf('\\');
  const root = (cut < 0 ? trimmed : trimmed.slice(0, cut)).toUpperCase();
  const long = ROOTS[root] ?? (LONG_ROOTS.has(root) ? root : undefined);
  return long === undefined ? undefined : long + (cut < 0 ? '' : trimmed.slice(cut));
}

function sameKey(a: string, b: string): boolean {
  return canonicalKey(a)?.toLowerCase() === canonicalKey(b)?.toLowerCase();
}

const VALUE_LINE =
  /^ {4}(.*?) {4}(REG_(?:SZ|EXPAND_SZ|MULTI_SZ|DWORD|DWORD_BIG_ENDIAN|QWORD|BINARY|NONE|LINK|RESOURCE_LIST|FULL_RESOURCE_DESCRIPTOR|RESOURCE_REQUIREMENTS_LIST))(?: {4}(.*))?$/;

function convert(type: string, raw: string): RegData {
  switch (type) {
    case 'REG_DWORD':
    case 'REG_DWORD_BIG_ENDIAN':
    case 'REG_QWORD': {
      // Kept as reg's text: a QWORD past 2^53 (no exact number) and Wine 8's "(null)" for every QWORD.
      if (!/^0x[0-9a-f]+$/i.test(raw)) return raw;
      const n = Number(raw);
      return Number.isSafeInteger(n) ? n : raw;
    }
    case 'REG_MULTI_SZ':
      return raw === '' ? [] : raw.split('\\0');
    default:
      return raw;
  }
}

/**
 * Parses the text of `reg query <key> [/v name | /ve] [/s]`: each key name at column 0, then its
 * values indented by four spaces as `name    REG_TYPE    data`. Subkeys listed without /s come
 * out as keys with no values; other lines ("End of search", blank lines) are ignored.
 */
export function parseRegQuery(output: string): RegKey[] {
  const keys: RegKey[] = [];
  let current: RegKey | undefined;
  for (const line of output.split(/\r?\n/)) {
    if (/^HKEY_[A-Z_]+(\\|$)/.test(line)) {
      current = { key: line.trimEnd(), values: [] };
      keys.push(current);
      continue;
    }
    const m = VALUE_LINE.exec(line);
    if (!m || !current) continue;
    const name = m[1] ?? '';
    const type = m[2] ?? '';
    const raw = m[3] ?? '';
    // Windows shows an unset default value this way with /ve: it is not a value.
    if (name === '(Default)' && raw === '(value not set)') continue;
    current.values.push({ name, type, data: convert(type, raw) });
  }
  return keys;
}

const NOT_FOUND = /unable to find the specified registry (key|value)/i;

/** The arguments of `reg query` and the command as a user would type it (for error messages). */
function queryCommand(key: string, extra: string[]): { args: string[]; command: string } {
  if (canonicalKey(key) === undefined) {
    throw new PgClusterError('REGISTRY_KEY_INVALID', `"${key}" is not a registry key path`, {
      where: key,
      hint: 'start the path with HKLM\\, HKCU\\, HKCR\\, HKU\\ or HKCC\\ (or their HKEY_ forms)',
    });
  }
  // /reg:64: the 64-bit view, where x64 installers and 64-bit regsvr32 write, even from a 32-bit node.
  const args = ['query', key, ...extra, '/reg:64'];
  return { args, command: `reg ${args.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ')}` };
}

function couldNotStart(e: unknown, command: string): PgClusterError {
  return new PgClusterError('REGISTRY_QUERY_FAILED', `could not run reg.exe: ${(e as Error).message}`, {
    where: command,
    hint: 'reg.exe ships with Windows in %SystemRoot%\\System32; check that SystemRoot is set and the file exists',
    cause: e,
  });
}

/** reg's answer: the keys, undefined when the key (or the named value) does not exist, else an error. */
function queryAnswer(result: RunResult, command: string): RegKey[] | undefined {
  // Windows prints the not-found message on stderr, Wine on stdout.
  if (result.code === 1 && NOT_FOUND.test(result.stderr + result.stdout)) return undefined;
  const message = (result.stderr.trim() || result.stdout.trim()).split(/\r?\n/)[0] ?? '';
  if (result.code !== 0) {
    const denied = /access is denied/i.test(message);
    throw new PgClusterError(
      'REGISTRY_QUERY_FAILED',
      `reg query failed with exit code ${result.code}${message ? `: ${message}` : ''}`,
      {
        where: command,
        hint: denied
          ? 'run from an elevated (Administrator) prompt, or grant this account read access to the key'
          : 'run the same command in a console to see the whole error',
      },
    );
  }
  return parseRegQuery(result.stdout);
}

/** Runs `reg query`; undefined when the key (or the named value) does not exist. */
async function queryRegistry(key: string, extra: string[], run: RunFn): Promise<RegKey[] | undefined> {
  const { args, command } = queryCommand(key, extra);
  let result: RunResult;
  try {
    result = await run(regExe(), args);
  } catch (e) {
    throw couldNotStart(e, command);
  }
  return queryAnswer(result, command);
}

/** One key as the regedit package's list() gives it. */
export interface RegeditItem {
  exists: boolean;
  keys: string[];
  values: Record<string, { type: string; value: unknown }>;
}

export type RegeditList = (keys: string[]) => Promise<Record<string, RegeditItem | undefined>>;

/** regedit's answer in this module's shape (values named as reg.exe names them). */
export function fromRegedit(key: string, item: RegeditItem): RegKey | undefined {
  if (!item.exists) return undefined;
  return {
    key: canonicalKey(key) ?? key,
    values: Object.entries(item.values).map(([name, v]) => {
      const value = v.value;
      const data: RegData =
        typeof value === 'number'
          ? value
          : Array.isArray(value)
            ? v.type === 'REG_BINARY'
              ? (value as number[])
                  .map((b) => b.toString(16).padStart(2, '0'))
                  .join('')
                  .toUpperCase()
              : value.map(String)
            : typeof value === 'string'
              ? value
              : value == null
                ? ''
                : JSON.stringify(value);
      return { name: name === '' ? '(Default)' : name, type: v.type, data };
    }),
  };
}

/** regedit's 64-bit view, loaded only on Windows and only when needed. */
const regeditList: RegeditList | undefined =
  process.platform === 'win32'
    ? async (keys) => {
        // Not promisified.arch.list64: regedit 5.1.4's typings name a path its code does not have.
        const { promisified, OS_ARCH_64BIT } = (await import('regedit')).default;
        return await promisified.list(keys, OS_ARCH_64BIT);
      }
    : undefined;

/** The values of one key (not of its subkeys); undefined when the key does not exist. */
export async function readRegistryKey(
  key: string,
  run: RunFn = defaultRun,
  list: RegeditList | undefined = run === defaultRun ? regeditList : undefined,
): Promise<RegKey | undefined> {
  if (list && canonicalKey(key) !== undefined) {
    try {
      const item = (await list([key]))[key];
      if (item) return fromRegedit(key, item);
    } catch {
      // Windows Script Host disabled or missing: reg.exe below.
    }
  }
  const keys = await queryRegistry(key, [], run);
  if (keys === undefined) return undefined;
  // Without /s, subkeys are listed after the key itself; a key with no values is not printed at
  // all, only its subkeys (or nothing), though reg succeeded: it exists, empty.
  return keys.find((k) => sameKey(k.key, key)) ?? { key: canonicalKey(key) ?? key, values: [] };
}

function valueOf(key: RegKey, name: string): RegData | undefined {
  return key.values.find((v) => v.name.toLowerCase() === name.toLowerCase())?.data;
}

function stringValue(key: RegKey, name: string): string | undefined {
  const data = valueOf(key, name);
  return typeof data === 'string' ? data : undefined;
}

/**
 * The Application event-log source as registered by `regsvr32 /n /i:"<source>" pgevent.dll`;
 * undefined when not registered. A key that lacks a value reads as '' or 0, so a caller comparing
 * with what it expects sees a half-made registration as different.
 */
export async function readEventSource(
  source: string,
  run: RunFn = defaultRun,
): Promise<EventSource | undefined> {
  if (source === '' || source.length > 255 || source.includes('\\')) {
    throw new PgClusterError('EVENT_SOURCE_INVALID', `"${source}" cannot be an event source name`, {
      where: 'event_source',
      hint: 'use 1 to 255 characters without a backslash',
    });
  }
  const key = await readRegistryKey(`${EVENT_LOG_APPLICATION_KEY}\\${source}`, run);
  if (key === undefined) return undefined;
  const types = valueOf(key, 'TypesSupported');
  return {
    source,
    messageFile: stringValue(key, 'EventMessageFile') ?? '',
    typesSupported: typeof types === 'number' ? types : 0,
  };
}

/**
 * PostgreSQL installations recorded by the Windows installer: one subkey per installation under
 * HKLM\SOFTWARE\PostgreSQL\Installations (EDB names it `postgresql-x64-<major>`) with REG_SZ values
 * `Version`, `Base Directory`, `Data Directory`, `Service ID` (also `Branding`, `Super User`,
 * `Service Account`, not read here). A subkey without `Base Directory` is skipped: it cannot be used.
 * 32-bit installations (WOW6432Node) are not looked at.
 */
export async function findPostgresInstallations(run: RunFn = defaultRun): Promise<PostgresInstallation[]> {
  const keys = await queryRegistry(POSTGRES_INSTALLATIONS_KEY, ['/s'], run);
  if (keys === undefined) return [];
  const parent = canonicalKey(POSTGRES_INSTALLATIONS_KEY)?.toLowerCase() ?? '';
  const found: PostgresInstallation[] = [];
  for (const key of keys) {
    const canonical = canonicalKey(key.key);
    if (canonical === undefined) continue;
    const id = canonical.slice(parent.length + 1);
    if (!canonical.toLowerCase().startsWith(`${parent}\\`) || id === '' || id.includes('\\')) continue;
    const baseDirectory = stringValue(key, 'Base Directory');
    if (baseDirectory === undefined || baseDirectory === '') continue;
    const install: PostgresInstallation = { id, version: stringValue(key, 'Version') ?? '', baseDirectory };
    const dataDirectory = stringValue(key, 'Data Directory');
    if (dataDirectory) install.dataDirectory = dataDirectory;
    const serviceId = stringValue(key, 'Service ID');
    if (serviceId) install.serviceId = serviceId;
    found.push(install);
  }
  return found;
}

/** How a command is run synchronously: the test seam of readRegistryStringSync. */
export type RunSyncFn = (file: string, args: string[]) => RunResult;

const defaultRunSync: RunSyncFn = (file, args) => {
  const r = spawnSync(file, args, { windowsHide: true, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
};

/**
 * One string value, read with reg.exe synchronously, for start-up paths that cannot wait (finding
 * PostgreSQL's programs). Undefined when the key or value is absent or is not a string; a reg.exe
 * that cannot run or fails otherwise throws REGISTRY_QUERY_FAILED.
 */
export function readRegistryStringSync(
  key: string,
  name: string,
  run: RunSyncFn = defaultRunSync,
): string | undefined {
  const { args, command } = queryCommand(key, ['/v', name]);
  let result: RunResult;
  try {
    result = run(regExe(), args);
  } catch (e) {
    throw couldNotStart(e, command);
  }
  const found = queryAnswer(result, command)?.find((k) => sameKey(k.key, key));
  const data = found && valueOf(found, name);
  return typeof data === 'string' ? data : undefined;
}

/**
 * Locating the PostgreSQL server programs (initdb, pg_ctl, pg_basebackup, ...).
 *
 * Order: PG_BIN; on Windows the PostgreSQL folder the PgCluster MSI was given (its PGHOME,
 * recorded as HKLM\SOFTWARE\PgCluster PostgreSQLBin); `pg_config --bindir`; then the usual install
 * locations (Debian/Ubuntu /usr/lib/postgresql/<major>/bin, EDB installer
 * C:\Program Files\PostgreSQL\<major>\bin), newest major first. The choice among candidates is pure so it is tested without a file system.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PgClusterError } from '../errors.js';
import { PGCLUSTER_KEY, readRegistryStringSync } from '../platform/windows/registry.js';

export const MIN_SUPPORTED_MAJOR = 13;

export interface PgBinaries {
  readonly dir: string;
  readonly major: number;
  readonly version: string;
  /** Full path of one program, with .exe on Windows. */
  tool(name: string): string;
}

/** "pg_ctl (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" -> { major: 15, version: "15.18" } */
export function parseVersionLine(line: string): { major: number; version: string } | undefined {
  const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(line);
  if (!m?.[1]) return undefined;
  const major = Number(m[1]);
  return { major, version: m[2] === undefined ? String(major) : `${major}.${m[2]}` };
}

/** Candidate directories in the order they are tried. */
export function candidateDirs(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
  listDir: (dir: string) => string[],
  pgConfigBindir: () => string | undefined,
  installerBindir: () => string | undefined = () => undefined,
): { dir: string; source: string }[] {
  const out: { dir: string; source: string }[] = [];
  if (env.PG_BIN) out.push({ dir: env.PG_BIN, source: 'PG_BIN' });
  const fromInstaller = platform === 'win32' ? installerBindir() : undefined;
  if (fromInstaller) out.push({ dir: fromInstaller, source: `${PGCLUSTER_KEY} PostgreSQLBin` });
  const fromPgConfig = pgConfigBindir();
  if (fromPgConfig) out.push({ dir: fromPgConfig, source: 'pg_config --bindir' });
  const roots =
    platform === 'win32'
      ? [path.win32.join(env.ProgramFiles ?? 'C:\\Program Files', 'PostgreSQL')]
      : ['/usr/lib/postgresql', '/usr/pgsql'];
  for (const root of roots) {
    const majors = listDir(root)
      .filter((n) => /^\d+(\.\d+)?$/.test(n))
      .sort((a, b) => Number(b) - Number(a));
    const join = (...parts: string[]) => (platform === 'win32' ? path.win32 : path.posix).join(...parts);
    for (const m of majors) out.push({ dir: join(root, m, 'bin'), source: `${root} (version ${m})` });
  }
  return out;
}

function exe(platform: NodeJS.Platform, name: string): string {
  return platform === 'win32' ? `${name}.exe` : name;
}

let cached: PgBinaries | undefined;

/** Finds the newest usable PostgreSQL, or throws a PgClusterError saying what to install. */
export function findPgBinaries(env: NodeJS.ProcessEnv = process.env): PgBinaries {
  if (cached && !env.PG_BIN) return cached;
  const platform = process.platform;
  const tried: string[] = [];
  const candidates = candidateDirs(
    env,
    platform,
    (d) => {
      try {
        return readdirSync(d);
      } catch {
        return [];
      }
    },
    () => {
      try {
        return execFileSync('pg_config', ['--bindir'], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        }).trim();
      } catch {
        return undefined;
      }
    },
    () => {
      try {
        return readRegistryStringSync(PGCLUSTER_KEY, 'PostgreSQLBin');
      } catch (e) {
        tried.push(`${PGCLUSTER_KEY} PostgreSQLBin: ${(e as Error).message}`);
        return undefined;
      }
    },
  );
  for (const { dir, source } of candidates) {
    const pgCtl = path.join(dir, exe(platform, 'pg_ctl'));
    if (!existsSync(pgCtl) || !existsSync(path.join(dir, exe(platform, 'initdb')))) {
      tried.push(`${dir} (from ${source}): no pg_ctl/initdb there`);
      continue;
    }
    let line: string;
    try {
      line = execFileSync(pgCtl, ['--version'], { encoding: 'utf8' });
    } catch (e) {
      tried.push(`${dir} (from ${source}): pg_ctl --version failed: ${(e as Error).message}`);
      continue;
    }
    const v = parseVersionLine(line);
    if (!v || v.major < MIN_SUPPORTED_MAJOR) {
      tried.push(
        `${dir} (from ${source}): version ${v?.version ?? '?'} is older than ${MIN_SUPPORTED_MAJOR}`,
      );
      continue;
    }
    const found: PgBinaries = { dir, ...v, tool: (name) => path.join(dir, exe(platform, name)) };
    if (!env.PG_BIN) cached = found;
    return found;
  }
  throw new PgClusterError(
    'PG_NOT_FOUND',
    `no PostgreSQL ${MIN_SUPPORTED_MAJOR} or newer server programs found`,
    {
      where: tried.length ? `looked in: ${tried.join('; ')}` : 'no candidate directories',
      hint:
        platform === 'win32'
          ? 'install PostgreSQL (EDB installer) or set PG_BIN to its bin folder, e.g. C:\\Program Files\\PostgreSQL\\17\\bin'
          : 'install the server (Debian/Ubuntu: apt-get install postgresql) or set PG_BIN to the folder holding pg_ctl and initdb',
    },
  );
}

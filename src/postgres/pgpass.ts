/**
 * The password libpq would take from a pgpass file (PGPASSFILE, else ~/.pgpass or, on Windows,
 * %APPDATA%\postgresql\pgpass.conf), so that the pg client finds the same password as
 * pg_basebackup does. Lines are host:port:database:user:password; `*` matches anything;
 * `\:` and `\\` are escapes; the first matching line wins.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function pgpassFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PGPASSFILE) return env.PGPASSFILE;
  return process.platform === 'win32'
    ? path.join(env.APPDATA ?? '', 'postgresql', 'pgpass.conf')
    : path.join(os.homedir(), '.pgpass');
}

function fields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) cur += line[++i];
    else if (c === ':') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

export function lookupPgpass(
  text: string,
  want: { host: string; port: number; database: string; user: string },
): string | undefined {
  // libpq treats a socket directory as host "localhost".
  const host = want.host.startsWith('/') ? 'localhost' : want.host;
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === '' || raw.startsWith('#')) continue;
    const f = fields(raw);
    if (f.length < 5) continue;
    const ok = (pattern: string, value: string) => pattern === '*' || pattern === value;
    if (ok(f[0]!, host) && ok(f[1]!, String(want.port)) && ok(f[2]!, want.database) && ok(f[3]!, want.user))
      return f.slice(4).join(':');
  }
  return undefined;
}

/** PGPASSWORD, else the pgpass file's entry, else undefined (no password). */
export function passwordFor(
  want: { host: string; port: number; database: string; user: string },
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (env.PGPASSWORD !== undefined) return env.PGPASSWORD;
  try {
    return lookupPgpass(readFileSync(pgpassFile(env), 'utf8'), want);
  } catch {
    return undefined;
  }
}

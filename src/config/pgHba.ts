/**
 * pg_hba.conf, read closely enough to answer the two questions the cluster cares about: does any
 * line let replication connections in without a password (`trust`), and can the controller reach
 * database `postgres` over TCP from 127.0.0.1 as its user. Parsing is pure; loadHbaFile follows
 * include lines on disk.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

export interface HbaToken {
  text: string;
  /** Quoted tokens are literal names even when they spell a keyword such as "all". */
  quoted: boolean;
}

export interface HbaEntry {
  file: string;
  /** 1-based line where the entry starts (continuation lines belong to it). */
  line: number;
  type: string;
  databases: string[];
  users: string[];
  /** Absent for `local`. CIDR text, a bare IP (see netmask), a host name, or all/samehost/samenet. */
  address?: string;
  /** The separate mask column of the `address mask` form. */
  netmask?: string;
  method: string;
  options: Record<string, string>;
  databaseTokens: HbaToken[];
  userTokens: HbaToken[];
}

export interface HbaInclude {
  file: string;
  line: number;
  kind: 'include' | 'include_if_exists' | 'include_dir';
  target: string;
}

export interface HbaProblem {
  file: string;
  line: number;
  message: string;
}

export interface HbaParseResult {
  entries: HbaEntry[];
  includes: HbaInclude[];
  problems: HbaProblem[];
}

const HOST_TYPES = new Set(['host', 'hostssl', 'hostnossl', 'hostgssenc', 'hostnogssenc']);
const INCLUDE_KINDS = new Set(['include', 'include_if_exists', 'include_dir']);

/**
 * Splits one logical line into fields; a field is a comma-separated list of tokens. Double quotes
 * protect blanks, commas and '#', and "" inside quotes is a literal quote.
 */
export function tokenizeHbaLine(line: string): HbaToken[][] {
  const fields: HbaToken[][] = [];
  let field: HbaToken[] = [];
  let i = 0;
  const blank = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
  for (;;) {
    while (blank(line[i])) i++;
    if (i >= line.length || line[i] === '#') break;
    let text = '';
    let quoted = false;
    let inQuote = false;
    while (i < line.length) {
      const c = line[i]!;
      if (inQuote) {
        if (c === '"' && line[i + 1] === '"') {
          text += '"';
          i += 2;
        } else if (c === '"') {
          inQuote = false;
          i++;
        } else {
          text += c;
          i++;
        }
      } else if (c === '"') {
        inQuote = quoted = true;
        i++;
      } else if (blank(c) || c === ',' || c === '#') {
        break;
      } else {
        text += c;
        i++;
      }
    }
    if (text !== '' || quoted) field.push({ text, quoted });
    while (blank(line[i])) i++;
    if (line[i] === ',') {
      i++; // the list goes on in the next token
      continue;
    }
    if (field.length) fields.push(field);
    field = [];
  }
  if (field.length) fields.push(field);
  return fields;
}

const single = (f: HbaToken[] | undefined) => (f && f.length === 1 ? f[0] : undefined);

/** Parses the text of one pg_hba.conf file. Lines ending in a backslash continue on the next (PostgreSQL 16+). */
export function parseHba(text: string, file: string): HbaParseResult {
  const out: HbaParseResult = { entries: [], includes: [], problems: [] };
  const raw = text.split('\n');
  for (let i = 0; i < raw.length; i++) {
    const lineNo = i + 1;
    let line = raw[i]!.replace(/\r$/, '');
    while (line.endsWith('\\') && i + 1 < raw.length) {
      i++;
      line = line.slice(0, -1) + raw[i]!.replace(/\r$/, '');
    }
    const fields = tokenizeHbaLine(line);
    if (fields.length === 0) continue;
    const problem = (message: string) => out.problems.push({ file, line: lineNo, message });
    const typeTok = single(fields[0]);
    if (!typeTok || typeTok.quoted) {
      problem('the connection type must be a single word');
      continue;
    }
    const type = typeTok.text;
    if (INCLUDE_KINDS.has(type)) {
      const target = single(fields[1]);
      if (!target || fields.length !== 2) problem(`${type} needs exactly one file name`);
      else out.includes.push({ file, line: lineNo, kind: type as HbaInclude['kind'], target: target.text });
      continue;
    }
    if (type !== 'local' && !HOST_TYPES.has(type)) {
      problem(`invalid connection type "${type}"`);
      continue;
    }
    const dbs = fields[1];
    const users = fields[2];
    if (!dbs || !users) {
      problem('end of line before the database or user field');
      continue;
    }
    let k = 3;
    let address: string | undefined;
    let netmask: string | undefined;
    if (type !== 'local') {
      const a = single(fields[k]);
      if (!a) {
        problem('end of line before the address field');
        continue;
      }
      address = a.text;
      k++;
      // An IP literal without /prefix takes its mask from the next column.
      if (!address.includes('/') && isIpLiteral(address) && !a.quoted) {
        const m = single(fields[k]);
        if (!m || !isIpLiteral(m.text)) {
          problem(`IP address ${address} has no netmask (write it as CIDR, e.g. ${address}/32)`);
          continue;
        }
        netmask = m.text;
        k++;
      }
    }
    const method = single(fields[k]);
    if (!method) {
      problem('end of line before the authentication method');
      continue;
    }
    const options: Record<string, string> = {};
    let bad = false;
    for (const f of fields.slice(k + 1)) {
      for (const t of f) {
        const eq = t.text.indexOf('=');
        if (eq <= 0) {
          problem(`authentication option "${t.text}" is not name=value`);
          bad = true;
        } else options[t.text.slice(0, eq)] = t.text.slice(eq + 1);
      }
    }
    if (bad) continue;
    const entry: HbaEntry = {
      file,
      line: lineNo,
      type,
      databases: dbs.map((t) => t.text),
      users: users.map((t) => t.text),
      method: method.text,
      options,
      databaseTokens: dbs,
      userTokens: users,
    };
    if (address !== undefined) entry.address = address;
    if (netmask !== undefined) entry.netmask = netmask;
    out.entries.push(entry);
  }
  return out;
}

/**
 * Reads a pg_hba.conf file and the files it includes, at the point they appear (relative to the
 * including file; include_dir takes *.conf in name order). Missing `include` targets and
 * unreadable files are problems; missing `include_if_exists` targets are skipped.
 */
export function loadHbaFile(file: string, depth = 0): HbaParseResult {
  const out: HbaParseResult = { entries: [], includes: [], problems: [] };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    out.problems.push({ file, line: 0, message: `cannot read ${file}: ${(e as Error).message}` });
    return out;
  }
  const own = parseHba(text, file);
  out.problems.push(...own.problems);
  out.includes.push(...own.includes);
  const byLine = new Map(own.includes.map((inc) => [inc.line, inc]));
  // Interleave included entries with this file's own, by line.
  const lines = [...new Set([...own.entries.map((e) => e.line), ...byLine.keys()])].sort((a, b) => a - b);
  for (const ln of lines) {
    const inc = byLine.get(ln);
    if (!inc) {
      out.entries.push(...own.entries.filter((e) => e.line === ln));
      continue;
    }
    const target = path.resolve(path.dirname(file), inc.target);
    if (depth >= 10) {
      out.problems.push({ file, line: ln, message: `${inc.kind} ${inc.target}: nested too deeply` });
      continue;
    }
    let targets: string[];
    if (inc.kind === 'include_dir') {
      try {
        targets = readdirSync(target, { withFileTypes: true })
          .filter((d) => d.isFile() && d.name.endsWith('.conf') && !d.name.startsWith('.'))
          .map((d) => d.name)
          .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
          .map((n) => path.join(target, n));
      } catch (e) {
        out.problems.push({
          file,
          line: ln,
          message: `cannot read directory ${target}: ${(e as Error).message}`,
        });
        continue;
      }
    } else {
      targets = [target];
    }
    for (const t of targets) {
      const sub = loadHbaFile(t, depth + 1);
      if (inc.kind === 'include_if_exists' && sub.problems.some((p) => p.file === t && p.line === 0))
        continue;
      out.entries.push(...sub.entries);
      out.includes.push(...sub.includes);
      out.problems.push(...sub.problems);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Questions

const isKeyword = (t: HbaToken, kw: string) => !t.quoted && t.text === kw;

/** Entries that let replication connections in with `trust` (`all` does not cover replication). */
export function findTrustReplication(entries: HbaEntry[]): HbaEntry[] {
  return entries.filter(
    (e) => e.method === 'trust' && e.databaseTokens.some((t) => isKeyword(t, 'replication')),
  );
}

function isIpLiteral(s: string): boolean {
  return parseIpv4(s) !== undefined || (s.includes(':') && /^[0-9A-Fa-f:.]+(%\w+)?$/.test(s));
}

export function parseIpv4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

/** Whether the entry's address column covers the IPv4 address `ip` (for the controller, 127.0.0.1). */
export function addressCovers(e: HbaEntry, ip: string): boolean {
  const a = e.address;
  if (a === undefined) return false;
  // samehost/samenet: 127.0.0.1 is an address of this host, on the loopback network.
  if (a === 'all' || a === 'samehost' || a === 'samenet') return true;
  const target = parseIpv4(ip);
  if (target === undefined) return false;
  let base: number | undefined;
  let mask: number | undefined;
  if (a.includes('/')) {
    const [addr, bits] = a.split('/');
    base = parseIpv4(addr ?? '');
    const b = Number(bits);
    if (!/^\d{1,2}$/.test(bits ?? '') || b > 32) return false;
    mask = b === 0 ? 0 : (0xffffffff << (32 - b)) >>> 0;
  } else if (e.netmask !== undefined) {
    base = parseIpv4(a);
    mask = parseIpv4(e.netmask);
  } else {
    // A host name: the server looks the client address up; 127.0.0.1 resolves to localhost.
    return ip === '127.0.0.1' && a.toLowerCase() === 'localhost';
  }
  if (base === undefined || mask === undefined) return false;
  return (base & mask) >>> 0 === (target & mask) >>> 0;
}

function regexMatches(t: HbaToken, value: string): boolean {
  try {
    return new RegExp(t.text.slice(1)).test(value);
  } catch {
    return false;
  }
}

/**
 * Whether a database column matches a connection to `database` by `user`. Group (+role),
 * @file and samerole tokens depend on things not visible here and count as not matching.
 */
export function databaseMatches(e: HbaEntry, database: string, user: string): boolean {
  return e.databaseTokens.some((t) => {
    if (!t.quoted) {
      if (t.text === 'all') return database !== 'replication';
      if (t.text === 'sameuser') return database === user;
      if (t.text === 'replication' || t.text === 'samerole' || t.text === 'samegroup') return false;
      if (t.text.startsWith('@')) return false;
      if (t.text.startsWith('/')) return regexMatches(t, database);
    }
    return t.text === database;
  });
}

export function userMatches(e: HbaEntry, user: string): boolean {
  return e.userTokens.some((t) => {
    if (!t.quoted) {
      if (t.text === 'all') return true;
      if (t.text.startsWith('+') || t.text.startsWith('@')) return false;
      if (t.text.startsWith('/')) return regexMatches(t, user);
    }
    return t.text === user;
  });
}

/**
 * The first entry (the server stops at the first match) that a TCP connection from 127.0.0.1 to
 * database `postgres` as `user` would use, or undefined. GSS-encrypted-only lines are skipped
 * since the controller does not use GSS encryption.
 */
export function findLocalMonitoringEntry(entries: HbaEntry[], user: string): HbaEntry | undefined {
  return entries.find(
    (e) =>
      HOST_TYPES.has(e.type) &&
      e.type !== 'hostgssenc' &&
      databaseMatches(e, 'postgres', user) &&
      userMatches(e, user) &&
      addressCovers(e, '127.0.0.1'),
  );
}

/** Whether the controller can connect to `postgres` over TCP from 127.0.0.1 as `user` (the first match is not `reject`). */
export function hasLocalMonitoringEntry(entries: HbaEntry[], user: string): boolean {
  const e = findLocalMonitoringEntry(entries, user);
  return e !== undefined && e.method !== 'reject';
}

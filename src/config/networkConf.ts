/**
 * network.conf: one line per server, `serverIdentifier host port [server|arbiter]`: exactly two
 * servers and at most one arbiter (the witness both controllers consult before acting alone on a
 * partition; see src/arbiter). Both servers and the arbiter hold the same file,
 * so the parser is strict: every problem in the file is reported at once, with its line, so a user
 * fixes it in one edit instead of one error per run.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { PgClusterError } from '../errors.js';

export interface ServerEntry {
  id: string;
  host: string;
  port: number;
  /** 1-based line number in network.conf, for messages. */
  line: number;
}

export type EntryKind = 'server' | 'arbiter';

export interface NetworkConf {
  /** The two database servers, in file order. */
  servers: ServerEntry[];
  /** The arbiter, when one is configured. */
  arbiter?: ServerEntry;
  warnings: string[];
}

export const MAX_IDENTIFIER_BYTES = 64;

/** Characters Windows refuses in file names; the identifier becomes `<id>.conf`. */
const FILE_NAME_FORBIDDEN = /[/\\<>:"|?*]/;
/** Windows device names are reserved with any extension, so `CON.conf` cannot be created. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

const ID_RULE = `identifier: 1-${MAX_IDENTIFIER_BYTES} printable ASCII characters, no spaces, none of / \\ < > : " | ? *, not "." or ".." or a Windows device name`;
const HOST_RULE =
  'host: an IPv4 address, an IPv6 address without brackets, or a host name of letters, digits, hyphens and dots';
const PORT_RULE = 'port: a decimal integer from 1 to 65535';
const KIND_RULE = 'the optional fourth field is "server" (the default) or "arbiter"';

/** The range the OS hands out for outgoing connections; a fixed listener there can collide. */
export function ephemeralRange(platform: NodeJS.Platform): { low: number; high: number; os: string } {
  if (platform === 'linux') return { low: 32768, high: 60999, os: 'Linux' };
  if (platform === 'win32') return { low: 49152, high: 65535, os: 'Windows' };
  return { low: 49152, high: 65535, os: platform };
}

export function parseNetworkConf(
  text: string,
  file: string,
  platform: NodeJS.Platform = process.platform,
): NetworkConf {
  const problems: { line: number; text: string }[] = [];
  const servers: ServerEntry[] = [];
  const arbiters: ServerEntry[] = [];
  const warnings: string[] = [];
  const err = (line: number, what: string, rule: string): void => {
    problems.push({ line, text: `${file}:${line}: ${what} (${rule})` });
  };

  // Notepad may save a UTF-8 byte order mark; it is not part of the content.
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  const dataLines: number[] = [];
  const arbiterLines: number[] = [];
  let lastLine = 1;
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const body = raw.replace(/\r$/, '');
    if (body !== '') lastLine = lineNo;

    const bad = firstNonAscii(body);
    if (bad !== undefined) {
      err(
        lineNo,
        `non-ASCII character ${bad.codePoint} at column ${bad.column}`,
        'network.conf must be plain ASCII',
      );
      // Still count a data line so the server count below does not add a misleading error.
      if (body.replace(/#.*$/, '').trim() !== '') dataLines.push(lineNo);
      return;
    }

    const content = body.replace(/#.*$/, '');
    const fields = content.split(/[ \t]+/).filter((f) => f !== '');
    if (fields.length === 0) return;
    if (fields.length !== 3 && fields.length !== 4) {
      dataLines.push(lineNo);
      err(
        lineNo,
        `expected 3 or 4 fields but found ${fields.length}: "${content.trim()}"`,
        'each line is "serverIdentifier host port [server|arbiter]", separated by spaces or tabs; # starts a comment',
      );
      return;
    }
    const [id, host, portText, kindText = 'server'] = fields as [string, string, string, string?];
    const kind = kindText.toLowerCase();
    if (kind !== 'server' && kind !== 'arbiter') {
      dataLines.push(lineNo);
      err(lineNo, `unknown kind "${kindText}"`, KIND_RULE);
      return;
    }
    if (kind === 'server') dataLines.push(lineNo);
    else if (arbiterLines.push(lineNo) > 1)
      err(
        lineNo,
        `a second arbiter is defined (the first is on line ${arbiterLines[0]})`,
        'at most one arbiter',
      );
    let ok = true;
    const idProblem = identifierProblem(id);
    if (idProblem) {
      err(lineNo, `invalid server identifier "${id}": ${idProblem}`, ID_RULE);
      ok = false;
    }
    const hostProblem = hostProblemOf(host);
    if (hostProblem) {
      err(lineNo, `invalid host "${host}": ${hostProblem}`, HOST_RULE);
      ok = false;
    }
    const port = parsePort(portText);
    if (typeof port === 'string') {
      err(lineNo, `invalid port "${portText}": ${port}`, PORT_RULE);
      ok = false;
    }
    if (ok && typeof port === 'number')
      (kind === 'server' ? servers : arbiters).push({ id, host, port, line: lineNo });
  });

  const COUNT_RULE = 'exactly two servers are required: one primary and one standby';
  if (dataLines.length === 0) {
    err(lastLine, 'no servers are defined', COUNT_RULE);
  } else if (dataLines.length === 1) {
    err(dataLines[0]!, 'only one server is defined', COUNT_RULE);
  } else {
    for (const [n, lineNo] of dataLines.entries()) {
      if (n >= 2) err(lineNo, `more than two servers are defined (this is server line ${n + 1})`, COUNT_RULE);
    }
  }

  // Arbiter last: a clash is reported on the arbiter's line whatever the file order.
  const everyone = [...servers, ...arbiters.slice(0, 1)];
  for (let i = 0; i < everyone.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = everyone[j]!;
      const b = everyone[i]!;
      if (a.id.toLowerCase() === b.id.toLowerCase()) {
        err(
          b.line,
          `server identifier "${b.id}" is already defined on line ${a.line}`,
          'identifiers must be unique, ignoring case, because each names a <serverIdentifier>.conf file',
        );
      } else if (a.port === b.port && isSameHost(a.host, b.host)) {
        err(
          b.line,
          `"${b.id}" uses the same host and port as "${a.id}" on line ${a.line}`,
          'two processes cannot listen on one address and port; give each line its own port',
        );
      }
    }
  }

  if (problems.length > 0) {
    // Stable sort: line order, and within a line the order the checks ran.
    const errors = problems.sort((x, y) => x.line - y.line).map((p) => p.text);
    throw new PgClusterError(
      'CONFIG_INVALID',
      `network.conf is invalid (${errors.length} problem${errors.length === 1 ? '' : 's'}):\n${errors.join('\n')}`,
      {
        where: file,
        hint: 'Fix the lines listed. Each line is "serverIdentifier host port [server|arbiter]" (e.g. "server1 192.0.2.100 26540"), exactly two servers and at most one arbiter, and the file must be identical on every machine.',
      },
    );
  }

  const eph = ephemeralRange(platform);
  for (const s of everyone) {
    if (s.port >= eph.low && s.port <= eph.high) {
      warnings.push(
        `${file}:${s.line}: port ${s.port} of "${s.id}" is inside the ${eph.os} ephemeral port range ${eph.low}-${eph.high}; ` +
          `the OS may give it to another program's outgoing connection. Prefer a port below ${eph.low} (default 26540) and register it in the services file.`,
      );
    }
  }
  return { servers, ...(arbiters[0] ? { arbiter: arbiters[0] } : {}), warnings };
}

function firstNonAscii(s: string): { column: number; codePoint: string } | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) {
      const cp = s.codePointAt(i)!;
      return { column: i + 1, codePoint: `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` };
    }
  }
  return undefined;
}

/** Why `id` is not a usable server identifier, or undefined when it is fine. */
export function identifierProblem(id: string): string | undefined {
  if (id.length === 0) return 'it is empty';
  if (id.length > MAX_IDENTIFIER_BYTES) return `it is ${id.length} bytes long`;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c > 0x7f) return `non-ASCII character at position ${i + 1}`;
    if (c <= 0x20 || c === 0x7f) return `control or space character at position ${i + 1}`;
  }
  const forbidden = FILE_NAME_FORBIDDEN.exec(id);
  if (forbidden) return `it contains "${forbidden[0]}", which cannot appear in a file name`;
  if (id === '.' || id === '..') return 'it is not usable as a file name';
  if (WINDOWS_RESERVED.test(id)) return 'it is a reserved device name on Windows';
  return undefined;
}

function hostProblemOf(host: string): string | undefined {
  if (isIPv4(host) || isIPv6(host)) return undefined;
  if (host.startsWith('[')) return 'write an IPv6 address without brackets';
  if (host.includes(':')) return 'not a valid IPv6 address';
  // A name made only of digits and dots is a mistyped IPv4 address, not a host name.
  if (/^[0-9.]+$/.test(host)) return 'not a valid IPv4 address';
  if (host.length > 253) return 'a host name is at most 253 characters';
  const labels = host.split('.');
  for (const label of labels) {
    if (label === '') return 'empty label (two dots in a row, or a dot at the start or end)';
    if (!HOST_LABEL.test(label))
      return `label "${label}" must be 1-63 letters, digits or hyphens, not starting or ending with a hyphen`;
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1]!))
    return 'the last label of a host name cannot be all digits';
  return undefined;
}

function parsePort(text: string): number | string {
  if (!/^[0-9]+$/.test(text)) return 'not a decimal number';
  const n = Number(text);
  if (n === 0)
    return 'port 0 would let the OS pick a random port, which the peer controller cannot know, so the controller cannot listen on it';
  if (n > 65535) return 'port numbers end at 65535';
  return n;
}

/** Canonical form for comparing hosts: IP addresses normalised, names lower-cased. */
export function normalizeHost(host: string): string {
  if (isIPv6(host)) return normalizeIPv6(host);
  if (isIPv4(host)) return host;
  return host.toLowerCase();
}

/** True when both strings name the same host: IPv6 spellings normalised, names case-insensitive. */
export function isSameHost(a: string, b: string): boolean {
  return normalizeHost(a) === normalizeHost(b);
}

function normalizeIPv6(addr: string): string {
  // The zone (%eth0) only selects an interface; the address is the same host.
  let s = addr.replace(/%.*$/, '').toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    s = s.slice(0, v4.index) + ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16);
  }
  const [head = '', tail] = s.split('::');
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headParts.length - tailParts.length;
  const groups = [
    ...headParts,
    ...Array<string>(tail === undefined ? 0 : missing).fill('0'),
    ...tailParts,
  ].map((g) => parseInt(g, 16));
  // IPv4-mapped (::ffff:a.b.c.d) is the IPv4 host itself.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const hi = groups[6]!;
    const lo = groups[7]!;
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return groups.map((g) => g.toString(16)).join(':');
}

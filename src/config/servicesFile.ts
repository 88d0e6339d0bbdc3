/**
 * The services file (/etc/services; %SystemRoot%\System32\drivers\etc\services on Windows):
 * `<name> <port>/<protocol> [aliases...] [# comment]`. Other tools pick "free" ports from it, so
 * PgCluster reserves its ports there. Editing is pure and keeps every other line as it was.
 */
import { PgClusterError } from '../errors.js';

export interface ServicesEntry {
  name: string;
  port: number;
  protocol: string;
  aliases: string[];
  /** 1-based. */
  line: number;
}

export function parseServicesFile(text: string): ServicesEntry[] {
  const entries: ServicesEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const fields = raw.replace(/#.*/, '').trim().split(/\s+/).filter(Boolean);
    const [name, portProto, ...aliases] = fields;
    const m = portProto ? /^(\d{1,5})\/([A-Za-z]+)$/.exec(portProto) : null;
    if (!name || !m) return; // blank, comment-only or malformed: not ours to judge
    entries.push({ name, port: Number(m[1]), protocol: m[2]!.toLowerCase(), aliases, line: i + 1 });
  });
  return entries;
}

export interface WantedEntry {
  service: string;
  port: number;
  comment: string;
}

/** Refuses a port another name holds: another program expects it (checked before writing). */
export function assertPortFree(text: string, want: WantedEntry, file: string): void {
  const entries = parseServicesFile(text);
  const clash = entries.find(
    (e) =>
      e.protocol === 'tcp' &&
      e.port === want.port &&
      e.name !== want.service &&
      !e.aliases.includes(want.service),
  );
  if (clash) {
    throw new PgClusterError(
      'SERVICES_PORT_TAKEN',
      `port ${want.port}/tcp is already reserved for "${clash.name}"`,
      {
        where: `${file}:${clash.line}`,
        hint: `another program expects that port: choose another port for ${want.service} (network.conf or postgresql.conf), or remove that line if it is stale`,
      },
    );
  }
}

/** present / different (our name, another port) / absent: only our own lines count. */
export function servicesEntryState(
  text: string,
  want: WantedEntry,
): { state: 'present' | 'different' | 'absent'; detail?: string } {
  const mine = parseServicesFile(text).filter((e) => e.name === want.service && e.protocol === 'tcp');
  if (mine.length === 0) return { state: 'absent' };
  if (mine.length === 1 && mine[0]!.port === want.port) return { state: 'present' };
  return {
    state: 'different',
    detail: `now ${mine.map((e) => `${e.port}/tcp (line ${e.line})`).join(', ')}`,
  };
}

export function formatServicesLine(want: WantedEntry): string {
  return `${want.service.padEnd(23)} ${`${want.port}/tcp`.padEnd(15)} # ${want.comment}`;
}

/** The file's lines, each with its own line ending (a mixed file stays mixed). */
function linesOf(text: string): { body: string; eol: string }[] {
  return text
    .split(/(?<=\n)/)
    .filter((l) => l !== '')
    .map((l) => {
      const m = /\r?\n$/.exec(l);
      return { body: m ? l.slice(0, -m[0].length) : l, eol: m ? m[0] : '' };
    });
}

function defaultEol(text: string): string {
  return text.includes('\r\n') && !/(^|[^\r])\n/.test(text) ? '\r\n' : '\n';
}

/** The text with exactly one line for the service, at the place of the first old one (or appended). */
export function withServicesEntry(text: string, want: WantedEntry): string {
  const eol = defaultEol(text);
  const lines = linesOf(text);
  const ours = new Set(
    parseServicesFile(text)
      .filter((e) => e.name === want.service && e.protocol === 'tcp')
      .map((e) => e.line - 1),
  );
  const out: string[] = [];
  let placed = false;
  lines.forEach((l, i) => {
    // Some readers skip an unterminated last line.
    const end = l.eol || eol;
    if (!ours.has(i)) return out.push(l.body + end);
    if (!placed) out.push(formatServicesLine(want) + end);
    placed = true;
  });
  if (!placed) out.push(formatServicesLine(want) + eol);
  return out.join('');
}

export function withoutServicesEntry(text: string, service: string): string {
  const drop = new Set(
    parseServicesFile(text)
      .filter((e) => e.name === service && e.protocol === 'tcp')
      .map((e) => e.line - 1),
  );
  return linesOf(text)
    .filter((_, i) => !drop.has(i))
    .map((l) => l.body + l.eol)
    .join('');
}

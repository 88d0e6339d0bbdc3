/**
 * Windows security descriptors in SDDL, the text form both pgcluster-acl.exe and PowerShell's
 * (Get-Acl).Sddl print: owner, group and DACL. Pure, so every rule about them is unit-tested.
 */

export interface Ace {
  /** A allow, D deny; OA/OD object, XA/XD callback ACEs; anything else is kept as written. */
  type: string;
  /** OI, CI, NP, IO, ID, ... */
  flags: Set<string>;
  mask: number;
  sid: string;
}

export interface SecurityDescriptor {
  owner?: string;
  group?: string;
  /** undefined: no DACL at all (NO_ACCESS_CONTROL), which lets everybody in. */
  dacl?: { protected: boolean; aces: Ace[] };
}

/** Machine-independent SDDL aliases (the domain-relative ones, such as LA, need the machine's SID). */
export const SID_ALIASES: Readonly<Record<string, string>> = {
  WD: 'S-1-1-0',
  CO: 'S-1-3-0',
  CG: 'S-1-3-1',
  OW: 'S-1-3-4',
  NU: 'S-1-5-2',
  IU: 'S-1-5-4',
  SU: 'S-1-5-6',
  AN: 'S-1-5-7',
  AU: 'S-1-5-11',
  RC: 'S-1-5-12',
  SY: 'S-1-5-18',
  LS: 'S-1-5-19',
  NS: 'S-1-5-20',
  BA: 'S-1-5-32-544',
  BU: 'S-1-5-32-545',
  BG: 'S-1-5-32-546',
  PU: 'S-1-5-32-547',
  AO: 'S-1-5-32-548',
  SO: 'S-1-5-32-549',
  PO: 'S-1-5-32-550',
  BO: 'S-1-5-32-551',
  RE: 'S-1-5-32-552',
  RU: 'S-1-5-32-554',
  RD: 'S-1-5-32-555',
  NO: 'S-1-5-32-556',
  AC: 'S-1-15-2-1',
};

export const SYSTEM_SID = 'S-1-5-18';
export const ADMINISTRATORS_SID = 'S-1-5-32-544';
export const CREATOR_OWNER_SID = 'S-1-3-0';

/** Access-right letters of SDDL (file, generic and standard rights). */
const RIGHTS: Readonly<Record<string, number>> = {
  GA: 0x10000000,
  GR: 0x80000000,
  GW: 0x40000000,
  GX: 0x20000000,
  RC: 0x00020000,
  SD: 0x00010000,
  WD: 0x00040000,
  WO: 0x00080000,
  FA: 0x001f01ff,
  FR: 0x00120089,
  FW: 0x00120116,
  FX: 0x001200a0,
  CC: 0x1,
  DC: 0x2,
  LC: 0x4,
  SW: 0x8,
  RP: 0x10,
  WP: 0x20,
  DT: 0x40,
  LO: 0x80,
  CR: 0x100,
};

export class SddlError extends Error {}

function sidOf(token: string, what: string): string {
  if (/^S-1-\d+(-\d+)*$/i.test(token)) return token.toUpperCase();
  const alias = SID_ALIASES[token.toUpperCase()];
  if (alias) return alias;
  throw new SddlError(`${what}: "${token}" is not a SID or a machine-independent SDDL alias`);
}

function maskOf(text: string): number {
  if (/^0x[0-9a-f]+$/i.test(text)) return Number.parseInt(text.slice(2), 16) >>> 0;
  if (/^\d+$/.test(text)) return Number(text) >>> 0;
  if (text.length % 2 !== 0) throw new SddlError(`access rights "${text}" are not SDDL`);
  let m = 0;
  for (let i = 0; i < text.length; i += 2) {
    const r = RIGHTS[text.slice(i, i + 2).toUpperCase()];
    if (r === undefined) throw new SddlError(`access right "${text.slice(i, i + 2)}" is not known`);
    m |= r;
  }
  return m >>> 0;
}

function parseAce(body: string): Ace {
  const f = body.split(';');
  if (f.length < 6) throw new SddlError(`ACE "(${body})" does not have six fields`);
  const flags = new Set<string>();
  const flagText = f[1]!;
  if (flagText.length % 2 !== 0) throw new SddlError(`ACE flags "${flagText}" are not SDDL`);
  for (let i = 0; i < flagText.length; i += 2) flags.add(flagText.slice(i, i + 2).toUpperCase());
  return { type: f[0]!.toUpperCase(), flags, mask: maskOf(f[2]!), sid: sidOf(f[5]!, `ACE "(${body})"`) };
}

/** Parses the owner, group and DACL of an SDDL string (a SACL, if any, is skipped). */
export function parseSddl(sddl: string): SecurityDescriptor {
  const text = sddl.trim();
  const out: SecurityDescriptor = {};
  // Sections start with O:, G:, D: or S: at the top level (never inside parentheses).
  const sections: [string, string][] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && /[OGDS]/.test(c!) && text[i + 1] === ':') {
      if (start >= 0) sections[sections.length - 1]![1] = text.slice(start, i);
      sections.push([c!, '']);
      start = i + 2;
      i++;
    }
  }
  if (start < 0) throw new SddlError(`"${text}" has no O:, G: or D: section`);
  sections[sections.length - 1]![1] = text.slice(start);
  let sawDacl = false;
  for (const [kind, value] of sections) {
    if (kind === 'O') out.owner = sidOf(value, 'owner');
    else if (kind === 'G') out.group = sidOf(value, 'group');
    else if (kind === 'D') {
      sawDacl = true;
      if (value.startsWith('NO_ACCESS_CONTROL')) continue;
      const head = /^([A-Z]*)/.exec(value)![1]!;
      const aces: Ace[] = [];
      const rest = value.slice(head.length);
      const re = /\(([^()]*)\)/g;
      let consumed = 0;
      for (let m = re.exec(rest); m; m = re.exec(rest)) {
        if (m.index !== consumed)
          throw new SddlError(`unexpected text in the DACL: "${rest.slice(consumed)}"`);
        aces.push(parseAce(m[1]!));
        consumed = re.lastIndex;
      }
      if (consumed !== rest.length)
        throw new SddlError(`unexpected text in the DACL: "${rest.slice(consumed)}"`);
      out.dacl = { protected: /P/.test(head.replace(/AI|AR/g, '')), aces };
    }
  }
  if (!sawDacl) throw new SddlError(`"${text}" has no DACL section (D:)`);
  return out;
}

const READ_BITS = 0x1 | 0x8 | 0x80 | 0x80000000 | 0x10000000; // data, EA, attributes, GR, GA
const WRITE_BITS = 0x2 | 0x4 | 0x10 | 0x40 | 0x100 | 0x10000 | 0x40000 | 0x80000 | 0x40000000 | 0x10000000;

/** "full control", "read and write", "read", "change" (permissions or owner only), ... */
export function describeAccess(mask: number): string {
  if ((mask & 0x1f01ff) === 0x1f01ff || mask & 0x10000000) return 'full control';
  const read = (mask & READ_BITS) !== 0;
  const write = (mask & WRITE_BITS) !== 0;
  if (read && write) return 'read and write access';
  if (write) return 'write access';
  if (read) return 'read access';
  return `access (rights 0x${mask.toString(16)})`;
}

/** Rights that let an account add, remove or rename entries of a folder, or change who may. */
export const DIRECTORY_CHANGE_BITS =
  0x2 /* add file */ |
  0x4 /* add subfolder */ |
  0x40 /* delete child */ |
  0x10000 /* delete */ |
  0x40000 /* write DAC */ |
  0x80000 /* write owner */ |
  0x40000000 /* GW */ |
  0x10000000; /* GA */

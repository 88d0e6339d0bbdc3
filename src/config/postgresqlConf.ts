/**
 * An in-place editor of a data directory's configuration (postgresql.conf, the files it
 * includes, and postgresql.auto.conf). It reads the way the server does so `get()` reports the
 * setting the server will apply, and it edits by rewriting single lines so every comment and
 * byte it does not need to touch stays as the administrator left it.
 *
 * The editing itself is pure (text in, text out) and exported for tests; the class only adds
 * reading files, following includes and saving atomically.
 */
import {
  closeSync,
  fchmodSync,
  fchownSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PgClusterError } from '../errors.js';
import { parseConfLine, splitLines, type ConfLine, type Setting } from './confSyntax.js';

// ---------------------------------------------------------------------------------------------
// Values

/**
 * Whether PostgreSQL's configuration scanner reads `value` as one unquoted token: an identifier
 * or unquoted string (letters, digits, _ - . : /) or a number with optional unit letters.
 */
export function isBareValue(value: string): boolean {
  return (
    /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff\-.:/]*$/.test(value) ||
    /^[+-]?(\d+|0[xX][0-9a-fA-F]+)[A-Za-z]*$/.test(value) ||
    /^[+-]?(\d+\.\d*|\.\d+)([eE][+-]?\d+)?[A-Za-z]*$/.test(value)
  );
}

/**
 * Quotes a value for postgresql.conf. Backslashes are doubled as well as quotes, because the
 * server reads backslash escapes inside quoted values (a Windows path would otherwise lose its
 * separators); newlines become \n since a value cannot span lines.
 */
export function quotePgValue(value: string): string {
  const body = value.replace(/\\/g, '\\\\').replace(/'/g, "''").replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  return `'${body}'`;
}

/** The text written after `name = `; an unquoted form is used only when the scanner accepts it. */
export function formatPgValue(value: string, quote: boolean): string {
  return quote || !isBareValue(value) ? quotePgValue(value) : value;
}

// ---------------------------------------------------------------------------------------------
// Pure editing of one file's text

export interface ActiveSetting {
  /** As written in the file (names are case-insensitive; compare with toLowerCase()). */
  name: string;
  value: string;
  quoted: boolean;
  /** 1-based line number. */
  line: number;
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function parseLines(text: string): { raw: string[]; parsed: ConfLine[] } {
  const raw = splitLines(text);
  return { raw, parsed: raw.map(parseConfLine) };
}

/** The active `name = value` lines of a text, in order (include directives included). */
export function activeSettings(text: string): ActiveSetting[] {
  const out: ActiveSetting[] = [];
  parseLines(text).parsed.forEach((l, i) => {
    if (l.kind === 'setting')
      out.push({ name: l.setting.name, value: l.setting.value, quoted: l.setting.quoted, line: i + 1 });
  });
  return out;
}

/** Lines that do not parse, with 1-based line numbers. */
export function syntaxErrors(text: string): { line: number; message: string }[] {
  const out: { line: number; message: string }[] = [];
  parseLines(text).parsed.forEach((l, i) => {
    if (l.kind === 'error') out.push({ line: i + 1, message: l.message });
  });
  return out;
}

function lastIndex<T>(items: T[], pred: (t: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (pred(items[i]!)) return i;
  return -1;
}

/** The line ending a file already uses, so appended lines match it. */
function eolOf(text: string): string {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

/** Rewrites one (active or commented-out) setting line, keeping its indentation and trailing comment. */
function rewriteLine(raw: string, setting: Setting, value: string, quote: boolean | undefined): string {
  const indent = /^\s*/.exec(raw)![0];
  const cr = raw.endsWith('\r') ? '\r' : '';
  const q = quote ?? setting.quoted;
  return `${indent}${setting.name} = ${formatPgValue(value, q)}${setting.trailing}${cr}`;
}

/**
 * Makes `name` take `value` in this one text: rewrites the last active line for it; failing
 * that, turns the last commented-out line (`#name = ...`) into an active one in place; failing
 * that, appends a line. Without `quote` an existing line keeps its quoting style and an appended
 * one is quoted; values the scanner cannot read bare are always quoted.
 */
export function setInText(text: string, name: string, value: string, opts: { quote?: boolean } = {}): string {
  const { raw, parsed } = parseLines(text);
  let i = lastIndex(parsed, (l) => l.kind === 'setting' && sameName(l.setting.name, name));
  if (i < 0)
    i = lastIndex(parsed, (l) => l.kind === 'comment' && !!l.setting && sameName(l.setting.name, name));
  if (i >= 0) {
    const l = parsed[i]!;
    const setting = l.kind === 'setting' ? l.setting : l.kind === 'comment' ? l.setting! : undefined;
    raw[i] = rewriteLine(raw[i]!, setting!, value, opts.quote);
    return raw.join('\n');
  }
  const eol = eolOf(text);
  const line = `${name} = ${formatPgValue(value, opts.quote ?? true)}`;
  if (text === '') return `${line}${eol}`;
  return `${text}${text.endsWith('\n') ? '' : eol}${line}${eol}`;
}

/** Prefixes `#` to the given 1-based lines (only those that are active settings). */
export function commentOutLines(text: string, lines: number[]): string {
  const { raw, parsed } = parseLines(text);
  for (const n of lines) {
    if (parsed[n - 1]?.kind === 'setting') raw[n - 1] = `#${raw[n - 1]!}`;
  }
  return raw.join('\n');
}

/** Comments out every active line for `name`, e.g. `#synchronous_standby_names = 'standby1'`. */
export function commentOutInText(text: string, name: string): string {
  return commentOutLines(
    text,
    activeSettings(text)
      .filter((s) => sameName(s.name, name))
      .map((s) => s.line),
  );
}

/**
 * Re-activates the last commented-out line for `name`. Does nothing when the text already has
 * an active line for it (restoring an older value over a current one would be a surprise).
 */
export function uncommentInText(text: string, name: string): string {
  const { raw, parsed } = parseLines(text);
  if (parsed.some((l) => l.kind === 'setting' && sameName(l.setting.name, name))) return text;
  const i = lastIndex(parsed, (l) => l.kind === 'comment' && !!l.setting && sameName(l.setting.name, name));
  if (i < 0) return text;
  raw[i] = raw[i]!.replace(/^(\s*)#\s*/, '$1');
  return raw.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Reading order (includes), pure over a source of file texts

export interface ConfEntry {
  /** Lower-cased name. */
  name: string;
  value: string;
  quoted: boolean;
  file: string;
  line: number;
}

export interface ConfProblem {
  file: string;
  line?: number;
  message: string;
}

/** Where the walker gets file texts and directory listings (the real file system, or a map in tests). */
export interface ConfSource {
  read(file: string): string | undefined;
  list(dir: string): string[] | undefined;
}

const INCLUDE_NAMES = new Set(['include', 'include_if_exists', 'include_dir']);
/** PostgreSQL refuses configuration nested deeper than this. */
const MAX_DEPTH = 10;

/**
 * Lists every active setting in the order the server applies them: postgresql.conf top to bottom,
 * each include read where it appears (relative to the including file's directory; include_dir
 * takes the directory's *.conf files, skipping dot files, in byte order of their names), then
 * postgresql.auto.conf. Later entries win.
 */
export function walkConf(
  mainFile: string,
  autoFile: string | undefined,
  source: ConfSource,
): { entries: ConfEntry[]; files: string[]; problems: ConfProblem[] } {
  const entries: ConfEntry[] = [];
  const files: string[] = [];
  const problems: ConfProblem[] = [];
  const visit = (file: string, depth: number, from?: { file: string; line: number }) => {
    if (depth > MAX_DEPTH) {
      problems.push({
        file: from?.file ?? file,
        line: from?.line,
        message: `could not open configuration file "${file}": maximum nesting depth exceeded`,
      });
      return;
    }
    const text = source.read(file);
    if (text === undefined) {
      problems.push({ file: from?.file ?? file, line: from?.line, message: `cannot read "${file}"` });
      return;
    }
    if (!files.includes(file)) files.push(file);
    for (const e of syntaxErrors(text)) problems.push({ file, line: e.line, message: e.message });
    for (const s of activeSettings(text)) {
      const name = s.name.toLowerCase();
      if (!INCLUDE_NAMES.has(name)) {
        entries.push({ name, value: s.value, quoted: s.quoted, file, line: s.line });
        continue;
      }
      const target = path.resolve(path.dirname(file), s.value);
      const here = { file, line: s.line };
      if (name === 'include') visit(target, depth + 1, here);
      else if (name === 'include_if_exists') {
        if (source.read(target) !== undefined) visit(target, depth + 1, here);
      } else {
        const names = source.list(target);
        if (names === undefined) {
          problems.push({ file, line: s.line, message: `cannot read directory "${target}"` });
          continue;
        }
        const confs = names
          .filter((n) => n.endsWith('.conf') && !n.startsWith('.'))
          .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        for (const n of confs) visit(path.join(target, n), depth + 1, here);
      }
    }
  };
  visit(mainFile, 0);
  if (autoFile !== undefined && source.read(autoFile) !== undefined) visit(autoFile, 0);
  return { entries, files, problems };
}

// ---------------------------------------------------------------------------------------------
// Synchronous standby names

export interface SyncStandbyNames {
  /** 'plain' is a bare list (the first name is the synchronous one, the rest are candidates). */
  method: 'priority' | 'any' | 'plain';
  /** Number of synchronous standbys; 0 for an empty value. */
  num: number;
  names: string[];
}

type SyncToken =
  | { t: 'name'; v: string; quoted: boolean }
  | { t: 'num'; v: string }
  | { t: 'kw'; v: 'ANY' | 'FIRST' }
  | { t: '(' | ')' | ',' };

function syncInvalid(value: string, why: string): PgClusterError {
  return new PgClusterError('CONFIG_INVALID', `invalid synchronous_standby_names "${value}": ${why}`, {
    hint: "Write a list of standby names such as 'standby1', or FIRST 1 (standby1, standby2) or ANY 1 (standby1, standby2).",
  });
}

function tokenizeSync(value: string): SyncToken[] {
  const out: SyncToken[] = [];
  let i = 0;
  while (i < value.length) {
    const ch = value[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      out.push({ t: ch });
      i++;
    } else if (ch === '*') {
      out.push({ t: 'name', v: '*', quoted: false });
      i++;
    } else if (ch === '"') {
      let v = '';
      i++;
      for (;;) {
        if (i >= value.length) throw syncInvalid(value, 'unterminated quoted name');
        if (value[i] === '"') {
          if (value[i + 1] === '"') {
            v += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += value[i];
        i++;
      }
      out.push({ t: 'name', v, quoted: true });
    } else {
      const m = /^(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*|\d+)/.exec(value.slice(i));
      if (!m) throw syncInvalid(value, `unexpected "${ch}"`);
      const word = m[0];
      i += word.length;
      if (/^\d/.test(word)) out.push({ t: 'num', v: word });
      else if (/^(any|first)$/i.test(word)) out.push({ t: 'kw', v: word.toUpperCase() as 'ANY' | 'FIRST' });
      else out.push({ t: 'name', v: word, quoted: false });
    }
  }
  return out;
}

/** Parses synchronous_standby_names as the server does ('a', 'a, b', FIRST n (...), ANY n (...), n (...), *). */
export function parseSyncStandbyNames(value: string): SyncStandbyNames {
  const toks = tokenizeSync(value);
  if (toks.length === 0) return { method: 'plain', num: 0, names: [] };
  let pos = 0;
  const list = (): string[] => {
    const names: string[] = [];
    for (;;) {
      const t = toks[pos];
      if (t?.t === 'name' || t?.t === 'num') names.push(t.v);
      else throw syncInvalid(value, 'expected a standby name');
      pos++;
      if (toks[pos]?.t !== ',') return names;
      pos++;
    }
  };
  const counted = (method: 'priority' | 'any'): SyncStandbyNames => {
    const n = toks[pos];
    if (n?.t !== 'num') throw syncInvalid(value, 'expected the number of synchronous standbys');
    const num = Number(n.v);
    if (num < 1) throw syncInvalid(value, 'the number of synchronous standbys must be greater than zero');
    pos++;
    if (toks[pos]?.t !== '(') throw syncInvalid(value, 'expected "("');
    pos++;
    const names = list();
    if (toks[pos]?.t !== ')') throw syncInvalid(value, 'expected ")"');
    pos++;
    return { method, num, names };
  };
  let result: SyncStandbyNames;
  const first = toks[0]!;
  if (first.t === 'kw') {
    pos = 1;
    result = counted(first.v === 'ANY' ? 'any' : 'priority');
  } else if (first.t === 'num' && toks[1]?.t === '(') {
    result = counted('priority'); // the 9.6 form "2 (a, b)"
  } else {
    result = { method: 'plain', num: 1, names: list() };
  }
  if (pos !== toks.length) throw syncInvalid(value, 'unexpected text after the list');
  return result;
}

function formatSyncName(name: string): string {
  if (name === '*' || /^\d+$/.test(name)) return name;
  if (/^[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*$/.test(name) && !/^(any|first)$/i.test(name))
    return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/** Writes a value back; an empty list gives '' (no synchronous standby). */
export function formatSyncStandbyNames(s: SyncStandbyNames): string {
  if (s.names.length === 0) return '';
  const list = s.names.map(formatSyncName).join(', ');
  if (s.method === 'plain') return list;
  return `${s.method === 'any' ? 'ANY' : 'FIRST'} ${s.num} (${list})`;
}

/**
 * Drops one standby (names match case-insensitively, as the server matches application_name).
 * The required count is lowered to what remains, so commits never wait for a standby that can no
 * longer exist; an emptied list becomes ''. `*` is not a name and is left alone. Returns the
 * value unchanged when the name is not listed.
 */
export function removeStandbyName(value: string, name: string): string {
  const s = parseSyncStandbyNames(value);
  const names = s.names.filter((n) => !sameName(n, name));
  if (names.length === s.names.length) return value;
  if (names.length === 0) return '';
  return formatSyncStandbyNames({ ...s, num: Math.min(s.num, names.length), names });
}

/** Adds a standby to the list (at the end); unchanged when it is already covered by name or `*`. */
export function addStandbyName(value: string, name: string): string {
  const s = parseSyncStandbyNames(value);
  if (s.names.some((n) => n === '*' || sameName(n, name))) return value;
  if (s.names.length === 0) return formatSyncStandbyNames({ method: 'plain', num: 1, names: [name] });
  return formatSyncStandbyNames({ ...s, names: [...s.names, name] });
}

// ---------------------------------------------------------------------------------------------
// Files

interface FileState {
  original: string;
  text: string;
  /** latin1 when the file is not valid UTF-8, so its bytes are written back exactly as read. */
  encoding: 'utf8' | 'latin1';
}

export interface SetResult {
  changed: boolean;
  /** Explanations of edits made outside postgresql.conf (overriding lines that were commented out). */
  notices: string[];
}

function decode(buf: Buffer): { text: string; encoding: 'utf8' | 'latin1' } {
  const text = buf.toString('utf8');
  if (Buffer.from(text, 'utf8').equals(buf)) return { text, encoding: 'utf8' };
  return { text: buf.toString('latin1'), encoding: 'latin1' };
}

function refuseDirective(name: string): void {
  if (INCLUDE_NAMES.has(name.toLowerCase()))
    throw new PgClusterError('CONFIG_INVALID', `"${name}" is an include directive, not a setting`, {
      hint: 'Edit include lines by hand.',
    });
}

/**
 * Writes `text` to `file` atomically: a temporary file in the same directory with the original's
 * mode (and owner, when running as root, so the instance user can still read it), fsync, rename,
 * then fsync of the directory so the rename itself survives a crash.
 */
export function writeFileAtomic(file: string, data: Buffer): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let created = false;
  try {
    const st = statSync(file);
    const fd = openSync(tmp, 'wx', st.mode & 0o7777);
    created = true;
    try {
      let off = 0;
      while (off < data.length) off += writeSync(fd, data, off, data.length - off);
      if (process.platform !== 'win32') {
        fchmodSync(fd, st.mode & 0o7777); // exact mode, whatever the umask
        if (process.geteuid?.() === 0) fchownSync(fd, st.uid, st.gid);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    if (created) {
      try {
        unlinkSync(tmp);
      } catch {
        // already renamed
      }
    }
    throw new PgClusterError('CONFIG_WRITE_FAILED', `cannot write ${file}: ${(e as Error).message}`, {
      where: file,
      hint: 'Check the permissions of the directory and the free disk space.',
      cause: e,
    });
  }
  if (process.platform !== 'win32') {
    try {
      const dfd = openSync(dir, 'r');
      try {
        fsyncSync(dfd);
      } finally {
        closeSync(dfd);
      }
    } catch {
      // some file systems cannot fsync a directory; the rename is still done
    }
  }
}

export class PostgresqlConf {
  private readonly state = new Map<string, FileState>();
  private readonly dirs = new Map<string, string[] | undefined>();
  private readonly missing = new Set<string>();

  private constructor(
    readonly dataDir: string,
    readonly mainFile: string,
    readonly autoFile: string,
  ) {}

  /**
   * Reads postgresql.conf (or `configFile`, for layouts that keep it outside the data directory),
   * every file it includes, and postgresql.auto.conf when present. Throws CONFIG_INVALID when the
   * main file or a required include cannot be read.
   */
  static load(dataDir: string, opts: { configFile?: string } = {}): PostgresqlConf {
    const main = path.resolve(opts.configFile ?? path.join(dataDir, 'postgresql.conf'));
    const conf = new PostgresqlConf(
      path.resolve(dataDir),
      main,
      path.resolve(dataDir, 'postgresql.auto.conf'),
    );
    if (!existsSync(main))
      throw new PgClusterError('CONFIG_INVALID', `${main} does not exist`, {
        where: main,
        hint: 'Point to a PostgreSQL data directory (the one initdb created).',
      });
    const { problems } = conf.walk();
    const unreadable = problems.find((p) => /^cannot read|nesting depth/.test(p.message));
    if (unreadable)
      throw new PgClusterError('CONFIG_INVALID', unreadable.message, {
        where: unreadable.line ? `${unreadable.file}:${unreadable.line}` : unreadable.file,
        hint: 'Fix or remove the include line; the server would not start with it either.',
      });
    return conf;
  }

  /** Reading source backed by the files as loaded (and edited since). */
  private source(): ConfSource {
    return {
      read: (file) => {
        const s = this.state.get(file);
        if (s) return s.text;
        if (this.missing.has(file)) return undefined;
        try {
          if (!statSync(file).isFile()) throw new Error('not a file');
          const d = decode(readFileSync(file));
          this.state.set(file, { original: d.text, text: d.text, encoding: d.encoding });
          return d.text;
        } catch {
          this.missing.add(file);
          return undefined;
        }
      },
      list: (dir) => {
        if (!this.dirs.has(dir)) {
          try {
            this.dirs.set(
              dir,
              readdirSync(dir, { withFileTypes: true })
                .filter((d) => d.isFile())
                .map((d) => d.name),
            );
          } catch {
            this.dirs.set(dir, undefined);
          }
        }
        return this.dirs.get(dir);
      },
    };
  }

  private walk() {
    return walkConf(this.mainFile, this.autoFile, this.source());
  }

  /** Files read, in the order the server reads them. */
  get files(): string[] {
    return this.walk().files;
  }

  /** Lines that do not parse (the server would refuse them). */
  get problems(): ConfProblem[] {
    return this.walk().problems;
  }

  /** The current (possibly edited, unsaved) text of one of the files read. */
  text(file: string = this.mainFile): string | undefined {
    return this.state.get(path.resolve(file))?.text;
  }

  /** Every active line for `name` (all names when omitted), in the order the server applies them. */
  entries(name?: string): ConfEntry[] {
    const all = this.walk().entries;
    return name === undefined ? all : all.filter((e) => e.name === name.toLowerCase());
  }

  /** The setting the server applies for `name`, or undefined when no file sets it (the built-in default). */
  get(name: string): { value: string; file: string; line: number } | undefined {
    const e = this.entries(name).at(-1);
    return e && { value: e.value, file: e.file, line: e.line };
  }

  private edit(file: string, fn: (text: string) => string): boolean {
    const s = this.state.get(file);
    if (!s) return false;
    const next = fn(s.text);
    if (next === s.text) return false;
    s.text = next;
    return true;
  }

  /**
   * Makes `value` the effective setting by editing postgresql.conf (see setInText). Lines in
   * included files or postgresql.auto.conf that are read later and would override it are
   * commented out, and each is explained in `notices`.
   */
  set(name: string, value: string, opts: { quote?: boolean } = {}): SetResult {
    refuseDirective(name);
    let changed = this.edit(this.mainFile, (t) => setInText(t, name, value, opts));
    const entries = this.entries(name);
    const mine = lastIndex(entries, (e) => e.file === this.mainFile);
    const overriding = entries.slice(mine + 1).filter((e) => e.file !== this.mainFile);
    const notices: string[] = [];
    const byFile = new Map<string, number[]>();
    for (const e of overriding) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e.line]);
    for (const [file, lines] of byFile) {
      if (this.edit(file, (t) => commentOutLines(t, lines))) changed = true;
      const which = lines.length === 1 ? `line ${lines[0]}` : `lines ${lines.join(', ')}`;
      notices.push(
        `${name} was also set in ${file} (${which}), which is read after ${path.basename(this.mainFile)} ` +
          `and would override it; commented out there`,
      );
    }
    return { changed, notices };
  }

  /** Comments out every active line for `name` in every file read; true when anything changed. */
  commentOut(name: string): boolean {
    refuseDirective(name);
    let changed = false;
    for (const file of this.files) if (this.edit(file, (t) => commentOutInText(t, name))) changed = true;
    return changed;
  }

  /**
   * Re-activates the last commented-out line for `name` in postgresql.conf (restoring
   * synchronous_standby_names after a switch); false when there was none, or an active line exists.
   */
  uncomment(name: string): boolean {
    refuseDirective(name);
    return this.edit(this.mainFile, (t) => uncommentInText(t, name));
  }

  /** Files with unsaved edits. */
  changedFiles(): string[] {
    return [...this.state].filter(([, s]) => s.text !== s.original).map(([f]) => f);
  }

  /** Writes the changed files atomically (no-op when nothing changed); returns the files written. */
  save(): string[] {
    const written: string[] = [];
    for (const file of this.changedFiles()) {
      const s = this.state.get(file)!;
      writeFileAtomic(file, Buffer.from(s.text, s.encoding));
      s.original = s.text;
      written.push(file);
    }
    return written;
  }
}

/**
 * The `name = value` line syntax shared by postgresql.conf and the Mirroring Controller's
 * <serverIdentifier>.conf: `#` comments, optional `=`, values either single-quoted (with '' or \'
 * for a quote) or a bare token. Each line is parsed on its own and keeps its raw text, so an
 * editor can rewrite one line and leave every other byte of the file as it was.
 */

export type ConfLine =
  | { kind: 'blank'; raw: string }
  | {
      kind: 'comment';
      raw: string;
      /** A commented-out setting such as `#port = 5432`, if it looks like one. */ setting?: Setting;
    }
  | { kind: 'setting'; raw: string; setting: Setting }
  | { kind: 'error'; raw: string; message: string };

export interface Setting {
  name: string;
  /** The value with quotes removed and escapes resolved. */
  value: string;
  quoted: boolean;
  /** Text after the value (a trailing comment), including leading whitespace; kept on rewrite. */
  trailing: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*/;

/** Parses the part of a line after any leading `#` (for commented settings) or the whole line. */
function parseSetting(text: string): Setting | string {
  let rest = text.replace(/^\s+/, '');
  const name = NAME.exec(rest)?.[0];
  if (!name) return 'expected a parameter name';
  rest = rest.slice(name.length).replace(/^\s+/, '');
  if (rest.startsWith('=')) rest = rest.slice(1).replace(/^\s+/, '');
  let value: string;
  let quoted = false;
  let consumed: number;
  if (rest.startsWith("'")) {
    quoted = true;
    let i = 1;
    let out = '';
    for (;;) {
      if (i >= rest.length) return `unterminated quoted value for "${name}"`;
      const ch = rest[i]!;
      if (ch === "'" && rest[i + 1] === "'") {
        out += "'";
        i += 2;
      } else if (ch === '\\' && i + 1 < rest.length) {
        const next = rest[i + 1]!;
        out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
        i += 2;
      } else if (ch === "'") {
        i += 1;
        break;
      } else {
        out += ch;
        i += 1;
      }
    }
    value = out;
    consumed = i;
  } else {
    const m = /^[^\s#']*/.exec(rest)!;
    value = m[0];
    consumed = value.length;
    if (value === '') return `missing value for "${name}"`;
  }
  const trailing = rest.slice(consumed);
  if (!/^\s*(#.*)?$/.test(trailing))
    return `unexpected text after the value of "${name}": ${trailing.trim()}`;
  return { name, value, quoted, trailing };
}

export function parseConfLine(raw: string): ConfLine {
  const body = raw.replace(/\r$/, '');
  if (/^\s*$/.test(body)) return { kind: 'blank', raw };
  const hash = /^\s*#/.exec(body);
  if (hash) {
    const inner = body.slice(hash[0].length);
    const s = parseSetting(inner);
    // Only treat it as a commented setting when it parses cleanly and has an '='.
    if (typeof s !== 'string' && /^\s*[A-Za-z_][A-Za-z0-9_.-]*\s*=/.test(inner))
      return { kind: 'comment', raw, setting: s };
    return { kind: 'comment', raw };
  }
  const s = parseSetting(body);
  if (typeof s === 'string') return { kind: 'error', raw, message: s };
  return { kind: 'setting', raw, setting: s };
}

/** Splits on \n, keeping a final empty string when the text ends with a newline. */
export function splitLines(text: string): string[] {
  return text.split('\n');
}

export function parseConf(text: string): ConfLine[] {
  return splitLines(text).map(parseConfLine);
}

/** Quotes a value for writing: quotes doubled ('it''s') and backslashes escaped, as the reader resolves both. */
export function quoteConfValue(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** The text of a setting line, e.g. `synchronous_standby_names = 'standby1'`. */
export function formatSetting(name: string, value: string, quote = true, trailing = ''): string {
  return `${name} = ${quote ? quoteConfValue(value) : value}${trailing}`;
}

/**
 * libpq's keyword=value connection strings (primary_conninfo): written by mc_ctl setup, read
 * back by the controller to find the primary a standby streams from. Values are quoted with '
 * when they hold anything but plain characters; inside quotes \ escapes the next character.
 */

export function formatConninfo(params: Record<string, string | number>): string {
  return Object.entries(params)
    .map(
      ([k, v]) =>
        `${k}=${/^[A-Za-z0-9_./:-]+$/.test(String(v)) ? String(v) : `'${String(v).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`}`,
    )
    .join(' ');
}

export class ConninfoError extends Error {}

/** The keywords and values of a keyword=value string, as libpq reads it. */
export function parseConninfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  for (skipSpace(); i < text.length; skipSpace()) {
    const key = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))?.[0];
    if (!key) throw new ConninfoError(`a keyword is expected at "${text.slice(i, i + 20)}"`);
    i += key.length;
    skipSpace();
    if (text[i] !== '=') throw new ConninfoError(`"${key}" is not followed by "="`);
    i++;
    skipSpace();
    let value = '';
    if (text[i] === "'") {
      i++;
      for (;;) {
        if (i >= text.length) throw new ConninfoError(`the value of "${key}" has no closing quote`);
        const c = text[i++]!;
        if (c === "'") break;
        value += c === '\\' && i < text.length ? text[i++]! : c;
      }
    } else {
      while (i < text.length && !/\s/.test(text[i]!)) {
        const c = text[i++]!;
        value += c === '\\' && i < text.length ? text[i++]! : c;
      }
    }
    out[key] = value;
  }
  return out;
}

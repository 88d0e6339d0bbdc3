/**
 * Where mc_ctl takes a password from: `-P -` reads it from standard input, so that it appears on
 * no command line (Security event 4688 and the process list show those) and in no script text;
 * otherwise `-P <password>` as the manual has it, then PGPASSWORD.
 */
import { readFileSync } from 'node:fs';
import { PgClusterError } from '../errors.js';

export interface PasswordSources {
  /** The value of -P, if given. */
  option: string | undefined;
  env: NodeJS.ProcessEnv;
  /** All of standard input (only read for `-P -`). */
  readStdin: () => string;
  stdinIsTerminal: boolean;
}

/** The password, or undefined when none was given; `-P -` without one on stdin is an error. */
export function resolvePassword(s: PasswordSources): string | undefined {
  if (s.option !== '-') return s.option ?? (s.env.PGPASSWORD || undefined);
  if (s.stdinIsTerminal) {
    throw new PgClusterError(
      'PASSWORD_STDIN',
      '-P - reads the password from standard input, which is a terminal',
      {
        where: '-P',
        hint: "pipe it in, e.g. in PowerShell: $pw | mc_ctl ... -P - (or set PGPASSWORD); a password that really is '-' can be given in PGPASSWORD",
      },
    );
  }
  // The first line: what `echo`, Write-Output or a file with a final newline give.
  const password = s.readStdin().split(/\r?\n/)[0] ?? '';
  if (password === '') {
    throw new PgClusterError('PASSWORD_STDIN', '-P - found no password on standard input', {
      where: '-P',
      hint: 'write the password as the first line of standard input',
    });
  }
  return password;
}

/** All of this process's standard input; an empty or closed one is "". */
export function readAllStdin(): string {
  try {
    return readFileSync(0, 'utf8');
  } catch (e) {
    // Windows pipes report their end as EOF; a closed descriptor has nothing to give.
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EOF' || code === 'EBADF') return '';
    throw e;
  }
}

/** resolvePassword on this process's option, environment and standard input. */
export function passwordFrom(
  option: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  return resolvePassword({
    option,
    env,
    readStdin: readAllStdin,
    stdinIsTerminal: process.stdin.isTTY === true,
  });
}

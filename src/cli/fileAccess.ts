/**
 * pgcluster file-access --account <user> --file <path> [--file <path>]... [--json]: each
 * configuration file judged for the instance administrator by the rules mc_ctl applies when it
 * loads it (src/platform/windows/accessChecker.ts). Test-PgConfigFile and Protect-PgConfigFile
 * read this, so the module and the controller never disagree about a file. Windows only: on
 * POSIX, mc_ctl checks the files' mode and owner itself. Exit 0 when every file passes, 1 when not.
 */
import { parseArgs } from 'node:util';
import { PgClusterError } from '../errors.js';
import { fileAccessReport, type FileAccessReport } from '../platform/windows/accessChecker.js';

type Report = (file: string, account: string) => FileAccessReport;

export function fileAccessCommand(
  args: string[],
  out: (t: string) => void,
  report: Report = fileAccessReport,
  platform: NodeJS.Platform = process.platform,
): number {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        account: { type: 'string' },
        file: { type: 'string', multiple: true },
        json: { type: 'boolean' },
      },
    }));
  } catch (e) {
    throw new PgClusterError('USAGE', `file-access: ${(e as Error).message}`, {
      hint: "run 'pgcluster --help' for the commands and options",
    });
  }
  if (!values.account || !values.file?.length)
    throw new PgClusterError('USAGE', 'file-access needs --account <user> and at least one --file <path>', {
      hint: 'for example: pgcluster file-access --account CONTOSO\\symfo --file D:\\mcdir\\network.conf',
    });
  if (platform !== 'win32')
    throw new PgClusterError('WINDOWS_ONLY', 'file-access reads Windows access control lists', {
      hint: 'on Linux, mc_ctl checks the owner and mode of its files each time it reads them',
    });
  const account = values.account;
  const files = values.file.map((f) => report(f, account));
  if (values.json) out(`${JSON.stringify({ ok: true, files }, null, 2)}\n`);
  else
    out(
      files
        .map((f) =>
          f.compliant
            ? `${f.path}: only ${f.account.name || f.account.sid}, SYSTEM and Administrators have access\n`
            : `${f.path}: NOT private to ${f.account.name || f.account.sid}: ${f.problems.join('; ')}\n`,
        )
        .join(''),
    );
  return files.every((f) => f.compliant) ? 0 : 1;
}

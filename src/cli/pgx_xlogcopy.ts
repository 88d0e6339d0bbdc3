/**
 * pgx_xlogcopy <source> <target>: the archive_command (and pgx_rcvall's restore_command) of
 * PgCluster. Exit 0 when the file is at the target (copied now or before), 1 otherwise, with the
 * reason on stderr for the server log.
 *   archive_command = 'node /opt/pgcluster/bin/pgx_xlogcopy.js "%p" "/backup/inst1/archived_xlog/%f"'
 */
import { isPgClusterError } from '../errors.js';
import { copyWalFile } from '../backup/walCopy.js';

export function main(argv: string[], err: (t: string) => void = (t) => process.stderr.write(t)): number {
  if (argv.length !== 2) {
    err(
      'usage: pgx_xlogcopy <source file> <target file>   (archive_command: pgx_xlogcopy "%p" "<backup_destination>/archived_xlog/%f")\n',
    );
    return 2;
  }
  try {
    copyWalFile(argv[0]!, argv[1]!);
    return 0;
  } catch (e) {
    err(`pgx_xlogcopy: ${isPgClusterError(e) ? e.describe() : String(e)}\n`);
    return 1;
  }
}

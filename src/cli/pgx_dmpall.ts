/**
 * pgx_dmpall -D <datadir>: a verified base backup of the running primary into its backup area
 * (pgcluster.backup_destination), keeping the newest two and the WAL they need.
 */
import { parseArgs } from 'node:util';
import { PgClusterError, isPgClusterError } from '../errors.js';
import { dmpall } from '../backup/dmpall.js';
import { VERSION } from '../version.js';

const HELP = `pgx_dmpall — back up a running primary into its backup area

Usage: pgx_dmpall [-D <datadir>] [-M <mcdir>] [--json]
  -D <datadir>   the instance's data directory (default: PGDATA)
  -M <mcdir>     also save the Mirroring Controller management directory's settings and key
The backup goes to pgcluster.backup_destination of postgresql.conf. Connection: the instance's
socket (or 127.0.0.1) and port; PGUSER, PGPASSWORD or a pgpass file as for any PostgreSQL client.
On a standby it exits 1 with ERROR:recovery is in progress (10095).
`;

interface Io {
  out(t: string): void;
  err(t: string): void;
}

export async function main(
  argv: string[],
  io: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) },
): Promise<number> {
  let json = argv.includes('--json');
  try {
    const { values } = (() => {
      try {
        return parseArgs({
          args: argv,
          options: {
            pgdata: { type: 'string', short: 'D' },
            'mc-dir': { type: 'string', short: 'M' },
            json: { type: 'boolean' },
            help: { type: 'boolean' },
            version: { type: 'boolean', short: 'V' },
          },
          strict: true,
          allowPositionals: false,
        });
      } catch (e) {
        throw new PgClusterError('USAGE', (e as Error).message, { hint: "run 'pgx_dmpall --help'" });
      }
    })();
    json = !!values.json;
    if (values.help) return (io.out(HELP), 0);
    if (values.version) return (io.out(`pgx_dmpall (PgCluster) ${VERSION}\n`), 0);
    const dataDir = values.pgdata ?? process.env.PGDATA;
    if (!dataDir)
      throw new PgClusterError('USAGE', 'no data directory: give -D <datadir> or set PGDATA', {
        hint: "run 'pgx_dmpall --help'",
      });
    const r = await dmpall(dataDir, values['mc-dir'] ? { mcDir: values['mc-dir'] } : {});
    if (json) io.out(`${JSON.stringify({ ok: true, ...r }, null, 2)}\n`);
    else {
      for (const w of r.warnings) io.err(`pgx_dmpall: WARNING: ${w}\n`);
      io.out(
        `pgx_dmpall: backup completed: ${r.backup} (${Math.round(r.info.bytes / 1048576)} MB, verified)\n`,
      );
      if (r.info.mcDirFiles?.length)
        io.out(`pgx_dmpall: saved the management directory: ${r.info.mcDirFiles.join(', ')}\n`);
      for (const b of r.removedBackups) io.out(`pgx_dmpall: removed the older backup ${b}\n`);
      if (r.removedWal)
        io.out(`pgx_dmpall: removed ${r.removedWal} archived WAL files no kept backup needs\n`);
    }
    return 0;
  } catch (e) {
    const err = isPgClusterError(e) ? e : new PgClusterError('INTERNAL', (e as Error).message ?? String(e));
    if (json) io.out(`${JSON.stringify({ ok: false, error: err.toJSON() }, null, 2)}\n`);
    // The manual's exact line for a standby, which scripts match.
    else if (err.code === 'RECOVERY_IN_PROGRESS') io.err(`ERROR:${err.message}\n`);
    else io.err(`pgx_dmpall: ERROR: ${err.describe()}\n`);
    return err.code === 'USAGE' ? 2 : 1;
  }
}

/**
 * pgx_rcvall: list the backups (-l) or recover a stopped instance from them — to the latest
 * state, to a time (-e) or to a restore point (-n).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PgClusterError, isPgClusterError } from '../errors.js';
import { formatListing } from '../backup/catalog.js';
import { readInstanceSettings } from '../backup/destination.js';
import { parseTargetTime, rcvall, type RecoveryTarget } from '../backup/rcvall.js';
import { listBackups } from '../backup/store.js';
import { VERSION } from '../version.js';

const HELP = `pgx_rcvall — list backups, or recover an instance from them

Usage:
  pgx_rcvall -l [-B <backupdir> | -D <datadir>]          list: Date, Status, Dir
  pgx_rcvall -B <backupdir> -D <datadir>                 recover to the latest state
  pgx_rcvall -B <backupdir> -D <datadir> -e 'YYYY-MM-DD HH:MM:SS'   to that time
  pgx_rcvall -B <backupdir> -D <datadir> -n <name>       to a restore point (pg_create_restore_point)
  ... --restore-mc-dir <mcdir>   also restore the management directory saved by pgx_dmpall -M
The instance must be stopped. The data directory is replaced only when recovery succeeded.
-B defaults to pgcluster.backup_destination of <datadir>/postgresql.conf; -D to PGDATA.
`;

interface Io {
  out(t: string): void;
  err(t: string): void;
}

function usage(what: string): PgClusterError {
  return new PgClusterError('USAGE', what, { hint: "run 'pgx_rcvall --help'" });
}

export async function main(
  argv: string[],
  io: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) },
): Promise<number> {
  let json = argv.includes('--json');
  try {
    let values;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: {
          pgdata: { type: 'string', short: 'D' },
          backup: { type: 'string', short: 'B' },
          list: { type: 'boolean', short: 'l' },
          'end-time': { type: 'string', short: 'e' },
          name: { type: 'string', short: 'n' },
          'keystore-passphrase': { type: 'boolean' },
          'restore-mc-dir': { type: 'string' },
          json: { type: 'boolean' },
          help: { type: 'boolean' },
          version: { type: 'boolean', short: 'V' },
        },
        strict: true,
        allowPositionals: false,
      }));
    } catch (e) {
      throw usage((e as Error).message);
    }
    json = !!values.json;
    if (values.help) return (io.out(HELP), 0);
    if (values.version) return (io.out(`pgx_rcvall (PgCluster) ${VERSION}\n`), 0);
    if (values['keystore-passphrase'])
      throw new PgClusterError(
        'NOT_SUPPORTED',
        '--keystore-passphrase: transparent data encryption is a feature of the database server, not of PgCluster',
        {
          hint: 'recover without it; an encrypted cluster needs the server that provides the encryption',
        },
      );
    if (values['end-time'] !== undefined && values.name !== undefined)
      throw usage('-e and -n cannot be used together: choose a time or a restore point');
    if (values.list && (values['end-time'] !== undefined || values.name !== undefined))
      throw usage('-l lists backups; it takes no -e or -n');
    if (values.name !== undefined && values.name.trim() === '')
      throw usage('-n needs the name of a restore point');
    const dataDir = values.pgdata ?? process.env.PGDATA;
    const dest =
      values.backup ??
      (dataDir
        ? (() => {
            const d = readInstanceSettings(path.resolve(dataDir)).destination;
            if (!d)
              throw usage(
                `no -B given and ${path.join(dataDir, 'postgresql.conf')} has no pgcluster.backup_destination`,
              );
            return d.dir;
          })()
        : undefined);
    if (!dest) throw usage('give the backup directory with -B (or the data directory with -D)');

    if (values.list) {
      const entries = listBackups(path.resolve(dest));
      if (json)
        io.out(
          `${JSON.stringify({ ok: true, backups: entries.map((e) => ({ ...e, dir: path.join(path.resolve(dest), e.name) })) }, null, 2)}\n`,
        );
      else io.out(formatListing(entries, (n) => path.join(path.resolve(dest), n)));
      return 0;
    }
    if (!dataDir) throw usage('give the data directory to recover with -D (or set PGDATA)');
    const target: RecoveryTarget =
      values['end-time'] !== undefined
        ? { kind: 'time', at: parseTargetTime(values['end-time']), text: values['end-time'].trim() }
        : values.name !== undefined
          ? { kind: 'name', name: values.name }
          : { kind: 'latest' };
    const r = await rcvall({
      dataDir,
      dest,
      target,
      ...(values['restore-mc-dir'] ? { restoreMcDir: values['restore-mc-dir'] } : {}),
    });
    if (json) io.out(`${JSON.stringify({ ok: true, ...r }, null, 2)}\n`);
    else
      io.out(
        `pgx_rcvall: recovery completed: ${r.dataDir} recovered to ${r.target} from ${r.backup}\npgx_rcvall: take a new backup (pgx_dmpall) once the instance runs: recovery to a past point started a new timeline\n`,
      );
    return 0;
  } catch (e) {
    const err = isPgClusterError(e) ? e : new PgClusterError('INTERNAL', (e as Error).message ?? String(e));
    if (json) io.out(`${JSON.stringify({ ok: false, error: err.toJSON() }, null, 2)}\n`);
    // The manual's wording, then the recovery log's last lines, where the cause is.
    else if (err.code === 'RECOVERY_FAILED')
      io.err(`pgx_rcvall: ${err.message}\n${err.where ?? ''}\nHINT: ${err.hint ?? ''}\n`);
    else io.err(`pgx_rcvall: ERROR: ${err.describe()}\n`);
    return err.code === 'USAGE' ? 2 : 1;
  }
}

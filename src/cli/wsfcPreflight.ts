/**
 * pgcluster wsfc-preflight -D <datadir> --cluster <file.json>: the shared-disk failover checks of
 * an instance against its role and nodes. Exit 0 when nothing is an error (warnings are shown),
 * 1 when something must be fixed first.
 */
import { parseArgs } from 'node:util';
import { PgClusterError } from '../errors.js';
import { readClusterFacts, readInstanceFacts } from '../wsfc/facts.js';
import { preflight } from '../wsfc/preflight.js';

export function wsfcPreflightCommand(args: string[], out: (t: string) => void): number {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        pgdata: { type: 'string', short: 'D' },
        cluster: { type: 'string' },
        json: { type: 'boolean' },
      },
    }));
  } catch (e) {
    throw new PgClusterError('USAGE', `wsfc-preflight: ${(e as Error).message}`, {
      hint: "run 'pgcluster --help' for the commands and options",
    });
  }
  if (!values.pgdata || !values.cluster)
    throw new PgClusterError('USAGE', 'wsfc-preflight needs -D <datadir> and --cluster <file.json>', {
      hint: 'the cluster file describes the role, its shared disks and the nodes (docs/wsfc.md)',
    });
  const findings = preflight(readInstanceFacts(values.pgdata), readClusterFacts(values.cluster));
  const errors = findings.filter((f) => f.severity === 'error').length;
  if (values.json) out(`${JSON.stringify({ ok: true, passed: errors === 0, findings }, null, 2)}\n`);
  else if (findings.length === 0) out('wsfc-preflight: every check passed\n');
  else
    out(
      findings
        .map(
          (f) =>
            `${f.severity.toUpperCase()}: [${f.check}] ${f.what}\n  where: ${f.where}\n  fix: ${f.fix}\n`,
        )
        .join('') + `wsfc-preflight: ${errors} error(s), ${findings.length - errors} warning(s)\n`,
    );
  return errors === 0 ? 0 : 1;
}

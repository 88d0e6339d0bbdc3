/**
 * What mc_ctl start checks before anything runs: the manual's 9.x parameter names are translated
 * (with a warning each), and the instance's settings and pg_hba.conf are judged against what a
 * mirrored pair needs. Errors refuse the start; warnings are shown and logged.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PgClusterError } from '../errors.js';
import type { McDirectory } from '../config/mcDirectory.js';
import { PostgresqlConf } from '../config/postgresqlConf.js';
import { loadHbaFile } from '../config/pgHba.js';
import { migrateRecoveryConf, translateLegacySettings } from '../config/legacy.js';
import { checkInstanceSettings, type Finding } from '../config/instanceChecks.js';

function describe(f: Finding): string {
  return `${f.where ? `${f.where}: ` : ''}${f.what} (${f.hint})`;
}

/** Checks this server's instance; returns the warnings, throws one error listing every problem. */
export function preflight(dir: McDirectory, opts: { pgMajor: number; translate: boolean }): string[] {
  const dataDir = dir.local.conf.dbInstance;
  const warnings: string[] = [];
  if (opts.translate) {
    warnings.push(...migrateRecoveryConf(dataDir, PostgresqlConf.load(dataDir), opts.pgMajor));
    const legacy = PostgresqlConf.load(dataDir);
    warnings.push(...translateLegacySettings(legacy, opts.pgMajor));
    legacy.save();
  }
  const conf = PostgresqlConf.load(dataDir);
  const hbaSetting = conf.get('hba_file')?.value;
  const hbaFile = hbaSetting ? path.resolve(dataDir, hbaSetting) : path.join(dataDir, 'pg_hba.conf');
  const findings = checkInstanceSettings(conf, loadHbaFile(hbaFile).entries, {
    detectionWindowMs: dir.local.conf.detectionWindowMs,
    role: existsSync(path.join(dataDir, 'standby.signal')) ? 'standby' : 'primary',
    user: dir.local.conf.dbInstanceUser ?? os.userInfo().username,
    pgMajor: opts.pgMajor,
  });
  warnings.push(...findings.filter((f) => f.severity === 'warning').map(describe));
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    const n = errors.length;
    throw new PgClusterError(
      'INSTANCE_SETTINGS',
      `the instance is not ready for database multiplexing (${n} problem${n > 1 ? 's' : ''}):\n${errors.map((e) => `  ${describe(e)}`).join('\n')}`,
      { where: dataDir, hint: 'fix the settings above, then run mc_ctl start again; nothing was started' },
    );
  }
  return warnings;
}

/**
 * A primary and a synchronous standby built by plain streaming replication, the way an
 * administrator would by hand (pg_basebackup + standby.signal + primary_conninfo).
 * Tests of the product's own `mc_ctl setup` build theirs through mc_ctl instead.
 */
import path from 'node:path';
import { TestInstance, ownedTempDir, writeOwnedFile } from './instance.js';
import { mustRun } from './processes.js';
import { waitFor } from './wait.js';

export interface Pair {
  primary: TestInstance;
  standby: TestInstance;
  standbyName: string;
  stop(): Promise<void>;
}

export interface ReplicationRow {
  application_name: string;
  state: string;
  sync_state: string;
  client_addr: string | null;
}

export async function createSyncPair(opts: { standbyName?: string } = {}): Promise<Pair> {
  const standbyName = opts.standbyName ?? 'standby1';
  const primary = await TestInstance.create('primary');
  primary.appendConf({ synchronous_standby_names: `'${standbyName}'` });
  await primary.start();

  const baseDir = ownedTempDir('standby');
  const dataDir = path.join(baseDir, 'data');
  await mustRun(
    primary.bin.tool('pg_basebackup'),
    [
      '-h',
      '127.0.0.1',
      '-p',
      String(primary.port),
      '-U',
      primary.user,
      '-D',
      dataDir,
      '-X',
      'stream',
      '-c',
      'fast',
      '--no-sync',
    ],
    { env: { PGPASSFILE: primary.passFile } },
  );
  const standby = await TestInstance.adopt('standby', baseDir, dataDir);
  standby.appendConf({
    primary_conninfo: `'host=127.0.0.1 port=${primary.port} user=${primary.user} application_name=${standbyName} passfile=''${standby.passFile}'''`,
  });
  writeOwnedFile(path.join(dataDir, 'standby.signal'), '');
  await standby.start();

  await waitFor('standby to stream in sync', async () => {
    const rows = await replicationRows(primary);
    return rows.some(
      (r) => r.application_name === standbyName && r.state === 'streaming' && r.sync_state === 'sync',
    );
  });

  return {
    primary,
    standby,
    standbyName,
    async stop() {
      for (const i of [standby, primary]) if (await i.isRunning()) await i.stop('fast');
    },
  };
}

export function replicationRows(primary: TestInstance): Promise<ReplicationRow[]> {
  return primary.sql<ReplicationRow>(
    'SELECT application_name, state, sync_state, client_addr::text AS client_addr FROM pg_stat_replication',
  );
}

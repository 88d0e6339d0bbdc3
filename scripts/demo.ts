/**
 * The main job, shown on one machine: a primary and a synchronous standby.
 * (Grows into the full Mirroring Controller demo as mc_ctl lands.)
 */
import { createSyncPair, replicationRows } from '../test/support/pair.js';
import { waitFor } from '../test/support/wait.js';

function step(text: string): void {
  console.log(`\n\u001b[1m--- ${text}\u001b[0m`);
}

const pair = await createSyncPair({ standbyName: 'standby1' });
try {
  step(
    `primary on port ${pair.primary.port}, standby on port ${pair.standby.port} (data in ${pair.primary.baseDir}/..)`,
  );
  step('pg_stat_replication on the primary');
  console.table(await replicationRows(pair.primary));

  step('commit a row on the primary, read it on the standby');
  await pair.primary.sql('CREATE TABLE demo (id int primary key, at timestamptz default now())');
  await pair.primary.sql('INSERT INTO demo (id) VALUES (1)');
  const rows = await waitFor('row on standby', async () => {
    const r = await pair.standby.sql('SELECT * FROM demo').catch(() => []);
    return r.length ? r : undefined;
  });
  console.table(rows);
} finally {
  step('stopping both servers');
  await pair.stop();
}

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSyncPair, replicationRows, type Pair } from '../support/pair.js';
import { waitFor } from '../support/wait.js';

describe('test harness: a real synchronous streaming pair', () => {
  let pair: Pair;
  before(async () => {
    pair = await createSyncPair();
  });
  after(async () => {
    await pair?.stop();
  });

  it('runs the servers as an unprivileged OS user', async () => {
    const [row] = await pair.primary.sql<{ u: string }>('SELECT current_user AS u');
    assert.notEqual(row?.u, 'root');
  });

  it('shows the standby streaming and sync in pg_stat_replication', async () => {
    const rows = await replicationRows(pair.primary);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.application_name, pair.standbyName);
    assert.equal(rows[0]?.state, 'streaming');
    assert.equal(rows[0]?.sync_state, 'sync');
    assert.equal(rows[0]?.client_addr, '127.0.0.1/32');
  });

  it('replicates a committed row to the standby', async () => {
    await pair.primary.sql('CREATE TABLE harness_probe (id int primary key, note text)');
    await pair.primary.sql("INSERT INTO harness_probe VALUES (1, 'committed on primary')");
    const rows = await waitFor('row on standby', async () => {
      const r = await pair.standby
        .sql<{ note: string }>('SELECT note FROM harness_probe WHERE id = 1')
        .catch(() => []);
      return r.length === 1 ? r : undefined;
    });
    assert.equal(rows[0]?.note, 'committed on primary');
    assert.equal(await pair.standby.inRecovery(), true);
    assert.equal(await pair.primary.inRecovery(), false);
  });

  it('makes commits wait for the standby (synchronous), and go on when it answers again', async () => {
    const [wr] = await pair.standby.sql<{ pid: number }>('SELECT pid FROM pg_stat_wal_receiver');
    assert.ok(wr?.pid, 'standby has a walreceiver');
    const c = await pair.primary.connect();
    process.kill(wr.pid, 'SIGSTOP');
    try {
      const commit = c.query('INSERT INTO harness_probe VALUES (2, $1)', ['waited']);
      const early = await Promise.race([
        commit.then(() => 'committed'),
        new Promise((r) => setTimeout(() => r('waiting'), 700)),
      ]);
      assert.equal(early, 'waiting', 'a synchronous commit must wait while the standby cannot confirm it');
      process.kill(wr.pid, 'SIGCONT');
      await commit;
    } finally {
      process.kill(wr.pid, 'SIGCONT');
      await c.end();
    }
  });
});

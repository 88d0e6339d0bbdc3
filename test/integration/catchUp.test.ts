/**
 * A standby that can never catch up, on a real pair: setup gives it a replication slot on the
 * primary; while it is away the primary writes more WAL than replication_slot_max_wal (64 MB
 * here, the smallest allowed), so its controller drops the slot and checkpoints remove the WAL. Started again, the
 * standby must not look merely "not-switchable": status names the cause and the remedy, the
 * standby's log has an ERROR, and mc_ctl setup brings it back. A setup that fails leaves no slot.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { McPair } from '../support/mcPair.js';
import { waitFor } from '../support/wait.js';

const SLOT = 'pgcluster_server2';
const limit = 'replication_slot_max_wal = 64';

describe('a standby that can never catch up', () => {
  let pair: McPair;
  before(async () => {
    pair = await McPair.build({
      primaryConf: { wal_keep_size: '0', min_wal_size: '32MB', max_wal_size: '64MB' },
      serverConf: { server1: [limit], server2: [limit] },
    });
  });
  after(async () => {
    await pair?.teardown();
  });

  const slots = async () =>
    pair.s1.instance.sql<{ slot_name: string; active: boolean }>(
      'SELECT slot_name, active FROM pg_replication_slots ORDER BY slot_name',
    );

  it('setup gave the standby a slot on the primary, in use, and named it in primary_slot_name', async () => {
    assert.deepEqual(await slots(), [{ slot_name: SLOT, active: true }]);
    const conf = readFileSync(path.join(pair.s2.dataDir, 'postgresql.conf'), 'utf8');
    assert.match(conf, new RegExp(`^primary_slot_name = '${SLOT}'`, 'm'));
  });

  it('a failed setup leaves no slot behind on the primary', async () => {
    await pair.must(['stop', ...pair.at('server2')]);
    // The primary waits for 'server2': another standby name is refused after the copy was made.
    const r = await pair.mc(pair.setupArgs('server2', 'server1', ['--standby-name=intruder']));
    assert.notEqual(r.code, 0, r.stdout);
    assert.match(r.stderr, /does not name 'intruder'/);
    assert.deepEqual(
      (await slots()).map((s) => s.slot_name),
      [SLOT],
      'the slot of the failed setup (pgcluster_intruder) was dropped again',
    );
  });

  it('past the limit while the standby is away, the primary drops its slot (WARNING MCA00212)', async () => {
    // Eight segment switches with something in each: 128 MB of WAL the slot would hold.
    for (let i = 0; i < 8; i++) {
      await pair.s1.instance.sql(
        `CREATE TABLE IF NOT EXISTS filler(n int); INSERT INTO filler VALUES (${i})`,
      );
      await pair.s1.instance.sql('SELECT pg_switch_wal()');
    }
    await waitFor('the slot to be dropped', async () => (await slots()).length === 0, { timeoutMs: 20_000 });
    assert.match(
      pair.log('server1'),
      /WARNING: dropped replication slot pgcluster_server2: its standby is away and it held \d+ MB of WAL, more than replication_slot_max_wal \(64 MB in server1\.conf\).*\(MCA00212\)/,
    );
    await pair.s1.instance.sql('CHECKPOINT');
    await pair.s1.instance.sql('SELECT pg_switch_wal()');
    await pair.s1.instance.sql('CHECKPOINT');
  });

  it('started again, it is named as unable to catch up, with the remedy, on both sides', async () => {
    // start -w does not call that a success: it names the cause and exits non-zero.
    const start = await pair.mc(['start', ...pair.at('server2'), '-w']);
    assert.notEqual(start.code, 0, start.stdout);
    assert.match(start.stderr, /standby server2 can never catch up/);
    assert.match(start.stderr, /run mc_ctl setup for server server2/);
    for (const id of ['server2', 'server1']) {
      const text = await waitFor(`status from ${id} to name the cause`, async () => {
        const r = await pair.statusRun(id);
        return /can never catch up/.test(r.stdout) ? r : undefined;
      });
      assert.equal(text.code, 1);
      assert.match(text.stdout, /^not-switchable$/m);
      assert.match(
        text.stdout,
        /standby server2 can never catch up: it needs WAL file [0-9A-F]{24}, but server1 already removed it \(its oldest is [0-9A-F]{24}; wal_keep_size = 0\); rebuild it with mc_ctl setup on server2/,
      );
    }
    await waitFor('the ERROR in the standby log', () =>
      /ERROR: standby server2 can never catch up: .*\(MCA00211\)/.test(pair.log('server2')),
    );
    assert.equal(pair.log('server2').match(/\(MCA00211\)/g)?.length, 1, 'reported once, not every interval');
  });

  it('mc_ctl setup brings it back: switchable, streaming through a new slot, the reason gone', async () => {
    await pair.must(['stop', ...pair.at('server2')]);
    await pair.setup('server2', 'server1');
    await pair.must(['start', ...pair.at('server2'), '-w']);
    await pair.waitMirroring('switchable');
    assert.deepEqual(await slots(), [{ slot_name: SLOT, active: true }]);
    const r = await pair.statusRun('server2');
    assert.equal(r.code, 0, r.stdout);
    assert.doesNotMatch(r.stdout, /catch up/);
  });
});

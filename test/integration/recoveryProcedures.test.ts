/**
 * The manual's recovery from an incorrect user operation on a multiplexed pair (000 §10.5), end to
 * end on real servers under Mirroring Controllers: back up the primary (the standby refuses with
 * 10095), make the mistake after a restore point, stop both servers, recover the primary to the
 * restore point, start it, rebuild the standby, and find the rows back on both.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { McPair } from '../support/mcPair.js';
import { ownedTempDir, writeOwnedFile } from '../support/instance.js';
import { runAsInstanceUser } from '../support/processes.js';
import { waitFor } from '../support/wait.js';

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bin');

describe('recovery from an incorrect user operation on a multiplexed pair (000 §10.5)', () => {
  let pair: McPair;
  let dest: string;
  const tool = (name: string, args: string[], id = 'server1') =>
    runAsInstanceUser(process.execPath, [path.join(BIN, `${name}.js`), ...args], {
      env: {
        PGPASSFILE: pair.side(id).instance.passFile,
        PGUSER: pair.side(id).instance.user,
        PGHOST: '127.0.0.1',
      },
      timeoutMs: 300_000,
    });

  before(async () => {
    // server1's own subdirectory: on a same-host pair each server archives apart.
    dest = path.join(ownedTempDir('backup'), 'server1');
    assert.equal((await runAsInstanceUser('mkdir', ['-m', '700', dest])).code, 0);
    const copy = `'"${process.execPath}" "${path.join(BIN, 'pgx_xlogcopy.js')}" "%p" "${dest}/archived_xlog/%f"'`;
    pair = await McPair.build({
      failover: true,
      primaryConf: { archive_mode: 'on', archive_command: copy, 'pgcluster.backup_destination': `'${dest}'` },
    });
  });
  after(async () => {
    await pair?.teardown();
  });

  it('pgx_dmpall backs up the primary and is refused on the standby with 10095', async () => {
    const p = await tool('pgx_dmpall', ['-D', pair.s1.dataDir, '-M', pair.mcDir]);
    assert.equal(p.code, 0, p.stderr);
    assert.match(
      p.stdout,
      /saved the management directory: mc\.key, network\.conf, server1\.conf, server2\.conf/,
    );
    const s = await tool('pgx_dmpall', ['-D', pair.s2.dataDir], 'server2');
    assert.equal(s.code, 1);
    assert.equal(s.stderr, 'ERROR:recovery is in progress (10095)\n');
  });

  it('the mistake is undone by recovering the primary to a restore point and rebuilding the standby', async () => {
    const db = pair.s1.instance;
    await db.sql('CREATE TABLE orders (id int PRIMARY KEY)');
    await db.sql('INSERT INTO orders SELECT generate_series(1, 300)');
    await db.sql("SELECT pg_create_restore_point('before_batch_20260703')");
    await db.sql('DELETE FROM orders'); // the incorrect operation, replicated to the standby at once
    const [seg] = await db.sql<{ f: string }>('SELECT pg_walfile_name(pg_switch_wal()) AS f');
    await waitFor('the segment to be archived', () => existsSync(path.join(dest, 'archived_xlog', seg!.f)), {
      timeoutMs: 30_000,
    });

    await pair.must(['stop', '-a', ...pair.at('server1')]);
    // The disk holding the management directory suffered too: its settings come back from the backup.
    writeOwnedFile(path.join(pair.mcDir, 'server1.conf'), 'garbage =\n');
    const r = await tool('pgx_rcvall', [
      '-B',
      dest,
      '-D',
      pair.s1.dataDir,
      '-n',
      'before_batch_20260703',
      '--restore-mc-dir',
      pair.mcDir,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(path.join(pair.mcDir, 'server1.conf'), 'utf8'), /^db_instance = /m);

    await pair.must(['start', ...pair.at('server1'), '-w', '-f']);
    await pair.setup('server2', 'server1');
    await pair.must(['start', ...pair.at('server2'), '-w', '-f']);
    await pair.waitMirroring('switchable');

    const count = async (id: string) =>
      Number((await pair.side(id).instance.sql<{ n: string }>('SELECT count(*) AS n FROM orders'))[0]!.n);
    assert.equal(await count('server1'), 300);
    await waitFor('the rebuilt standby to have the rows', async () => (await count('server2')) === 300, {
      timeoutMs: 30_000,
    });
    // And the pair is synchronous again: a commit waits for the standby and is there.
    await pair.s1.instance.sql('INSERT INTO orders VALUES (301)');
    assert.equal(await count('server2'), 301);
  });
});

describe('recovery when all servers stopped (000 §10.4)', () => {
  let pair: McPair;
  let dest: string;
  const tool = (name: string, args: string[]) =>
    runAsInstanceUser(process.execPath, [path.join(BIN, `${name}.js`), ...args], {
      env: { PGPASSFILE: pair.s1.instance.passFile, PGUSER: pair.s1.instance.user, PGHOST: '127.0.0.1' },
      timeoutMs: 300_000,
    });

  before(async () => {
    dest = path.join(ownedTempDir('backup'), 'server1');
    assert.equal((await runAsInstanceUser('mkdir', ['-m', '700', dest])).code, 0);
    const copy = `'"${process.execPath}" "${path.join(BIN, 'pgx_xlogcopy.js')}" "%p" "${dest}/archived_xlog/%f"'`;
    pair = await McPair.build({
      failover: true,
      primaryConf: { archive_mode: 'on', archive_command: copy, 'pgcluster.backup_destination': `'${dest}'` },
    });
  });
  after(async () => {
    await pair?.teardown();
  });

  it('the server with the newest backup is recovered to the latest state, started, and the standby rebuilt', async () => {
    const b = await tool('pgx_dmpall', ['-D', pair.s1.dataDir, '-M', pair.mcDir]);
    assert.equal(b.code, 0, b.stderr);
    const db = pair.s1.instance;
    await db.sql('CREATE TABLE ledger (id int PRIMARY KEY)');
    // Acknowledged by the synchronous standby; the last ones were never archived (no WAL switch).
    for (let i = 1; i <= 50; i++) await db.sql('INSERT INTO ledger VALUES ($1)', [i]);

    // Everything stops (the procedure's step 2), then -l on the server shows its newest backup.
    await pair.must(['stop', '-a', ...pair.at('server1')]);
    const list = await tool('pgx_rcvall', ['-l', '-B', dest]);
    assert.match(list.stdout.split('\n')[1] ?? '', /COMPLETE/);
    const r = await tool('pgx_rcvall', ['-B', dest, '-D', pair.s1.dataDir, '--restore-mc-dir', pair.mcDir]);
    assert.equal(r.code, 0, r.stderr);

    await pair.must(['start', ...pair.at('server1'), '-w', '-f']);
    await pair.setup('server2', 'server1');
    await pair.must(['start', ...pair.at('server2'), '-w', '-f']);
    await pair.waitMirroring('switchable');
    const count = async (id: string) =>
      Number((await pair.side(id).instance.sql<{ n: string }>('SELECT count(*) AS n FROM ledger'))[0]!.n);
    assert.equal(await count('server1'), 50, 'every acknowledged commit is back');
    await waitFor('the rebuilt standby to have them', async () => (await count('server2')) === 50, {
      timeoutMs: 30_000,
    });
  });
});

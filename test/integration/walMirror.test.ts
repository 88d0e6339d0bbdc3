/**
 * pgx_walmirror on a real instance: commits made after the last archived segment survive the loss
 * of the data directory because the mirror received them; pause, resume and status.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestInstance, ownedTempDir } from '../support/instance.js';
import { runAsInstanceUser } from '../support/processes.js';
import { waitFor } from '../support/wait.js';

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bin');

describe('pgx_walmirror', () => {
  let inst: TestInstance;
  let dest: string;
  const tool = (name: string, args: string[]) =>
    runAsInstanceUser(process.execPath, [path.join(BIN, `${name}.js`), ...args], {
      env: { PGPASSFILE: inst.passFile, PGUSER: inst.user, PGHOST: '127.0.0.1' },
      timeoutMs: 300_000,
    });

  before(async () => {
    dest = ownedTempDir('mirror');
    chmodSync(dest, 0o700);
    const copy = `'"${process.execPath}" "${path.join(BIN, 'pgx_xlogcopy.js')}" "%p" "${dest}/archived_xlog/%f"'`;
    inst = await TestInstance.create('wm', {
      conf: { archive_mode: 'on', archive_command: copy, 'pgcluster.backup_destination': `'${dest}'` },
    });
    await inst.start();
    await inst.sql('CREATE TABLE t (id int)');
    const r = await tool('pgx_dmpall', ['-D', inst.dataDir]);
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => {
    await tool('pgx_walmirror', ['stop', '-D', inst.dataDir]).catch(() => undefined);
    await inst?.stop('immediate').catch(() => undefined);
  });

  it('starts, says running, and a second start changes nothing', async () => {
    let r = await tool('pgx_walmirror', ['start', '-D', inst.dataDir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /WAL mirroring started into .*mirrored_xlog/);
    r = await tool('pgx_walmirror', ['start', '-D', inst.dataDir]);
    assert.match(r.stdout, /already running/);
    r = await tool('pgx_walmirror', ['status', '-D', inst.dataDir]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^WAL mirroring: running \(supervisor pid \d+\)/);
  });

  it('pause stops mirroring (status exit 3, logged as the manual says); resume restarts it', async () => {
    let r = await tool('pgx_walmirror', ['pause', '-D', inst.dataDir]);
    assert.equal(r.code, 0, r.stderr);
    r = await tool('pgx_walmirror', ['status', '-D', inst.dataDir]);
    assert.equal(r.code, 3);
    assert.match(r.stdout, /paused/);
    assert.match(
      readFileSync(path.join(dest, 'mirrored_xlog', 'walmirror.log'), 'utf8'),
      /multiplexing of transaction log files has been stopped/,
    );
    r = await tool('pgx_walmirror', ['resume', '-D', inst.dataDir]);
    assert.equal(r.code, 0, r.stderr);
    r = await tool('pgx_walmirror', ['status', '-D', inst.dataDir]);
    assert.equal(r.code, 0);
  });

  it('commits never archived come back after the data directory is lost', async () => {
    await inst.sql('INSERT INTO t SELECT generate_series(1, 500)');
    // Wait until the mirror has flushed everything written so far (no WAL switch: nothing new archived).
    await waitFor(
      'the mirror to catch up',
      async () => {
        const [row] = await inst.sql<{ ok: boolean }>(
          "SELECT coalesce(bool_and(flush_lsn >= pg_current_wal_lsn()), false) AS ok FROM pg_stat_replication WHERE application_name = 'pg_receivewal'",
        );
        return row?.ok === true;
      },
      { timeoutMs: 30_000 },
    );
    await inst.stop('immediate');
    let r = await tool('pgx_walmirror', ['stop', '-D', inst.dataDir]);
    assert.equal(r.code, 0, r.stderr);
    rmSync(inst.dataDir, { recursive: true, force: true });
    r = await tool('pgx_rcvall', ['-B', dest, '-D', inst.dataDir]);
    assert.equal(r.code, 0, r.stderr);
    await inst.start();
    assert.equal(Number((await inst.sql<{ n: string }>('SELECT count(*) AS n FROM t'))[0]!.n), 500);
  });

  it('pause without a running mirror, and an unknown command, are clear errors', async () => {
    let r = await tool('pgx_walmirror', ['pause', '-D', inst.dataDir]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /WAL mirroring is not running[\s\S]*pgx_walmirror start/);
    r = await tool('pgx_walmirror', ['frobnicate', '-D', inst.dataDir]);
    assert.equal(r.code, 2);
    r = await tool('pgx_walmirror', ['status', '-D', inst.dataDir]);
    assert.equal(r.code, 4);
  });
});

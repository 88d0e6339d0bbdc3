/**
 * pgx_dmpall and pgx_rcvall on a real instance with archiving into its backup area, a
 * tablespace, and real destruction: the data directory deleted, rows deleted by mistake, a
 * recovery to a time and to a restore point; every bad input leaves the data directory as it was.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  chmodSync,
  chownSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestInstance, ownedTempDir } from '../support/instance.js';
import { instanceUser } from '../support/osuser.js';
import { runAsInstanceUser } from '../support/processes.js';
import { createSyncPair } from '../support/pair.js';
import { sleep, waitFor } from '../support/wait.js';

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bin');

describe('pgx_dmpall and pgx_rcvall', () => {
  let inst: TestInstance;
  let dest: string;
  let space: string;
  // PGHOST: the harness's pg_hba.conf lets replication in over TCP only.
  const env = () => ({ PGPASSFILE: inst.passFile, PGUSER: inst.user, PGHOST: '127.0.0.1' });
  const tool = (name: string, args: string[]) =>
    runAsInstanceUser(process.execPath, [path.join(BIN, `${name}.js`), ...args], {
      env: env(),
      timeoutMs: 300_000,
    });
  const dmpall = async () => {
    const r = await tool('pgx_dmpall', ['-D', inst.dataDir]);
    assert.equal(r.code, 0, r.stderr);
    return r;
  };
  const count = async (table: string) =>
    Number((await inst.sql<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);
  /** Closes the current WAL segment and waits until the archiver has copied it. */
  const archiveNow = async () => {
    const [row] = await inst.sql<{ f: string }>('SELECT pg_walfile_name(pg_switch_wal()) AS f');
    await waitFor('the segment to be archived', () => existsSync(path.join(dest, 'archived_xlog', row!.f)), {
      timeoutMs: 30_000,
    });
  };

  before(async () => {
    dest = ownedTempDir('backup');
    chmodSync(dest, 0o700);
    space = ownedTempDir('tblspc');
    const copy = `'"${process.execPath}" "${path.join(BIN, 'pgx_xlogcopy.js')}" "%p" "${dest}/archived_xlog/%f"'`;
    inst = await TestInstance.create('bk', {
      conf: { archive_mode: 'on', archive_command: copy, 'pgcluster.backup_destination': `'${dest}'` },
    });
    await inst.start();
    await inst.sql(`CREATE TABLESPACE ts LOCATION '${space}'`);
    await inst.sql('CREATE TABLE kept (id int PRIMARY KEY, note text)');
    await inst.sql('CREATE TABLE spaced (id int) TABLESPACE ts');
    await inst.sql("INSERT INTO kept SELECT g, 'before the backup' FROM generate_series(1, 100) g");
    await inst.sql('INSERT INTO spaced SELECT generate_series(1, 50)');
  });
  after(async () => {
    await inst?.stop('immediate').catch(() => undefined);
  });

  it('takes a verified backup that -l lists as COMPLETE, and archives WAL into archived_xlog', async () => {
    const r = await dmpall();
    assert.match(r.stdout, /pgx_dmpall: backup completed: .*\(\d+ MB, verified\)/);
    const list = await tool('pgx_rcvall', ['-l', '-D', inst.dataDir]);
    assert.equal(list.code, 0, list.stderr);
    const lines = list.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^Date\s+Status\s+Dir$/);
    assert.match(
      lines[1]!,
      new RegExp(
        `^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}  COMPLETE  ${dest}/\\d{4}-\\d{2}-\\d{2}_\\d{2}-\\d{2}-\\d{2}$`,
      ),
    );
    await archiveNow();
    assert.ok(readdirSync(path.join(dest, 'archived_xlog')).some((f) => /^[0-9A-F]{24}$/.test(f)));
  });

  it('recovers a deleted data directory to the latest state, tablespace included', async () => {
    await inst.sql("INSERT INTO kept SELECT g, 'after the backup' FROM generate_series(101, 150) g");
    await inst.sql('INSERT INTO spaced SELECT generate_series(51, 60)');
    await archiveNow();
    await inst.stop('immediate');
    rmSync(inst.dataDir, { recursive: true, force: true });
    rmSync(path.join(space, readdirSync(space)[0]!), { recursive: true, force: true });
    const r = await tool('pgx_rcvall', ['-B', dest, '-D', inst.dataDir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /recovery completed: .* recovered to the latest state/);
    await inst.start();
    assert.equal(await count('kept'), 150);
    assert.equal(await count('spaced'), 60);
  });

  it('recovers to a time: commits before it are there, later ones are not', async () => {
    await dmpall();
    await inst.sql("INSERT INTO kept VALUES (1001, 'before the time')");
    await sleep(1100);
    const [t] = await inst.sql<{ t: string }>("SELECT to_char(now(), 'YYYY-MM-DD HH24:MI:SS') AS t");
    await sleep(1100);
    await inst.sql("INSERT INTO kept VALUES (1002, 'after the time')");
    await archiveNow();
    await inst.stop('fast');
    const r = await tool('pgx_rcvall', ['-B', dest, '-D', inst.dataDir, '-e', t!.t]);
    assert.equal(r.code, 0, r.stderr);
    await inst.start();
    const ids = (await inst.sql<{ id: number }>('SELECT id FROM kept WHERE id > 1000 ORDER BY id')).map(
      (x) => x.id,
    );
    assert.deepEqual(ids, [1001]);
  });

  it('recovers to a restore point made before a mistaken DELETE', async () => {
    await dmpall();
    await inst.sql("SELECT pg_create_restore_point('batch_1')");
    await inst.sql('DELETE FROM kept');
    await archiveNow();
    await inst.stop('fast');
    const r = await tool('pgx_rcvall', ['-B', dest, '-D', inst.dataDir, '-n', 'batch_1']);
    assert.equal(r.code, 0, r.stderr);
    await inst.start();
    assert.equal(await count('kept'), 151);
  });

  it('bad inputs are refused with a clear error and leave the data directory as it was', async () => {
    await inst.sql("INSERT INTO kept VALUES (2001, 'marker')");
    // Running instance.
    let r = await tool('pgx_rcvall', ['-B', dest, '-D', inst.dataDir]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /instance in .* is running \(pid \d+\)[\s\S]*stop it first/);
    await inst.stop('fast');
    // A restore point that does not exist: recovery fails, the log's last lines say why.
    r = await tool('pgx_rcvall', ['-B', dest, '-D', inst.dataDir, '-n', 'no_such_point']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^pgx_rcvall: an error occurred during recovery/);
    assert.match(r.stderr, /recovery ended before configured recovery target was reached/);
    // A time before the oldest backup.
    r = await tool('pgx_rcvall', ['-B', dest, '-D', inst.dataDir, '-e', '2001-01-01 00:00:00']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /2001-01-01 00:00:00 is before the end of the oldest complete backup/);
    // Not a time, both -e and -n, a missing backup directory.
    r = await tool('pgx_rcvall', ['-B', dest, '-D', inst.dataDir, '-e', 'yesterday']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /-e 'yesterday' is not a time[\s\S]*YYYY-MM-DD HH:MM:SS/);
    r = await tool('pgx_rcvall', ['-B', dest, '-D', inst.dataDir, '-e', '2030-01-01 00:00:00', '-n', 'x']);
    assert.equal(r.code, 2);
    r = await tool('pgx_rcvall', ['-B', path.join(dest, 'nope'), '-D', inst.dataDir]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /backup directory .*nope does not exist/);
    // Nothing of this touched the data directory: it starts with the marker row.
    assert.deepEqual(
      readdirSync(path.dirname(inst.dataDir)).filter((n) => /\.rcvall-\d+$/.test(n)),
      [],
      'no half-made copy left beside the data directory',
    );
    await inst.start();
    assert.equal(await count('kept WHERE id = 2001'), 1);
  });

  it('keeps the two newest backups, removes older ones and the WAL only they needed', async () => {
    await dmpall();
    await archiveNow();
    await dmpall();
    await archiveNow();
    const r = await dmpall();
    assert.match(r.stdout, /removed the older backup/);
    const kept = readdirSync(dest)
      .filter((n) => /^\d{4}-/.test(n))
      .sort();
    assert.equal(kept.length, 2);
    const info = JSON.parse(readFileSync(path.join(dest, kept[0]!, 'pgcluster_backup.json'), 'utf8')) as {
      startWalFile: string;
    };
    const segs = readdirSync(path.join(dest, 'archived_xlog')).filter((f) => /^[0-9A-F]{24}$/.test(f));
    assert.ok(
      segs.every((f) => f.slice(8) >= info.startWalFile.slice(8)),
      `no segment before ${info.startWalFile}: ${segs.join(' ')}`,
    );
  });

  it(
    'too little space beside the target data directory is refused before anything is copied',
    { skip: process.getuid?.() === 0 ? false : 'needs root to mount a small tmpfs' },
    async () => {
      const small = ownedTempDir('small');
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0755', 'tmpfs', small]);
      try {
        const u = instanceUser();
        if (u.switched) chownSync(small, u.uid, u.gid);
        const r = await tool('pgx_rcvall', ['-B', dest, '-D', path.join(small, 'data')]);
        assert.equal(r.code, 1);
        assert.match(
          r.stderr,
          /has \d+ MB free; the backup needs about \d+ MB[\s\S]*free space on that disk/,
        );
        assert.deepEqual(readdirSync(small), [], 'nothing was copied there');
      } finally {
        execFileSync('umount', [small]);
      }
    },
  );

  it('an incomplete backup is listed as such and never used', async () => {
    const fake = path.join(dest, '2000-01-01_00-00-00');
    mkdirSync(fake);
    const u = instanceUser();
    if (u.switched) chownSync(fake, u.uid, u.gid);
    writeFileSync(path.join(fake, 'junk'), '');
    const list = await tool('pgx_rcvall', ['-l', '-B', dest]);
    assert.match(list.stdout, /2000-01-01 00:00:00 {2}INCOMPLETE {2}.*2000-01-01_00-00-00$/m);
    rmSync(fake, { recursive: true, force: true });
  });

  it('a data directory that is not one, and an unset backup destination, are named', async () => {
    const r = await tool('pgx_dmpall', ['-D', path.join(dest, 'nowhere')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /is not a PostgreSQL data directory \(no PG_VERSION\)/);
  });
});

describe('pgx_dmpall on a standby', () => {
  it('exits 1 with ERROR:recovery is in progress (10095)', async () => {
    const pair = await createSyncPair();
    try {
      const dest = ownedTempDir('sbackup');
      chmodSync(dest, 0o700);
      pair.standby.appendConf({ 'pgcluster.backup_destination': `'${dest}'` });
      const r = await runAsInstanceUser(
        process.execPath,
        [path.join(BIN, 'pgx_dmpall.js'), '-D', pair.standby.dataDir],
        {
          env: { PGPASSFILE: pair.standby.passFile, PGUSER: pair.standby.user, PGHOST: '127.0.0.1' },
        },
      );
      assert.equal(r.code, 1);
      assert.equal(r.stderr, 'ERROR:recovery is in progress (10095)\n');
    } finally {
      await pair.stop();
    }
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, chownSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PostgresqlConf } from '../../src/config/postgresqlConf.js';
import { migrateRecoveryConf, translateLegacySettings } from '../../src/config/legacy.js';
import { TestInstance, writeOwnedFile } from '../support/instance.js';
import { instanceUser } from '../support/osuser.js';

interface FileSetting {
  sourcefile: string;
  sourceline: number;
  applied: boolean;
  error: string | null;
}

describe('postgresql.conf editor against a real server', () => {
  let inst: TestInstance;
  const SSN = 'synchronous_standby_names';

  before(async () => {
    inst = await TestInstance.create('pgconf');
    await inst.start();
  });
  after(async () => {
    if (inst && (await inst.isRunning())) await inst.stop();
  });

  const reload = async () => {
    await inst.sql('SELECT pg_reload_conf()');
    // the postmaster re-reads on SIGHUP; a new backend sees the result once it has done so
    await new Promise((r) => setTimeout(r, 300));
  };
  const show = async (name: string) =>
    (await inst.sql<{ v: string }>(`SELECT current_setting($1) AS v`, [name]))[0]?.v;
  const fileSettings = (name: string) =>
    inst.sql<FileSetting>(
      'SELECT sourcefile, sourceline, applied, error FROM pg_file_settings WHERE name = $1 ORDER BY seqno',
      [name],
    );
  /** pg_file_settings' applied line must be the one get() reports. */
  const assertAgrees = async (conf: PostgresqlConf, name: string) => {
    const rows = await fileSettings(name);
    assert.ok(
      rows.every((r) => r.error === null),
      `no errors: ${JSON.stringify(rows)}`,
    );
    const applied = rows.filter((r) => r.applied);
    const mine = conf.get(name);
    if (!mine) {
      assert.deepEqual(rows, [], `no file sets ${name}`);
      return;
    }
    assert.equal(applied.length, 1);
    assert.deepEqual(
      { file: applied[0]!.sourcefile, line: applied[0]!.sourceline },
      { file: mine.file, line: mine.line },
    );
  };
  const owner = (f: string) => {
    const s = statSync(f);
    return { uid: s.uid, gid: s.gid, mode: s.mode & 0o777 };
  };

  it('sets synchronous_standby_names so the server applies the line get() reports, keeping the owner', async () => {
    const file = path.join(inst.dataDir, 'postgresql.conf');
    const before = owner(file);
    const conf = PostgresqlConf.load(inst.dataDir);
    assert.equal(conf.set(SSN, 'standby1').changed, true);
    assert.deepEqual(conf.save(), [file]);
    await reload();
    assert.equal(await show(SSN), 'standby1');
    await assertAgrees(PostgresqlConf.load(inst.dataDir), SSN);
    assert.deepEqual(owner(file), before);
    assert.equal(before.uid, instanceUser().uid);
  });

  it('takes over from ALTER SYSTEM (postgresql.auto.conf), commenting out the overriding line', async () => {
    await inst.sql(`ALTER SYSTEM SET ${SSN} = 'from_alter_system'`);
    await reload();
    assert.equal(await show(SSN), 'from_alter_system');
    const conf = PostgresqlConf.load(inst.dataDir);
    assert.equal(conf.get(SSN)?.file, path.join(inst.dataDir, 'postgresql.auto.conf'));
    await assertAgrees(conf, SSN);
    const r = conf.set(SSN, 'ANY 1 (standby2, "standby 3")');
    assert.equal(r.notices.length, 1);
    assert.match(r.notices[0]!, /postgresql\.auto\.conf/);
    const auto = path.join(inst.dataDir, 'postgresql.auto.conf');
    const autoBefore = owner(auto);
    conf.save();
    await reload();
    assert.equal(await show(SSN), 'ANY 1 (standby2, "standby 3")');
    await assertAgrees(PostgresqlConf.load(inst.dataDir), SSN);
    assert.deepEqual(owner(auto), autoBefore);
  });

  it('comments out and uncomments synchronous_standby_names', async () => {
    const conf = PostgresqlConf.load(inst.dataDir);
    assert.equal(conf.commentOut(SSN), true);
    conf.save();
    await reload();
    assert.equal(await show(SSN), '');
    await assertAgrees(PostgresqlConf.load(inst.dataDir), SSN);

    const back = PostgresqlConf.load(inst.dataDir);
    assert.equal(back.uncomment(SSN), true);
    back.save();
    await reload();
    assert.equal(await show(SSN), 'ANY 1 (standby2, "standby 3")');
    await assertAgrees(PostgresqlConf.load(inst.dataDir), SSN);
  });

  it('reads include_dir files where the server does, and overrides them when setting', async () => {
    const u = instanceUser();
    const dir = path.join(inst.dataDir, 'conf.d');
    mkdirSync(dir, { mode: 0o700 });
    if (u.switched) chownSync(dir, u.uid, u.gid);
    writeOwnedFile(path.join(dir, '50-app.conf'), "# app tuning\nwork_mem = '8MB'\n");
    appendFileSync(path.join(inst.dataDir, 'postgresql.conf'), "include_dir 'conf.d'\n");
    await reload();
    assert.equal(await show('work_mem'), '8MB');
    const conf = PostgresqlConf.load(inst.dataDir);
    assert.equal(conf.get('work_mem')?.file, path.join(dir, '50-app.conf'));
    await assertAgrees(conf, 'work_mem');

    const r = conf.set('work_mem', '16MB');
    assert.match(r.notices[0] ?? '', /50-app\.conf/);
    conf.save();
    await reload();
    assert.equal(await show('work_mem'), '16MB');
    const after = PostgresqlConf.load(inst.dataDir);
    assert.equal(after.get('work_mem')?.file, path.join(inst.dataDir, 'postgresql.conf'));
    await assertAgrees(after, 'work_mem');
    assert.equal(statSync(path.join(dir, '50-app.conf')).uid, u.uid);
  });

  it('migrates a 9.x configuration and recovery.conf so the server starts (as a standby)', async () => {
    await inst.stop();
    // the harness sets wal_keep_size itself; without it the translated value is the one that counts
    const pre = PostgresqlConf.load(inst.dataDir);
    pre.commentOut('wal_keep_size');
    pre.commentOut('max_wal_size'); // initdb writes one; the translation would keep it
    pre.save();
    appendFileSync(
      path.join(inst.dataDir, 'postgresql.conf'),
      '\n# from the 9.x manual\nwal_level = hot_standby\nwal_keep_segments = 32\ncheckpoint_segments = 4\n',
    );
    writeOwnedFile(
      path.join(inst.dataDir, 'recovery.conf'),
      [
        'standby_mode = on',
        `primary_conninfo = 'host=127.0.0.1 port=1 user=${inst.user} application_name=standby1'`,
        "recovery_target_timeline = 'latest'",
        '',
      ].join('\n'),
    );
    await assert.rejects(inst.start(), 'the server refuses the 9.x configuration');

    const conf = PostgresqlConf.load(inst.dataDir);
    const warnings = translateLegacySettings(conf, inst.bin.major);
    assert.ok(warnings.some((w) => w.includes('wal_keep_size')));
    conf.save();
    const moved = migrateRecoveryConf(inst.dataDir, conf, inst.bin.major);
    assert.ok(moved.some((w) => w.includes('standby.signal')));
    assert.deepEqual(
      migrateRecoveryConf(inst.dataDir, PostgresqlConf.load(inst.dataDir), inst.bin.major),
      [],
    );

    const u = instanceUser();
    for (const f of ['postgresql.conf', 'standby.signal', 'recovery.conf.migrated'])
      assert.equal(statSync(path.join(inst.dataDir, f)).uid, u.uid, f);

    await inst.start();
    await inst.waitReady();
    assert.equal(await inst.inRecovery(), true);
    assert.equal(await show('wal_level'), 'replica');
    assert.equal(await show('wal_keep_size'), '512MB');
    assert.equal(await show('max_wal_size'), '192MB');
    assert.match((await show('primary_conninfo')) ?? '', /application_name=standby1/);
    const errors = await inst.sql<{ name: string }>(
      'SELECT name FROM pg_file_settings WHERE error IS NOT NULL',
    );
    assert.deepEqual(errors, []);
    const fresh = PostgresqlConf.load(inst.dataDir);
    for (const name of ['wal_level', 'wal_keep_size', 'primary_conninfo', SSN])
      await assertAgrees(fresh, name);
  });
});

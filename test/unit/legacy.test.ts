import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PostgresqlConf } from '../../src/config/postgresqlConf.js';
import { migrateRecoveryConf, redactConninfo, translateLegacySettings } from '../../src/config/legacy.js';
import { PgClusterError } from '../../src/errors.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dataDir(files: Record<string, string>): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'pgconf-legacy-'));
  dirs.push(d);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(d, name), text, { mode: 0o600 });
  return d;
}
const read = (d: string, f: string) => readFileSync(path.join(d, f), 'utf8');

/** The lines of the PostgreSQL 13+ sample the translations land on. */
const MODERN_SAMPLE = [
  '#wal_level = replica\t\t\t# minimal, replica, or logical',
  '#max_wal_size = 1GB',
  '#wal_keep_size = 0\t\t# in megabytes; 0 disables',
  '#wal_sender_timeout = 60s\t# in milliseconds; 0 disables',
  "#primary_conninfo = ''\t\t\t# connection string to sending server",
  "#recovery_target_timeline = 'latest'\t# 'current', 'latest', or timeline ID",
  '',
].join('\n');

describe('translateLegacySettings', () => {
  it("turns wal_keep_segments into wal_keep_size on the sample's own line, with a warning naming it", () => {
    const d = dataDir({
      'postgresql.conf': `${MODERN_SAMPLE}wal_keep_segments = 32\t# in logfile segments\n`,
    });
    const conf = PostgresqlConf.load(d);
    const warnings = translateLegacySettings(conf, 15);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /postgresql\.conf:7: wal_keep_segments = '32'.*wal_keep_size = '512MB'/);
    conf.save();
    const text = read(d, 'postgresql.conf');
    assert.match(text, /^wal_keep_size = '512MB'\t\t# in megabytes; 0 disables$/m);
    assert.match(text, /^#wal_keep_segments = 32\t# in logfile segments$/m);
    assert.deepEqual(translateLegacySettings(PostgresqlConf.load(d), 15), [], 'nothing left to do');
  });

  it('leaves wal_keep_segments alone before PostgreSQL 13', () => {
    const conf = PostgresqlConf.load(dataDir({ 'postgresql.conf': 'wal_keep_segments = 32\n' }));
    assert.deepEqual(translateLegacySettings(conf, 12), []);
    assert.equal(conf.get('wal_keep_segments')?.value, '32');
  });

  it('maps replication_timeout to wal_sender_timeout with the same value', () => {
    const d = dataDir({ 'postgresql.conf': `${MODERN_SAMPLE}replication_timeout = 3600\n` });
    const conf = PostgresqlConf.load(d);
    const [w] = translateLegacySettings(conf, 13);
    assert.match(w!, /wal_sender_timeout = '3600'.*milliseconds/);
    assert.deepEqual(conf.get('wal_sender_timeout'), {
      value: '3600',
      file: path.join(d, 'postgresql.conf'),
      line: 4,
    });
    assert.equal(conf.get('replication_timeout'), undefined);
    const conf2 = PostgresqlConf.load(dataDir({ 'postgresql.conf': "replication_timeout = '5s'\n" }));
    translateLegacySettings(conf2, 13);
    assert.equal(conf2.get('wal_sender_timeout')?.value, '5s');
  });

  it('maps checkpoint_segments by the 9.5 release-notes formula (3 x N x 16MB)', () => {
    const conf = PostgresqlConf.load(
      dataDir({ 'postgresql.conf': `${MODERN_SAMPLE}checkpoint_segments = 8\n` }),
    );
    const [w] = translateLegacySettings(conf, 13);
    assert.match(w!, /max_wal_size = '384MB'/);
    assert.equal(conf.get('max_wal_size')?.value, '384MB');
    assert.equal(conf.get('checkpoint_segments'), undefined);
  });

  it('rewrites the 9.x wal_level names to replica', () => {
    for (const old of ['hot_standby', 'archive']) {
      const conf = PostgresqlConf.load(dataDir({ 'postgresql.conf': `wal_level = ${old}  # for MC\n` }));
      const [w] = translateLegacySettings(conf, 13);
      assert.match(w!, /wal_level = 'replica'/);
      assert.equal(conf.text(), 'wal_level = replica  # for MC\n');
    }
    const conf = PostgresqlConf.load(dataDir({ 'postgresql.conf': 'wal_level = logical\n' }));
    assert.deepEqual(translateLegacySettings(conf, 13), []);
  });

  it('drops vacuum_defer_cleanup_age on 16+, and only warns before', () => {
    const c16 = PostgresqlConf.load(dataDir({ 'postgresql.conf': 'vacuum_defer_cleanup_age = 1000\n' }));
    const [w16] = translateLegacySettings(c16, 16);
    assert.match(w16!, /removed in PostgreSQL 16.*hot_standby_feedback/);
    assert.equal(c16.text(), '#vacuum_defer_cleanup_age = 1000\n');
    const c15 = PostgresqlConf.load(dataDir({ 'postgresql.conf': 'vacuum_defer_cleanup_age = 1000\n' }));
    const [w15] = translateLegacySettings(c15, 15);
    assert.match(w15!, /hot_standby_feedback/);
    assert.equal(c15.get('vacuum_defer_cleanup_age')?.value, '1000');
  });

  it('drops promote_trigger_file on 16+', () => {
    const conf = PostgresqlConf.load(dataDir({ 'postgresql.conf': "promote_trigger_file = '/tmp/t'\n" }));
    assert.deepEqual(translateLegacySettings(conf, 15), []);
    const [w] = translateLegacySettings(conf, 16);
    assert.match(w!, /pg_promote/);
    assert.equal(conf.get('promote_trigger_file'), undefined);
  });

  it('keeps a modern setting that is already there and only comments the old one out', () => {
    const conf = PostgresqlConf.load(
      dataDir({ 'postgresql.conf': "wal_keep_segments = 32\nwal_keep_size = '1GB'\n" }),
    );
    const [w] = translateLegacySettings(conf, 13);
    assert.match(w!, /kept wal_keep_size = '1GB'/);
    assert.equal(conf.text(), "#wal_keep_segments = 32\nwal_keep_size = '1GB'\n");
  });

  it('finds old names in included files and postgresql.auto.conf too', () => {
    const d = dataDir({
      'postgresql.conf': "include 'repl.conf'\n",
      'repl.conf': 'wal_keep_segments = 4\n',
      'postgresql.auto.conf': "checkpoint_segments = '2'\n",
    });
    const conf = PostgresqlConf.load(d);
    assert.equal(translateLegacySettings(conf, 14).length, 2);
    conf.save();
    assert.equal(read(d, 'repl.conf'), '#wal_keep_segments = 4\n');
    assert.equal(read(d, 'postgresql.auto.conf'), "#checkpoint_segments = '2'\n");
    assert.match(read(d, 'postgresql.conf'), /max_wal_size = '96MB'\nwal_keep_size = '64MB'\n$/);
  });

  it('refuses a value it cannot convert, saying where', () => {
    const d = dataDir({ 'postgresql.conf': 'wal_keep_segments = lots\n' });
    assert.throws(
      () => translateLegacySettings(PostgresqlConf.load(d), 13),
      (e: unknown) =>
        e instanceof PgClusterError &&
        e.code === 'CONFIG_INVALID' &&
        e.where === `${path.join(d, 'postgresql.conf')}:1`,
    );
  });
});

const RECOVERY = [
  '# written for 9.x',
  "standby_mode = 'on'",
  "primary_conninfo = 'host=10.0.0.1 port=5432 user=symfo password=s3cret application_name=standby1'",
  "restore_command = 'cp /backup/archived_xlog/%f %p'",
  "trigger_file = '/tmp/promote.me'",
  'recovery_target_timeline = latest',
  "unknown_thing = 'x'",
  '',
].join('\n');

describe('migrateRecoveryConf', () => {
  it('does nothing without recovery.conf, or before PostgreSQL 12', () => {
    const d = dataDir({ 'postgresql.conf': '' });
    assert.deepEqual(migrateRecoveryConf(d, PostgresqlConf.load(d), 15), []);
    writeFileSync(path.join(d, 'recovery.conf'), RECOVERY);
    assert.deepEqual(migrateRecoveryConf(d, PostgresqlConf.load(d), 11), []);
    assert.ok(existsSync(path.join(d, 'recovery.conf')));
  });

  it('moves the settings into postgresql.conf, creates standby.signal and renames the file', () => {
    const d = dataDir({ 'postgresql.conf': MODERN_SAMPLE, 'recovery.conf': RECOVERY });
    const conf = PostgresqlConf.load(d);
    const warnings = migrateRecoveryConf(d, conf, 15);
    const all = warnings.join('\n');
    assert.doesNotMatch(all, /s3cret/, 'passwords never appear in warnings');
    assert.match(all, /password=\*{8}/);
    assert.match(all, /standby\.signal/);
    assert.match(all, /promote_trigger_file/);
    assert.match(all, /unknown_thing.*not moved/);
    assert.match(all, /renamed recovery\.conf\.migrated/);

    const fresh = PostgresqlConf.load(d);
    assert.equal(
      fresh.get('primary_conninfo')?.value,
      'host=10.0.0.1 port=5432 user=symfo password=s3cret application_name=standby1',
    );
    assert.equal(fresh.get('primary_conninfo')?.line, 5, 'on the sample line');
    assert.equal(fresh.get('restore_command')?.value, 'cp /backup/archived_xlog/%f %p');
    assert.equal(fresh.get('promote_trigger_file')?.value, '/tmp/promote.me');
    assert.match(read(d, 'postgresql.conf'), /^recovery_target_timeline = 'latest'\t# 'current'/m);
    assert.equal(fresh.get('unknown_thing'), undefined);
    assert.equal(statSync(path.join(d, 'standby.signal')).size, 0);
    assert.equal(statSync(path.join(d, 'standby.signal')).mode & 0o777, 0o600);
    assert.equal(existsSync(path.join(d, 'recovery.conf')), false);
    assert.equal(read(d, 'recovery.conf.migrated'), RECOVERY);
    assert.equal(existsSync(path.join(d, 'recovery.signal')), false);
  });

  it('is idempotent, also when an earlier run stopped before the rename', () => {
    const d = dataDir({ 'postgresql.conf': MODERN_SAMPLE, 'recovery.conf': RECOVERY });
    migrateRecoveryConf(d, PostgresqlConf.load(d), 15);
    const after = read(d, 'postgresql.conf');
    const listing = readdirSync(d).sort();
    assert.deepEqual(migrateRecoveryConf(d, PostgresqlConf.load(d), 15), []);
    assert.equal(read(d, 'postgresql.conf'), after);
    // as if the first run had died after saving postgresql.conf
    writeFileSync(path.join(d, 'recovery.conf'), RECOVERY);
    const again = migrateRecoveryConf(d, PostgresqlConf.load(d), 15);
    assert.ok(again.length > 0);
    assert.doesNotMatch(again.join('\n'), /replacing/, 'values already there are not "replaced"');
    assert.equal(read(d, 'postgresql.conf'), after);
    assert.ok(existsSync(path.join(d, 'recovery.conf.migrated.2')));
    assert.deepEqual(readdirSync(d).sort(), [...listing, 'recovery.conf.migrated.2'].sort());
  });

  it('drops trigger_file on PostgreSQL 16 with a warning', () => {
    const d = dataDir({ 'postgresql.conf': '', 'recovery.conf': RECOVERY });
    const warnings = migrateRecoveryConf(d, PostgresqlConf.load(d), 16);
    assert.match(warnings.join('\n'), /trigger_file dropped.*pg_ctl promote/);
    const conf = PostgresqlConf.load(d);
    assert.equal(conf.get('promote_trigger_file'), undefined);
    assert.equal(conf.get('trigger_file'), undefined);
  });

  it('creates recovery.signal when standby_mode is not on (archive recovery)', () => {
    const d = dataDir({
      'postgresql.conf': '',
      'recovery.conf': "restore_command = 'cp /a/%f %p'\nrecovery_target_name = 'before_batch'\n",
    });
    const warnings = migrateRecoveryConf(d, PostgresqlConf.load(d), 14);
    assert.match(warnings.join('\n'), /recovery\.signal/);
    assert.ok(existsSync(path.join(d, 'recovery.signal')));
    assert.equal(existsSync(path.join(d, 'standby.signal')), false);
    assert.equal(PostgresqlConf.load(d).get('recovery_target_name')?.value, 'before_batch');
  });

  it('keeps only the last recovery target and maps pause_at_recovery_target', () => {
    const d = dataDir({
      'postgresql.conf': '',
      'recovery.conf':
        "recovery_target_xid = '1234'\nrecovery_target_time = '2013-07-03 10:00:00'\npause_at_recovery_target = false\nstandby_mode = off\n",
    });
    const warnings = migrateRecoveryConf(d, PostgresqlConf.load(d), 13);
    assert.match(warnings.join('\n'), /recovery_target_xid dropped/);
    const conf = PostgresqlConf.load(d);
    assert.equal(conf.get('recovery_target_xid'), undefined);
    assert.equal(conf.get('recovery_target_time')?.value, '2013-07-03 10:00:00');
    assert.equal(conf.get('recovery_target_action')?.value, 'promote');
  });

  it('replaces a different value already in postgresql.conf and says so', () => {
    const d = dataDir({
      'postgresql.conf': "primary_conninfo = 'host=old'\n",
      'recovery.conf': "standby_mode = on\nprimary_conninfo = 'host=new'\n",
    });
    const warnings = migrateRecoveryConf(d, PostgresqlConf.load(d), 13);
    assert.match(warnings.join('\n'), /replacing 'host=old'/);
    assert.equal(read(d, 'postgresql.conf'), "primary_conninfo = 'host=new'\n");
  });

  it('refuses a broken recovery.conf and changes nothing', () => {
    const d = dataDir({
      'postgresql.conf': 'port = 1\n',
      'recovery.conf': "standby_mode = on\nprimary_conninfo = 'open\n",
    });
    assert.throws(
      () => migrateRecoveryConf(d, PostgresqlConf.load(d), 15),
      (e: unknown) => e instanceof PgClusterError && e.where === `${path.join(d, 'recovery.conf')}:2`,
    );
    const d2 = dataDir({
      'postgresql.conf': 'port = 1\n',
      'recovery.conf': "primary_conninfo = 'x'\nstandby_mode = maybe\n",
    });
    assert.throws(() => migrateRecoveryConf(d2, PostgresqlConf.load(d2), 15), PgClusterError);
    for (const dir of [d, d2]) {
      assert.deepEqual(readdirSync(dir).sort(), ['postgresql.conf', 'recovery.conf']);
      assert.equal(read(dir, 'postgresql.conf'), 'port = 1\n');
    }
  });

  it('redacts passwords in conninfo strings', () => {
    assert.equal(redactConninfo('host=a password=x user=b'), 'host=a password=******** user=b');
    assert.equal(redactConninfo("password = 'a b' host=c"), 'password = ******** host=c');
  });
});

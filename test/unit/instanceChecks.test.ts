import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PostgresqlConf } from '../../src/config/postgresqlConf.js';
import { parseHba } from '../../src/config/pgHba.js';
import {
  checkInstanceSettings,
  type Finding,
  type InstanceCheckOptions,
} from '../../src/config/instanceChecks.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function confOf(text: string, auto?: string): PostgresqlConf {
  const d = mkdtempSync(path.join(os.tmpdir(), 'pgconf-checks-'));
  dirs.push(d);
  writeFileSync(path.join(d, 'postgresql.conf'), text);
  if (auto !== undefined) writeFileSync(path.join(d, 'postgresql.auto.conf'), auto);
  return PostgresqlConf.load(d);
}

const GOOD_CONF = [
  'wal_level = replica',
  'max_wal_senders = 2',
  'hot_standby = on',
  'archive_mode = on',
  'wal_sender_timeout = 3600ms',
  'wal_receiver_status_interval = 1s',
  '',
].join('\n');
const GOOD_HBA = parseHba(
  [
    'host replication symfo 192.168.1.2/32 scram-sha-256',
    'host replication symfo 192.168.1.1/32 scram-sha-256',
    'host postgres symfo 127.0.0.1/32 scram-sha-256',
  ].join('\n'),
  '/d/pg_hba.conf',
).entries;
const OPTS: InstanceCheckOptions = { detectionWindowMs: 3600, role: 'primary', user: 'symfo', pgMajor: 15 };

const only = (fs: Finding[], parameter: string) => fs.filter((f) => f.parameter === parameter);

describe('checkInstanceSettings', () => {
  it('finds nothing wrong with the manual settings aligned to the detection window', () => {
    assert.deepEqual(checkInstanceSettings(confOf(GOOD_CONF), GOOD_HBA, OPTS), []);
  });

  it("judges absent settings by PostgreSQL's defaults", () => {
    const fs = checkInstanceSettings(confOf(''), GOOD_HBA, OPTS);
    assert.deepEqual(
      fs.map((f) => [f.severity, f.parameter]),
      [
        ['warning', 'archive_mode'],
        ['warning', 'wal_sender_timeout'],
      ],
    );
    const t = only(fs, 'wal_sender_timeout')[0]!;
    assert.match(t.what, /60000 ms/);
    assert.match(t.what, /3600 ms/);
    assert.match(t.what, /\(heartbeat_interval \+ heartbeat_timeout\) x heartbeat_retry/);
    assert.match(t.what, /default 60s/);
  });

  it('requires wal_level replica or logical (the 9.x aliases mean replica)', () => {
    const bad = checkInstanceSettings(confOf(GOOD_CONF + 'wal_level = minimal\n'), GOOD_HBA, OPTS);
    const [f] = only(bad, 'wal_level');
    assert.equal(f?.severity, 'error');
    assert.match(f?.where ?? '', /postgresql\.conf:7$/);
    for (const v of ['logical', 'hot_standby', 'archive'])
      assert.deepEqual(
        only(checkInstanceSettings(confOf(`${GOOD_CONF}wal_level = ${v}\n`), GOOD_HBA, OPTS), 'wal_level'),
        [],
      );
  });

  it('requires at least two WAL senders', () => {
    const fs = checkInstanceSettings(confOf(`${GOOD_CONF}max_wal_senders = 1\n`), GOOD_HBA, OPTS);
    assert.equal(only(fs, 'max_wal_senders')[0]?.severity, 'error');
    const unreadable = checkInstanceSettings(confOf(`${GOOD_CONF}max_wal_senders = many\n`), GOOD_HBA, OPTS);
    assert.equal(only(unreadable, 'max_wal_senders')[0]?.severity, 'error');
  });

  it('warns when hot_standby or archive_mode is off; archive_mode = always is fine', () => {
    const fs = checkInstanceSettings(
      confOf(`${GOOD_CONF}hot_standby = off\narchive_mode = off\n`),
      GOOD_HBA,
      OPTS,
    );
    assert.equal(only(fs, 'hot_standby')[0]?.severity, 'warning');
    assert.equal(only(fs, 'archive_mode')[0]?.severity, 'warning');
    assert.deepEqual(
      checkInstanceSettings(confOf(`${GOOD_CONF}archive_mode = always\n`), GOOD_HBA, OPTS),
      [],
    );
  });

  it('compares wal_sender_timeout with the detection window in any unit, wherever it is set', () => {
    assert.deepEqual(
      checkInstanceSettings(confOf(GOOD_CONF, "wal_sender_timeout = '3.6s'\n"), GOOD_HBA, OPTS),
      [],
    );
    const fs = checkInstanceSettings(confOf(GOOD_CONF, "wal_sender_timeout = '5s'\n"), GOOD_HBA, OPTS);
    const [f] = only(fs, 'wal_sender_timeout');
    assert.equal(f?.severity, 'warning');
    assert.match(f?.where ?? '', /postgresql\.auto\.conf:1$/);
    assert.match(f?.what ?? '', /5000 ms.*3600 ms/);
    assert.match(f?.hint ?? '', /3600ms/);
  });

  it('warns when wal_receiver_status_interval is not below wal_sender_timeout', () => {
    const fs = checkInstanceSettings(confOf(`${GOOD_CONF}wal_receiver_status_interval = 4\n`), GOOD_HBA, {
      ...OPTS,
      role: 'standby',
    });
    const [f] = only(fs, 'wal_receiver_status_interval');
    assert.equal(f?.severity, 'warning');
    assert.match(f?.what ?? '', /4000 ms.*3600 ms/);
    // a disabled sender timeout (0) has nothing to compare with
    const off = checkInstanceSettings(confOf(`${GOOD_CONF}wal_sender_timeout = 0\n`), GOOD_HBA, OPTS);
    assert.deepEqual(only(off, 'wal_receiver_status_interval'), []);
  });

  it('reports each trust replication line by file and line', () => {
    const hba = parseHba(
      [
        'host replication symfo 192.168.1.2/32 trust',
        'host postgres symfo 127.0.0.1/32 scram-sha-256',
        'local replication all trust',
      ].join('\n'),
      '/d/pg_hba.conf',
    ).entries;
    const fs = only(checkInstanceSettings(confOf(GOOD_CONF), hba, OPTS), 'pg_hba.conf');
    assert.deepEqual(
      fs.map((f) => [f.severity, f.where]),
      [
        ['error', '/d/pg_hba.conf:1'],
        ['error', '/d/pg_hba.conf:3'],
      ],
    );
    assert.match(fs[0]!.what, /trust/);
  });

  it('reports a missing or rejecting monitoring line for the controller user', () => {
    const none = checkInstanceSettings(confOf(GOOD_CONF), GOOD_HBA, { ...OPTS, user: 'other' });
    const [f] = only(none, 'pg_hba.conf');
    assert.equal(f?.severity, 'error');
    assert.equal(f?.where, '/d/pg_hba.conf');
    assert.match(f?.hint ?? '', /host postgres other 127\.0\.0\.1\/32/);
    const reject = parseHba(
      'host all all 127.0.0.1/32 reject\n' + 'host postgres symfo 127.0.0.1/32 md5\n',
      '/d/h',
    ).entries;
    const [r] = only(checkInstanceSettings(confOf(GOOD_CONF), reject, OPTS), 'pg_hba.conf');
    assert.equal(r?.where, '/d/h:1');
    assert.match(r?.what ?? '', /rejected/);
  });

  it('flags removed parameters and broken lines the server would refuse', () => {
    const fs = checkInstanceSettings(
      confOf(`${GOOD_CONF}wal_keep_segments = 32\nvacuum_defer_cleanup_age = 5\nbroken = 'x\n`),
      GOOD_HBA,
      OPTS,
    );
    assert.deepEqual(
      fs.map((f) => f.parameter),
      ['postgresql.conf', 'wal_keep_segments'],
    );
    const on16 = checkInstanceSettings(confOf(`${GOOD_CONF}vacuum_defer_cleanup_age = 5\n`), GOOD_HBA, {
      ...OPTS,
      pgMajor: 16,
    });
    assert.match(only(on16, 'vacuum_defer_cleanup_age')[0]?.hint ?? '', /hot_standby_feedback/);
  });

  it('does not look at restart_after_crash', () => {
    assert.deepEqual(
      checkInstanceSettings(confOf(`${GOOD_CONF}restart_after_crash = on\n`), GOOD_HBA, OPTS),
      [],
    );
  });
});

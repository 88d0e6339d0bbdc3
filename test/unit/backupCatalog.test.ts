import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  backupDirName,
  dateOfBackupDir,
  formatListing,
  retention,
  type BackupEntry,
  type BackupInfo,
} from '../../src/backup/catalog.js';
import { parseBackupLabel } from '../../src/backup/dmpall.js';
import { chooseBackup, parseTargetTime, recoverySettings } from '../../src/backup/rcvall.js';
import { checkDestination, readInstanceSettings } from '../../src/backup/destination.js';
import { lookupPgpass } from '../../src/postgres/pgpass.js';
import { PgClusterError } from '../../src/errors.js';

const info = (startWalFile: string, endedAt: string): BackupInfo => ({
  status: 'COMPLETE',
  startedAt: endedAt,
  endedAt,
  startWalFile,
  timeline: 1,
  startLsn: '0/2000028',
  endLsn: '0/2000100',
  tablespaces: {},
  pgVersion: '15.18',
  bytes: 1,
});
const complete = (name: string, wal: string, endedAt = '2026-01-01T00:00:00Z'): BackupEntry => ({
  name,
  date: dateOfBackupDir(name),
  status: 'COMPLETE',
  info: info(wal, endedAt),
});
const incomplete = (name: string): BackupEntry => ({
  name,
  date: dateOfBackupDir(name),
  status: 'INCOMPLETE',
});

describe('backup catalog', () => {
  it('names a backup by its local start time and reads the date back', () => {
    const name = backupDirName(new Date(2013, 6, 1, 13, 30, 40));
    assert.equal(name, '2013-07-01_13-30-40');
    assert.equal(dateOfBackupDir(name), '2013-07-01 13:30:40');
  });

  it('lists Date, Status, Dir, newest first, as the manual shows', () => {
    const text = formatListing(
      [complete('2013-07-01_13-30-40', '000000010000000000000002'), incomplete('2013-07-02_08-00-00')],
      (n) => `/backup/inst1/${n}`,
    );
    assert.equal(
      text,
      [
        'Date                 Status      Dir',
        '2013-07-02 08:00:00  INCOMPLETE  /backup/inst1/2013-07-02_08-00-00',
        '2013-07-01 13:30:40  COMPLETE    /backup/inst1/2013-07-01_13-30-40',
        '',
      ].join('\n'),
    );
  });

  it('keeps the two newest complete backups and the WAL from the older one on', () => {
    const backups = [
      complete('2026-01-01_00-00-00', '000000010000000000000002'),
      incomplete('2026-01-01_12-00-00'),
      complete('2026-01-02_00-00-00', '000000010000000000000005'),
      complete('2026-01-03_00-00-00', '000000020000000000000009'),
      incomplete('2026-01-04_00-00-00'),
    ];
    const wal = [
      '000000010000000000000003',
      '000000010000000000000004',
      '000000010000000000000005',
      '000000020000000000000004.partial',
      '000000020000000000000006',
      '00000002.history',
      'not-a-wal-file',
    ];
    assert.deepEqual(retention(backups, wal), {
      // The incomplete one after the newest complete backup may still be running: kept.
      deleteBackups: ['2026-01-01_00-00-00', '2026-01-01_12-00-00'],
      deleteWal: ['000000010000000000000003', '000000010000000000000004', '000000020000000000000004.partial'],
    });
    assert.deepEqual(retention([incomplete('2026-01-01_00-00-00')], wal), {
      deleteBackups: [],
      deleteWal: [],
    });
  });

  it('reads the start of a backup from backup_label', () => {
    const label =
      'START WAL LOCATION: 0/2000028 (file 000000010000000000000002)\nCHECKPOINT LOCATION: 0/2000060\nBACKUP METHOD: streamed\nSTART TIMELINE: 1\n';
    assert.deepEqual(parseBackupLabel(label), {
      startLsn: '0/2000028',
      startWalFile: '000000010000000000000002',
      timeline: 1,
    });
    assert.throws(() => parseBackupLabel('nothing'), /backup_label/);
  });
});

describe('recovery choices', () => {
  const backups = [
    complete('2026-01-01_00-00-00', '000000010000000000000002', '2026-01-01T00:10:00.000Z'),
    complete('2026-01-02_00-00-00', '000000010000000000000005', '2026-01-02T00:10:00.000Z'),
    incomplete('2026-01-03_00-00-00'),
  ];

  it('reads the manual time format and refuses others', () => {
    assert.equal(parseTargetTime('2013-07-20 10:00:00').getTime(), new Date(2013, 6, 20, 10, 0, 0).getTime());
    for (const bad of ['yesterday', '2013-02-30 10:00:00', '2013-07-20', '20130720 100000'])
      assert.throws(
        () => parseTargetTime(bad),
        (e: unknown) => e instanceof PgClusterError && e.code === 'USAGE',
      );
  });

  it('starts from the newest complete backup that ended before the target', () => {
    assert.equal(chooseBackup(backups, { kind: 'latest' }, '/b').name, '2026-01-02_00-00-00');
    const at = new Date('2026-01-01T12:00:00Z');
    assert.equal(chooseBackup(backups, { kind: 'time', at, text: 'x' }, '/b').name, '2026-01-01_00-00-00');
    assert.throws(
      () =>
        chooseBackup(
          backups,
          { kind: 'time', at: new Date('2025-12-31T00:00:00Z'), text: '2025-12-31 00:00:00' },
          '/b',
        ),
      (e: unknown) => e instanceof PgClusterError && e.code === 'TARGET_BEFORE_BACKUPS',
    );
    assert.throws(
      () => chooseBackup([incomplete('2026-01-03_00-00-00')], { kind: 'latest' }, '/b'),
      (e: unknown) =>
        e instanceof PgClusterError &&
        e.code === 'NO_COMPLETE_BACKUP' &&
        /2026-01-03_00-00-00/.test(e.hint ?? ''),
    );
  });

  it('recovers privately: no TCP, its own socket, nobody connected before the end, no archiving', () => {
    assert.deepEqual(recoverySettings({ kind: 'name', name: "it's" }, 'cp "%f"', '/tmp/s'), {
      restore_command: `'cp "%f"'`,
      recovery_target_action: `'promote'`,
      recovery_target_timeline: `'latest'`,
      recovery_target_name: `'it''s'`,
      listen_addresses: `''`,
      unix_socket_directories: `'/tmp/s'`,
      hot_standby: 'off',
      archive_mode: 'off',
    });
  });
});

describe('backup destination and connection', () => {
  it('refuses the manual spelling that stock PostgreSQL would reject, naming file and line', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pgc-dest-'));
    try {
      writeFileSync(path.join(dir, 'PG_VERSION'), '15\n');
      writeFileSync(path.join(dir, 'postgresql.conf'), "port = 5433\nbackup_destination = '/backup/inst1'\n");
      assert.throws(
        () => readInstanceSettings(dir),
        (e: unknown) =>
          e instanceof PgClusterError &&
          e.where === `${path.join(dir, 'postgresql.conf')}:2` &&
          /pgcluster.backup_destination = '\/backup\/inst1'/.test(e.hint ?? ''),
      );
      writeFileSync(
        path.join(dir, 'postgresql.conf'),
        `port = 5433\npgcluster.backup_destination = '${dir}/b'\n`,
      );
      const s = readInstanceSettings(dir);
      assert.equal(s.port, 5433);
      assert.throws(() => checkDestination(s), /overlaps/);
      const outside = mkdtempSync(path.join(os.tmpdir(), 'pgc-b-'));
      writeFileSync(path.join(dir, 'postgresql.conf'), `pgcluster.backup_destination = '${outside}'\n`);
      chmodSync(outside, 0o755);
      assert.throws(() => checkDestination(readInstanceSettings(dir)), /can be read by others \(mode 755\)/);
      chmodSync(outside, 0o700);
      assert.equal(checkDestination(readInstanceSettings(dir)), outside);
      rmSync(outside, { recursive: true });
      assert.throws(() => checkDestination(readInstanceSettings(dir)), /does not exist/);
      mkdirSync(outside);
      rmSync(outside, { recursive: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds the password in a pgpass file as libpq does', () => {
    const text = '# comment\ndb1:5432:*:u:nope\n*:5433:*:u:p\\:w\\\\d\n*:*:*:*:fallback\n';
    assert.equal(
      lookupPgpass(text, { host: '/var/run/postgresql', port: 5433, database: 'postgres', user: 'u' }),
      'p:w\\d',
    );
    assert.equal(lookupPgpass(text, { host: 'x', port: 1, database: 'd', user: 'v' }), 'fallback');
    assert.equal(
      lookupPgpass('db1:5432:*:u:nope\n', { host: 'x', port: 1, database: 'd', user: 'v' }),
      undefined,
    );
  });
});

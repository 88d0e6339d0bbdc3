import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { candidateDirs, parseVersionLine } from '../../src/postgres/binaries.js';

describe('locating PostgreSQL', () => {
  it('parses pg_ctl --version lines of Debian and EDB builds', () => {
    assert.deepEqual(parseVersionLine('pg_ctl (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n'), {
      major: 15,
      version: '15.18',
    });
    assert.deepEqual(parseVersionLine('pg_ctl (PostgreSQL) 17.2'), { major: 17, version: '17.2' });
    assert.deepEqual(parseVersionLine('pg_ctl (PostgreSQL) 18devel'), { major: 18, version: '18' });
    assert.equal(parseVersionLine('something else'), undefined);
  });

  it('tries PG_BIN, then pg_config, then install folders newest first (Linux)', () => {
    const dirs = candidateDirs(
      { PG_BIN: '/opt/pg/bin' },
      'linux',
      (d) => (d === '/usr/lib/postgresql' ? ['13', '16', '9.6', 'README'] : []),
      () => '/usr/lib/postgresql/16/bin',
    );
    assert.deepEqual(
      dirs.map((d) => d.dir),
      [
        '/opt/pg/bin',
        '/usr/lib/postgresql/16/bin',
        '/usr/lib/postgresql/16/bin',
        '/usr/lib/postgresql/13/bin',
        '/usr/lib/postgresql/9.6/bin',
      ],
    );
  });

  it('looks under Program Files on Windows', () => {
    const dirs = candidateDirs(
      { ProgramFiles: 'D:\\Apps' },
      'win32',
      (d) => (d === 'D:\\Apps\\PostgreSQL' ? ['15', '17'] : []),
      () => undefined,
    );
    assert.deepEqual(
      dirs.map((d) => d.dir),
      ['D:\\Apps\\PostgreSQL\\17\\bin', 'D:\\Apps\\PostgreSQL\\15\\bin'],
    );
  });

  it("takes the installer's PostgreSQL folder after PG_BIN and before pg_config on Windows only", () => {
    const installer = () => 'E:\\pgsql\\bin';
    const win = candidateDirs(
      { PG_BIN: 'C:\\pg\\bin' },
      'win32',
      () => [],
      () => 'C:\\other\\bin',
      installer,
    );
    assert.deepEqual(
      win.map((d) => [d.dir, d.source]),
      [
        ['C:\\pg\\bin', 'PG_BIN'],
        ['E:\\pgsql\\bin', 'HKLM\\SOFTWARE\\PgCluster PostgreSQLBin'],
        ['C:\\other\\bin', 'pg_config --bindir'],
      ],
    );
    let asked = false;
    const linux = candidateDirs(
      {},
      'linux',
      () => [],
      () => undefined,
      () => ((asked = true), '/x'),
    );
    assert.deepEqual(linux, []);
    assert.equal(asked, false, 'no registry is read off Windows');
  });
});

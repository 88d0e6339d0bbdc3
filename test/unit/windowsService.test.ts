/**
 * The instance's Windows service, judged without Windows: sc query output, the service's command
 * line (as pg_ctl register writes it into ImagePath) and which instances run through a service.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkInstanceImage,
  parseScQuery,
  samePathKey,
  splitCommandLine,
} from '../../src/platform/windows/service.js';
import { configuredInstance, postmasterStatus } from '../../src/postgres/instance.js';
import type { PgBinaries } from '../../src/postgres/binaries.js';

// Captured from Wine's real sc.exe, a pg_ctl register service after sc start, then stopped.
const RUNNING = `
SERVICE_NAME: pgtest\r
        TYPE               : 10  WIN32_OWN_PROCESS\r
        STATE              : 4  RUNNING\r
        WIN32_EXIT_CODE    : 0  (0x0)\r
        SERVICE_EXIT_CODE  : 0  (0x0)\r
        CHECKPOINT         : 0x2\r
        WAIT_HINT          : 0x11940\r
`;
// As Windows prints it (with the accepted controls line Wine leaves out).
const STOPPED = `
SERVICE_NAME: postgresql-x64-15
        TYPE               : 10  WIN32_OWN_PROCESS
        STATE              : 1  STOPPED
        WIN32_EXIT_CODE    : 1067  (0x42b)
        SERVICE_EXIT_CODE  : 0  (0x0)
        CHECKPOINT         : 0x0
        WAIT_HINT          : 0x0
`;

test('sc query: state and exit codes', () => {
  assert.deepEqual(parseScQuery(RUNNING), { state: 'running', win32ExitCode: 0, serviceExitCode: 0 });
  assert.deepEqual(parseScQuery(STOPPED), { state: 'stopped', win32ExitCode: 1067, serviceExitCode: 0 });
  assert.equal(parseScQuery('[SC] EnumQueryServicesStatus:OpenService FAILED 1060:'), undefined);
});

test('Windows command lines split as the C runtime splits them', () => {
  assert.deepEqual(
    splitCommandLine(
      '"C:\\Program Files\\PostgreSQL\\15\\bin\\pg_ctl.exe" runservice -N "pg 15" -D "D:\\pg data\\"',
    ),
    ['C:\\Program Files\\PostgreSQL\\15\\bin\\pg_ctl.exe', 'runservice', '-N', 'pg 15', '-D', 'D:\\pg data"'],
  );
  assert.deepEqual(splitCommandLine('a\\\\"b c" d\\e "x\\"y"'), ['a\\b c', 'd\\e', 'x"y']);
});

test("the instance's service: pg_ctl runservice on db_instance, any spelling of that folder", () => {
  // As Wine's real pg_ctl register wrote it (scripts/wine-stage checks the same line).
  const image = '"C:\\pgsql\\bin\\pg_ctl.exe" runservice -N "pgcluster_wine_test" -D "C:\\pgdata" -w';
  assert.equal(checkInstanceImage(image, 'C:\\pgdata'), undefined);
  assert.equal(checkInstanceImage(image, 'c:/PGDATA/'), undefined);
  assert.equal(
    checkInstanceImage(
      '"C:\\pg\\pg_ctl.exe" runservice -N x -D"\\\\srv\\share\\data"',
      '\\\\SRV\\share\\data',
    ),
    undefined,
  );
  assert.match(
    checkInstanceImage(image, 'C:\\other')!,
    /runs the instance in C:\\pgdata, not db_instance C:\\other/,
  );
  assert.match(
    checkInstanceImage('"C:\\svc\\node.exe" main.js', 'C:\\pgdata')!,
    /not PostgreSQL's pg_ctl\.exe/,
  );
  assert.match(
    checkInstanceImage('"C:\\pg\\pg_ctl.exe" start -D C:\\pgdata', 'C:\\pgdata')!,
    /not "pg_ctl runservice"/,
  );
  assert.match(
    checkInstanceImage('"C:\\pg\\pg_ctl.exe" runservice -N x', 'C:\\pgdata')!,
    /no data directory/,
  );
});

test('one folder, one key: case, slashes and a trailing backslash do not matter', () => {
  assert.equal(samePathKey('C:\\Data\\PG\\'), samePathKey('c:/data/pg'));
  assert.notEqual(samePathKey('C:\\data\\pg'), samePathKey('D:\\data\\pg'));
});

test("postmaster.pid's status line", () => {
  const pid = (status: string) =>
    `1340\nC:/pgdata\n1733480000\n7301\n\n127.0.0.1\n  1234   5678\n${status}\n`;
  assert.equal(postmasterStatus(pid('ready   ')), 'ready');
  assert.equal(postmasterStatus(pid('standby ')), 'standby');
  assert.equal(postmasterStatus(pid('starting')), 'starting');
  assert.equal(postmasterStatus('1340\nC:/pgdata\n'), undefined);
});

test('only Windows runs the instance through its service', () => {
  const bin = { dir: '/x', major: 15, version: '15.18', tool: (n: string) => n } as PgBinaries;
  const conf = { dbInstance: 'C:\\pgdata', dbInstanceServiceName: 'pg1' };
  assert.equal(configuredInstance(conf, bin, '', 'win32').serviceName, 'pg1');
  assert.equal(configuredInstance(conf, bin, '', 'linux').serviceName, undefined);
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PgClusterError } from '../../src/errors.js';
import {
  defaultRun,
  findPostgresInstallations,
  parseRegQuery,
  readEventSource,
  readRegistryKey,
  readRegistryStringSync,
  type RunFn,
  type RunResult,
} from '../../src/platform/windows/registry.js';

// Fixtures captured byte for byte (CRLF kept) from `wine64 reg query <key> [/v name] [/s] /reg:64`
// under Wine 8.0, after real `regsvr32 /n /i:"PgCluster Wine Test" pgevent.dll`, real
// `pg_ctl register -N pgcluster_wine_test -D C:\pgdata -S demand -w` (PostgreSQL 15.18) and
// `reg add` of the values shown (see scripts/wine-stage).

const PGEVENT = [
  '',
  'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\PgCluster Wine Test',
  '    EventMessageFile    REG_EXPAND_SZ    C:\\pgsql\\lib\\pgevent.dll',
  '    TypesSupported    REG_DWORD    0x7',
  '',
  '',
].join('\r\n');

const SERVICE = [
  '',
  'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\pgcluster_wine_test',
  '    DependOnService    REG_MULTI_SZ    RPCSS',
  '    DisplayName    REG_SZ    pgcluster_wine_test',
  '    ErrorControl    REG_DWORD    0x1',
  '    ImagePath    REG_SZ    "C:\\pgsql\\bin\\pg_ctl.exe" runservice -N "pgcluster_wine_test" -D "C:\\pgdata" -w',
  '    ObjectName    REG_SZ    LocalSystem',
  '    PreshutdownTimeout    REG_DWORD    0x2bf20',
  '    Start    REG_DWORD    0x3',
  '    Type    REG_DWORD    0x10',
  '',
  '',
].join('\r\n');

// One of each value kind; Wine 8.0's reg prints every REG_QWORD as "(null)" (the value is stored
// right: `reg export` shows hex(b):00,00,00,00,01,00,00,00).
const VALUE_KINDS = [
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\PgCluster\\Capture',
  '    (Default)    REG_SZ    default text',
  '    AllOnes    REG_DWORD    0xffffffff',
  '    Binary    REG_BINARY    0102ABFF',
  '    DependOnService    REG_MULTI_SZ    RPCSS\\0Tcpip\\0C:\\Program Files\\x',
  '    Empty    REG_SZ    ',
  '    EmptyMulti    REG_MULTI_SZ    ',
  '    Name With  Spaces    REG_EXPAND_SZ    %SystemRoot%\\a    b',
  '    Quad    REG_QWORD    (null)',
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\PgCluster\\Capture\\Child',
  '',
].join('\r\n');

const MULTI_ONE_VALUE = [
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\PgCluster\\Capture',
  '    DependOnService    REG_MULTI_SZ    RPCSS\\0Tcpip\\0C:\\Program Files\\x',
  '',
  '',
].join('\r\n');

const INSTALLATIONS = [
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\PostgreSQL\\Installations\\postgresql-x64-15',
  '    Base Directory    REG_SZ    C:\\pgsql',
  '    Branding    REG_SZ    PostgreSQL 15',
  '    Data Directory    REG_SZ    C:\\pgdata',
  '    Service ID    REG_SZ    pgcluster_wine_test',
  '    Super User    REG_SZ    postgres',
  '    Version    REG_SZ    15.18',
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\PostgreSQL\\Installations\\postgresql-x64-17',
  '    Base Directory    REG_SZ    C:\\Program Files\\PostgreSQL\\17',
  '    Version    REG_SZ    17.10',
  '',
  '',
].join('\r\n');

// `reg query HKLM\SOFTWARE\PostgreSQL\Installations` without /s: a key with no values of its own
// is not printed, only its subkeys.
const SUBKEYS_ONLY = [
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\PostgreSQL\\Installations\\postgresql-x64-15',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\PostgreSQL\\Installations\\postgresql-x64-17',
  '',
].join('\r\n');

// Wine writes "not found" to stdout; exit code 1 (captured).
const NOT_FOUND_KEY_WINE = ['reg: Unable to find the specified registry key', ''].join('\r\n');
const NOT_FOUND_VALUE_WINE = ['', 'reg: Unable to find the specified registry value', ''].join('\r\n');

// Not captured (no Windows here): the forms Windows' reg.exe prints where they differ from Wine's.
const WINDOWS_NOT_FOUND = 'ERROR: The system was unable to find the specified registry key or value.\r\n';
const WINDOWS_FORMS = [
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\PgCluster\\Windows',
  '    (Default)    REG_SZ    (value not set)',
  '    Quad    REG_QWORD    0x100000000',
  '    Huge    REG_QWORD    0xffffffffffffffff',
  '',
  'End of search: 3 match(es) found.',
  '',
].join('\r\n');

interface Call {
  file: string;
  args: string[];
}

function fake(result: Partial<RunResult>): { run: RunFn; calls: Call[] } {
  const calls: Call[] = [];
  const run: RunFn = (file, args) => {
    calls.push({ file, args });
    return Promise.resolve({ code: 0, stdout: '', stderr: '', ...result });
  };
  return { run, calls };
}

function isError(code: string, pattern?: RegExp): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(e instanceof PgClusterError, `expected a PgClusterError, got ${String(e)}`);
    assert.equal(e.code, code);
    assert.ok(e.where, 'where is set');
    assert.ok(e.hint, 'hint is set');
    if (pattern) assert.match(e.message, pattern);
    return true;
  };
}

describe('parseRegQuery on real reg output', () => {
  it('reads a pgevent.dll event source registration', () => {
    assert.deepEqual(parseRegQuery(PGEVENT), [
      {
        key: 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\PgCluster Wine Test',
        values: [
          { name: 'EventMessageFile', type: 'REG_EXPAND_SZ', data: 'C:\\pgsql\\lib\\pgevent.dll' },
          { name: 'TypesSupported', type: 'REG_DWORD', data: 7 },
        ],
      },
    ]);
  });

  it('reads the service key written by pg_ctl register', () => {
    const [key, ...rest] = parseRegQuery(SERVICE);
    assert.equal(rest.length, 0);
    assert.ok(key);
    const data = Object.fromEntries(key.values.map((v) => [v.name, v.data]));
    assert.deepEqual(data, {
      DependOnService: ['RPCSS'],
      DisplayName: 'pgcluster_wine_test',
      ErrorControl: 1,
      ImagePath: '"C:\\pgsql\\bin\\pg_ctl.exe" runservice -N "pgcluster_wine_test" -D "C:\\pgdata" -w',
      ObjectName: 'LocalSystem',
      PreshutdownTimeout: 180000,
      Start: 3,
      Type: 0x10,
    });
  });

  it('reads every value kind, (Default), empty data and names and data with runs of spaces', () => {
    const keys = parseRegQuery(VALUE_KINDS);
    assert.deepEqual(
      keys.map((k) => k.key),
      [
        'HKEY_LOCAL_MACHINE\\SOFTWARE\\PgCluster\\Capture',
        'HKEY_LOCAL_MACHINE\\SOFTWARE\\PgCluster\\Capture\\Child',
      ],
    );
    assert.deepEqual(keys[0]?.values, [
      { name: '(Default)', type: 'REG_SZ', data: 'default text' },
      { name: 'AllOnes', type: 'REG_DWORD', data: 4294967295 },
      { name: 'Binary', type: 'REG_BINARY', data: '0102ABFF' },
      { name: 'DependOnService', type: 'REG_MULTI_SZ', data: ['RPCSS', 'Tcpip', 'C:\\Program Files\\x'] },
      { name: 'Empty', type: 'REG_SZ', data: '' },
      { name: 'EmptyMulti', type: 'REG_MULTI_SZ', data: [] },
      { name: 'Name With  Spaces', type: 'REG_EXPAND_SZ', data: '%SystemRoot%\\a    b' },
      { name: 'Quad', type: 'REG_QWORD', data: '(null)' },
    ]);
    assert.deepEqual(keys[1]?.values, [], 'a listed subkey has no values');
  });

  it('reads one value asked for with /v', () => {
    assert.deepEqual(parseRegQuery(MULTI_ONE_VALUE)[0]?.values, [
      { name: 'DependOnService', type: 'REG_MULTI_SZ', data: ['RPCSS', 'Tcpip', 'C:\\Program Files\\x'] },
    ]);
  });

  it('reads a recursive (/s) query', () => {
    const keys = parseRegQuery(INSTALLATIONS);
    assert.equal(keys.length, 2);
    assert.equal(keys[0]?.values.length, 6);
    assert.deepEqual(keys[1], {
      key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\PostgreSQL\\Installations\\postgresql-x64-17',
      values: [
        { name: 'Base Directory', type: 'REG_SZ', data: 'C:\\Program Files\\PostgreSQL\\17' },
        { name: 'Version', type: 'REG_SZ', data: '17.10' },
      ],
    });
  });

  it("reads Windows' forms: hex QWORD, unset default, the search summary", () => {
    assert.deepEqual(parseRegQuery(WINDOWS_FORMS), [
      {
        key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\PgCluster\\Windows',
        values: [
          { name: 'Quad', type: 'REG_QWORD', data: 4294967296 },
          // Past 2^53 a number would be wrong: reg's text is kept.
          { name: 'Huge', type: 'REG_QWORD', data: '0xffffffffffffffff' },
        ],
      },
    ]);
  });

  it('takes LF line ends too, and gives nothing for output with no key', () => {
    assert.deepEqual(parseRegQuery(PGEVENT.replace(/\r\n/g, '\n')), parseRegQuery(PGEVENT));
    assert.deepEqual(parseRegQuery(''), []);
    assert.deepEqual(parseRegQuery(NOT_FOUND_KEY_WINE), []);
  });
});

describe('readRegistryKey', () => {
  it('runs System32 reg.exe query in the 64-bit view and returns the key asked for', async () => {
    const { run, calls } = fake({ stdout: VALUE_KINDS });
    const key = await readRegistryKey('hklm\\software\\pgcluster\\capture\\', run);
    assert.equal(key?.key, 'HKEY_LOCAL_MACHINE\\SOFTWARE\\PgCluster\\Capture');
    assert.equal(key?.values.length, 8);
    assert.equal(calls.length, 1);
    assert.match(calls[0]?.file ?? '', /(^|\\)reg\.exe$/i);
    assert.deepEqual(calls[0]?.args, ['query', 'hklm\\software\\pgcluster\\capture\\', '/reg:64']);
  });

  it('gives an existing key without values of its own as empty, not as one of its subkeys', async () => {
    const { run } = fake({ stdout: SUBKEYS_ONLY });
    assert.deepEqual(await readRegistryKey('HKLM\\SOFTWARE\\PostgreSQL\\Installations', run), {
      key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\PostgreSQL\\Installations',
      values: [],
    });
  });

  it('gives undefined for a missing key, as Wine and as Windows report it', async () => {
    assert.equal(
      await readRegistryKey('HKLM\\SOFTWARE\\Nope', fake({ code: 1, stdout: NOT_FOUND_KEY_WINE }).run),
      undefined,
    );
    assert.equal(
      await readRegistryKey('HKLM\\SOFTWARE\\Nope', fake({ code: 1, stdout: NOT_FOUND_VALUE_WINE }).run),
      undefined,
    );
    assert.equal(
      await readRegistryKey('HKLM\\SOFTWARE\\Nope', fake({ code: 1, stderr: WINDOWS_NOT_FOUND }).run),
      undefined,
    );
  });

  it('throws on any other failure, with the command and a hint', async () => {
    await assert.rejects(
      readRegistryKey(
        'HKLM\\SECURITY\\Policy',
        fake({ code: 1, stderr: 'ERROR: Access is denied.\r\n' }).run,
      ),
      (e: unknown) => {
        isError('REGISTRY_QUERY_FAILED', /exit code 1: ERROR: Access is denied\./)(e);
        assert.match((e as PgClusterError).where ?? '', /^reg query HKLM\\SECURITY\\Policy \/reg:64$/);
        assert.match((e as PgClusterError).hint ?? '', /Administrator/);
        return true;
      },
    );
    await assert.rejects(
      readRegistryKey('HKLM\\SOFTWARE\\X', fake({ code: 2, stdout: '' }).run),
      isError('REGISTRY_QUERY_FAILED', /exit code 2$/),
    );
  });

  it('throws when reg.exe cannot be started', async () => {
    const missing = Object.assign(new Error('spawn reg.exe ENOENT'), { code: 'ENOENT' });
    await assert.rejects(
      readRegistryKey('HKLM\\SOFTWARE\\X', () => Promise.reject(missing)),
      (e: unknown) => {
        isError('REGISTRY_QUERY_FAILED', /could not run reg\.exe: spawn reg\.exe ENOENT/)(e);
        assert.equal((e as PgClusterError).cause, missing);
        return true;
      },
    );
  });

  it('refuses a path without a registry root before running anything', async () => {
    const { run, calls } = fake({});
    await assert.rejects(readRegistryKey('SOFTWARE\\PostgreSQL', run), isError('REGISTRY_KEY_INVALID'));
    await assert.rejects(readRegistryKey('HKXX\\Foo', run), isError('REGISTRY_KEY_INVALID'));
    assert.equal(calls.length, 0);
  });
});

describe("readRegistryStringSync (the MSI's values, read at start-up)", () => {
  const INSTALLED = [
    '',
    'HKEY_LOCAL_MACHINE\\SOFTWARE\\PgCluster',
    '    PostgreSQLBin    REG_SZ    C:\\Program Files\\PostgreSQL\\17\\bin',
    '',
    '',
  ].join('\r\n');

  it('asks reg.exe for one value in the 64-bit view and returns its text', () => {
    const calls: Call[] = [];
    const value = readRegistryStringSync('HKLM\\SOFTWARE\\PgCluster', 'PostgreSQLBin', (file, args) => {
      calls.push({ file, args });
      return { code: 0, stdout: INSTALLED, stderr: '' };
    });
    assert.equal(value, 'C:\\Program Files\\PostgreSQL\\17\\bin');
    assert.deepEqual(calls[0]?.args, [
      'query',
      'HKLM\\SOFTWARE\\PgCluster',
      '/v',
      'PostgreSQLBin',
      '/reg:64',
    ]);
  });

  it('gives undefined for a missing key or value (Wine and Windows wording) and for a non-string', () => {
    for (const answer of [
      { code: 1, stdout: NOT_FOUND_KEY_WINE, stderr: '' },
      { code: 1, stdout: NOT_FOUND_VALUE_WINE, stderr: '' },
      { code: 1, stdout: '', stderr: WINDOWS_NOT_FOUND },
      {
        code: 0,
        stdout: INSTALLED.replace('REG_SZ    C:\\Program Files\\PostgreSQL\\17\\bin', 'REG_DWORD    0x1'),
        stderr: '',
      },
    ])
      assert.equal(
        readRegistryStringSync('HKLM\\SOFTWARE\\PgCluster', 'PostgreSQLBin', () => answer),
        undefined,
      );
  });

  it('reports a reg.exe that fails or cannot start, with the command', () => {
    assert.throws(
      () =>
        readRegistryStringSync('HKLM\\SOFTWARE\\PgCluster', 'PostgreSQLBin', () => ({
          code: 1,
          stdout: '',
          stderr: 'ERROR: Access is denied.\r\n',
        })),
      isError('REGISTRY_QUERY_FAILED', /Access is denied/),
    );
    assert.throws(
      () =>
        readRegistryStringSync('HKLM\\SOFTWARE\\PgCluster', 'PostgreSQLBin', () => {
          throw new Error('spawn reg.exe ENOENT');
        }),
      isError('REGISTRY_QUERY_FAILED', /ENOENT/),
    );
    assert.throws(
      () => readRegistryStringSync('SOFTWARE\\PgCluster', 'x', () => ({ code: 0, stdout: '', stderr: '' })),
      isError('REGISTRY_KEY_INVALID'),
    );
  });
});

describe('readEventSource', () => {
  it('reads the source pgevent.dll registered', async () => {
    const { run, calls } = fake({ stdout: PGEVENT });
    assert.deepEqual(await readEventSource('PgCluster Wine Test', run), {
      source: 'PgCluster Wine Test',
      messageFile: 'C:\\pgsql\\lib\\pgevent.dll',
      typesSupported: 7,
    });
    assert.equal(
      calls[0]?.args[1],
      'HKLM\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\PgCluster Wine Test',
    );
  });

  it('gives undefined for a source that is not registered', async () => {
    assert.equal(await readEventSource('Nope', fake({ code: 1, stdout: NOT_FOUND_KEY_WINE }).run), undefined);
  });

  it("shows a half-made registration as '' and 0", async () => {
    const stdout = PGEVENT.split('\r\n')
      .filter((l) => !l.includes('TypesSupported') && !l.includes('EventMessageFile'))
      .join('\r\n');
    assert.deepEqual(await readEventSource('PgCluster Wine Test', fake({ stdout }).run), {
      source: 'PgCluster Wine Test',
      messageFile: '',
      typesSupported: 0,
    });
  });

  it('refuses names that cannot be a source', async () => {
    const { run, calls } = fake({ stdout: PGEVENT });
    for (const bad of ['', 'a\\b', 'x'.repeat(256)]) {
      await assert.rejects(readEventSource(bad, run), isError('EVENT_SOURCE_INVALID'));
    }
    assert.equal(calls.length, 0);
  });
});

describe('findPostgresInstallations', () => {
  it('lists the installer keys (EDB layout), recursively', async () => {
    const { run, calls } = fake({ stdout: INSTALLATIONS });
    assert.deepEqual(await findPostgresInstallations(run), [
      {
        id: 'postgresql-x64-15',
        version: '15.18',
        baseDirectory: 'C:\\pgsql',
        dataDirectory: 'C:\\pgdata',
        serviceId: 'pgcluster_wine_test',
      },
      { id: 'postgresql-x64-17', version: '17.10', baseDirectory: 'C:\\Program Files\\PostgreSQL\\17' },
    ]);
    assert.deepEqual(calls[0]?.args, ['query', 'HKLM\\SOFTWARE\\PostgreSQL\\Installations', '/s', '/reg:64']);
  });

  it('skips keys that are not an installation: no Base Directory, or deeper subkeys', async () => {
    const stdout = [
      INSTALLATIONS,
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\PostgreSQL\\Installations\\postgresql-x64-15\\Extra',
      '    Base Directory    REG_SZ    C:\\elsewhere',
      '',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\PostgreSQL\\Installations\\half-removed',
      '    Version    REG_SZ    14.1',
      '',
    ].join('\r\n');
    const found = await findPostgresInstallations(fake({ stdout }).run);
    assert.deepEqual(
      found.map((i) => i.id),
      ['postgresql-x64-15', 'postgresql-x64-17'],
    );
  });

  it('gives an empty list when PostgreSQL was never installed', async () => {
    assert.deepEqual(await findPostgresInstallations(fake({ code: 1, stdout: NOT_FOUND_KEY_WINE }).run), []);
  });
});

describe('defaultRun', () => {
  it('resolves with the exit code and output of a real process', async () => {
    const result = await defaultRun(process.execPath, [
      '-e',
      'process.stdout.write("out\\r\\n"); process.stderr.write("err"); process.exit(3)',
    ]);
    assert.deepEqual(result, { code: 3, stdout: 'out\r\n', stderr: 'err' });
  });

  it('rejects when the program cannot be started', async () => {
    await assert.rejects(defaultRun('/nonexistent/reg.exe', ['query']), /ENOENT/);
  });
});

/**
 * Windows-side tests of src/platform/windows: run by Windows node.exe under Wine (scripts/wine-stage),
 * against registry state made by real Windows binaries: regsvr32 with PostgreSQL's pgevent.dll,
 * pg_ctl register, reg add. The stage passes what it made in PGCLUSTER_WINE_* variables.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  findPostgresInstallations,
  PGCLUSTER_KEY,
  readEventSource,
  readRegistryKey,
} from '../../src/platform/windows/registry.js';
import { findPgBinaries } from '../../src/postgres/binaries.js';
import { PgClusterError } from '../../src/errors.js';

const onWindows = process.platform === 'win32';
const skip = onWindows
  ? false
  : `needs Windows (process.platform is ${process.platform}): run scripts/wine-stage, which runs this file with Windows node.exe under Wine`;

/** A variable the stage script must set; a missing one fails the test rather than skipping it. */
function need(name: string): string {
  const value = process.env[name];
  assert.ok(value, `${name} is not set: run this file through scripts/wine-stage`);
  return value;
}

const sameFile = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Real reg.exe, for making the state the module under test then reads. */
async function reg(...args: string[]): Promise<void> {
  await promisify(execFile)('reg.exe', args, { windowsHide: true });
}

describe('Windows registry under real Windows binaries', { skip }, () => {
  it('reads the event source that regsvr32 /n /i: registered with pgevent.dll', async () => {
    const source = need('PGCLUSTER_WINE_EVENT_SOURCE');
    const dll = need('PGCLUSTER_WINE_PGEVENT_DLL');
    const found = await readEventSource(source);
    assert.ok(found, `event source "${source}" not found`);
    assert.equal(found.source, source);
    assert.ok(sameFile(found.messageFile, dll), `EventMessageFile is ${found.messageFile}, expected ${dll}`);
    assert.equal(found.typesSupported, 7);
  });

  it('regedit (Windows Script Host) and the reg.exe fallback agree, or the fallback answered alone', async () => {
    const source = need('PGCLUSTER_WINE_EVENT_SOURCE');
    const key = `HKLM\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\${source}`;
    const viaRegExe = await readRegistryKey(key, undefined, undefined);
    assert.ok(viaRegExe, 'reg.exe finds the key');
    const { promisified, OS_ARCH_64BIT } = (await import('regedit')).default;
    const viaRegedit = await promisified.list([key], OS_ARCH_64BIT).then(
      (r) => r[key],
      (e: unknown) => e as Error,
    );
    if (viaRegedit instanceof Error) {
      // Wine's cscript cannot run .wsf files: the same situation as a server with WSH disabled,
      // and readEventSource above got its answer from reg.exe.
      assert.match(viaRegedit.message, /cscript|vbscript|wsf/i);
    } else {
      assert.equal(viaRegedit?.values.TypesSupported?.value, 7);
    }
  });

  it('did not register the default "PostgreSQL" source (/n honoured), and a missing source is undefined', async () => {
    assert.equal(await readEventSource('PostgreSQL'), undefined);
    assert.equal(await readEventSource(`${need('PGCLUSTER_WINE_EVENT_SOURCE')} (absent)`), undefined);
  });

  it('round-trips reg add, readRegistryKey and reg delete', async () => {
    const key = `${need('PGCLUSTER_WINE_SCRATCH_KEY')}\\round trip`;
    await reg('add', key, '/v', 'Text', '/t', 'REG_SZ', '/d', 'two  spaces and a \\ backslash', '/f');
    await reg('add', key, '/v', 'Expand', '/t', 'REG_EXPAND_SZ', '/d', '%SystemRoot%\\x', '/f');
    await reg('add', key, '/v', 'Count', '/t', 'REG_DWORD', '/d', '4294967295', '/f');
    await reg('add', key, '/v', 'List', '/t', 'REG_MULTI_SZ', '/d', 'one\\0two words\\0C:\\three', '/f');
    await reg('add', key, '/v', 'Bytes', '/t', 'REG_BINARY', '/d', '00ff10', '/f');
    try {
      const read = await readRegistryKey(key);
      assert.ok(read, `${key} not found after reg add`);
      const byName = new Map(read.values.map((v) => [v.name, v]));
      assert.deepEqual(byName.get('Text'), {
        name: 'Text',
        type: 'REG_SZ',
        data: 'two  spaces and a \\ backslash',
      });
      assert.deepEqual(byName.get('Expand'), {
        name: 'Expand',
        type: 'REG_EXPAND_SZ',
        data: '%SystemRoot%\\x',
      });
      assert.deepEqual(byName.get('Count'), { name: 'Count', type: 'REG_DWORD', data: 4294967295 });
      assert.deepEqual(byName.get('List'), {
        name: 'List',
        type: 'REG_MULTI_SZ',
        data: ['one', 'two words', 'C:\\three'],
      });
      assert.deepEqual(byName.get('Bytes'), { name: 'Bytes', type: 'REG_BINARY', data: '00FF10' });
    } finally {
      await reg('delete', key, '/f');
    }
    assert.equal(await readRegistryKey(key), undefined, 'key still there after reg delete');
  });

  it("finds PostgreSQL through the MSI's PostgreSQLBin value, and says where it looked without it", async () => {
    const pgBin = `${need('PGCLUSTER_WINE_PG_HOME')}\\bin`;
    const env = { ...process.env };
    delete env.PG_BIN;
    env.ProgramFiles = 'C:\\no such folder';
    const keyExisted = (await readRegistryKey(PGCLUSTER_KEY)) !== undefined;
    assert.throws(
      () => findPgBinaries(env),
      (e: unknown) => e instanceof PgClusterError && e.code === 'PG_NOT_FOUND',
    );
    await reg('add', PGCLUSTER_KEY, '/v', 'PostgreSQLBin', '/t', 'REG_SZ', '/d', pgBin, '/f', '/reg:64');
    try {
      const found = findPgBinaries(env);
      assert.equal(found.dir, pgBin);
      assert.equal(found.version, need('PGCLUSTER_WINE_PG_VERSION'));
      assert.equal(found.tool('pg_ctl'), `${pgBin}\\pg_ctl.exe`);
    } finally {
      if (keyExisted) await reg('delete', PGCLUSTER_KEY, '/v', 'PostgreSQLBin', '/f', '/reg:64');
      else await reg('delete', PGCLUSTER_KEY, '/f', '/reg:64');
    }
  });

  it('finds the installations written in the EDB layout', async () => {
    const id = need('PGCLUSTER_WINE_INSTALL_ID');
    const installs = await findPostgresInstallations();
    const mine = installs.find((i) => i.id === id);
    assert.ok(mine, `${id} not among ${JSON.stringify(installs)}`);
    assert.deepEqual(mine, {
      id,
      version: need('PGCLUSTER_WINE_PG_VERSION'),
      baseDirectory: need('PGCLUSTER_WINE_PG_HOME'),
      dataDirectory: need('PGCLUSTER_WINE_DATA_DIR'),
      serviceId: need('PGCLUSTER_WINE_SERVICE'),
    });
    const second = installs.find((i) => i.id === `${id}-second`);
    assert.ok(second, 'the second installation (no Data Directory, no Service ID) is listed');
    assert.equal(second.dataDirectory, undefined);
    assert.equal(second.serviceId, undefined);
  });

  it('reads the service key that pg_ctl register made (demand start, runservice)', async () => {
    const service = need('PGCLUSTER_WINE_SERVICE');
    const pgCtl = need('PGCLUSTER_WINE_PG_CTL');
    const key = await readRegistryKey(`HKLM\\SYSTEM\\CurrentControlSet\\Services\\${service}`);
    assert.ok(key, `service key of ${service} not found`);
    const data = new Map(key.values.map((v) => [v.name, v.data]));
    const imagePath = data.get('ImagePath');
    assert.equal(typeof imagePath, 'string');
    const image = String(imagePath);
    assert.ok(image.toLowerCase().startsWith(`"${pgCtl.toLowerCase()}" runservice`), `ImagePath is ${image}`);
    assert.ok(image.includes(`-N "${service}"`), `ImagePath is ${image}`);
    assert.ok(image.includes(`-D "${need('PGCLUSTER_WINE_DATA_DIR')}"`), `ImagePath is ${image}`);
    assert.equal(data.get('Start'), 3, 'SERVICE_DEMAND_START');
    assert.equal(data.get('Type'), 0x10, 'SERVICE_WIN32_OWN_PROCESS');
    assert.deepEqual(data.get('DependOnService'), ['RPCSS']);
  });
});

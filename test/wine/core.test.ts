/**
 * The multiplexing core on Windows: run by Windows node.exe under Wine (scripts/wine-stage).
 * File security goes through the real pgcluster-acl.exe (Wine answers from the Unix mode: owner
 * bits for the owner, other bits for Everyone, SYSTEM always; a DACL it is given is mapped back
 * to a mode), the instance through Wine's real Service Control Manager running a real Windows
 * PostgreSQL (pg_ctl runservice), and mc_ctl loads a management directory at a C:\ path.
 * What stands in: the test protects the configuration files it writes with the ACL tool itself,
 * where an administrator would run Protect-PgConfigFile (its icacls is a stub under Wine).
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PgClusterError } from '../../src/errors.js';
import { checkOwnerOnly, accessChecker } from '../../src/config/permissions.js';
import { runAclTool } from '../../src/platform/windows/aclTool.js';
import type { FileAccessReport } from '../../src/platform/windows/accessChecker.js';
import { queryService } from '../../src/platform/windows/service.js';
import { configuredInstance } from '../../src/postgres/instance.js';
import { findPgBinaries } from '../../src/postgres/binaries.js';
import { main as mcCtl } from '../../src/cli/mc_ctl.js';
import { main as pgcluster } from '../../src/cli/pgcluster.js';

const onWindows = process.platform === 'win32';
const skip = onWindows
  ? false
  : `needs Windows (process.platform is ${process.platform}): run scripts/wine-stage, which runs this file with Windows node.exe under Wine`;

function need(name: string): string {
  const value = process.env[name];
  assert.ok(value, `${name} is not set: run this file through scripts/wine-stage`);
  return value;
}

const ROOT = 'C:\\pgc core';
const MC_DIR = path.win32.join(ROOT, 'mc dir');

function rejectsWith(code: string, re: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof PgClusterError, `not a PgClusterError: ${String(e)}`);
    assert.equal(e.code, code, e.describe());
    assert.match(e.describe(), re);
    return true;
  };
}

/** Writes a file as an administrator's editor would, then what Protect-PgConfigFile would do. */
function writeProtected(file: string, text: string): void {
  writeFileSync(file, text);
  const a = runAclTool(['protect', file]);
  assert.equal(a.error, undefined, a.error?.text);
}

/** A path as a quoted value of a .conf file, where each backslash is written twice. */
const confPath = (p: string) => p.replace(/\\/g, '\\\\');

async function mcCtlRun(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await mcCtl(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

async function pgclusterRun(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await pgcluster(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('the multiplexing core under Windows node.exe', { skip }, () => {
  before(() => {
    process.env.PG_BIN = `${need('PGCLUSTER_WINE_PG_HOME')}\\bin`;
    rmSync(ROOT, { recursive: true, force: true });
    mkdirSync(MC_DIR, { recursive: true });
  });

  it('refuses a file Everyone can read, naming the account and the Protect-PgConfigFile command', () => {
    const file = path.win32.join(MC_DIR, 'network.conf');
    writeFileSync(file, 'server1 127.0.0.1 27540\n'); // node.exe creates it 0644: Everyone may read
    assert.throws(
      () => checkOwnerOnly(file),
      rejectsWith(
        'CONFIG_PERMISSIONS',
        /Everyone \(S-1-1-0\) has read access.*Protect-PgConfigFile -Path 'C:\\pgc core\\mc dir\\network\.conf' -Account '/s,
      ),
    );
    runAclTool(['protect', file]);
    checkOwnerOnly(file);
  });

  it('pgcluster file-access, which Test-PgConfigFile reads, judges a file as mc_ctl does, the account by SID', async () => {
    const file = path.win32.join(MC_DIR, 'access.conf');
    writeFileSync(file, 'x\n'); // 0644: Everyone may read
    const me = runAclTool(['get', file]).user;
    interface Answer {
      ok: boolean;
      files: FileAccessReport[];
      error?: { code: string };
    }
    const answer = async (account: string) => {
      const r = await pgclusterRun(['file-access', '--account', account, '--file', file, '--json']);
      return { code: r.code, json: JSON.parse(r.out) as Answer };
    };
    const open = await answer(me.name);
    assert.equal(open.code, 1, JSON.stringify(open.json));
    const f = open.json.files[0]!;
    assert.equal(f.compliant, false);
    assert.equal(f.account.sid, me.sid);
    assert.deepEqual(
      f.extra.map((x) => x.sid),
      ['S-1-1-0'],
    );
    assert.match(f.problems.join(';'), /Everyone \(S-1-1-0\) has read access/);
    runAclTool(['protect', file]);
    // The same account as .\name and as its SID: one account.
    for (const spelled of [`.\\${me.name.split('\\').pop()}`, me.sid]) {
      const closed = await answer(spelled);
      assert.equal(closed.code, 0, `${spelled}: ${JSON.stringify(closed.json)}`);
      assert.equal(closed.json.files[0]!.compliant, true);
      assert.equal(closed.json.files[0]!.account.sid, me.sid);
    }
    const unknown = await answer('nosuchuser');
    assert.equal(unknown.json.ok, false);
    assert.equal(unknown.json.error?.code, 'ACCOUNT_NOT_FOUND');
  });

  it('writes mc.key owner-only (mc_ctl genkey): no entry for Everyone, and it passes the check', async () => {
    const r = await mcCtlRun(['genkey', '-M', MC_DIR]);
    assert.equal(r.code, 0, r.err);
    const key = path.win32.join(MC_DIR, 'mc.key');
    const a = runAclTool(['get', key]);
    assert.deepEqual(
      a.sd!.dacl!.aces.map((x) => x.sid).filter((s) => s === 'S-1-1-0'),
      [],
      `mc.key is readable by Everyone: ${a.sddl}`,
    );
    checkOwnerOnly(key);
  });

  it('refuses a management directory others can write in', () => {
    const open = need('PGCLUSTER_WINE_OPEN_DIR');
    assert.throws(
      () => accessChecker().checkPrivateDirectory(open),
      rejectsWith(
        'CONFIG_PERMISSIONS',
        /Everyone \(S-1-1-0\) can add, remove or rename files in it.*icacls/s,
      ),
    );
    accessChecker().checkPrivateDirectory(MC_DIR);
  });

  it('says which drive is missing', () => {
    assert.throws(
      () => checkOwnerOnly('Q:\\mc\\network.conf'),
      rejectsWith('CONFIG_NOT_FOUND', /drive Q:, which does not exist/),
    );
  });

  it('mc_ctl status loads a whole management directory at a C:\\ path and answers from its files', async () => {
    const dataDir = need('PGCLUSTER_WINE_CORE_DATA_DIR');
    writeProtected(
      path.win32.join(MC_DIR, 'network.conf'),
      'server1 127.0.0.1 27540\nserver2 127.0.0.1 27541\n',
    );
    for (const id of ['server1', 'server2'])
      writeProtected(
        path.win32.join(MC_DIR, `${id}.conf`),
        `db_instance = '${confPath(id === 'server1' ? dataDir : 'C:\\pgc core\\standby')}'\ndb_instance_service_name = 'pgcluster_wine_${id}'\n`,
      );
    const t0 = Date.now();
    const r = await mcCtlRun(['status', '-M', MC_DIR, '--local-server', 'server1']);
    const ms = Date.now() - t0;
    assert.equal(r.code, 3, `no controller runs, so no answer (exit status 3): ${r.err}`);
    assert.match(r.out, /no answer \(exit status 3\):\n {2}no Mirroring Controller answered/);
    assert.match(r.out, /server1/);
    assert.match(r.out, /server2/);
    console.log(`# mc_ctl status (no controller running) under Windows node.exe: ${ms} ms`);
  });

  it('answers the same for the directory written in another case, with slashes and a trailing backslash', async () => {
    // Windows file names ignore case: an administrator's script may spell the directory any way.
    const spelled = `${MC_DIR.toUpperCase().replace(/\\/g, '/')}\\`;
    const a = await mcCtlRun(['status', '-M', MC_DIR, '--local-server', 'server1', '--json']);
    const b = await mcCtlRun(['status', '-M', spelled, '--local-server', 'server1', '--json']);
    assert.equal(a.code, 3, a.err);
    assert.equal(b.code, 3, `-M ${spelled}: ${b.err}`);
    const rows = (o: string) => {
      const j = JSON.parse(o) as {
        localServer: string;
        status: { servers: { serverId: string; hostRole: string }[] };
      };
      return [j.localServer, ...j.status.servers.map((x) => `${x.serverId}:${x.hostRole}`)];
    };
    assert.deepEqual(rows(b.out), rows(a.out));
    assert.equal(rows(a.out).length, 3);
  });

  it('loads a management directory whose name is not ASCII, and a db_instance with spaces', async () => {
    const dir = path.win32.join(ROOT, 'Données Paris');
    mkdirSync(dir, { recursive: true });
    writeProtected(
      path.win32.join(dir, 'network.conf'),
      'server1 127.0.0.1 27550\nserver2 127.0.0.1 27551\n',
    );
    for (const id of ['server1', 'server2'])
      writeProtected(
        path.win32.join(dir, `${id}.conf`),
        `db_instance = '${confPath(`C:\\pgc core\\data of ${id}`)}'\ndb_instance_service_name = 'pgcluster_wine_${id}'\n`,
      );
    const r = await mcCtlRun(['genkey', '-M', dir]);
    assert.equal(r.code, 0, r.err);
    const s = await mcCtlRun(['status', '-M', dir, '--local-server', 'server1']);
    assert.equal(s.code, 3, s.err); // loaded and answered from the files: no controller runs
    assert.match(s.out, /server1/);
    assert.match(s.out, /server2/);
  });

  it('mc_ctl start refuses a service that does not exist, and one that runs another instance', async () => {
    const r = await mcCtlRun(['start', '-M', MC_DIR, '--local-server', 'server1']);
    assert.equal(r.code, 1);
    assert.match(
      r.err,
      /there is no Windows service named "pgcluster_wine_server1".*Register-PgInstanceService/s,
    );
    const other = configuredInstance(
      { dbInstance: 'C:\\somewhere\\else', dbInstanceServiceName: need('PGCLUSTER_WINE_CORE_SERVICE') },
      findPgBinaries(),
    );
    await assert.rejects(
      other.assertService(),
      rejectsWith('SERVICE_MISMATCH', /runs the instance in C:\\pgcore, not db_instance C:\\somewhere\\else/),
    );
  });

  it('starts the instance through the SCM, and a fast stop leaves the service STOPPED', async () => {
    const service = need('PGCLUSTER_WINE_CORE_SERVICE');
    const instance = configuredInstance(
      { dbInstance: need('PGCLUSTER_WINE_CORE_DATA_DIR'), dbInstanceServiceName: service },
      findPgBinaries(),
    );
    assert.equal(instance.isRunning(), false);
    await instance.start(120);
    assert.equal((await queryService(service)).state, 'running');
    assert.ok(instance.postmasterPid(), 'no live postmaster after the service started');
    // An admin starting the running service by hand changes nothing.
    await instance.start(120);
    assert.equal(await instance.stop('fast', 60), 'fast');
    assert.equal(instance.isRunning(), false);
    const deadline = Date.now() + 30_000;
    let state = (await queryService(service)).state;
    while (state !== 'stopped' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      state = (await queryService(service)).state;
    }
    assert.equal(state, 'stopped');
  });

  it('an immediate stop (a fence) ends the instance, and the service follows it down', async () => {
    const service = need('PGCLUSTER_WINE_CORE_SERVICE');
    const instance = configuredInstance(
      { dbInstance: need('PGCLUSTER_WINE_CORE_DATA_DIR'), dbInstanceServiceName: service },
      findPgBinaries(),
    );
    await instance.start(120);
    assert.equal(await instance.stop('immediate', 60), 'immediate');
    const deadline = Date.now() + 30_000;
    let state = (await queryService(service)).state;
    while (state !== 'stopped' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      state = (await queryService(service)).state;
    }
    assert.equal(state, 'stopped');
  });
});

/**
 * A whole multiplexing pair on Windows binaries: two Windows PostgreSQL 15 servers (postgres.exe,
 * each run by Wine's Service Control Manager as its service) under two Mirroring Controllers, all
 * of it driven by mc_ctl running in Windows node.exe, with the management directory at a C:\ path.
 * Run by scripts/wine-stage with this machine's node: this file only plays the administrator (it
 * types mc_ctl commands) and the application (a writer that checks no acknowledged commit is lost).
 *
 * What stands in, and why it is honest:
 *  - pg_basebackup.exe, pg_receivewal.exe and pg_controldata.exe, which the Windows package lacks: the stage copies
 *    test/wine/linux-client.c (built as a Windows program) under those names into the test's
 *    PostgreSQL bin folder; it runs the Linux programs of the same major version, which speak the
 *    same protocol and read the same data directory format. mc_ctl finds and runs them as it would
 *    the real ones.
 *  - Protect-PgConfigFile (its icacls is a stub under Wine): each configuration file is protected
 *    with the real pgcluster-acl.exe, which sets the same owner-only DACL.
 *  - The Event Log: Wine's powershell.exe is a stub, so the controllers' system-log lines are lost
 *    (they say so in their log files); the log files are the record here.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Writer, type WriterServer } from '../support/writer.js';
import { freePort } from '../support/ports.js';
import { waitFor } from '../support/wait.js';

const env = process.env;
const wineReady = Boolean(env.PGCLUSTER_WINE && env.WINEPREFIX && env.PGCLUSTER_WINE_MC_CTL);
const skip = wineReady
  ? false
  : 'needs Wine with Windows PostgreSQL and node.exe: run scripts/wine-stage, which sets PGCLUSTER_WINE*';

function need(name: string): string {
  const v = env[name];
  assert.ok(v, `${name} is not set: run this file through scripts/wine-stage`);
  return v;
}

const PASSWORD = 'pair-secret-15';
const ROOT_WIN = 'C:\\pgpair';
const MC_DIR = `${ROOT_WIN}\\mc dir`;
const SERVERS = ['server1', 'server2'] as const;
type Id = (typeof SERVERS)[number];

/** The Unix path of a C:\ path in the prefix. */
function unixPath(win: string): string {
  assert.match(win, /^C:\\/);
  return path.join(need('WINEPREFIX'), 'drive_c', ...win.slice(3).split('\\'));
}

interface Ran {
  code: number;
  out: string;
}

/** A Windows program under Wine; output through files (Windows programs and Unix pipes do not mix). */
async function wine(args: string[], extraEnv: NodeJS.ProcessEnv = {}, timeoutMs = 240_000): Promise<Ran> {
  const scratch = path.join(need('WINEPREFIX'), 'drive_c', 'pgpair-out');
  mkdirSync(scratch, { recursive: true });
  const file = path.join(scratch, `${process.pid}-${Date.now()}-${Math.random().toString(16).slice(2)}`);
  const fd = openSync(file, 'w');
  try {
    const child = spawn(need('PGCLUSTER_WINE'), args, {
      stdio: ['ignore', fd, fd],
      env: { ...env, ...extraEnv, NODE_OPTIONS: '' },
    });
    const code = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${args.join(' ')}: no end within ${timeoutMs} ms`));
      }, timeoutMs);
      child.once('error', reject);
      child.once('exit', (c) => {
        clearTimeout(timer);
        resolve(c ?? 1);
      });
    });
    return { code, out: readFileSync(file, 'utf8').replace(/\r/g, '') };
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
}

/** mc_ctl in Windows node.exe, as an administrator would type it. */
function mcCtl(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return wine([need('PGCLUSTER_WINE_NODE_EXE'), need('PGCLUSTER_WINE_MC_CTL'), ...args], extraEnv);
}

async function mustMcCtl(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Ran> {
  const r = await mcCtl(args, extraEnv);
  assert.equal(r.code, 0, `mc_ctl ${args.join(' ')} exited ${r.code}:\n${r.out}`);
  return r;
}

const at = (id: Id) => ['-M', MC_DIR, '--local-server', id];

interface StatusJson {
  status: {
    mirroring: string;
    servers: { serverId: string; hostRole: string; dbProcStatus: string }[];
  };
}

/** mc_ctl status: its exit status is the pair's health (0 healthy, 1 degraded, 3 no answer). */
async function statusRun(args: string[]): Promise<Ran> {
  const r = await mcCtl(['status', ...args]);
  assert.ok([0, 1, 3].includes(r.code ?? -1), `mc_ctl status ${args.join(' ')} exited ${r.code}:\n${r.out}`);
  return r;
}

async function statusJson(from: Id): Promise<StatusJson['status']> {
  const r = await statusRun([...at(from), '--json']);
  return (JSON.parse(r.out.slice(r.out.indexOf('{'))) as StatusJson).status;
}

async function waitMirroring(want: string, from: Id, timeoutMs = 90_000): Promise<StatusJson['status']> {
  return waitFor(
    `mirroring status ${want} (seen from ${from})`,
    async () => {
      const st = await statusJson(from);
      return st.mirroring === want ? st : undefined;
    },
    { timeoutMs, intervalMs: 500 },
  );
}

/** `mc_ctl status` as an administrator reads it, printed for the stage's output. */
async function showStatus(from: Id, when: string, exitStatus: 0 | 1): Promise<string> {
  const r = await statusRun(at(from));
  console.log(
    `--- mc_ctl status ${at(from).join(' ')} (${when}), under Windows node.exe, exit status ${r.code}:\n${r.out.trimEnd()}`,
  );
  assert.equal(r.code, exitStatus, `mc_ctl status (${when}) exited ${r.code}`);
  return r.out;
}

const roleOf = (st: StatusJson['status'], id: Id) => st.servers.find((s) => s.serverId === id)?.hostRole;

/** One Windows server of the pair, as the writer and the checks see it. */
class WinServer implements WriterServer {
  constructor(
    readonly id: Id,
    readonly port: number,
    readonly dataDir: string,
    readonly service: string,
  ) {}
  connectionConfig(database = 'postgres'): pg.ClientConfig {
    return { host: '127.0.0.1', port: this.port, user: 'postgres', password: PASSWORD, database };
  }
  async sql<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    params: unknown[] = [],
  ): Promise<R[]> {
    const c = new pg.Client({ ...this.connectionConfig(), connectionTimeoutMillis: 10_000 });
    c.on('error', () => undefined);
    await c.connect();
    try {
      return (await c.query<R>(text, params)).rows;
    } finally {
      await c.end().catch(() => undefined);
    }
  }
  async inRecovery(): Promise<boolean> {
    const [row] = await this.sql<{ r: boolean }>('SELECT pg_is_in_recovery() AS r');
    return row?.r === true;
  }
  /** The postmaster's Windows pid, from postmaster.pid. */
  postmasterPid(): number | undefined {
    try {
      const pid = Number(
        readFileSync(path.join(unixPath(this.dataDir), 'postmaster.pid'), 'utf8').split('\n')[0],
      );
      return pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  }
}

/** Writes a configuration file, then protects it as Protect-PgConfigFile would (see the header). */
async function writeProtected(win: string, text: string): Promise<void> {
  writeFileSync(unixPath(win), text.replace(/\n/g, '\r\n'));
  const r = await wine([need('PGCLUSTER_WINE_ACL_TOOL'), 'protect', win]);
  assert.equal(r.code, 0, `pgcluster-acl.exe protect ${win}: ${r.out}`);
}

describe('a multiplexing pair of Windows PostgreSQL servers under Windows node.exe', { skip }, () => {
  const servers = {} as Record<Id, WinServer>;
  const pgBin = `${need('PGCLUSTER_WINE_PG_HOME')}\\bin`;
  const productEnv = { PG_BIN: pgBin };
  let writer: Writer | undefined;

  before(async () => {
    rmSync(unixPath(ROOT_WIN), { recursive: true, force: true });
    mkdirSync(unixPath(MC_DIR), { recursive: true });
    for (const id of SERVERS) {
      servers[id] = new WinServer(id, await freePort(), `${ROOT_WIN}\\${id}`, `pgcluster_pair_${id}`);
    }
    const s1 = servers.server1;
    // The primary as an administrator makes it: initdb with passwords, then its settings.
    writeFileSync(unixPath(`${ROOT_WIN}\\pw.txt`), `${PASSWORD}\n`);
    const init = await wine([
      `${pgBin}\\initdb.exe`,
      '-D',
      s1.dataDir,
      '-U',
      'postgres',
      '-A',
      'scram-sha-256',
      `--pwfile=${ROOT_WIN}\\pw.txt`,
      '-E',
      'UTF8',
      '--locale=C',
    ]);
    rmSync(unixPath(`${ROOT_WIN}\\pw.txt`));
    assert.equal(init.code, 0, init.out);
    const conf = unixPath(`${s1.dataDir}\\postgresql.conf`);
    writeFileSync(
      conf,
      readFileSync(conf, 'utf8') +
        `\r\nlisten_addresses = '127.0.0.1'\r\nport = ${s1.port}\r\nsynchronous_standby_names = 'server2'\r\n` +
        // The detection window below is 10 s: the WAL stream breaks no sooner.
        `wal_sender_timeout = '10s'\r\nwal_receiver_status_interval = '2s'\r\ntimezone = 'UTC'\r\n`,
    );
    for (const s of Object.values(servers)) {
      await wine([`${pgBin}\\pg_ctl.exe`, 'unregister', '-N', s.service]); // a run cut short left it
      const r = await wine([
        `${pgBin}\\pg_ctl.exe`,
        'register',
        '-N',
        s.service,
        '-D',
        s.dataDir,
        '-S',
        'demand',
      ]);
      assert.equal(r.code, 0, `pg_ctl register ${s.service}: ${r.out}`);
    }
    const [mc1, mc2] = [await freePort(), await freePort()];
    await writeProtected(`${MC_DIR}\\network.conf`, `server1 127.0.0.1 ${mc1}\nserver2 127.0.0.1 ${mc2}\n`);
    for (const s of Object.values(servers)) {
      await writeProtected(
        `${MC_DIR}\\${s.id}.conf`,
        [
          `db_instance = '${s.dataDir.replace(/\\/g, '\\\\')}'`,
          `db_instance_service_name = '${s.service}'`,
          `db_instance_user = 'postgres'`,
          `db_instance_password = '${PASSWORD}'`,
          // Wine makes every new backend a CreateProcess (about 0.3 s) and node.exe starts slowly:
          // a wider window than the Linux tests use, the same rules.
          'heartbeat_interval = 1000',
          'heartbeat_timeout = 4',
          'heartbeat_retry = 2',
          '',
        ].join('\n'),
      );
    }
    await mustMcCtl(['genkey', '-M', MC_DIR]);
  });

  after(async () => {
    await writer?.stop();
    await mcCtl(['stop', ...at('server1'), '-a'], productEnv).catch(() => undefined);
    for (const s of Object.values(servers)) {
      await mcCtl(['stop', ...at(s.id), '-e'], productEnv).catch(() => undefined);
      await wine(['sc', 'stop', s.service]).catch(() => undefined);
      await wine([`${pgBin}\\pg_ctl.exe`, 'unregister', '-N', s.service]).catch(() => undefined);
    }
  });

  it('mc_ctl start -w -f of the primary starts its Windows service as primary', async () => {
    await mustMcCtl(['start', ...at('server1'), '-w', '-f'], productEnv);
    assert.equal(await servers.server1.inRecovery(), false);
    const q = await wine(['sc', 'query', servers.server1.service]);
    assert.match(q.out, /STATE\s+:\s+4\s+RUNNING/, q.out);
  });

  it('mc_ctl setup builds the standby from it (pg_basebackup through the product), start -w -f: switchable', async () => {
    const s1 = servers.server1;
    const s2 = servers.server2;
    await mustMcCtl(
      [
        'setup',
        ...at('server2'),
        '-r',
        'standby',
        '-h',
        '127.0.0.1',
        '-p',
        String(s1.port),
        '-U',
        'postgres',
        `--instance-port=${s2.port}`,
      ],
      { ...productEnv, PGPASSWORD: PASSWORD },
    );
    await mustMcCtl(['start', ...at('server2'), '-w', '-f'], productEnv);
    const st = await waitMirroring('switchable', 'server1');
    assert.equal(roleOf(st, 'server1'), 'primary');
    assert.equal(roleOf(st, 'server2'), 'standby');
    assert.equal(await s2.inRecovery(), true);
    const [rep] = await s1.sql<{ application_name: string; sync_state: string }>(
      'SELECT application_name, sync_state FROM pg_stat_replication',
    );
    assert.deepEqual(rep, { application_name: 'server2', sync_state: 'sync' });
    // setup gave the standby its replication slot on the Windows primary (pg_basebackup -C -S).
    assert.deepEqual(await s1.sql('SELECT slot_name, active FROM pg_replication_slots'), [
      { slot_name: 'pgcluster_server2', active: true },
    ]);
    await showStatus('server1', 'after start of both', 0);
  });

  it('mc_ctl switch: server2 becomes the primary, status switched', async () => {
    await mustMcCtl(['switch', ...at('server1')], productEnv);
    const st = await waitMirroring('switched', 'server2');
    assert.equal(roleOf(st, 'server2'), 'primary');
    assert.equal(await servers.server2.inRecovery(), false);
    assert.equal(servers.server1.postmasterPid(), undefined, 'the old primary is stopped');
    assert.match(await showStatus('server2', 'after the switch', 1), /switched/);
  });

  it('mc_ctl setup rebuilds the old primary as the standby, start: switchable again, roles reversed', async () => {
    await mustMcCtl(['stop', ...at('server1')], productEnv);
    await mustMcCtl(
      [
        'setup',
        ...at('server1'),
        '-r',
        'standby',
        '-h',
        '127.0.0.1',
        '-p',
        String(servers.server2.port),
        '-U',
        'postgres',
      ],
      { ...productEnv, PGPASSWORD: PASSWORD },
    );
    await mustMcCtl(['start', ...at('server1'), '-w', '-f'], productEnv);
    const st = await waitMirroring('switchable', 'server2');
    assert.equal(roleOf(st, 'server2'), 'primary');
    assert.equal(roleOf(st, 'server1'), 'standby');
    assert.deepEqual(await servers.server2.sql('SELECT slot_name, active FROM pg_replication_slots'), [
      { slot_name: 'pgcluster_server1', active: true },
    ]);
    assert.match(await showStatus('server2', 'after the rebuild', 0), /switchable/);
  });

  it('kill of the primary postmaster: automatic failover to server1, no acknowledged commit lost', async () => {
    const w = new Writer([servers.server2, servers.server1]);
    writer = w;
    await w.prepare();
    w.start();
    await waitFor('commits flowing', () => w.acknowledged.length > 20, { timeoutMs: 60_000 });
    const pid = servers.server2.postmasterPid();
    assert.ok(pid, 'the primary has a postmaster.pid');
    // TerminateProcess, as Task Manager's "End task" or a crash would end it.
    const kill = await wine([need('PGCLUSTER_WINE_NODE_EXE'), '-e', `process.kill(${pid}, 'SIGKILL')`]);
    assert.equal(kill.code, 0, kill.out);
    const t0 = Date.now();
    const st = await waitMirroring('switched', 'server1', 120_000);
    console.log(`--- failover after the kill: switched seen from server1 after ${Date.now() - t0} ms`);
    assert.equal(roleOf(st, 'server1'), 'primary');
    const n = w.acknowledged.length;
    await waitFor('commits to resume on server1', () => w.acknowledged.length > n + 10, {
      timeoutMs: 60_000,
    });
    await w.stop();
    assert.deepEqual(await w.missingOn(servers.server1), [], 'no acknowledged commit lost');
    assert.ok(
      w.acks.some((a) => a.port === servers.server1.port),
      'the new primary took commits',
    );
    console.log(`--- writer: ${w.acknowledged.length} commits acknowledged, every one of them on server1`);
    await showStatus('server1', 'after the failover', 1);
  });

  it('mc_ctl stop -a stops both controllers and the surviving instance', async () => {
    await mustMcCtl(['stop', ...at('server1'), '-a'], productEnv);
    for (const s of Object.values(servers)) {
      const q = await wine(['sc', 'query', s.service]);
      assert.match(q.out, /STATE\s+:\s+1\s+STOPPED/, `${s.service}: ${q.out}`);
    }
    assert.equal(servers.server1.postmasterPid(), undefined);
  });
});

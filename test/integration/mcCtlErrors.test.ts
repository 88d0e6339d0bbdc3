/**
 * What a person can get wrong, on real servers: each mistake gets a clear error naming what and
 * where, exit status 1 (2 for usage), and leaves nothing started or half-changed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { McPair } from '../support/mcPair.js';
import { superuserPassword, writeOwnedFile } from '../support/instance.js';
import { instanceUser } from '../support/osuser.js';
import { freePort } from '../support/ports.js';
import { AdminClient } from '../../src/controller/adminNet.js';
import { sleep, waitFor } from '../support/wait.js';

function confPath(pair: McPair, id: string): string {
  return path.join(pair.mcDir, `${id}.conf`);
}

describe('mc_ctl refuses bad input before touching anything', () => {
  let pair: McPair;
  let original: string;
  before(async () => {
    pair = await McPair.configure();
    original = readFileSync(confPath(pair, 'server1'), 'utf8');
  });
  after(async () => {
    await pair?.teardown();
  });

  async function startFails(pattern: RegExp): Promise<void> {
    const r = await McPair.mcCtl(['start', ...pair.at('server1'), '-w']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, pattern);
    assert.equal(pair.s1.instance.pid(), undefined, 'the instance was not started');
    assert.deepEqual(pair.processes(), [], 'no controller was left running');
  }

  it('a 65-byte server identifier in network.conf', async () => {
    const file = path.join(pair.mcDir, 'network.conf');
    const good = readFileSync(file, 'utf8');
    writeOwnedFile(file, good.replace(/^server2 /m, `${'s'.repeat(65)} `));
    try {
      const r = await McPair.mcCtl(['start', '-M', pair.mcDir, '--local-server', 'server1', '-w']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /network\.conf:3: .*65 bytes/);
      assert.equal(pair.s1.instance.pid(), undefined);
    } finally {
      writeOwnedFile(file, good);
    }
  });

  it('port 65536 and a non-numeric port', async () => {
    const file = path.join(pair.mcDir, 'network.conf');
    const good = readFileSync(file, 'utf8');
    writeOwnedFile(
      file,
      good.replace(/^(server1 \S+) \d+/m, '$1 65536').replace(/^(server2 \S+) \d+/m, '$1 26540x'),
    );
    try {
      const r = await McPair.mcCtl(['status', ...pair.at('server1')]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /network\.conf:2: .*65536/);
      assert.match(r.stderr, /network\.conf:3: .*26540x/);
    } finally {
      writeOwnedFile(file, good);
    }
  });

  it('configuration files readable by others are refused, naming the file', async () => {
    const file = confPath(pair, 'server1');
    chmodSync(file, 0o644);
    try {
      const r = await McPair.mcCtl(['status', ...pair.at('server1')]);
      assert.equal(r.code, 1);
      assert.ok(r.stderr.includes(file), r.stderr);
      assert.match(r.stderr, /group can read.*others can read|chmod 600/s);
    } finally {
      chmodSync(file, 0o600);
    }
  });

  it('heartbeat parameters out of range name their allowed range', async () => {
    writeOwnedFile(
      confPath(pair, 'server1'),
      `${original}heartbeat_interval = 0\nheartbeat_timeout = 0\nheartbeat_retry = -1\nremote_call_timeout = -1\n`,
    );
    try {
      await startFails(/heartbeat_interval.*1.*2147483647/);
    } finally {
      writeOwnedFile(confPath(pair, 'server1'), original);
    }
  });

  it('db_instance that is not a data directory', async () => {
    writeOwnedFile(confPath(pair, 'server1'), `${original}db_instance = '${pair.mcDir}'\n`);
    try {
      await startFails(/not a PostgreSQL data directory/);
    } finally {
      writeOwnedFile(confPath(pair, 'server1'), original);
    }
  });

  it('a non-ASCII data directory path', async () => {
    writeOwnedFile(confPath(pair, 'server1'), `${original}db_instance = '/tmp/データ'\n`);
    try {
      await startFails(/db_instance.*ASCII|ASCII.*db_instance/);
    } finally {
      writeOwnedFile(confPath(pair, 'server1'), original);
    }
  });

  it('an unknown --local-server, and none on a same-host pair', async () => {
    const r = await McPair.mcCtl(['status', '-M', pair.mcDir, '--local-server', 'nosuch']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /nosuch/);
    assert.match(r.stderr, /server1.*server2|server2.*server1/);
    const amb = await McPair.mcCtl(['start', '-M', pair.mcDir, '-w']);
    assert.equal(amb.code, 1);
    assert.match(amb.stderr, /--local-server/);
  });

  it('usage errors exit 2', async () => {
    const r = await McPair.mcCtl(['start', ...pair.at('server1'), '--standby-name=x']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /start: unknown option '--standby-name'/);
  });

  it('a missing key file says how to create and copy it', async () => {
    const key = path.join(pair.mcDir, 'mc.key');
    const saved = readFileSync(key, 'utf8');
    writeFileSync(key, '');
    try {
      const r = await McPair.mcCtl(['start', ...pair.at('server1'), '-w']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /mc\.key/);
    } finally {
      writeOwnedFile(key, saved);
    }
  });

  for (const [what, name] of [
    ["the controller's output file", 'server1.controller.out'],
    ["the controller's log", 'server1.mc.log'],
  ] as const) {
    it(`a symbolic link planted as ${what} is refused before anything starts, and its target untouched`, async () => {
      const planted = path.join(pair.mcDir, name);
      const victim = path.join(path.dirname(pair.mcDir), `victim-of-${name}`);
      writeFileSync(victim, 'precious\n');
      rmSync(planted, { force: true });
      symlinkSync(victim, planted);
      try {
        await startFails(new RegExp(`${name.replace(/\./g, '\\.')} is a symbolic link`));
        assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
      } finally {
        rmSync(planted, { force: true });
        rmSync(victim, { force: true });
      }
    });
  }

  it('a core_file_path that does not exist fails the start, naming the file and the directory', async () => {
    const file = path.join(pair.mcDir, 'server1.conf');
    const good = readFileSync(file, 'utf8');
    const missing = path.join(path.dirname(pair.mcDir), 'no-such-core-dir');
    writeOwnedFile(file, `${good}core_file_path = '${missing}'\n`);
    try {
      await startFails(
        new RegExp(`server1\\.conf: core_file_path ${missing.replace(/[.]/g, '\\.')} does not exist`),
      );
    } finally {
      writeOwnedFile(file, good);
    }
  });

  it('an admin port already in use fails the start with nothing left running', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(pair.s1.mcPort, '127.0.0.1', r));
    try {
      await startFails(new RegExp(String(pair.s1.mcPort)));
      // The refusal stays in the controller's log (and the system log) for whoever looks later.
      assert.match(
        readFileSync(path.join(pair.mcDir, 'server1.mc.log'), 'utf8'),
        new RegExp(
          `ERROR: Mirroring Controller of server server1 did not start: .*${pair.s1.mcPort}.* \\(MCA00302\\)`,
        ),
      );
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it('JSON output carries the error code for scripts', async () => {
    const r = await McPair.mcCtl(['status', '-M', pair.mcDir, '--local-server', 'nosuch', '--json']);
    assert.equal(r.code, 1);
    const j = r.json as { ok: boolean; error: { code: string; message: string } };
    assert.equal(j.ok, false);
    assert.equal(j.error.code, 'LOCAL_SERVER_UNKNOWN');
  });
});

describe('mc_ctl setup refuses a bad primary and leaves the old data directory alone', () => {
  let pair: McPair;
  before(async () => {
    pair = await McPair.configure();
    await pair.must(['start', ...pair.at('server1'), '-w']);
    // A stale directory where the standby goes: setup must replace it only on success.
    mkdirSync(pair.s2.dataDir, { mode: 0o700 });
    const u = instanceUser();
    if (u.switched) chownSync(pair.s2.dataDir, u.uid, u.gid);
    writeOwnedFile(path.join(pair.s2.dataDir, 'KEEP_ME'), 'stale data\n');
  });
  after(async () => {
    await pair?.teardown();
  });

  async function setupFails(args: string[], pattern: RegExp): Promise<void> {
    const before = readdirSync(pair.s2.dataDir).sort();
    assert.ok(before.includes('KEEP_ME'));
    const r = await McPair.mcCtl(['setup', ...pair.at('server2'), '-r', 'standby', ...args]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, pattern);
    const after = readdirSync(pair.s2.dataDir).sort();
    assert.deepEqual(after, before, 'the data directory was left as it was');
    const leftovers = readdirSync(path.dirname(pair.s2.dataDir)).filter((n) => n.includes('.setup-'));
    assert.deepEqual(leftovers, [], 'no temporary copy left behind');
  }

  it('an unreachable primary', async () => {
    const closed = await freePort();
    await setupFails(
      ['-h', '127.0.0.1', '-p', String(closed), '-U', pair.s1.instance.user, '-P', 'x'],
      /check -h and -p/,
    );
  });

  it('a wrong password', async () => {
    await setupFails(
      ['-h', '127.0.0.1', '-p', String(pair.s1.port), '-U', pair.s1.instance.user, '-P', 'wrong-password'],
      /refused the password/,
    );
  });

  it("a standby name the primary's synchronous_standby_names does not list", async () => {
    await setupFails(
      [
        '-h',
        '127.0.0.1',
        '-p',
        String(pair.s1.port),
        '-U',
        pair.s1.instance.user,
        '-P',
        superuserPassword,
        '--standby-name=standbyX',
        `--instance-port=${pair.s2.port}`,
      ],
      /does not name 'standbyX'.*\n.*--standby-name=server2/,
    );
  });

  it('a primary that trusts replication connections', async () => {
    const hba = path.join(pair.s1.dataDir, 'pg_hba.conf');
    const good = readFileSync(hba, 'utf8');
    writeOwnedFile(hba, `host replication all 127.0.0.2/32 trust\n${good}`);
    try {
      await pair.s1.instance.sql('SELECT pg_reload_conf()');
      await setupFails(
        [
          '-h',
          '127.0.0.1',
          '-p',
          String(pair.s1.port),
          '-U',
          pair.s1.instance.user,
          '-P',
          superuserPassword,
          `--instance-port=${pair.s2.port}`,
        ],
        /trust/,
      );
    } finally {
      writeOwnedFile(hba, good);
      await pair.s1.instance.sql('SELECT pg_reload_conf()');
    }
  });

  it('succeeds over the stale directory; the -P password goes into an owner-only passfile, not the configuration', async () => {
    await pair.setup('server2', 'server1');
    const conf = readFileSync(path.join(pair.s2.dataDir, 'postgresql.conf'), 'utf8');
    assert.ok(!conf.includes(superuserPassword));
    assert.match(conf, /^primary_conninfo = '.*application_name=server2.*passfile=/m);
    const passfile = path.join(pair.mcDir, 'server2.pgpass');
    assert.equal(statSync(passfile).mode & 0o077, 0);
    assert.equal(
      existsSync(path.join(pair.s2.dataDir, 'KEEP_ME')),
      false,
      'the stale directory was replaced',
    );
  });

  it('takes the password from PGPASSWORD when -P is not given (kept out of the process list)', async () => {
    const passfile = path.join(pair.mcDir, 'server2.pgpass');
    rmSync(passfile, { force: true });
    const r = await McPair.mcCtl(
      [
        'setup',
        ...pair.at('server2'),
        '-r',
        'standby',
        '-h',
        '127.0.0.1',
        '-p',
        String(pair.s1.port),
        '-U',
        pair.s1.instance.user,
        `--instance-port=${pair.s2.port}`,
      ],
      { env: { PGPASSWORD: superuserPassword } },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(statSync(passfile).mode & 0o077, 0);
    assert.match(
      readFileSync(passfile, 'utf8'),
      new RegExp(`:replication:${pair.s1.instance.user}:${superuserPassword}$`, 'm'),
    );
  });

  it('a frame from a peer with the wrong key is refused and logged', async () => {
    const c = new AdminClient({
      host: '127.0.0.1',
      port: pair.s1.mcPort,
      key: Buffer.alloc(32, 7),
      selfId: 'server2',
      peerId: 'server1',
      connectTimeoutMs: 2000,
    });
    try {
      await assert.rejects(c.call('status', {}, 2000), (e: Error & { code?: string }) =>
        /PEER_REFUSED|PROTOCOL/.test(e.code ?? ''),
      );
    } finally {
      c.close();
    }
    await waitFor(
      'MCA00401 in the log',
      () => /refused an admin-network connection .*\(MCA00401\)/.test(pair.log('server1')),
      {
        timeoutMs: 10_000,
      },
    );
  });

  it('a flood of refused connections from one host is one line a minute, not one each', async () => {
    const from = pair.log('server1').length;
    const garbage = Buffer.from('GET / HTTP/1.0\r\n\r\n');
    for (let round = 0; round < 4; round++)
      await Promise.all(
        Array.from(
          { length: 50 },
          () =>
            new Promise<void>((resolve) => {
              const sock = net.connect(pair.s1.mcPort, '127.0.0.1', () => sock.end(garbage));
              // Read what the server says (a busy notice past the waiting room): a paused socket
              // never sees the server close it.
              sock.resume();
              sock.on('error', () => resolve());
              sock.on('close', () => resolve());
            }),
        ),
      );
    await sleep(500);
    const added = pair.log('server1').slice(from);
    const refusals = added.match(/\(MCA00401\)/g) ?? [];
    assert.ok(refusals.length <= 1, `200 refused connections wrote ${refusals.length} MCA00401 lines`);
    assert.ok(added.split('\n').length < 10, `the flood wrote:\n${added.slice(0, 2000)}`);
    // The controller still answers (this primary has no standby: degraded, exit status 1).
    const st = await pair.statusRun('server1', '--json');
    assert.equal(st.code, 1, st.stderr);
    assert.equal((st.json as { status: { answeredBy: string } }).status.answeredBy, 'server1');
  });
});

describe('mc_ctl start checks the instance settings', () => {
  let pair: McPair;
  let confFile: string;
  let good: string;
  before(async () => {
    pair = await McPair.configure();
    confFile = path.join(pair.s1.dataDir, 'postgresql.conf');
    good = readFileSync(confFile, 'utf8');
  });
  after(async () => {
    await pair?.teardown();
  });

  async function restore(): Promise<void> {
    await McPair.mcCtl(['stop', ...pair.at('server1')]);
    writeOwnedFile(confFile, good);
  }

  it('refuses wal_level = minimal, naming the parameter, and starts nothing', async () => {
    writeOwnedFile(confFile, `${good}\nwal_level = minimal\nmax_wal_senders = 0\n`);
    try {
      const r = await McPair.mcCtl(['start', ...pair.at('server1'), '-w']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /wal_level/);
      assert.match(r.stderr, /max_wal_senders/);
      assert.equal(pair.s1.instance.pid(), undefined);
    } finally {
      await restore();
    }
  });

  it('warns (on stderr and in the log) when wal_sender_timeout differs from the detection window', async () => {
    writeOwnedFile(confFile, `${good}\nwal_sender_timeout = '60s'\n`);
    try {
      const r = await McPair.mcCtl(['start', ...pair.at('server1'), '-w']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /WARNING: .*wal_sender_timeout.*60000.*2600/s);
      assert.match(pair.log('server1'), /WARNING: .*wal_sender_timeout.* \(MCA00301\)/);
    } finally {
      await restore();
    }
  });

  it("translates the manual's 9.x names with a warning, and the instance starts", async () => {
    writeOwnedFile(confFile, `${good}\nwal_level = hot_standby\nwal_keep_segments = 32\n`);
    try {
      const r = await McPair.mcCtl(['start', ...pair.at('server1'), '-w']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /wal_keep_segments.*wal_keep_size/);
      // The harness already sets wal_keep_size, which wins; the 9.x line is only commented out.
      assert.match(readFileSync(confFile, 'utf8'), /^#\s*wal_keep_segments = 32/m);
      const [row] = await pair.s1.instance.sql<{ s: string }>("SELECT current_setting('wal_level') AS s");
      assert.equal(row?.s, 'replica');
    } finally {
      await restore();
    }
  });
});

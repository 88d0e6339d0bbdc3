/**
 * Chaos on real pairs: kill, freeze and break one side while a writer commits continuously, then
 * check the end state, that at most one primary accepts writes, and that no acknowledged commit
 * is missing on the survivor. Test settings: heartbeat_interval 300 ms, heartbeat_timeout 1 s,
 * heartbeat_retry 2, so the detection window is 2.6 s.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { McPair, type Status } from '../support/mcPair.js';
import { Writer } from '../support/writer.js';
import { PrimaryWatch } from '../support/primaryWatch.js';
import { sleep, waitFor } from '../support/wait.js';
import { ownedTempDir, writeOwnedFile, type TestInstance } from '../support/instance.js';

const WINDOW_MS = 2600;

async function writable(i: TestInstance): Promise<boolean> {
  try {
    const [r] = await i.sql<{ ro: string }>("SELECT current_setting('transaction_read_only') AS ro");
    return r?.ro === 'off';
  } catch {
    return false;
  }
}

/** Builds a pair with failover armed, a running writer and a two-primaries watch. */
async function armedPair(failover = true): Promise<{ pair: McPair; writer: Writer; watch: PrimaryWatch }> {
  const pair = await McPair.build({ failover });
  const writer = new Writer([pair.s1.instance, pair.s2.instance]);
  await writer.prepare();
  writer.start();
  await waitFor('commits flowing', () => writer.acknowledged.length > 20);
  return { pair, writer, watch: new PrimaryWatch([pair.s1.instance, pair.s2.instance]) };
}

/** Registers a suite's pair, writer and watch: built before its tests, stopped after them. */
function useArmedPair(
  failover: boolean,
  set: (a: { pair: McPair; writer: Writer; watch: PrimaryWatch }) => void,
): void {
  let armed: Awaited<ReturnType<typeof armedPair>> | undefined;
  before(async () => {
    armed = await armedPair(failover);
    set(armed);
  });
  after(async () => {
    await armed?.watch.stop();
    await armed?.writer.stop();
    await armed?.pair.teardown();
  });
}

/** Stops the watch and asserts it never saw both servers writable at once. */
async function assertNeverTwoPrimaries(watch: PrimaryWatch): Promise<void> {
  await watch.stop();
  assert.ok(watch.samples > 0, 'the watch sampled the servers');
  assert.deepEqual(watch.bothWritableAt, [], 'both servers accepted writes at the same moment');
}

async function commitsResume(writer: Writer, timeoutMs = 20_000): Promise<void> {
  const n = writer.acknowledged.length;
  await waitFor('commits to resume', () => writer.acknowledged.length > n + 10, { timeoutMs });
}

/** Asserts the switch to server2 happened, never with two primaries, and lost nothing. */
async function assertSwitchedTo2(
  pair: McPair,
  writer: Writer,
  resource: string,
  watch?: PrimaryWatch,
): Promise<void> {
  const st = await pair.waitMirroring('switched', 'server2', 20_000);
  assert.equal(pair.row(st, 'server2').hostRole, 'primary');
  await commitsResume(writer);
  await writer.stop();
  assert.deepEqual(await writer.missingOn(pair.s2.instance), [], 'no acknowledged commit lost');
  if (watch) await assertNeverTwoPrimaries(watch);
  assert.equal(await writable(pair.s1.instance), false, 'the old primary does not accept writes');
  assert.match(pair.log('server2'), /promotion processing completed \(MCA00062\)/);
  const j = await pair.statusJson('server2');
  assert.equal(j.lastError?.server, 'server1');
  assert.equal(j.lastError?.resource, resource);
  assert.equal(j.lastError?.action, 'switch');
}

describe('kill -9 of the primary postmaster', () => {
  let pair: McPair;
  let writer: Writer;
  let watch: PrimaryWatch;
  useArmedPair(true, (a) => ({ pair, writer, watch } = a));

  it('promotes the standby, fences the old primary, loses nothing', async () => {
    pair.s1.instance.kill9();
    await assertSwitchedTo2(pair, writer, 'db_proc_status', watch);
    const st = await pair.status('server2');
    assert.equal(pair.row(st, 'server1').hostRole, 'none(inactivated primary)');
    assert.equal(pair.row(st, 'server1').dbProcStatus, 'abnormal(postmaster)');
  });
});

describe('kill -9 of the standby postmaster', () => {
  let pair: McPair;
  let writer: Writer;
  let watch: PrimaryWatch;
  useArmedPair(true, (a) => ({ pair, writer, watch } = a));

  it('disconnects the standby: commits go on, status not-switchable, the primary is unchanged', async () => {
    pair.s2.instance.kill9();
    const st = await pair.waitMirroring('not-switchable', 'server1', 20_000);
    assert.equal(pair.row(st, 'server1').hostRole, 'primary');
    await commitsResume(writer);
    await writer.stop();
    assert.deepEqual(await writer.missingOn(pair.s1.instance), []);
    const [row] = await pair.s1.instance.sql<{ s: string }>(
      "SELECT current_setting('synchronous_standby_names') AS s",
    );
    assert.equal(row?.s, '');
    assert.match(pair.log('server1'), /standby server2 disconnected.*\(MCA00203\)/);
    // The standby's controller counts its own failures on the way (heartbeat_retry 2).
    assert.match(
      pair.log('server2'),
      /WARNING: db_proc_status of server server2 is abnormal \(postmaster is not running\); failure 1 of 2 \(MCA00101\)/,
    );
    const j = await pair.statusJson('server1');
    assert.equal(j.lastError?.action, 'disconnect');
    await assertNeverTwoPrimaries(watch);
    assert.equal(await pair.s2.instance.isRunning(), false);
  });
});

describe('kill -9 of the primary controller alone', () => {
  let pair: McPair;
  let writer: Writer;
  let watch: PrimaryWatch;
  useArmedPair(true, (a) => ({ pair, writer, watch } = a));

  it('is a network fault while WAL still streams: no switch, a warning, writes go on', async () => {
    const pid = pair.controllerPid('server1');
    assert.ok(pid);
    process.kill(pid, 'SIGKILL');
    await sleep(2 * WINDOW_MS);
    assert.equal(await pair.s2.instance.inRecovery(), true, 'the standby did not promote');
    assert.equal(await writable(pair.s1.instance), true);
    assert.doesNotMatch(pair.log('server2'), /MCA00062/);
    assert.match(pair.log('server2'), /while WAL still streams: treated as a network fault.*\(MCA00104\)/);
    for (const n of [1, 2]) {
      assert.match(
        pair.log('server2'),
        new RegExp(
          `WARNING: host_status of server server1 is abnormal \\(.*\\); failure ${n} of 2 \\(MCA00101\\)`,
        ),
      );
    }
    assert.doesNotMatch(pair.log('server2'), /failure 3 of 2/, 'failures past the limit stay quiet');
    await commitsResume(writer);
    await assertNeverTwoPrimaries(watch);
  });

  it('the controller restarted with --mc-only takes over again: switchable', async () => {
    await pair.must(['start', ...pair.at('server1'), '--mc-only', '-w', '-f']);
    await pair.waitMirroring('switchable', 'server1');
    await waitFor('the standby to log the primary normal again', () =>
      /INFO: host_status of server server1 is normal again \(MCA00103\)/.test(pair.log('server2')),
    );
  });
});

describe('kill -9 of the whole primary side (controller, postmaster, every backend)', () => {
  let pair: McPair;
  let writer: Writer;
  let watch: PrimaryWatch;
  useArmedPair(true, (a) => ({ pair, writer, watch } = a));

  it('promotes the standby once heartbeats and WAL are both gone', async () => {
    pair.killSide('server1');
    await assertSwitchedTo2(pair, writer, 'host_status', watch);
  });
});

describe('a failing disk on the primary', () => {
  let pair: McPair;
  let writer: Writer;
  let watch: PrimaryWatch;
  useArmedPair(true, (a) => ({ pair, writer, watch } = a));

  it("the controller's probe file cannot be written: the standby takes over", async () => {
    // A directory where the probe file goes makes every probe fail with an I/O error (EISDIR).
    // The probe creates and deletes that file every interval: retry while it briefly exists.
    const target = path.join(pair.s1.dataDir, 'pgsql_tmp_mc_probe_server1');
    await waitFor(
      'the probe file name to be free for the directory',
      () => {
        try {
          mkdirSync(target);
          return true;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
          throw e;
        }
      },
      { timeoutMs: 5000 },
    );
    await assertSwitchedTo2(pair, writer, 'disk_status', watch);
  });
});

describe('an automatic disconnection that cannot be written', () => {
  let pair: McPair;
  let writer: Writer;
  let watch: PrimaryWatch;
  useArmedPair(true, (a) => ({ pair, writer, watch } = a));

  it('is reported once as FATAL (MCA00206) with what to do, tried again, and done once the cause is gone', async () => {
    // synchronous_standby_names moves to an included file in a directory nobody but root may
    // write in: the controller's edit (a new file renamed over the old) then fails.
    const roDir = ownedTempDir('ro-conf');
    const included = path.join(roDir, 'sync.conf');
    writeOwnedFile(included, "synchronous_standby_names = 'server2'\n");
    const mainConf = path.join(pair.s1.dataDir, 'postgresql.conf');
    writeOwnedFile(mainConf, `${readFileSync(mainConf, 'utf8')}\ninclude '${included}'\n`);
    await pair.s1.instance.sql('SELECT pg_reload_conf()');
    chmodSync(roDir, 0o555);
    try {
      pair.s2.instance.kill9();
      await waitFor('MCA00206 in the primary log', () => /\(MCA00206\)/.test(pair.log('server1')), {
        timeoutMs: 20_000,
      });
      assert.match(
        pair.log('server1'),
        /FATAL: disconnection of standby server2 failed: .*EACCES.*; commits on this primary wait for the standby until it leaves synchronous_standby_names: fix the cause .*comment that line out in .*postgresql\.conf and run pg_ctl reload -D .* \(MCA00206\)/,
      );
      const n = writer.acknowledged.length;
      await sleep(2 * WINDOW_MS);
      assert.ok(writer.acknowledged.length <= n + 1, 'commits wait while the standby is still required');
      assert.equal(
        pair.log('server1').match(/\(MCA00206\)/g)?.length,
        1,
        'reported once, not every interval',
      );
    } finally {
      chmodSync(roDir, 0o755);
    }
    await waitFor(
      'the disconnection once the file can be written',
      () => /standby server2 disconnected.*\(MCA00203\)/.test(pair.log('server1')),
      { timeoutMs: 20_000 },
    );
    await commitsResume(writer);
    await writer.stop();
    assert.deepEqual(await writer.missingOn(pair.s1.instance), []);
    assert.match(readFileSync(included, 'utf8'), /^#.*synchronous_standby_names/m);
    await assertNeverTwoPrimaries(watch);
  });
});

describe('SIGSTOP of the primary postmaster', () => {
  let pair: McPair;
  let writer: Writer;
  let watch: PrimaryWatch;
  useArmedPair(true, (a) => ({ pair, writer, watch } = a));

  it('shorter than the detection window: no switch', async () => {
    const pid = pair.s1.instance.pid()!;
    process.kill(pid, 'SIGSTOP');
    await sleep(700);
    process.kill(pid, 'SIGCONT');
    await sleep(2 * WINDOW_MS);
    assert.equal(await pair.s2.instance.inRecovery(), true);
    assert.doesNotMatch(pair.log('server2'), /MCA00062/);
  });

  it('longer than the detection window: the standby takes over and the frozen primary is fenced', async () => {
    const pid = pair.s1.instance.pid()!;
    process.kill(pid, 'SIGSTOP');
    try {
      await assertSwitchedTo2(pair, writer, 'db_proc_status', watch);
    } finally {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        /* fenced and gone */
      }
    }
    await waitFor('the old postmaster to be gone', () => !pair.s1.instance.pid(), { timeoutMs: 20_000 });
  });
});

describe('failover not enabled', () => {
  let pair: McPair;
  let writer: Writer;
  let watch: PrimaryWatch;
  useArmedPair(false, (a) => ({ pair, writer, watch } = a));

  it('a dead primary is detected and reported, and nothing is promoted', async () => {
    pair.s1.instance.kill9();
    await sleep(2 * WINDOW_MS);
    assert.equal(await pair.s2.instance.inRecovery(), true);
    assert.match(
      pair.log('server2'),
      /ERROR: automatic failover is disabled: db_proc_status abnormal.*\(MCA00105\)/,
    );
    const st = await pair.status('server2');
    assert.equal(pair.row(st, 'server1').dbProcStatus, 'abnormal(postmaster)');
  });

  it('enable-failover arms it: the standby then takes over', async () => {
    await pair.must(['enable-failover', ...pair.at('server2')]);
    await assertSwitchedTo2(pair, writer, 'db_proc_status', watch);
  });
});

/** iptables rules that drop what is sent to the controllers' admin ports on loopback. */
function iptables(action: '-I' | '-D', port: number): boolean {
  try {
    execFileSync(
      'iptables',
      [action, 'INPUT', '-i', 'lo', '-p', 'tcp', '--dport', String(port), '-j', 'DROP'],
      {
        stdio: 'ignore',
      },
    );
    return true;
  } catch {
    return false;
  }
}

const canPartition = process.geteuid?.() === 0 && iptables('-I', 1) && iptables('-D', 1);

describe(
  'admin network cut while WAL still streams',
  { skip: canPartition ? false : 'needs root and iptables' },
  () => {
    let pair: McPair;
    let writer: Writer;
    let watch: PrimaryWatch;
    before(async () => ({ pair, writer, watch } = await armedPair()));
    after(async () => {
      for (const p of [pair.s1.mcPort, pair.s2.mcPort]) iptables('-D', p);
      await watch?.stop();
      await writer?.stop();
      await pair?.teardown();
    });

    it('is a network fault on both sides: warnings, no switch, no disconnection, writes go on', async () => {
      const logStart = { server1: pair.log('server1').length, server2: pair.log('server2').length };
      for (const p of [pair.s1.mcPort, pair.s2.mcPort]) assert.ok(iptables('-I', p));
      await sleep(2 * WINDOW_MS + 1000);
      assert.equal(await pair.s2.instance.inRecovery(), true, 'the standby did not promote');
      assert.equal(await writable(pair.s1.instance), true);
      const [row] = await pair.s1.instance.sql<{ s: string }>(
        "SELECT current_setting('synchronous_standby_names') AS s",
      );
      assert.equal(row?.s, 'server2', 'the standby was not disconnected');
      for (const id of ['server1', 'server2'] as const) {
        const since = pair.log(id).slice(logStart[id]);
        assert.match(since, /treated as a network fault, no switch \(MCA00104\)/);
        assert.doesNotMatch(since, /MCA00062|MCA00203/);
      }
      await commitsResume(writer);
      await assertNeverTwoPrimaries(watch);
    });

    it('heals: once the network is back the pair is switchable and monitored again', async () => {
      for (const p of [pair.s1.mcPort, pair.s2.mcPort]) iptables('-D', p);
      await waitFor(
        'heartbeats again',
        async () => (await pair.status('server1')).servers.every((s) => s.hostStatus === 'normal'),
        {
          timeoutMs: 20_000,
        },
      );
      await pair.waitMirroring('switchable', 'server2');
    });
  },
);

describe('a standby that the primary dropped from sync (safety rule 1)', () => {
  let pair: McPair;
  let writer: Writer;
  let watch: PrimaryWatch;
  let walreceiver = 0;
  before(async () => ({ pair, writer, watch } = await armedPair()));
  after(async () => {
    if (walreceiver) process.kill(walreceiver, 'SIGCONT');
    await watch?.stop();
    await writer?.stop();
    await pair?.teardown();
  });

  it('a hung walreceiver makes commits wait: the primary drops the standby after the window', async () => {
    const [wr] = await pair.s2.instance.sql<{ pid: number }>('SELECT pid FROM pg_stat_wal_receiver');
    assert.ok(wr?.pid);
    walreceiver = wr.pid;
    const from = pair.log('server1').length;
    process.kill(walreceiver, 'SIGSTOP');
    await waitFor(
      'the primary to drop the standby',
      () => /commits have waited .*\n?.*MCA00203|MCA00203/s.test(pair.log('server1').slice(from)),
      {
        timeoutMs: 20_000,
      },
    );
    await commitsResume(writer);
  });

  it('is never promoted when the primary then dies: commits made without it would be lost', async () => {
    await sleep(1500); // the standby hears from the primary that it is no longer in sync
    const from = pair.log('server2').length;
    pair.s1.instance.kill9();
    await sleep(2 * WINDOW_MS);
    assert.equal(await pair.s2.instance.inRecovery(), true, 'not promoted');
    assert.match(
      pair.log('server2').slice(from),
      /was not in sync at its last observation: it will not promote.*\(MCA00106\)/,
    );
    process.kill(walreceiver, 'SIGCONT');
    walreceiver = 0;
    await assertNeverTwoPrimaries(watch);
  });
});

describe('an automatic switch that cannot complete (manual fallback)', () => {
  let pair: McPair;
  let writer: Writer;
  let watch: PrimaryWatch;
  let conf: string;
  let good: string;
  before(async () => {
    ({ pair, writer, watch } = await armedPair());
    conf = path.join(pair.s2.dataDir, 'postgresql.conf');
    good = readFileSync(conf, 'utf8');
  });
  after(async () => {
    await watch?.stop();
    await writer?.stop();
    await pair?.teardown();
  });

  it('is reported, not retried, and mc_ctl switch --force finishes it once the cause is fixed', async () => {
    // A syntax error in the standby's configuration: reloads are refused, so the switch cannot
    // make the new primary stop waiting for the old one, and must not promote.
    writeOwnedFile(conf, `${good}\nbroken_line = 'no closing quote\n`);
    const from = pair.log('server2').length;
    pair.s1.instance.kill9();
    await waitFor(
      'the failed switch to be reported',
      () => /automatic switch abandoned.*\(MCA00107\)/.test(pair.log('server2').slice(from)),
      {
        timeoutMs: 30_000,
      },
    );
    assert.equal(await pair.s2.instance.inRecovery(), true, 'nothing was promoted');
    assert.equal(
      (
        pair
          .log('server2')
          .slice(from)
          .match(/switch started/g) ?? []
      ).length,
      1,
      'not retried',
    );
    writeOwnedFile(conf, readFileSync(conf, 'utf8').replace(/\nbroken_line = 'no closing quote\n/, '\n'));
    const r = await McPair.mcCtl(['switch', ...pair.at('server2'), '--force']);
    assert.equal(r.code, 0, r.stderr);
    await assertSwitchedTo2(pair, writer, 'db_proc_status', watch);
  });
});

describe('a frozen primary host (every process of the primary side stopped)', () => {
  let pair: McPair;
  let writer: Writer;
  let watch: PrimaryWatch;
  let frozen: number[] = [];
  let frozenAt = 0;
  before(async () => {
    ({ pair, writer, watch } = await armedPair());
    await watch.stop(); // a thawing primary briefly opens sessions; what matters is that it acknowledges nothing
  });
  after(async () => {
    pair.thaw(frozen);
    await writer?.stop();
    await pair?.teardown();
  });

  it('the standby takes over once heartbeats and the WAL stream have timed out', async () => {
    frozen = pair.freezeSide('server1');
    // An answer the backend had already sent when it was stopped can still reach the client just
    // after; such a commit was confirmed by the standby (and is checked on it below). Anything
    // later than this was acknowledged by a primary that should have been frozen.
    frozenAt = Date.now() + 100;
    await pair.waitMirroring('switched', 'server2', 30_000);
    await commitsResume(writer, 30_000);
  });

  it('thawed, the old primary finds the standby promoted and fences itself, acknowledging nothing', async () => {
    pair.thaw(frozen);
    frozen = [];
    await waitFor('the old primary to fence itself', () => !pair.s1.instance.pid(), { timeoutMs: 20_000 });
    assert.match(
      pair.log('server1'),
      /server server2 was promoted while this primary could not be reached.*\(MCA00209\)/,
    );
    await commitsResume(writer);
    await writer.stop();
    const onOld = writer.acks.filter((a) => a.port === pair.s1.port && a.at > frozenAt);
    assert.deepEqual(onOld, [], 'no write acknowledged by the old primary after it froze');
    assert.deepEqual(await writer.missingOn(pair.s2.instance), []);
  });
});

describe('disable-failover on a pair started with -f', () => {
  let pair: McPair;
  let watch: PrimaryWatch;
  useArmedPair(true, (a) => ({ pair, watch } = a));

  it('disarms the actions while monitoring goes on: a dead primary is reported, nothing is promoted', async () => {
    for (const id of ['server1', 'server2']) await pair.must(['disable-failover', ...pair.at(id)]);
    assert.equal((await pair.statusJson('server2')).failoverEnabled, false);
    pair.s1.instance.kill9();
    await sleep(2 * WINDOW_MS);
    assert.equal(await pair.s2.instance.inRecovery(), true);
    assert.match(
      pair.log('server2'),
      /automatic failover is disabled: db_proc_status abnormal.*\(MCA00105\)/,
    );
    assert.equal(pair.row(await pair.status('server2'), 'server1').dbProcStatus, 'abnormal(postmaster)');
    await assertNeverTwoPrimaries(watch);
  });
});

describe('mc_ctl switch --force when the primary only looks gone (never two primaries)', () => {
  let pair: McPair;
  let otherDir = '';
  const at2 = (dir: string) => ['-M', dir, '--local-server', 'server2'];
  const bothAsBefore = async () => {
    assert.equal(await pair.s1.instance.inRecovery(), false, 'server1 is still the primary');
    assert.equal(await pair.s2.instance.inRecovery(), true, 'server2 was not promoted');
  };
  const hostStatusOf1 = async (dir: string) => {
    const r = await pair.mc(['status', ...at2(dir), '--json']);
    const st = (r.json as { status?: Status } | undefined)?.status;
    return st?.servers.find((s) => s.serverId === 'server1')?.hostStatus;
  };
  before(async () => {
    pair = await McPair.build();
  });
  after(async () => {
    if (otherDir)
      await pair?.mc(['stop', ...at2(otherDir), '-e'], { timeoutMs: 30_000 }).catch(() => undefined);
    await pair?.teardown();
  });

  it('refuses while the primary controller answers but refuses this server (a different mc.key)', async () => {
    // server2's controller from a copy of the directory with a key of its own.
    await pair.must(['stop', ...pair.at('server2'), '--mc-only']);
    otherDir = ownedTempDir('mcdir-otherkey');
    execFileSync('cp', ['-a', `${pair.mcDir}/.`, otherDir]);
    await pair.must(['genkey', '-M', otherDir, '--force']);
    // A controller that cannot authenticate its peer is running, but its start is no success.
    const started = await pair.mc(['start', ...at2(otherDir), '--mc-only', '-w']);
    assert.equal(started.code, 1, started.stdout);
    assert.match(
      started.stderr,
      /PEER_KEY_MISMATCH|server server2 started as standby, but the controllers of server2 and server1 cannot authenticate each other .*mc\.key/s,
    );
    const own = await pair.mc(['status', ...at2(otherDir), '--json']);
    assert.equal(
      (own.json as { status: { controllers: Record<string, string> } }).status.controllers.server2,
      'running',
      'the controller runs on (it keeps watching its instance)',
    );
    await waitFor('server2 to see server1 refuse it', async () =>
      (await hostStatusOf1(otherDir)) === 'abnormal(authentication)' ? true : undefined,
    );
    // Both sides: not switchable, exit status 1, and the cause named.
    for (const [dir, id] of [
      [otherDir, 'server2'],
      [pair.mcDir, 'server1'],
    ] as const) {
      const st = await pair.mc(['status', '-M', dir, '--local-server', id]);
      assert.equal(st.code, 1, `${id}: ${st.stdout}`);
      assert.doesNotMatch(st.stdout, /^switchable$/m, `${id} says switchable:\n${st.stdout}`);
      assert.match(
        st.stdout,
        /degraded \(exit status 1\):\n {2}the controllers of server\d and server\d cannot authenticate each other/,
      );
    }
    const r = await pair.mc(['switch', ...at2(otherDir), '--force']);
    assert.notEqual(r.code, 0, r.stdout);
    assert.match(r.stderr, /answers but refuses this server .*mc\.key/s);
    assert.match(r.stderr, /--force does not override this/);
    await bothAsBefore();
    await pair.must(['stop', ...at2(otherDir), '--mc-only']);
    otherDir = '';
    await pair.must(['start', ...pair.at('server2'), '--mc-only']);
    await pair.waitMirroring('switchable', 'server2');
  });

  it("refuses while the primary's PostgreSQL runs though its controller is dead", async () => {
    const pid = pair.controllerPid('server1');
    assert.ok(pid, 'server1 has a controller');
    process.kill(pid, 'SIGKILL');
    await waitFor('server2 to miss server1', async () =>
      (await hostStatusOf1(pair.mcDir)) === 'abnormal(heartbeat)' ? true : undefined,
    );
    const r = await pair.mc(['switch', ...pair.at('server2'), '--force']);
    assert.notEqual(r.code, 0, r.stdout);
    assert.match(
      r.stderr,
      /switch --force refused: the controller of primary server1 does not answer, but (this standby still receives WAL|its PostgreSQL at \S+ answers as a primary)/,
    );
    assert.match(r.stderr, /would make two primaries/);
    await bothAsBefore();
  });

  it('goes ahead once the primary is really gone', async () => {
    pair.s1.instance.kill9();
    await waitFor('the WAL stream to end', async () => {
      const rows = await pair.s2.instance.sql<{ status: string }>('SELECT status FROM pg_stat_wal_receiver');
      return rows[0]?.status !== 'streaming' ? true : undefined;
    });
    const r = await pair.mc(['switch', ...pair.at('server2'), '--force'], { timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await pair.s2.instance.inRecovery(), false, 'server2 is the primary now');
  });

  it('a plain mc_ctl stop of a hung (SIGSTOPped) controller says so within its bound, and -e ends it', async () => {
    const pid = pair.controllerPid('server2');
    assert.ok(pid, 'server2 has a controller');
    process.kill(pid, 'SIGSTOP');
    try {
      const t0 = Date.now();
      const r = await pair.mc(['stop', ...pair.at('server2')], { timeoutMs: 60_000 });
      assert.notEqual(r.code, 0, r.stdout);
      assert.match(r.stderr, /server2 \(pid \d+\) does not answer within 10000 ms: it is hung or stopped/);
      assert.match(r.stderr, /mc_ctl stop -M .* -e ends it/);
      assert.ok(Date.now() - t0 < 30_000, `answered after ${Date.now() - t0} ms`);
      const forced = await pair.must(['stop', ...pair.at('server2'), '-e']);
      assert.match(forced.stdout, /forcibly stopped/);
      // Gone, or a zombie its parent has not reaped yet: either way it runs no more.
      let state = 'gone';
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      } catch {
        /* gone */
      }
      assert.ok(state === 'gone' || state === 'Z', `the hung controller still runs (state ${state})`);
      assert.equal((await pair.s2.instance.sql('SELECT 1')).length, 1, 'its instance was left running');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  });
});

/**
 * The arbiter on real pairs: a real mc_arbiter process watched by both controllers, with servers
 * and the arbiter killed and frozen while a writer commits. Test settings as in failover.test.ts:
 * detection window 2.6 s; a live controller is silent to the arbiter for at most 2.3 s.
 * The cut between the two servers is made with iptables on loopback (and shown to split a pair
 * without an arbiter); the full matrix of single-link partitions in network namespaces is not
 * here yet. Last, the fencing command of <id>.conf.
 */
import { after, before, describe, it } from 'node:test';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { McPair } from '../support/mcPair.js';
import { Writer } from '../support/writer.js';
import { PrimaryWatch } from '../support/primaryWatch.js';
import { sleep, waitFor } from '../support/wait.js';
import { ownedTempDir, writeOwnedFile } from '../support/instance.js';
import { ETCD, TestEtcd } from '../support/etcd.js';

const WINDOW_MS = 2600;

interface Armed {
  pair: McPair;
  writer: Writer;
  watch: PrimaryWatch;
}

/** A pair with an arbiter and failover armed, a running writer and a two-primaries watch. */
function useArbitratedPair(set: (a: Armed) => void): void {
  let armed: Armed | undefined;
  before(async () => {
    const pair = await McPair.build({ failover: true, arbiter: true });
    const writer = new Writer([pair.s1.instance, pair.s2.instance]);
    await writer.prepare();
    writer.start();
    await waitFor('commits flowing', () => writer.acknowledged.length > 20);
    armed = { pair, writer, watch: new PrimaryWatch([pair.s1.instance, pair.s2.instance]) };
    set(armed);
  });
  after(async () => {
    await armed?.watch.stop();
    await armed?.writer.stop();
    await armed?.pair.teardown();
  });
}

async function commitsResume(writer: Writer, timeoutMs = 20_000): Promise<void> {
  const n = writer.acknowledged.length;
  await waitFor('commits to resume', () => writer.acknowledged.length > n + 10, { timeoutMs });
}

async function assertNothingLostOn(a: Armed, survivor: 'server1' | 'server2'): Promise<void> {
  await a.writer.stop();
  assert.deepEqual(
    await a.writer.missingOn(a.pair.side(survivor).instance),
    [],
    'no acknowledged commit lost',
  );
  await a.watch.stop();
  assert.ok(a.watch.samples > 0);
  assert.deepEqual(a.watch.bothWritableAt, [], 'both servers accepted writes at the same moment');
}

interface ArbiterView {
  id: string;
  links: Record<string, { reachable: boolean; primaryOnRecord?: string } | undefined>;
}

describe('a pair with an arbiter, in normal operation', () => {
  let a: Armed;
  useArbitratedPair((x) => (a = x));

  it('both controllers are connected to it, and it knows the primary and its synchronous standby', async () => {
    const view = await waitFor('both links up', async () => {
      const r = await a.pair.statusRun('server1', '--json');
      const v = (r.json as { status: { arbiter?: ArbiterView } }).status.arbiter;
      return v?.links.server1?.reachable && v.links.server2?.reachable ? v : undefined;
    });
    assert.equal(view.id, 'arb');
    assert.equal(view.links.server1?.primaryOnRecord, 'server1');
    const st = await waitFor('the arbiter to know the synchronous standby', async () => {
      const s = await a.pair.arbiterStatus();
      return s?.record.syncStandby === 'server2' ? s : undefined;
    });
    assert.equal(st.record.primary, 'server1');
    assert.deepEqual(
      st.servers.map((s) => [s.serverId, s.role, s.connected]),
      [
        ['server1', 'primary', true],
        ['server2', 'standby', true],
      ],
    );
    const text = await a.pair.statusRun('server2', '--arbiter');
    assert.match(text.stdout, /^arbiter arb$/m);
    assert.match(
      text.stdout,
      /server1 -> 127\.0\.0\.1:\d+: connected, last answer \d+ ms ago; epoch 0, primary on record server1/,
    );
    assert.match(text.stdout, /server2 -> 127\.0\.0\.1:\d+: connected/);
  });

  it('kill -9 of the primary postmaster: the arbiter grants the switch and records the old primary as deposed', async () => {
    a.pair.s1.instance.kill9();
    // Every verdict below carries the logs: a failure on a CI machine must say what happened.
    const logs = () =>
      `\n--- arbiter log:\n${a.pair.arbiterLog()}\n--- server2 log:\n${a.pair.log('server2')}\n--- server1 log:\n${a.pair.log('server1')}`;
    const st = await a.pair.waitMirroring('switched', 'server2', 20_000).catch((e: Error) => {
      throw new Error(`${e.message}${logs()}`);
    });
    assert.equal(a.pair.row(st, 'server2').hostRole, 'primary');
    await commitsResume(a.writer);
    const rec = (await a.pair.arbiterStatus())?.record;
    assert.equal(rec?.primary, 'server2', `record ${JSON.stringify(rec)}${logs()}`);
    assert.deepEqual(rec?.deposed, ['server1'], `record ${JSON.stringify(rec)}${logs()}`);
    assert.match(
      a.pair.arbiterLog(),
      /granted server server2 the promotion in place of server1 \(peer_reported\).*\(MCA00603\)/,
      logs(),
    );
    await assertNothingLostOn(a, 'server2');
  });
});

describe('an arbiter that is down, then the whole primary side is killed', () => {
  let a: Armed;
  useArbitratedPair((x) => (a = x));

  it('the standby does not promote on its own word', async () => {
    a.pair.killArbiter();
    await sleep(WINDOW_MS);
    a.pair.killSide('server1');
    await sleep(3 * WINDOW_MS);
    assert.equal(await a.pair.s2.instance.inRecovery(), true, 'the standby did not promote');
    assert.match(
      a.pair.log('server2'),
      /the arbiter did not confirm a switch \(the arbiter arb could not be asked.*\(MCA00612\)/,
    );
    assert.match(a.pair.log('server2'), /the arbiter arb does not answer.*\(MCA00610\)/);
  });

  it('once the arbiter is back and has not heard from the primary either, it grants the switch', async () => {
    const t0 = Date.now();
    await a.pair.startArbiter();
    const st = await a.pair.waitMirroring('switched', 'server2', 20_000);
    assert.equal(a.pair.row(st, 'server2').hostRole, 'primary');
    assert.ok(Date.now() - t0 >= 2300, 'the arbiter counts silence from its own start');
    assert.match(a.pair.arbiterLog(), /\(peer_unreachable\).*\(MCA00603\)/);
    await commitsResume(a.writer);
    await assertNothingLostOn(a, 'server2');
  });
});

describe('an old primary that comes back after the arbiter granted its replacement', () => {
  let a: Armed;
  useArbitratedPair((x) => (a = x));

  it('the standby takes over when the whole primary side dies', async () => {
    a.pair.killSide('server1');
    await a.pair.waitMirroring('switched', 'server2', 20_000);
    await commitsResume(a.writer);
    await assertNothingLostOn(a, 'server2');
  });

  it('the old primary may not start as a primary, even when the new one cannot be asked', async () => {
    // Only the arbiter can tell now: the new primary's controller is stopped (its instance runs on).
    await a.pair.must(['stop', ...a.pair.at('server2'), '--mc-only']);
    const r = await a.pair.mc(['start', ...a.pair.at('server1'), '-w']);
    assert.notEqual(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /the arbiter arb granted server2 the promotion in place of server1/);
    assert.match(r.stderr, /rebuild this server as a standby with mc_ctl setup/);
    assert.equal(await a.pair.s1.instance.isRunning(), false, 'its instance was not started');
  });
});

describe('mc_ctl switch with an arbiter', () => {
  let a: Armed;
  useArbitratedPair((x) => (a = x));

  it('is recorded by the arbiter once the old primary is stopped', async () => {
    await a.pair.must(['switch', ...a.pair.at('server1')]);
    await a.pair.waitMirroring('switched', 'server2', 20_000);
    const rec = (await a.pair.arbiterStatus())?.record;
    assert.equal(rec?.primary, 'server2');
    assert.deepEqual(rec?.deposed, ['server1']);
    assert.match(a.pair.arbiterLog(), /granted server server2 the promotion in place of server1 \(planned\)/);
    await commitsResume(a.writer);
    await assertNothingLostOn(a, 'server2');
  });
});

describe('a primary that reaches neither its standby nor the arbiter', () => {
  let a: Armed;
  let frozen: number[] = [];
  // Registered first, so a frozen side is thawed before the pair is torn down.
  after(() => (a as Armed | undefined)?.pair.thaw(frozen));
  useArbitratedPair((x) => (a = x));

  it('stops its instance within the detection window, and acknowledges nothing alone', async () => {
    a.pair.killArbiter();
    frozen = a.pair.freezeSide('server2');
    const t0 = Date.now();
    await waitFor(
      'the isolated primary to stop its instance',
      async () => !(await a.pair.s1.instance.isRunning()),
      {
        timeoutMs: 4 * WINDOW_MS,
        intervalMs: 100,
      },
    );
    const tookMs = Date.now() - t0;
    assert.ok(tookMs < 2 * WINDOW_MS, `stopped after ${tookMs} ms`);
    assert.match(a.pair.log('server1'), /reaches neither standby server2 nor the arbiter arb.*\(MCA00614\)/);
    assert.match(
      a.pair.log('server1'),
      /did not confirm a disconnection.*commits keep waiting.*\(MCA00613\)|MCA00614/,
    );
  });

  it('starts again as the primary when the standby answers as a standby, and the pair is switchable again', async () => {
    a.pair.thaw(frozen);
    frozen = [];
    await waitFor('the primary to start again', () => /\(MCA00615\)/.test(a.pair.log('server1')), {
      timeoutMs: 20_000,
    });
    assert.equal(await a.pair.s1.instance.isRunning(), true);
    await a.pair.waitMirroring('switchable', 'server1', 30_000);
    assert.equal(await a.pair.s2.instance.inRecovery(), true);
    await commitsResume(a.writer);
    await assertNothingLostOn(a, 'server1');
  });
});

describe('a frozen standby while the arbiter answers', () => {
  let a: Armed;
  let frozen: number[] = [];
  // Registered first, so a frozen side is thawed before the pair is torn down.
  after(() => (a as Armed | undefined)?.pair.thaw(frozen));
  useArbitratedPair((x) => (a = x));

  it("the primary stops waiting for it with the arbiter's grant, which takes it off the record", async () => {
    frozen = a.pair.freezeSide('server2');
    await commitsResume(a.writer, 20_000);
    assert.match(
      a.pair.arbiterLog(),
      /granted primary server1 to stop waiting for standby server2.*\(MCA00605\)/,
    );
    const rec = (await a.pair.arbiterStatus())?.record;
    assert.equal(rec?.primary, 'server1');
    assert.equal(rec?.syncStandby, undefined, 'a detached standby cannot be promoted');
  });

  it('thawed, the standby does not promote and is taken back in sync', async () => {
    a.pair.thaw(frozen);
    frozen = [];
    await a.pair.waitMirroring('switchable', 'server1', 30_000);
    await waitFor(
      'the arbiter to record the standby in sync again',
      async () => (await a.pair.arbiterStatus())?.record.syncStandby === 'server2',
    );
    assert.equal(await a.pair.s2.instance.inRecovery(), true);
    await assertNothingLostOn(a, 'server1');
  });
});

/** An iptables rule on loopback: drop what is sent to `port` (at `address`, when given). */
function drop(action: '-I' | '-D', port: number, address?: string): boolean {
  const match = address ? ['-d', address] : [];
  try {
    execFileSync(
      'iptables',
      [action, 'INPUT', '-i', 'lo', ...match, '-p', 'tcp', '--dport', String(port), '-j', 'DROP'],
      {
        stdio: 'ignore',
      },
    );
    return true;
  } catch {
    return false;
  }
}

const canPartition = process.geteuid?.() === 0 && drop('-I', 1) && drop('-D', 1);

/**
 * A pair whose standby streams from 127.0.0.2, so the stream can be cut without cutting the
 * primary's own monitoring and the writer, which use 127.0.0.1; and the iptables rules that cut
 * the two servers from each other (both admin ports and the stream), leaving the arbiter alone.
 */
async function cuttablePair(
  arbiter: boolean | { etcd: string },
): Promise<{ pair: McPair; cuts: [number, string | undefined][] }> {
  const etcdLines =
    typeof arbiter === 'object'
      ? [`arbiter_etcd_endpoints = '${arbiter.etcd}'`, `arbiter_etcd_prefix = '/pgcluster/chaos'`]
      : [];
  const pair = await McPair.build({
    failover: true,
    arbiter: arbiter === true,
    replicationHost: '127.0.0.2',
    primaryConf: { listen_addresses: `'127.0.0.1,127.0.0.2'` },
    serverConf: { server1: etcdLines, server2: etcdLines },
  });
  return {
    pair,
    cuts: [
      [pair.s1.mcPort, undefined],
      [pair.s2.mcPort, undefined],
      [pair.s1.port, '127.0.0.2'],
    ],
  };
}

describe(
  'without an arbiter, the same cut between the servers splits the pair (what the arbiter is for)',
  { skip: canPartition ? false : 'needs root and iptables' },
  () => {
    let pair: McPair;
    let cuts: [number, string | undefined][] = [];
    before(async () => ({ pair, cuts } = await cuttablePair(false)));
    after(async () => {
      for (const [port, address] of cuts) drop('-D', port, address);
      await pair?.teardown();
    });

    it('the standby promotes and the primary stops waiting for it: two writable primaries', async () => {
      for (const [port, address] of cuts) assert.ok(drop('-I', port, address));
      await waitFor('the standby to promote', async () => !(await pair.s2.instance.inRecovery()), {
        timeoutMs: 6 * WINDOW_MS,
        intervalMs: 200,
      });
      await waitFor('the primary to drop its standby', () => /\(MCA00203\)/.test(pair.log('server1')), {
        timeoutMs: 6 * WINDOW_MS,
      });
      assert.equal(await pair.s1.instance.inRecovery(), false);
      const st = await pair.statusRun('server1', '--arbiter');
      assert.match(st.stdout, /arbiter: none configured\n.*can accept writes/s);
    });
  },
);

describe(
  'the two servers cut from each other (admin network and WAL stream), both still reaching the arbiter',
  { skip: canPartition ? false : 'needs root and iptables' },
  () => {
    let pair: McPair;
    let writer: Writer;
    let watch: PrimaryWatch;
    let cuts: [number, string | undefined][] = [];
    before(async () => {
      ({ pair, cuts } = await cuttablePair(true));
      writer = new Writer([pair.s1.instance, pair.s2.instance]);
      await writer.prepare();
      writer.start();
      await waitFor('commits flowing', () => writer.acknowledged.length > 20);
      watch = new PrimaryWatch([pair.s1.instance, pair.s2.instance]);
    });
    after(async () => {
      for (const [port, address] of cuts) drop('-D', port, address);
      await watch?.stop();
      await writer?.stop();
      await pair?.teardown();
    });

    it('only the primary acts: it detaches the standby with the grant; the standby is refused and does not promote', async () => {
      const [walsender] = await pair.s1.instance.sql<{ pid: number }>('SELECT pid FROM pg_stat_replication');
      assert.ok(walsender, 'the standby streams');
      for (const [port, address] of cuts) assert.ok(drop('-I', port, address));
      // The established stream is cut by the rule too; its TCP connection times out by itself.
      await sleep(3 * WINDOW_MS);
      await commitsResume(writer, 20_000);
      assert.equal(await pair.s2.instance.inRecovery(), true, 'the standby did not promote');
      assert.match(
        pair.arbiterLog(),
        /granted primary server1 to stop waiting for standby server2.*\(MCA00605\)/,
      );
      assert.match(pair.log('server2'), /the arbiter did not confirm a switch.*\(MCA00612\)/);
      assert.doesNotMatch(pair.log('server2'), /MCA00062/);
      const rec = (await pair.arbiterStatus())?.record;
      assert.equal(rec?.primary, 'server1');
      assert.equal(rec?.syncStandby, undefined);
    });

    it('heals: the standby streams again, is taken back in sync, and nothing was lost', async () => {
      for (const [port, address] of cuts) drop('-D', port, address);
      await pair.waitMirroring('switchable', 'server1', 30_000);
      await writer.stop();
      assert.deepEqual(await writer.missingOn(pair.s1.instance), []);
      await watch.stop();
      assert.deepEqual(watch.bothWritableAt, []);
    });
  },
);

describe(
  'etcd as the arbiter: the two servers cut from each other, both still reaching etcd',
  { skip: !canPartition ? 'needs root and iptables' : !ETCD ? 'etcd is not installed' : false },
  () => {
    let etcd: TestEtcd;
    let pair: McPair;
    let writer: Writer;
    let cuts: [number, string | undefined][] = [];
    before(async () => {
      etcd = await TestEtcd.start();
      ({ pair, cuts } = await cuttablePair({ etcd: etcd.url }));
      writer = new Writer([pair.s1.instance, pair.s2.instance]);
      await writer.prepare();
      writer.start();
      await waitFor('commits flowing', () => writer.acknowledged.length > 20);
    });
    after(async () => {
      for (const [port, address] of cuts) drop('-D', port, address);
      await writer?.stop();
      await pair?.teardown();
      etcd?.stop();
    });

    it('both controllers are connected to etcd', async () => {
      await waitFor('both links up', async () => {
        const r = await pair.statusRun('server1', '--json');
        const v = (r.json as { status: { arbiter?: ArbiterView } }).status.arbiter;
        return v?.links.server1?.reachable && v.links.server2?.reachable ? v : undefined;
      });
      const text = await pair.statusRun('server1', '--arbiter');
      assert.match(text.stdout, /^arbiter etcd \/pgcluster\/chaos$/m);
      assert.match(text.stdout, /server2 -> http:\/\/127\.0\.0\.1:\d+: connected.*primary on record server1/);
    });

    it('only the primary acts: it detaches the standby; the standby is refused and does not promote', async () => {
      for (const [port, address] of cuts) assert.ok(drop('-I', port, address));
      await sleep(3 * WINDOW_MS);
      await commitsResume(writer, 20_000);
      assert.equal(await pair.s2.instance.inRecovery(), true, 'the standby did not promote');
      assert.match(pair.log('server1'), /standby server2 disconnected.*\(MCA00203\)/);
      assert.match(
        pair.log('server2'),
        /the arbiter did not confirm a switch \(server1 last reported that it waits for no standby|heard from server1/,
      );
      assert.doesNotMatch(pair.log('server2'), /MCA00062/);
    });

    it('heals, and nothing was lost', async () => {
      for (const [port, address] of cuts) drop('-D', port, address);
      await pair.waitMirroring('switchable', 'server1', 30_000);
      await writer.stop();
      assert.deepEqual(await writer.missingOn(pair.s1.instance), []);
    });

    it('kill -9 of the primary postmaster: the switch is granted through etcd', async () => {
      pair.s1.instance.kill9();
      const st = await pair.waitMirroring('switched', 'server2', 20_000);
      assert.equal(pair.row(st, 'server2').hostRole, 'primary');
    });
  },
);

describe('a fencing command on the standby', () => {
  let pair: McPair;
  let writer: Writer;
  let dir: string;
  before(async () => {
    dir = ownedTempDir('fencing');
    // Cancels while the "deny" file exists; records what it was told either way.
    writeOwnedFile(
      path.join(dir, 'fence.sh'),
      [
        '#!/bin/sh',
        `echo "$PGCLUSTER_FENCING_ACTION $PGCLUSTER_SERVER $PGCLUSTER_PEER" >> ${dir}/calls`,
        `[ -e ${dir}/deny ] && { echo "the other server still has power" >&2; exit 1; }`,
        'exit 0',
        '',
      ].join('\n'),
      0o755,
    );
    writeOwnedFile(path.join(dir, 'deny'), '');
    pair = await McPair.build({
      failover: true,
      serverConf: { server2: [`fencing_command = '${dir}/fence.sh'`] },
    });
    writer = new Writer([pair.s1.instance, pair.s2.instance]);
    await writer.prepare();
    writer.start();
    await waitFor('commits flowing', () => writer.acknowledged.length > 20);
  });
  after(async () => {
    await writer?.stop();
    await pair?.teardown();
  });

  it('cancels the automatic switch when it exits non-zero, and says why', async () => {
    pair.s1.instance.kill9();
    await waitFor('the fencing command to be asked', () => /MCA00621/.test(pair.log('server2')), {
      timeoutMs: 20_000,
    });
    await sleep(2 * WINDOW_MS);
    assert.equal(await pair.s2.instance.inRecovery(), true, 'the standby did not promote');
    assert.match(
      pair.log('server2'),
      /the switch was cancelled by the fencing command: .*fence\.sh exited 1; it said: the other server still has power/,
    );
    assert.equal(
      readFileSync(path.join(dir, 'calls'), 'utf8'),
      'switch server2 server1\n',
      'asked once, not every interval',
    );
  });

  it("lets the operator's switch go ahead once it exits 0", async () => {
    rmSync(path.join(dir, 'deny'));
    await pair.must(['switch', ...pair.at('server2'), '--force']);
    assert.equal(await pair.s2.instance.inRecovery(), false);
    assert.match(pair.log('server2'), /fencing command lets the switch go ahead: .*exited 0 \(MCA00620\)/);
    await writer.stop();
    assert.deepEqual(await writer.missingOn(pair.s2.instance), [], 'no acknowledged commit lost');
  });
});

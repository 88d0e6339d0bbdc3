/**
 * A flood of connections that never authenticate on every admin port of an arbitrated pair
 * (both controllers and the arbiter), from eight addresses that are not in network.conf. The
 * pair must go on as if nothing happened for the parties network.conf names: a controller that
 * restarts gets back in, the arbiter answers its servers, and a dead primary is still replaced
 * without losing a commit. Status must name the flood, so the admin knows to block it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { McPair } from '../support/mcPair.js';
import { Writer } from '../support/writer.js';
import { PrimaryWatch } from '../support/primaryWatch.js';
import { Flood } from '../support/flood.js';
import { waitFor } from '../support/wait.js';

describe('a flood of unauthenticated connections on every admin port', () => {
  let pair: McPair;
  let writer: Writer;
  let watch: PrimaryWatch;
  let flood: Flood;

  before(async () => {
    pair = await McPair.build({ failover: true, arbiter: true });
    writer = new Writer([pair.s1.instance, pair.s2.instance]);
    await writer.prepare();
    writer.start();
    await waitFor('commits flowing', () => writer.acknowledged.length > 20);
    watch = new PrimaryWatch([pair.s1.instance, pair.s2.instance]);
    flood = new Flood([pair.s1.mcPort, pair.s2.mcPort, pair.arbiterPort!]);
    flood.start();
    // 8 sources × 40 sockets × 3 ports against room for 4 per source: most are turned away.
    await waitFor('the ports to turn the flood away', () => flood.busyNotices > 500, { timeoutMs: 20_000 });
  });
  after(async () => {
    flood?.stop();
    await watch?.stop();
    await writer?.stop();
    await pair?.teardown();
  });

  it('status from each server: still switchable, but degraded (exit 1) and the flood named', async () => {
    for (const id of ['server1', 'server2']) {
      const r = await pair.statusRun(id);
      assert.equal(r.code, 1, `status from ${id} exits 1 while its port is flooded:\n${r.stdout}`);
      assert.match(r.stdout, /^switchable$/m);
      assert.match(
        r.stdout,
        new RegExp(
          `the admin port 127\\.0\\.0\\.1:${pair.side(id).mcPort} is flooded: \\d+ connections were dropped before authenticating`,
        ),
      );
      assert.match(r.stdout, /from 8 hosts \(most from 127\.0\.0\.\d: \d+\)/);
    }
  });

  it('the arbiter answers every status call and names the flood', async () => {
    for (let i = 0; i < 10; i++) {
      const s = await pair.arbiterStatus();
      assert.ok(s, `mc_arbiter status call ${i + 1} of 10 got an answer`);
      assert.equal(s.record.primary, 'server1');
    }
    const r = await pair.arbiterStatusText();
    assert.match(r, new RegExp(`warning: the admin port 127\\.0\\.0\\.1:${pair.arbiterPort} is flooded`));
  });

  it('the standby controller, killed and restarted with --mc-only, gets back in: switchable', async () => {
    const pid = pair.controllerPid('server2');
    assert.ok(pid);
    process.kill(pid, 'SIGKILL');
    await waitFor('the controller to be gone', () => pair.controllerPid('server2') === undefined);
    await pair.must(['start', ...pair.at('server2'), '--mc-only', '-w', '-f']);
    const st = await pair.waitMirroring('switchable', 'server2');
    assert.equal(pair.row(st, 'server1').hostStatus, 'normal');
    assert.doesNotMatch(pair.log('server2'), /\(MCA00406\)/, 'the peer never turned server2 away');
  });

  it('kill -9 of the primary postmaster: the standby takes over through the flood, nothing lost', async () => {
    const before = flood.busyNotices;
    pair.s1.instance.kill9();
    const st = await pair.waitMirroring('switched', 'server2', 20_000);
    assert.equal(pair.row(st, 'server2').hostRole, 'primary');
    const n = writer.acknowledged.length;
    await waitFor('commits to resume', () => writer.acknowledged.length > n + 10, { timeoutMs: 20_000 });
    await writer.stop();
    assert.deepEqual(await writer.missingOn(pair.s2.instance), [], 'no acknowledged commit lost');
    await watch.stop();
    assert.deepEqual(watch.bothWritableAt, [], 'both servers accepted writes at the same moment');
    assert.match(pair.arbiterLog(), /granted server server2 the promotion/);
    assert.ok(flood.busyNotices > before, 'the flood went on during the failover');
  });
});

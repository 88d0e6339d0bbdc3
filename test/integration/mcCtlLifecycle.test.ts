/**
 * The manual's multiplexing operations on a real same-host pair (Appendix B layout), in the order
 * an administrator meets them: start, status, switch, rebuild, failback, disconnection, stop -a.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { McPair } from '../support/mcPair.js';
import { writeOwnedFile } from '../support/instance.js';
import { instanceUser } from '../support/osuser.js';
import { replicationRows } from '../support/pair.js';
import { Writer } from '../support/writer.js';
import { sleep, waitFor } from '../support/wait.js';

describe('mc_ctl on a primary + standby pair', () => {
  let pair: McPair;
  before(async () => {
    pair = await McPair.build();
  });
  after(async () => {
    await pair?.teardown();
  });

  it('status prints the manual layout: switchable, server1 primary, server2 standby, all normal', async () => {
    const r = await pair.must(['status', ...pair.at('server2')]);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'mirroring status');
    assert.match(lines[1]!, /^-+$/);
    assert.equal(lines[2], 'switchable');
    assert.deepEqual(lines[3]!.split(/\s+/), [
      'server_id',
      'host_role',
      'host',
      'host_status',
      'db_proc_status',
      'disk_status',
    ]);
    assert.match(lines[4]!, /^-+$/);
    assert.deepEqual(lines[5]!.split(/\s+/), [
      'server1',
      'primary',
      '127.0.0.1',
      'normal',
      'normal',
      'normal',
    ]);
    assert.deepEqual(lines[6]!.split(/\s+/), [
      'server2',
      'standby',
      '127.0.0.1',
      'normal',
      'normal',
      'normal',
    ]);
  });

  it('each changing mc_ctl operation leaves who ran it in the controller log, and a refusal says why', async () => {
    const user = instanceUser().name;
    for (const id of ['server1', 'server2'])
      assert.match(pair.log(id), new RegExp(`LOG: mc_ctl start started by ${user} \\(MCA00501\\)`));
    const before = pair.log('server2');
    await pair.must(['status', ...pair.at('server2')]);
    assert.equal(pair.log('server2'), before, 'a read-only status is not traced (scripts poll it)');
    // Setup over a running standby is refused: the refusal is in the log with its reason.
    const r = await pair.mc([
      'setup',
      ...pair.at('server2'),
      '-r',
      'standby',
      '-h',
      '127.0.0.1',
      '-p',
      String(pair.s1.port),
    ]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const since = pair.log('server2').slice(before.length);
    assert.match(since, new RegExp(`LOG: mc_ctl setup started by ${user} \\(MCA00501\\)`));
    assert.match(since, /ERROR: mc_ctl setup failed: .+ \(MCA00502\)/);
  });

  it('status --json names the local server of each side (scripts cannot tell it from the rows)', async () => {
    for (const id of ['server1', 'server2']) {
      const r = await McPair.mcCtl(['status', ...pair.at(id), '--json']);
      assert.equal(r.json?.localServer, id);
    }
  });

  it('pg_stat_replication on the primary shows the standby streaming in sync under its setup name', async () => {
    const rows = await replicationRows(pair.s1.instance);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.application_name, 'server2');
    assert.equal(rows[0]?.state, 'streaming');
    assert.equal(rows[0]?.sync_state, 'sync');
  });

  it('stop --mc-only on the standby leaves its instance streaming; start --mc-only picks it up again', async () => {
    const pid = pair.s2.instance.pid();
    await pair.must(['stop', ...pair.at('server2'), '--mc-only']);
    assert.equal(pair.s2.instance.pid(), pid, 'the standby instance kept running');
    const rows = await replicationRows(pair.s1.instance);
    assert.equal(rows[0]?.sync_state, 'sync', 'no disconnection happened');
    await pair.must(['start', ...pair.at('server2'), '--mc-only', '-w']);
    assert.equal(pair.s2.instance.pid(), pid, 'the instance was not restarted');
    await pair.waitMirroring('switchable', 'server2');
  });

  it('a second state-changing mc_ctl is refused while one holds the lock; a dead holder does not block', async () => {
    const holder = spawn('sleep', ['30'], { stdio: 'ignore' });
    const lockFile = path.join(pair.mcDir, '.mc_ctl_server1.lock');
    try {
      writeOwnedFile(
        lockFile,
        JSON.stringify({ pid: holder.pid, what: 'switch', since: new Date().toISOString() }),
      );
      const r = await McPair.mcCtl(['enable-failover', ...pair.at('server1')]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, new RegExp(`another mc_ctl \\(switch, pid ${holder.pid}`));
    } finally {
      holder.kill('SIGKILL');
      await once(holder, 'exit');
    }
    const again = await McPair.mcCtl(['disable-failover', ...pair.at('server1')]);
    assert.equal(again.code, 0, again.stderr);
  });

  it('switch run on the primary', async () => {
    await pair.must(['switch', ...pair.at('server1')]);
  });

  it('after the switch run on the primary: server2 is primary, server1 inactivated and stopped, status switched', async () => {
    const st = await pair.waitMirroring('switched', 'server2');
    assert.equal(pair.row(st, 'server2').hostRole, 'primary');
    assert.equal(pair.row(st, 'server1').hostRole, 'none(inactivated primary)');
    assert.equal(pair.row(st, 'server1').dbProcStatus, 'abnormal(postmaster)');
    assert.equal(pair.row(st, 'server2').dbProcStatus, 'normal');
    assert.equal(pair.s1.instance.pid(), undefined, 'old primary stopped');
    assert.equal(await pair.s2.instance.inRecovery(), false, 'new primary accepts writes');
    const conf = readFileSync(path.join(pair.s2.dataDir, 'postgresql.conf'), 'utf8');
    assert.match(conf, /^#synchronous_standby_names = 'server1'/m);
    assert.match(
      pair.log('server2'),
      /MirroringControllerOpen_server2\[\d+\]: LOG: promotion processing completed \(MCA00062\)/,
    );
    assert.doesNotMatch(pair.log('server1'), /MCA00062/);
  });

  it('refuses to start the inactivated primary as a primary (it must be rebuilt)', async () => {
    await pair.must(['stop', ...pair.at('server1')]);
    const r = await McPair.mcCtl(['start', ...pair.at('server1'), '-w']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /inactivated as primary/);
    assert.match(r.stderr, /mc_ctl setup/);
    assert.equal(pair.s1.instance.pid(), undefined, 'nothing was started');
  });

  it('rebuilding the old primary with setup (password on stdin, -P -) and start returns the pair to switchable, roles reversed', async () => {
    // -P - keeps the password out of the process list; it is read from standard input.
    await pair.setup('server1', 'server2', [], { passwordOnStdin: true });
    await pair.must(['start', ...pair.at('server1'), '-w']);
    const st = await pair.waitMirroring('switchable', 'server2');
    assert.equal(pair.row(st, 'server2').hostRole, 'primary');
    assert.equal(pair.row(st, 'server1').hostRole, 'standby');
    const rows = await replicationRows(pair.s2.instance);
    assert.equal(rows[0]?.application_name, 'server1');
    assert.equal(rows[0]?.sync_state, 'sync');
  });

  it('a switch under a continuous writer loses no acknowledged commit (failback, run on the standby)', async () => {
    const writer = new Writer([pair.s1.instance, pair.s2.instance]);
    await writer.prepare();
    writer.start();
    await waitFor('some commits', () => writer.acknowledged.length > 20);
    await pair.must(['switch', ...pair.at('server1')]);
    await waitFor('commits on the new primary', async () => {
      const n = writer.acknowledged.length;
      await sleep(300);
      return writer.acknowledged.length > n + 5;
    });
    await writer.stop();
    assert.deepEqual(await writer.missingOn(pair.s1.instance), []);
    const st = await pair.status('server1');
    assert.equal(st.mirroring, 'switched');
    assert.equal(pair.row(st, 'server1').hostRole, 'primary');
    // Rebuild server2 so the rest of the suite has a whole pair again.
    await pair.must(['stop', ...pair.at('server2')]);
    await pair.setup('server2', 'server1');
    await pair.must(['start', ...pair.at('server2'), '-w']);
    await pair.waitMirroring('switchable', 'server1');
  });

  it('stop on the standby disconnects it: commits on the primary do not wait, status not-switchable', async () => {
    await pair.must(['stop', ...pair.at('server2')]);
    const st = await pair.waitMirroring('not-switchable', 'server1');
    assert.equal(pair.row(st, 'server1').hostRole, 'primary');
    const started = Date.now();
    await pair.s1.instance.sql('CREATE TABLE IF NOT EXISTS after_disconnect (id int)');
    await pair.s1.instance.sql('INSERT INTO after_disconnect VALUES (1)');
    assert.ok(Date.now() - started < 5000, 'commits do not wait for the stopped standby');
    const r = await McPair.mcCtl(['switch', ...pair.at('server1')]);
    assert.equal(r.code, 1, 'no switch while not-switchable');
    assert.match(r.stderr, /not-switchable|does not answer|not streaming/);
  });

  it('starting the standby again puts it back into synchronous_standby_names: switchable', async () => {
    await pair.must(['start', ...pair.at('server2'), '-w']);
    await pair.waitMirroring('switchable', 'server1');
    const [row] = await pair.s1.instance.sql<{ s: string }>(
      "SELECT current_setting('synchronous_standby_names') AS s",
    );
    assert.equal(row?.s, 'server2');
    assert.match(pair.log('server1'), /standby server2 is streaming in sync again/);
  });

  it('stop -a stops both servers and both controllers, with no promotion', async () => {
    const before = (pair.log('server2').match(/MCA00062/g) ?? []).length;
    await pair.must(['stop', ...pair.at('server1'), '-a']);
    await waitFor('all processes gone', () => pair.processes().length === 0, { timeoutMs: 30_000 });
    assert.equal(pair.s1.instance.pid(), undefined);
    assert.equal(pair.s2.instance.pid(), undefined);
    assert.equal((pair.log('server2').match(/MCA00062/g) ?? []).length, before);
  });
});

describe('start order', () => {
  let pair: McPair;
  before(async () => {
    pair = await McPair.build({ failover: true });
    await pair.must(['stop', ...pair.at('server1'), '-a']);
  });
  after(async () => {
    await pair?.teardown();
  });

  it('a standby started while no primary controller answers waits and never promotes by itself', async () => {
    await pair.must(['start', ...pair.at('server2'), '-w', '-f']);
    assert.match(
      pair.log('server2'),
      /standby server2 waits for the primary controller to answer.*\(MCA00009\)/,
    );
    await sleep(2 * 2600); // twice the detection window of the test settings
    assert.equal(await pair.s2.instance.inRecovery(), true, 'still a standby');
    assert.doesNotMatch(pair.log('server2'), /MCA00062/);
    const st = await pair.status('server2');
    assert.equal(pair.row(st, 'server2').hostRole, 'standby');
    assert.equal(pair.row(st, 'server1').hostRole, 'unknown');
  });

  it('once the primary starts, the pair becomes switchable again', async () => {
    await pair.must(['start', ...pair.at('server1'), '-w', '-f']);
    await pair.waitMirroring('switchable', 'server2');
  });
});

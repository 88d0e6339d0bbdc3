/**
 * mc_ctl register on Linux: a systemd unit that runs the controller as the instance administrator.
 * systemd itself does not run here, so the test runs the unit's own ExecStart and ExecStop lines
 * the way systemd would (as User=) and checks they start and stop the controller.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { McPair } from '../support/mcPair.js';
import { instanceUser } from '../support/osuser.js';
import { runAsInstanceUser, spawnAsInstanceUser } from '../support/processes.js';
import { waitFor } from '../support/wait.js';
import { runScriptAsRoot, splitExec } from '../support/systemdUnit.js';

const MC_CTL = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bin', 'mc_ctl.js');
const asRoot = process.geteuid?.() === 0;

const runAsRoot = (args: string[], env: NodeJS.ProcessEnv) => runScriptAsRoot(MC_CTL, args, env);

describe('mc_ctl register / unregister (systemd)', { skip: asRoot ? false : 'needs root' }, () => {
  let pair: McPair;
  const unitDir = mkdtempSync(path.join(os.tmpdir(), 'pgc-systemd-'));
  const env = { PGCLUSTER_SYSTEMD_UNIT_DIR: unitDir };
  before(async () => {
    pair = await McPair.configure();
  });
  after(async () => {
    await pair?.teardown();
  });

  it('refuses to run as the unprivileged instance administrator', async () => {
    const r = await McPair.mcCtl(['register', ...pair.at('server1')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /must run as root/);
  });

  it('every other mode refuses root before it reads or writes anything, naming the instance administrator', async () => {
    const before = readdirSync(pair.mcDir).sort();
    const admin = instanceUser().name;
    for (const args of [
      ['start', ...pair.at('server1'), '-w'],
      ['status', ...pair.at('server1')],
      ['genkey', '-M', pair.mcDir, '--force'],
    ]) {
      const r = await runAsRoot(args, {});
      assert.equal(r.code, 1, `${args[0]}: ${r.stdout}`);
      assert.match(
        r.stderr,
        new RegExp(`mc_ctl ${args[0]} must run as the instance administrator, not as root`),
      );
      assert.match(
        r.stderr,
        new RegExp(`HINT: run it as ${admin}, who owns .*: sudo -u ${admin} mc_ctl ${args[0]}`),
      );
    }
    assert.deepEqual(readdirSync(pair.mcDir).sort(), before, 'nothing was written');
    assert.equal(pair.s1.instance.pid(), undefined, 'nothing was started');
  });

  it('a user who does not own the management directory is told who must run it, before anything is read', async () => {
    const before = readdirSync(pair.mcDir).sort();
    const admin = instanceUser().name;
    for (const mode of ['status', 'start']) {
      const r = await new Promise<{ code: number; stderr: string }>((resolve) =>
        execFile(
          'runuser',
          ['-u', 'nobody', '--', process.execPath, MC_CTL, mode, ...pair.at('server1')],
          (err, _out, stderr) =>
            resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stderr }),
        ),
      );
      assert.equal(r.code, 1, r.stderr);
      assert.match(
        r.stderr,
        new RegExp(
          `mc_ctl ${mode} must run as the instance administrator ${admin}, who owns the management directory, not as nobody`,
        ),
      );
      assert.match(r.stderr, new RegExp(`HINT: run it as ${admin}: sudo -u ${admin} mc_ctl ${mode}`));
      assert.doesNotMatch(r.stderr, /EACCES|permission denied/i, 'no bare access error');
    }
    assert.deepEqual(readdirSync(pair.mcDir).sort(), before, 'nothing was written');
  });

  it('writes a unit running as the owner of the configuration, idempotently', async () => {
    const r = await runAsRoot(['register', ...pair.at('server1'), '-f', '-S', 'auto'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /registered: .*Mirroring_Controller_server1\.service \(runs as /);
    const unit = readFileSync(path.join(unitDir, 'Mirroring_Controller_server1.service'), 'utf8');
    assert.match(unit, new RegExp(`^User=${instanceUser().name}$`, 'm'));
    const again = await runAsRoot(['register', ...pair.at('server1'), '-f', '-S', 'auto'], env);
    assert.match(again.stdout, /already registered, unchanged/);
  });

  it("the unit's ExecStart starts the controller and its ExecStop stops it", async () => {
    const unit = readFileSync(path.join(unitDir, 'Mirroring_Controller_server1.service'), 'utf8');
    const start = splitExec(/^ExecStart=(.*)$/m.exec(unit)![1]!);
    const stop = splitExec(/^ExecStop=(.*)$/m.exec(unit)![1]!);
    const service = spawnAsInstanceUser(start[0]!, start.slice(1), { stdio: 'ignore' });
    try {
      await waitFor('controller running as a service', async () => {
        const st = await McPair.mcCtl(['status', ...pair.at('server1'), '--json']);
        type Rows = { status?: { servers: { serverId: string; hostRole: string; dbProcStatus: string }[] } };
        const row = (st.json as Rows | undefined)?.status?.servers.find((x) => x.serverId === 'server1');
        return row?.hostRole === 'primary' && row.dbProcStatus === 'normal';
      });
      assert.ok(pair.s1.instance.pid(), 'the service started the instance');
      const r = await runAsInstanceUser(stop[0]!, stop.slice(1));
      assert.equal(r.code, 0, r.stderr);
      await waitFor('service process exited', () => service.exitCode !== null, { timeoutMs: 30_000 });
      assert.equal(pair.s1.instance.pid(), undefined, 'ExecStop stopped the instance too');
    } finally {
      service.kill('SIGKILL');
    }
  });

  it('unregister removes the unit; a second unregister is harmless', async () => {
    const r = await runAsRoot(['unregister', ...pair.at('server1')], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /unregistered/);
    const again = await runAsRoot(['unregister', ...pair.at('server1')], env);
    assert.match(again.stdout, /not registered/);
  });
});

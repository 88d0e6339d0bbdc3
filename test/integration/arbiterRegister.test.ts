/**
 * mc_arbiter register on Linux: a systemd unit that runs the arbiter as the owner of its
 * directory. systemd itself does not run here, so the test runs the unit's own ExecStart and
 * ExecStop lines the way systemd would (as User=) and checks they start and stop the arbiter.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatKeyFile, generateKey } from '../../src/controller/keyFile.js';
import { instanceUser } from '../support/osuser.js';
import { runAsInstanceUser, spawnAsInstanceUser } from '../support/processes.js';
import { waitFor } from '../support/wait.js';
import { runScriptAsRoot, splitExec } from '../support/systemdUnit.js';

const MC_ARBITER = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'bin',
  'mc_arbiter.js',
);
const asRoot = process.geteuid?.() === 0;

const runAsRoot = (args: string[], env: NodeJS.ProcessEnv) => runScriptAsRoot(MC_ARBITER, args, env);

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('mc_arbiter register / unregister (systemd)', { skip: asRoot ? false : 'needs root' }, () => {
  const unitDir = mkdtempSync(path.join(os.tmpdir(), 'pgc-systemd-'));
  // A space in the path: the unit's quoting is part of what is tested.
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'pgc-arb-')), 'arb dir');
  const env = { PGCLUSTER_SYSTEMD_UNIT_DIR: unitDir };
  const unitFile = path.join(unitDir, 'mc_arbiter_arb.service');
  const user = instanceUser();
  const owned = (file: string, text: string) => {
    writeFileSync(file, text, { mode: 0o600 });
    chownSync(file, user.uid, user.gid);
  };
  const answers = async () =>
    (await runAsInstanceUser(process.execPath, [MC_ARBITER, 'status', '-M', dir])).code === 0;

  before(async () => {
    chmodSync(path.dirname(dir), 0o755);
    writeFileSync(path.join(path.dirname(dir), '.keep'), '');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { mode: 0o700 });
    chownSync(dir, user.uid, user.gid);
    const port = await freePort();
    owned(
      path.join(dir, 'network.conf'),
      `server1 192.0.2.100 26540\nserver2 192.0.2.110 26540\narb 127.0.0.1 ${port} arbiter\n`,
    );
    owned(path.join(dir, 'mc.key'), formatKeyFile(generateKey()));
  });
  after(() => {
    rmSync(unitDir, { recursive: true, force: true });
    rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it('register and unregister need root: the instance administrator is told to use sudo', async () => {
    for (const mode of ['register', 'unregister']) {
      const r = await runAsInstanceUser(process.execPath, [MC_ARBITER, mode, '-M', dir]);
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stderr, new RegExp(`${mode} installs a system service and must run as root`));
      assert.match(r.stderr, new RegExp(`HINT: run: sudo mc_arbiter ${mode}`));
    }
  });

  it('refuses a directory owned by root, since the service would run as root', async () => {
    const rootDir = mkdtempSync(path.join(os.tmpdir(), 'pgc-arb-root-'));
    try {
      writeFileSync(path.join(rootDir, 'network.conf'), readFileSync(path.join(dir, 'network.conf')), {
        mode: 0o600,
      });
      writeFileSync(path.join(rootDir, 'mc.key'), readFileSync(path.join(dir, 'mc.key')), { mode: 0o600 });
      const r = await runAsRoot(['register', '-M', rootDir], env);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /the arbiter's directory is owned by root/);
      assert.match(r.stderr, /HINT: .*chown -R/);
    } finally {
      rmSync(rootDir, { recursive: true, force: true });
    }
  });

  it('writes a unit running as the owner of the directory, restarted on failure, idempotently', async () => {
    const r = await runAsRoot(['register', '-M', dir], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^registered: .*mc_arbiter_arb\.service \(runs as /m);
    assert.match(r.stdout, /note: no record yet .*--init once/);
    const unit = readFileSync(unitFile, 'utf8');
    assert.match(unit, new RegExp(`^User=${user.name}$`, 'm'));
    assert.match(unit, /^Restart=on-failure$/m);
    const again = await runAsRoot(['register', '-M', dir], env);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /already registered, unchanged/);
    const demand = await runAsRoot(['register', '-M', dir, '-S', 'demand', '--json'], env);
    assert.equal((JSON.parse(demand.stdout) as { changed: boolean }).changed, true);
    assert.match(readFileSync(unitFile, 'utf8'), /^# Start type: demand/m);
    await runAsRoot(['register', '-M', dir], env);
  });

  it("unregister refuses while an arbiter started by hand answers; the unit's ExecStop stops it", async () => {
    const unit = readFileSync(unitFile, 'utf8');
    const start = splitExec(/^ExecStart=(.*)$/m.exec(unit)![1]!);
    const stop = splitExec(/^ExecStop=(.*)$/m.exec(unit)![1]!);
    // The first start, by hand, with --init (the unit's command has none).
    const byHand = spawnAsInstanceUser(start[0]!, [...start.slice(1), '--init'], { stdio: 'ignore' });
    try {
      await waitFor('arbiter started by hand answers', answers);
      const r = await runAsRoot(['unregister', '-M', dir], env);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /the arbiter of .*arb dir is running, but not as the service mc_arbiter_arb/);
      assert.match(r.stderr, /HINT: stop the arbiter you started/);
      const s = await runAsInstanceUser(stop[0]!, stop.slice(1));
      assert.equal(s.code, 0, s.stderr);
      assert.equal(s.stdout, 'stopped\n');
      await waitFor('arbiter exited', () => byHand.exitCode !== null, { timeoutMs: 30_000 });
      assert.equal(byHand.exitCode, 0);
    } finally {
      byHand.kill('SIGKILL');
    }
  });

  it("the unit's ExecStart runs the arbiter on its record, and its ExecStop stops it", async () => {
    const unit = readFileSync(unitFile, 'utf8');
    const start = splitExec(/^ExecStart=(.*)$/m.exec(unit)![1]!);
    const stop = splitExec(/^ExecStop=(.*)$/m.exec(unit)![1]!);
    const service = spawnAsInstanceUser(start[0]!, start.slice(1), { stdio: 'ignore' });
    try {
      await waitFor('arbiter running as a service', answers);
      const s = await runAsInstanceUser(stop[0]!, stop.slice(1));
      assert.equal(s.code, 0, s.stderr);
      await waitFor('service process exited', () => service.exitCode !== null, { timeoutMs: 30_000 });
      assert.equal(service.exitCode, 0);
      assert.equal(await answers(), false);
    } finally {
      service.kill('SIGKILL');
    }
  });

  it('unregister removes the unit; a second unregister is harmless', async () => {
    const r = await runAsRoot(['unregister', '-M', dir], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^unregistered: .*mc_arbiter_arb\.service removed/);
    const again = await runAsRoot(['unregister', '-M', dir], env);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /not registered/);
  });
});

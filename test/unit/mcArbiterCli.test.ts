import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as net from 'node:net';
import * as path from 'node:path';
import { main } from '../../src/cli/mc_arbiter.js';
import { loadArbiterDirectory } from '../../src/arbiter/directory.js';
import { formatKeyFile, generateKey } from '../../src/controller/keyFile.js';
import { PgClusterError } from '../../src/errors.js';
import { startArbiter } from '../../src/arbiter/main.js';
import { createLogger } from '../../src/log/logger.js';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const NETWORK = 'server1 192.0.2.100 26540\nserver2 192.0.2.110 26540\narb 127.0.0.1 9 arbiter\n';

describe('mc_arbiter', { skip: process.platform === 'win32' ? 'POSIX permissions' : false }, () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgcluster-arb-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function put(name: string, content: string, mode = 0o600): void {
    fs.writeFileSync(path.join(dir, name), content);
    fs.chmodSync(path.join(dir, name), mode);
  }

  it('names usage errors with exit status 2: no mode, an unknown mode, a missing -M, an unknown option', async () => {
    assert.equal((await run([])).code, 2);
    let r = await run(['vote', '-M', dir]);
    assert.equal(r.code, 2);
    assert.match(r.err, /mc_arbiter: ERROR: unknown mode "vote"/);
    r = await run(['status']);
    assert.equal(r.code, 2);
    assert.match(r.err, /status: -M <dir> is required/);
    r = await run(['run', '-M', dir, '--bogus']);
    assert.equal(r.code, 2);
    assert.match(r.err, /bogus/);
    assert.match((await run(['--version'])).out, /^mc_arbiter \(PgCluster\) \d+\.\d+\.\d+/);
  });

  it('says what is wrong with its directory: missing, no network.conf, no arbiter line, readable by others', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        assert.ok(e instanceof PgClusterError);
        return `${e.code}: ${e.message} | ${e.hint ?? ''}`;
      }
      return 'no error';
    };
    assert.match(
      code(() => loadArbiterDirectory(path.join(dir, 'nope'))),
      /^MCDIR_NOT_FOUND: .*does not exist \| create it/,
    );
    assert.match(
      code(() => loadArbiterDirectory(dir)),
      /^CONFIG_NOT_FOUND: network\.conf not found .*\| copy network\.conf from a database server/,
    );
    put('network.conf', 'server1 192.0.2.100 26540\nserver2 192.0.2.110 26540\n');
    assert.match(
      code(() => loadArbiterDirectory(dir)),
      /^ARBITER_NOT_CONFIGURED: network\.conf names no arbiter \| add a line "arbiterIdentifier host port arbiter"/,
    );
    if (process.geteuid?.() !== 0) {
      put('network.conf', NETWORK, 0o644);
      assert.match(
        code(() => loadArbiterDirectory(dir)),
        /^CONFIG_PERMISSIONS/,
      );
    }
    put('network.conf', NETWORK);
    assert.match(
      code(() => loadArbiterDirectory(dir)),
      /^KEY_NOT_FOUND/,
    );
  });

  it('status says when the arbiter does not answer, as JSON too', async () => {
    put('network.conf', NETWORK);
    put('mc.key', formatKeyFile(generateKey()));
    let r = await run(['status', '-M', dir]);
    assert.equal(r.code, 1);
    assert.match(r.err, /the arbiter arb does not answer at 127\.0\.0\.1:9/);
    assert.match(r.err, /HINT: start it with mc_arbiter run/);
    r = await run(['status', '-M', dir, '--json']);
    assert.equal(r.code, 1);
    assert.equal((JSON.parse(r.out) as { error: { code: string } }).error.code, 'ARBITER_NOT_RUNNING');
  });

  it('run says so when its port is taken', async () => {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      put('network.conf', NETWORK.replace('127.0.0.1 9 arbiter', `127.0.0.1 ${port} arbiter`));
      put('mc.key', formatKeyFile(generateKey()));
      const r = await run(['run', '-M', dir, '--init']);
      assert.equal(r.code, 1);
      assert.match(r.err, /cannot listen/);
    } finally {
      taken.close();
    }
  });

  it('refuses to start without its record unless told it is the first start', async () => {
    put('network.conf', NETWORK);
    put('mc.key', formatKeyFile(generateKey()));
    const r = await run(['run', '-M', dir]);
    assert.equal(r.code, 1);
    assert.match(r.err, /the arbiter's record is missing/);
    assert.match(r.err, /--init/);
  });

  it('stop asks a running arbiter to stop and returns once it is gone; a stopped one is "not running"', async () => {
    const free = net.createServer();
    await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
    const port = (free.address() as net.AddressInfo).port;
    await new Promise<void>((r) => free.close(() => r()));
    put('network.conf', NETWORK.replace('127.0.0.1 9 arbiter', `127.0.0.1 ${port} arbiter`));
    put('mc.key', formatKeyFile(generateKey()));
    let stops = 0;
    const logger = createLogger({ source: 'test', file: path.join(dir, 'arb.arbiter.log') });
    const running = await startArbiter(dir, {
      init: true,
      logger,
      onStopRequest: () => {
        stops++;
        void running.stop();
      },
    });
    try {
      // The first start writes its (empty) record at once: the service's start needs no --init.
      assert.ok(fs.existsSync(path.join(dir, 'arb.arbiter.state')), 'record written by the --init start');
      let r = await run(['stop', '-M', dir, '--json']);
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(JSON.parse(r.out), { ok: true, stopped: true });
      assert.equal(stops, 1);
      r = await run(['stop', '-M', dir]);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, 'not running\n');
    } finally {
      await running.stop().catch(() => undefined);
      await logger.close();
    }
  });

  it('plan shows the service register would make, as JSON for the module', async () => {
    put('network.conf', NETWORK);
    put('mc.key', formatKeyFile(generateKey()));
    const r = await run([
      'plan',
      '-M',
      dir,
      '--target',
      'windows',
      '--account',
      'CONTOSO\\pgarb',
      '-S',
      'demand',
      '--json',
    ]);
    assert.equal(r.code, 0, r.err);
    const answer = JSON.parse(r.out) as {
      plan: {
        operations: { kind: string; name?: string; start?: string; command?: string[] }[];
        notes: string[];
      };
      steps: { undo: string }[];
    };
    const svc = answer.plan.operations[1]!;
    assert.deepEqual([svc.kind, svc.name, svc.start], ['service.arbiter', 'mc_arbiter_arb', 'demand']);
    assert.deepEqual(svc.command!.slice(-3), ['run', '-M', dir]);
    assert.match(svc.command![1]!, /bin[\\/]mc_arbiter\.js$/);
    assert.deepEqual(
      answer.steps.map((s) => s.undo),
      ['keep', 'remove'],
    );
    assert.match(answer.plan.notes[0]!, /no record yet .*--init once/);
  });
});

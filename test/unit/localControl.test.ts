import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PgClusterError } from '../../src/errors.js';
import {
  localCall,
  LocalControlServer,
  localControlPath,
  MAX_LOCAL_REQUEST_BYTES,
  type LocalHandler,
} from '../../src/controller/localControl.js';

let dir = '';
const cleanups: (() => unknown)[] = [];

before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pgc-lc-'));
});
after(async () => {
  for (const c of cleanups.reverse()) await c();
  await fs.rm(dir, { recursive: true, force: true });
});

async function rejectsWith(p: Promise<unknown>, code: string): Promise<PgClusterError> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof PgClusterError, `expected ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  return caught;
}

let n = 0;
async function start(handler: LocalHandler, p = path.join(dir, `s${++n}.sock`)): Promise<LocalControlServer> {
  const s = new LocalControlServer(p, handler);
  cleanups.push(() => s.close());
  await s.listen();
  return s;
}

/** A socket file with nothing listening, as a controller killed with SIGKILL leaves behind. */
async function staleSocket(p: string): Promise<void> {
  const tmp = `${p}.live`;
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(tmp, r));
  await fs.rename(tmp, p); // closing the server unlinks only the old name
  await new Promise((r) => srv.close(r));
}

/** Sends raw bytes and collects the reply until the server closes or a line arrives. */
function raw(p: string, data: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(p);
    let got = '';
    s.on('error', reject);
    s.on('data', (c: Buffer) => {
      got += c.toString();
      if (got.includes('\n')) {
        s.destroy();
        resolve(got);
      }
    });
    s.on('close', () => resolve(got));
    s.write(data);
  });
}

describe('local control path', () => {
  it('is a hidden socket in the MC directory when short enough', () => {
    assert.equal(localControlPath('/var/mc', 'srv1', { platform: 'linux' }), '/var/mc/.mc_srv1.sock');
  });

  it('falls back to a hashed name under the temporary directory for long paths', () => {
    const long = '/' + 'd'.repeat(95);
    const a = localControlPath(long, 'srv1', { platform: 'linux', tmpdir: '/tmp' });
    assert.match(a, /^\/tmp\/pgcluster-mc-[0-9a-f]{32}\.sock$/);
    assert.equal(localControlPath(long + '/', 'srv1', { platform: 'linux', tmpdir: '/tmp' }), a);
    assert.notEqual(localControlPath(long, 'srv2', { platform: 'linux', tmpdir: '/tmp' }), a);
    assert.ok(Buffer.byteLength(a) <= 100);
    // Exactly 100 bytes still fits.
    const fits = '/' + 'e'.repeat(100 - '/.mc_s.sock'.length - 1);
    assert.equal(localControlPath(fits, 's', { platform: 'linux' }).length, 100);
    assert.ok(localControlPath(fits, 's', { platform: 'linux' }).startsWith(fits));
  });

  it('does not depend on the working directory', () => {
    const rel = path.relative(process.cwd(), '/var/mc');
    assert.equal(localControlPath(rel, 'x', { platform: 'linux' }), '/var/mc/.mc_x.sock');
  });

  it('is a named pipe on Windows, the same whatever the case of the directory', () => {
    const p = localControlPath('D:\\MC\\inst1', 'srv1', { platform: 'win32' });
    assert.match(p, /^\\\\\.\\pipe\\pgcluster-mc-[0-9a-f]{32}$/);
    assert.equal(localControlPath('d:\\mc\\INST1', 'srv1', { platform: 'win32' }), p);
    assert.notEqual(localControlPath('D:\\MC\\inst1', 'srv2', { platform: 'win32' }), p);
  });
});

describe('local control channel', () => {
  it('answers a call, on a socket only the owner may use', async () => {
    const seen: unknown[] = [];
    const s = await start((op, args) => {
      seen.push([op, args]);
      return Promise.resolve({ state: 'running', op });
    });
    assert.deepEqual(await localCall(s.path, 'status', { json: true }, 1000), {
      state: 'running',
      op: 'status',
    });
    assert.deepEqual(await localCall(s.path, 'noop', undefined, 1000), { state: 'running', op: 'noop' });
    assert.deepEqual(seen, [
      ['status', { json: true }],
      ['noop', null],
    ]);
    const st = await fs.stat(s.path);
    assert.ok(st.isSocket());
    assert.equal(st.mode & 0o777, 0o600);
    await s.close();
    await assert.rejects(fs.stat(s.path), { code: 'ENOENT' });
  });

  it('re-creates the controller error on the client side', async () => {
    const s = await start((op) => {
      if (op === 'plain') return Promise.reject(new Error('disk full'));
      throw new PgClusterError('NOT_STANDBY', 'this server is not a standby', {
        where: 'srv1',
        hint: 'run on srv2',
      });
    });
    const e = await rejectsWith(localCall(s.path, 'switch', null, 1000), 'NOT_STANDBY');
    assert.equal(e.message, 'this server is not a standby');
    assert.equal(e.where, 'srv1');
    assert.equal(e.hint, 'run on srv2');
    const e2 = await rejectsWith(localCall(s.path, 'plain', null, 1000), 'INTERNAL');
    assert.equal(e2.message, 'disk full');
  });

  it('says the controller is not running when nothing listens', async () => {
    const missing = path.join(dir, 'missing.sock');
    const e = await rejectsWith(localCall(missing, 'status', null, 1000), 'CONTROLLER_NOT_RUNNING');
    assert.equal(e.where, missing);
    assert.ok(e.hint);
    const stale = path.join(dir, 'stale-call.sock');
    await staleSocket(stale);
    await rejectsWith(localCall(stale, 'status', null, 1000), 'CONTROLLER_NOT_RUNNING');
  });

  it('replaces a stale socket file', async () => {
    const p = path.join(dir, 'stale.sock');
    await staleSocket(p);
    assert.ok((await fs.lstat(p)).isSocket());
    await start(() => Promise.resolve('fresh'), p);
    assert.equal(await localCall(p, 'x', null, 1000), 'fresh');
  });

  it('refuses to start beside a running controller, and leaves it alone', async () => {
    const first = await start(() => Promise.resolve('first'));
    const second = new LocalControlServer(first.path, () => Promise.resolve('second'));
    await rejectsWith(second.listen(), 'CONTROLLER_ALREADY_RUNNING');
    assert.equal(await localCall(first.path, 'x', null, 1000), 'first');
  });

  it('does not delete a file that is not a socket', async () => {
    const p = path.join(dir, 'file.sock');
    await fs.writeFile(p, 'keep me');
    await rejectsWith(
      new LocalControlServer(p, () => Promise.resolve(null)).listen(),
      'LOCAL_CONTROL_LISTEN',
    );
    assert.equal(await fs.readFile(p, 'utf8'), 'keep me');
  });

  it('refuses a socket that belongs to another user (one planted in a shared directory)', async () => {
    const s = await start(() => Promise.resolve('planted'));
    const owner = (await fs.lstat(s.path)).uid;
    const realGetuid = process.getuid;
    process.getuid = () => owner + 4242; // pretend to be someone else
    try {
      const e = await rejectsWith(localCall(s.path, 'x', null, 1000), 'CONTROLLER_ACCESS_DENIED');
      assert.match(e.message, new RegExp(`uid ${owner}`));
    } finally {
      process.getuid = realGetuid;
    }
  });

  it('times out when the controller does not answer', async () => {
    let release!: () => void;
    const hung = new Promise<void>((r) => (release = r));
    cleanups.push(() => release());
    const s = await start(async () => {
      await hung;
      return null;
    });
    const e = await rejectsWith(localCall(s.path, 'stop', null, 50), 'CONTROLLER_TIMEOUT');
    assert.match(e.message, /"stop" within 50 ms/);
  });

  it('answers malformed requests with an error and keeps the connection', async () => {
    const s = await start((op) => Promise.resolve(op));
    assert.deepEqual(JSON.parse(await raw(s.path, 'not json\n')), {
      id: null,
      ok: false,
      error: { code: 'LOCAL_MALFORMED', message: 'request is not a JSON object with an "op"' },
    });
    const two = await new Promise<string[]>((resolve, reject) => {
      const c = net.connect(s.path);
      let got = '';
      c.on('error', reject);
      c.on('data', (d: Buffer) => {
        got += d.toString();
        const lines = got.split('\n').filter(Boolean);
        if (lines.length === 2) {
          c.destroy();
          resolve(lines);
        }
      });
      c.write('[1]\n{"id":7,"op":"ping"}\n');
    });
    assert.equal((JSON.parse(two[0]!) as { ok: boolean }).ok, false);
    assert.deepEqual(JSON.parse(two[1]!), { id: 7, ok: true, result: 'ping' });
  });

  it('refuses a request line over 1 MiB', async () => {
    const s = await start(() => Promise.resolve('never'));
    const reply = await raw(s.path, Buffer.alloc(MAX_LOCAL_REQUEST_BYTES + 10, 0x61));
    assert.equal((JSON.parse(reply) as { error: { code: string } }).error.code, 'LOCAL_REQUEST_TOO_LARGE');
  });

  it('works through the temporary-directory fallback for a deep MC directory', async () => {
    const deep = path.join(dir, 'x'.repeat(60), 'y'.repeat(60));
    await fs.mkdir(deep, { recursive: true });
    const p = localControlPath(deep, 'srv1');
    assert.ok(p.startsWith(os.tmpdir()), p);
    const s = await start(() => Promise.resolve('deep'), p);
    assert.equal(await localCall(p, 'x', null, 1000), 'deep');
    await s.close();
    await assert.rejects(fs.stat(p), { code: 'ENOENT' });
  });
});

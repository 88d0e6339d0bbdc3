import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { PgClusterError } from '../../src/errors.js';
import {
  AdminClient,
  AdminServer,
  type AdminClientOptions,
  type AdminHandler,
  type AdminServerOptions,
} from '../../src/controller/adminNet.js';
import { BUSY_NOTICE, MAX_FRAME_BYTES } from '../../src/controller/protocol.js';

const KEY = Buffer.alloc(32, 3);

/** Things to close when the file's tests end, so no handle is left open. */
const cleanups: (() => unknown)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** Resolves every pending `wait()` when released; used for handlers that must hang. */
function gate(): { wait: () => Promise<void>; release: () => void } {
  let release!: () => void;
  const p = new Promise<void>((r) => (release = r));
  cleanups.push(() => release());
  return { wait: () => p, release };
}

async function startServer(
  host: string,
  handler: AdminHandler,
  extra: Partial<AdminServerOptions> = {},
): Promise<{ server: AdminServer; port: number; rejected: [string, PgClusterError][] }> {
  const rejected: [string, PgClusterError][] = [];
  const server = new AdminServer({
    host,
    port: 0,
    key: KEY,
    selfId: 'b',
    allowedPeers: ['a'],
    handler,
    onRejected: (addr, e) => rejected.push([addr, e]),
    ...extra,
  });
  cleanups.push(() => server.close());
  const { port } = await server.listen();
  return { server, port, rejected };
}

function client(host: string, port: number, extra: Partial<AdminClientOptions> = {}): AdminClient {
  const c = new AdminClient({
    host,
    port,
    key: KEY,
    selfId: 'a',
    peerId: 'b',
    connectTimeoutMs: 1000,
    ...extra,
  });
  cleanups.push(() => c.close());
  return c;
}

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

const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(cond(), 'condition not reached');
};

const echo: AdminHandler = (peerId, op, args) => Promise.resolve({ peerId, op, args });

for (const host of ['127.0.0.1', '::1']) {
  describe(`admin network over ${host}`, () => {
    it('answers a request, with a clock offset near zero', async () => {
      const connected: string[] = [];
      const { port } = await startServer(host, echo, { onConnected: (peer) => connected.push(peer) });
      const c = client(host, port);
      const r = await c.call('status', { verbose: true }, 1000);
      assert.deepEqual(r.result, { peerId: 'a', op: 'status', args: { verbose: true } });
      assert.ok(Math.abs(r.clockOffsetMs) < 100, `offset ${r.clockOffsetMs}`);
      assert.ok(r.roundTripMs >= 0 && r.roundTripMs < 1000);
      assert.equal(c.lastClockOffsetMs, r.clockOffsetMs);
      assert.deepEqual(connected, ['a']);
      // undefined args and results travel as null
      const r2 = await c.call('noop', undefined, 1000);
      assert.deepEqual(r2.result, { peerId: 'a', op: 'noop', args: null });
      c.close();
    });

    it('keeps several calls in flight on one connection and matches answers by id', async () => {
      let connections = 0;
      const { port } = await startServer(
        host,
        async (_p, _op, args) => {
          const n = args as number;
          await new Promise((r) => setTimeout(r, (20 - n) * 2)); // later calls answer first
          return n * n;
        },
        { onConnected: () => connections++ },
      );
      const c = client(host, port);
      const results = await Promise.all(Array.from({ length: 20 }, (_, n) => c.call('sq', n, 2000)));
      assert.deepEqual(
        results.map((r) => r.result),
        Array.from({ length: 20 }, (_, n) => n * n),
      );
      assert.equal(connections, 1);
      c.close();
    });

    it("passes the handler's errors back with their code, where and hint", async () => {
      const { port } = await startServer(host, (_p, op) => {
        if (op === 'pg')
          throw new PgClusterError('NOT_PRIMARY', 'not the primary', { where: 'srv b', hint: 'ask a' });
        return Promise.reject(new Error('boom'));
      });
      const c = client(host, port);
      const e = await rejectsWith(c.call('pg', null, 1000), 'NOT_PRIMARY');
      assert.equal(e.message, 'not the primary');
      assert.equal(e.where, 'srv b');
      assert.equal(e.hint, 'ask a');
      const e2 = await rejectsWith(c.call('other', null, 1000), 'INTERNAL');
      assert.equal(e2.message, 'boom');
      assert.equal(e2.where, 'peer server "b"');
      // The connection is still usable.
      await rejectsWith(c.call('other', null, 1000), 'INTERNAL');
      c.close();
    });

    it('times out a call the peer does not answer, and recovers', async () => {
      const g = gate();
      const { port } = await startServer(host, async (_p, op) => {
        if (op === 'hang') await g.wait();
        return op;
      });
      const c = client(host, port);
      const t0 = Date.now();
      const e = await rejectsWith(c.call('hang', null, 80), 'PEER_TIMEOUT');
      assert.ok(Date.now() - t0 >= 75);
      assert.match(e.message, /"hang" within 80 ms/);
      assert.equal((await c.call('quick', null, 1000)).result, 'quick');
      c.close();
    });

    it('refuses a client with the wrong key and reports it', async () => {
      const { port, rejected } = await startServer(host, echo);
      const c = client(host, port, { key: Buffer.alloc(32, 9) });
      const e = await rejectsWith(c.call('status', null, 1000), 'PEER_REFUSED');
      assert.match(e.hint ?? '', /mc\.key/);
      await until(() => rejected.length === 1);
      const [addr, err] = rejected[0]!;
      assert.equal(err.code, 'PROTOCOL_AUTH');
      assert.equal(err.where, addr);
      assert.ok(addr.startsWith(host === '::1' ? '[::1]:' : '127.0.0.1:'), addr);
      c.close();
    });

    it('refuses a server id that is not a peer', async () => {
      const { port, rejected } = await startServer(host, echo);
      const c = client(host, port, { selfId: 'stranger' });
      await rejectsWith(c.call('status', null, 1000), 'PEER_REFUSED');
      await until(() => rejected.length === 1);
      assert.equal(rejected[0]![1].code, 'PROTOCOL_UNKNOWN_PEER');
      c.close();
    });

    it('rejects a pending call when the server dies, then reconnects once it is back', async () => {
      const g = gate();
      const first = await startServer(host, async (_p, op) => {
        if (op === 'hang') await g.wait();
        return 'one';
      });
      const port = first.port;
      const c = client(host, port);
      assert.equal((await c.call('x', null, 1000)).result, 'one');
      const pending = c.call('hang', null, 2000);
      await new Promise((r) => setTimeout(r, 20));
      await first.server.close();
      await rejectsWith(pending, 'PEER_UNREACHABLE');
      const down = await rejectsWith(c.call('x', null, 1000), 'PEER_UNREACHABLE');
      assert.match(down.message, /ECONNREFUSED/);
      const second = new AdminServer({
        host,
        port,
        key: KEY,
        selfId: 'b',
        allowedPeers: ['a'],
        handler: () => Promise.resolve('two'),
      });
      cleanups.push(() => second.close());
      await second.listen();
      assert.equal((await c.call('x', null, 1000)).result, 'two');
      c.close();
      await second.close();
    });
  });
}

describe('admin network edge cases', () => {
  it('gives up connecting after the connect timeout', async () => {
    // Accepts TCP but never answers the hello.
    const silent = net.createServer((s) => s.on('error', () => undefined));
    const sockets: net.Socket[] = [];
    silent.on('connection', (s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    cleanups.push(() => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => silent.close(r));
    });
    const port = (silent.address() as net.AddressInfo).port;
    const c = client('127.0.0.1', port, { connectTimeoutMs: 60 });
    const e = await rejectsWith(c.call('x', null, 2000), 'PEER_UNREACHABLE');
    assert.match(e.message, /within 60 ms/);
    // A call timeout shorter than the connect timeout also reports the peer unreachable.
    const c2 = client('127.0.0.1', port, { connectTimeoutMs: 2000 });
    await rejectsWith(c2.call('x', null, 40), 'PEER_UNREACHABLE');
    c2.close();
  });

  it('drops connections that do not authenticate in time or send garbage', async () => {
    const { port, rejected } = await startServer('127.0.0.1', echo, { handshakeTimeoutMs: 50 });
    const idle = net.connect(port, '127.0.0.1');
    idle.on('error', () => undefined);
    const idleClosed = new Promise((r) => idle.on('close', r));
    const huge = net.connect(port, '127.0.0.1');
    huge.on('error', () => undefined);
    const hugeClosed = new Promise((r) => huge.on('close', r));
    huge.write(Buffer.from([0x7f, 0xff, 0xff, 0xff]));
    await Promise.all([idleClosed, hugeClosed]);
    await until(() => rejected.length === 2);
    assert.deepEqual(rejected.map(([, e]) => e.code).sort(), ['PROTOCOL_SIZE', 'PROTOCOL_TIMEOUT']);
  });

  it('keeps room for a trusted host while others flood the port, and counts the flood', async () => {
    const { server, port, rejected } = await startServer('127.0.0.1', echo, {
      trustedHosts: ['127.0.0.1'],
      handshakeTimeoutMs: 5000,
    });
    // 160 idle sockets from four other loopback addresses, none sending a byte.
    const flood: net.Socket[] = [];
    const busyNotices: Buffer[] = [];
    for (let i = 0; i < 160; i++) {
      const s = net.connect({ port, host: '127.0.0.1', localAddress: `127.0.0.${2 + (i % 4)}` });
      s.on('error', () => undefined);
      s.on('data', (d) => busyNotices.push(d));
      flood.push(s);
      cleanups.push(() => s.destroy());
    }
    await until(() => busyNotices.length >= 160 - 4 * 4);
    // Each dropped socket heard the busy notice, four zero bytes, and nothing else.
    assert.ok(
      busyNotices.every((b) => b.equals(Buffer.alloc(4))),
      'a dropped socket got something else',
    );
    for (let i = 0; i < 10; i++) {
      const c = client('127.0.0.1', port);
      assert.deepEqual((await c.call('x', i, 1000)).result, { peerId: 'a', op: 'x', args: i });
      c.close();
    }
    const f = server.flood()!;
    assert.ok(f.dropped >= 144, `dropped ${f.dropped}`);
    assert.equal(f.sources, 4);
    assert.match(f.top.source, /^127\.0\.0\.[2-5]$/);
    assert.ok(rejected.some(([, e]) => e.code === 'ADMIN_BUSY'));
  });

  it('tells a client dropped for room that the peer is busy, not that it refused the key', async () => {
    const accepted: net.Socket[] = [];
    const busy = net.createServer((s) => {
      accepted.push(s);
      s.end(BUSY_NOTICE);
    });
    cleanups.push(() => {
      for (const s of accepted) s.destroy();
      return new Promise((r) => busy.close(r));
    });
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const { port } = busy.address() as net.AddressInfo;
    const e = await rejectsWith(client('127.0.0.1', port).call('x', null, 1000), 'PEER_BUSY');
    assert.match(e.message, /is busy/);
  });

  it('refuses an over-size request or result without breaking the connection', async () => {
    const { port } = await startServer('127.0.0.1', (_p, op) =>
      Promise.resolve(op === 'big' ? 'x'.repeat(MAX_FRAME_BYTES) : 'small'),
    );
    const c = client('127.0.0.1', port);
    await rejectsWith(c.call('x', 'y'.repeat(MAX_FRAME_BYTES), 1000), 'PROTOCOL_SIZE');
    await rejectsWith(c.call('big', null, 1000), 'PROTOCOL_SIZE');
    assert.equal((await c.call('x', null, 1000)).result, 'small');
    c.close();
  });

  it('rejects, never throws, on a bad port', async () => {
    await rejectsWith(client('127.0.0.1', 70000).call('x', null, 100), 'PEER_UNREACHABLE');
    const bad = new AdminServer({
      host: '127.0.0.1',
      port: 70000,
      key: KEY,
      selfId: 'b',
      allowedPeers: [],
      handler: echo,
    });
    await rejectsWith(bad.listen(), 'ADMIN_LISTEN');
  });

  it('refuses calls on a closed client', async () => {
    const c = client('127.0.0.1', 1);
    c.close();
    await rejectsWith(c.call('x', null, 100), 'PEER_UNREACHABLE');
  });

  it('reports a port that is already in use', async () => {
    const { port } = await startServer('127.0.0.1', echo);
    const clash = new AdminServer({
      host: '127.0.0.1',
      port,
      key: KEY,
      selfId: 'b',
      allowedPeers: ['a'],
      handler: echo,
    });
    const e = await rejectsWith(clash.listen(), 'ADMIN_LISTEN');
    assert.equal(e.where, `127.0.0.1:${port}`);
    await clash.close();
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { PgClusterError } from '../../src/errors.js';
import {
  BUSY_NOTICE,
  ClientSession,
  encodeFrame,
  formatAddress,
  FrameDecoder,
  helloKey,
  MAX_FRAME_BYTES,
  openFrame,
  PROTOCOL_VERSION,
  ServerSession,
  sessionKeys,
  welcomeKey,
  type Message,
  type SessionEvent,
} from '../../src/controller/protocol.js';

const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 8);
const REMOTE = '192.0.2.10:26540';

/** Deterministic nonces so tests can compute session keys and forge frames. */
function nonces(fill: number): (n: number) => Buffer {
  let k = fill;
  return (n) => Buffer.alloc(n, k++);
}

function pair(opts: { clientKey?: Buffer; clientId?: string; serverId?: string; peerId?: string } = {}) {
  const client = new ClientSession({
    key: opts.clientKey ?? KEY,
    selfId: opts.clientId ?? 'a',
    peerId: opts.peerId ?? 'b',
    remote: 'server-addr',
    randomBytes: nonces(1),
    now: () => 1000,
  });
  const server = new ServerSession({
    key: KEY,
    selfId: opts.serverId ?? 'b',
    allowedPeers: ['a'],
    remote: REMOTE,
    randomBytes: nonces(100),
    now: () => 2000,
  });
  return { client, server };
}

const sends = (evs: SessionEvent[]): Buffer[] => evs.flatMap((e) => (e.kind === 'send' ? [e.frame] : []));
const messages = (evs: SessionEvent[]): Message[] =>
  evs.flatMap((e) => (e.kind === 'message' ? [e.message] : []));

/** Runs the handshake; returns the bytes each side sent. */
function connect(client: ClientSession, server: ServerSession) {
  const hello = client.hello();
  const sEv = server.receive(hello);
  const welcome = Buffer.concat(sends(sEv));
  const cEv = client.receive(welcome);
  assert.deepEqual(
    cEv.filter((e) => e.kind === 'established'),
    [{ kind: 'established', peerId: 'b' }],
  );
  const confirm = Buffer.concat(sends(cEv));
  const sEv2 = server.receive(confirm);
  assert.deepEqual(sEv2, [{ kind: 'established', peerId: 'a' }]);
  return { hello, welcome, confirm };
}

function assertCode(fn: () => unknown, code: string, where?: string): PgClusterError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof PgClusterError, `expected a PgClusterError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  if (where !== undefined) assert.equal(caught.where, where);
  return caught;
}

/** A frame with arbitrary JSON text, correctly MAC'd. */
function rawFrame(macKey: Buffer, json: string, version = PROTOCOL_VERSION): Buffer {
  const body = Buffer.from(json);
  const mac = createHmac('sha256', macKey).update(Buffer.of(version)).update(body).digest();
  const head = Buffer.alloc(5);
  head.writeUInt32BE(1 + 32 + body.length, 0);
  head[4] = version;
  return Buffer.concat([head, mac, body]);
}

describe('frame encoding', () => {
  it('round-trips a message', () => {
    const msg: Message = {
      type: 'heartbeat',
      seq: 3,
      ts: 1700000000123,
      from: 'srv1',
      body: { x: [1, 'é'] },
    };
    const frame = encodeFrame(KEY, msg);
    assert.equal(frame.readUInt32BE(0), frame.length - 4);
    assert.equal(frame[4], PROTOCOL_VERSION);
    const d = new FrameDecoder(REMOTE);
    const raws = d.push(frame);
    assert.equal(raws.length, 1);
    assert.deepEqual(openFrame(raws[0]!, KEY, REMOTE), msg);
    assert.equal(d.bufferedBytes, 0);
  });

  it('writes a missing body as null', () => {
    const frame = encodeFrame(KEY, { type: 't', seq: 0, ts: 1, from: 'a', body: undefined });
    const raw = new FrameDecoder(REMOTE).push(frame)[0]!;
    assert.equal(openFrame(raw, KEY, REMOTE).body, null);
  });

  it('reassembles frames delivered one byte at a time, and several in one chunk', () => {
    const msgs: Message[] = [
      { type: 'a', seq: 1, ts: 1, from: 's', body: null },
      { type: 'b', seq: 2, ts: 2, from: 's', body: 'x'.repeat(60_000) },
      { type: 'c', seq: 3, ts: 3, from: 's', body: { deep: { er: true } } },
    ];
    const stream = Buffer.concat(msgs.map((m) => encodeFrame(KEY, m)));
    const d = new FrameDecoder(REMOTE);
    const got: Message[] = [];
    for (let i = 0; i < stream.length; i++) {
      for (const raw of d.push(stream.subarray(i, i + 1))) got.push(openFrame(raw, KEY, REMOTE));
    }
    assert.deepEqual(got, msgs);
    const d2 = new FrameDecoder(REMOTE);
    assert.deepEqual(
      d2.push(stream).map((r) => openFrame(r, KEY, REMOTE)),
      msgs,
    );
    // Split at awkward points: inside the length prefix and inside the MAC.
    const d3 = new FrameDecoder(REMOTE);
    const parts = [stream.subarray(0, 2), stream.subarray(2, 20), stream.subarray(20)];
    assert.equal(parts.flatMap((p) => d3.push(p)).length, 3);
  });

  it('refuses an over-size length header before buffering the body', () => {
    for (const len of [MAX_FRAME_BYTES + 1, 0xffffffff]) {
      const d = new FrameDecoder(REMOTE);
      const head = Buffer.alloc(4);
      head.writeUInt32BE(len, 0);
      assertCode(() => d.push(head), 'PROTOCOL_SIZE', REMOTE);
      assert.equal(d.bufferedBytes, 0);
      // The error is final: more bytes do not revive the stream.
      assertCode(() => d.push(Buffer.alloc(10)), 'PROTOCOL_SIZE');
    }
    // Byte by byte: refused as soon as the 4th byte arrives.
    const d = new FrameDecoder(REMOTE);
    d.push(Buffer.of(0xff));
    d.push(Buffer.of(0xff));
    d.push(Buffer.of(0xff));
    assertCode(() => d.push(Buffer.of(0xff)), 'PROTOCOL_SIZE');
  });

  it('refuses a length too small to hold a MAC', () => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(3, 0);
    assertCode(() => new FrameDecoder(REMOTE).push(head), 'PROTOCOL_SIZE');
  });

  it('accepts a frame of exactly the maximum size and refuses to encode a larger one', () => {
    const overhead = encodeFrame(KEY, { type: 't', seq: 1, ts: 1, from: 'a', body: '' }).length - 4;
    const fits = encodeFrame(KEY, {
      type: 't',
      seq: 1,
      ts: 1,
      from: 'a',
      body: 'x'.repeat(MAX_FRAME_BYTES - overhead),
    });
    assert.equal(fits.length - 4, MAX_FRAME_BYTES);
    assert.equal(new FrameDecoder(REMOTE).push(fits).length, 1);
    assertCode(
      () =>
        encodeFrame(KEY, {
          type: 't',
          seq: 1,
          ts: 1,
          from: 'a',
          body: 'x'.repeat(MAX_FRAME_BYTES - overhead + 1),
        }),
      'PROTOCOL_SIZE',
    );
  });

  it('refuses another protocol version as soon as the version byte arrives', () => {
    const frame = encodeFrame(KEY, { type: 't', seq: 1, ts: 1, from: 'a', body: null }, PROTOCOL_VERSION + 1);
    const d = new FrameDecoder(REMOTE);
    assert.deepEqual(d.push(frame.subarray(0, 4)), []);
    assertCode(() => d.push(frame.subarray(4, 5)), 'PROTOCOL_VERSION', REMOTE);
  });

  it('refuses a bad MAC and parses nothing', () => {
    const raw = new FrameDecoder(REMOTE).push(
      encodeFrame(OTHER_KEY, { type: 't', seq: 1, ts: 1, from: 'a', body: 1 }),
    )[0]!;
    assertCode(() => openFrame(raw, KEY, REMOTE), 'PROTOCOL_AUTH', REMOTE);
    // Even invalid JSON reports AUTH when the MAC is wrong: unauthenticated bytes are never parsed.
    const bad = new FrameDecoder(REMOTE).push(rawFrame(OTHER_KEY, '{oops'))[0]!;
    assertCode(() => openFrame(bad, KEY, REMOTE), 'PROTOCOL_AUTH');
  });

  it('refuses malformed JSON and messages missing fields', () => {
    const cases = [
      '{oops',
      '[1,2]',
      '"text"',
      'null',
      '{"seq":1,"ts":1,"from":"a","body":null}',
      '{"type":"","seq":1,"ts":1,"from":"a"}',
      '{"type":"t","seq":-1,"ts":1,"from":"a"}',
      '{"type":"t","seq":1.5,"ts":1,"from":"a"}',
      '{"type":"t","seq":"1","ts":1,"from":"a"}',
      '{"type":"t","seq":1,"ts":"now","from":"a"}',
      '{"type":"t","seq":1,"ts":1}',
      '{"type":"t","seq":1,"ts":1,"from":7}',
    ];
    for (const json of cases) {
      const raw = new FrameDecoder(REMOTE).push(rawFrame(KEY, json))[0]!;
      assertCode(() => openFrame(raw, KEY, REMOTE), 'PROTOCOL_MALFORMED', REMOTE);
    }
    const bytes = Buffer.concat([Buffer.from('{"type":"t","seq":1,"ts":1,"from":"'), Buffer.of(0xff, 0xfe)]);
    const raw = new FrameDecoder(REMOTE).push(rawFrame(KEY, bytes.toString('latin1')))[0]!;
    assertCode(() => openFrame(raw, KEY, REMOTE), 'PROTOCOL_MALFORMED');
  });

  it('refuses to encode what JSON cannot hold', () => {
    assertCode(
      () => encodeFrame(KEY, { type: 't', seq: 1, ts: 1, from: 'a', body: 1n }),
      'PROTOCOL_MALFORMED',
    );
  });

  it('formats IPv4 and IPv6 addresses', () => {
    assert.equal(formatAddress('10.0.0.1', 26540), '10.0.0.1:26540');
    assert.equal(formatAddress('::1', 26540), '[::1]:26540');
    assert.equal(formatAddress(undefined, undefined), '?:?');
  });
});

describe('the busy notice', () => {
  it('is a busy peer to a client waiting for its welcome, even split over chunks', () => {
    const { client } = pair();
    client.hello();
    assert.deepEqual(client.receive(BUSY_NOTICE.subarray(0, 3)), []);
    const e = assertCode(() => client.receive(BUSY_NOTICE.subarray(3)), 'PEER_BUSY', 'server-addr');
    assert.match(e.message, /too many connections were waiting to authenticate/);
  });

  it('is a bad frame anywhere else: to a server, and on an open session', () => {
    const { client, server } = pair();
    assertCode(() => server.receive(BUSY_NOTICE), 'PROTOCOL_SIZE');
    const other = pair();
    connect(other.client, other.server);
    assertCode(() => other.client.receive(BUSY_NOTICE), 'PROTOCOL_SIZE');
    assertCode(() => client.receive(BUSY_NOTICE), 'PROTOCOL_SIZE'); // before its hello
  });
});

describe('handshake and session', () => {
  it('completes a handshake and carries messages both ways with increasing seq', () => {
    const { client, server } = pair();
    assert.equal(client.established, false);
    connect(client, server);
    assert.ok(client.established && server.established);
    assert.equal(server.peerId, 'a');
    assert.equal(client.peerId, 'b');
    const got = messages(
      server.receive(Buffer.concat([client.send('request', { n: 1 }), client.send('request', { n: 2 })])),
    );
    assert.deepEqual(
      got.map((m) => [m.type, m.seq, m.from, m.ts, m.body]),
      [
        ['request', 2, 'a', 1000, { n: 1 }], // seq 1 was the confirm
        ['request', 3, 'a', 1000, { n: 2 }],
      ],
    );
    const back = messages(client.receive(server.send('response', 'ok')));
    assert.deepEqual(
      back.map((m) => [m.type, m.seq, m.from, m.ts, m.body]),
      [['response', 1, 'b', 2000, 'ok']],
    );
  });

  it('works with every byte delivered separately and requests pipelined behind the confirm', () => {
    const { client, server } = pair();
    const serverEv: SessionEvent[] = [];
    const clientEv: SessionEvent[] = [];
    const feed = (s: ClientSession | ServerSession, bytes: Buffer, into: SessionEvent[]) => {
      for (let i = 0; i < bytes.length; i++) into.push(...s.receive(bytes.subarray(i, i + 1)));
    };
    feed(server, client.hello(), serverEv);
    feed(client, Buffer.concat(sends(serverEv)), clientEv);
    const confirm = Buffer.concat(sends(clientEv));
    feed(server, Buffer.concat([confirm, client.send('request', 'x')]), serverEv);
    assert.deepEqual(
      serverEv.filter((e) => e.kind !== 'send'),
      [
        { kind: 'established', peerId: 'a' },
        { kind: 'message', message: { type: 'request', seq: 2, ts: 1000, from: 'a', body: 'x' } },
      ],
    );
  });

  it('uses fresh nonces on every connection', () => {
    const a = new ClientSession({ key: KEY, selfId: 'a', peerId: 'b', remote: 'x' });
    const b = new ClientSession({ key: KEY, selfId: 'a', peerId: 'b', remote: 'x' });
    assert.notDeepEqual(a.hello(), b.hello());
  });

  it('sends nothing back to a client whose hello fails, and names the remote address', () => {
    const { client, server } = pair({ clientKey: OTHER_KEY });
    const e = assertCode(() => server.receive(client.hello()), 'PROTOCOL_AUTH', REMOTE);
    assert.match(e.hint ?? '', /mc\.key/);
    assert.equal(server.established, false);
    // The failure is final.
    assertCode(() => server.receive(Buffer.alloc(0)), 'PROTOCOL_AUTH');
  });

  it('refuses a hello from a server id that is not a peer, even with the right key', () => {
    const { client, server } = pair({ clientId: 'intruder' });
    const e = assertCode(() => server.receive(client.hello()), 'PROTOCOL_UNKNOWN_PEER', REMOTE);
    assert.match(e.message, /intruder/);
  });

  it('refuses a hello meant for another server', () => {
    const { client, server } = pair({ peerId: 'c' });
    assertCode(() => server.receive(client.hello()), 'PROTOCOL_UNKNOWN_PEER');
  });

  it('refuses a welcome from a server other than the one expected', () => {
    const client = new ClientSession({ key: KEY, selfId: 'a', peerId: 'b', remote: 'srv' });
    // A real server "c" would refuse the hello ("to" is b); forge its welcome instead.
    const hello = client.hello();
    const nc = JSON.parse(hello.subarray(37).toString()) as { body: { nonce: string } };
    const welcome = encodeFrame(welcomeKey(KEY, Buffer.from(nc.body.nonce, 'hex')), {
      type: 'welcome',
      seq: 0,
      ts: 1,
      from: 'c',
      body: { nonce: 'ab'.repeat(32) },
    });
    assertCode(() => client.receive(welcome), 'PROTOCOL_UNKNOWN_PEER', 'srv');
  });

  it('refuses handshake frames of the wrong type, seq or nonce', () => {
    const hk = helloKey(KEY);
    const cases: [string, string][] = [
      [
        '{"type":"request","seq":0,"ts":1,"from":"a","body":{"nonce":"' + '00'.repeat(32) + '","to":"b"}}',
        'PROTOCOL_MALFORMED',
      ],
      [
        '{"type":"hello","seq":1,"ts":1,"from":"a","body":{"nonce":"' + '00'.repeat(32) + '","to":"b"}}',
        'PROTOCOL_MALFORMED',
      ],
      ['{"type":"hello","seq":0,"ts":1,"from":"a","body":{"nonce":"00","to":"b"}}', 'PROTOCOL_MALFORMED'],
      ['{"type":"hello","seq":0,"ts":1,"from":"a","body":null}', 'PROTOCOL_MALFORMED'],
    ];
    for (const [json, code] of cases) assertCode(() => pair().server.receive(rawFrame(hk, json)), code);
    // A session frame where the confirm belongs.
    const { client, server } = pair();
    const sEv = server.receive(client.hello());
    client.receive(Buffer.concat(sends(sEv))); // its confirm is dropped
    const k = sessionKeys(KEY, Buffer.alloc(32, 1), Buffer.alloc(32, 100)).clientToServer;
    const notConfirm = encodeFrame(k, { type: 'request', seq: 1, ts: 1, from: 'a', body: null });
    assertCode(() => server.receive(notConfirm), 'PROTOCOL_MALFORMED');
  });

  it('refuses a frame re-sent within a connection', () => {
    const { client, server } = pair();
    connect(client, server);
    const req = client.send('request', { op: 'stop' });
    assert.equal(messages(server.receive(req)).length, 1);
    assertCode(() => server.receive(req), 'PROTOCOL_REPLAY', REMOTE);
    // And a server frame re-sent to the client.
    const { client: c2, server: s2 } = pair();
    connect(c2, s2);
    const resp = s2.send('response', 1);
    c2.receive(resp);
    assertCode(() => c2.receive(resp), 'PROTOCOL_REPLAY');
  });

  it('refuses a seq that goes backwards or skips ahead', () => {
    const keys = sessionKeys(KEY, Buffer.alloc(32, 1), Buffer.alloc(32, 100));
    const forge = (seq: number) =>
      encodeFrame(keys.clientToServer, { type: 'request', seq, ts: 1, from: 'a', body: null });
    {
      const { client, server } = pair();
      connect(client, server);
      server.receive(forge(2));
      server.receive(forge(3));
      assertCode(() => server.receive(forge(3)), 'PROTOCOL_REPLAY');
    }
    {
      const { client, server } = pair();
      connect(client, server);
      assertCode(() => server.receive(forge(1)), 'PROTOCOL_REPLAY'); // the confirm's seq
    }
    {
      const { client, server } = pair();
      connect(client, server);
      const e = assertCode(() => server.receive(forge(5)), 'PROTOCOL_REPLAY');
      assert.match(e.message, /skips/);
    }
  });

  it('refuses a session frame that claims another sender', () => {
    const keys = sessionKeys(KEY, Buffer.alloc(32, 1), Buffer.alloc(32, 100));
    const { client, server } = pair();
    connect(client, server);
    const f = encodeFrame(keys.clientToServer, { type: 'request', seq: 2, ts: 1, from: 'b', body: null });
    assertCode(() => server.receive(f), 'PROTOCOL_UNKNOWN_PEER');
  });

  it('refuses a whole connection replayed onto a new one', () => {
    // Record connection 1 (both directions).
    const c1 = pair();
    const rec = connect(c1.client, c1.server);
    const req = c1.client.send('request', { op: 'promote' });
    const resp = c1.server.send('response', 'done');
    // Replay the client's bytes to a new server with a different nonce: the hello still
    // authenticates (it is not fresh), but the confirm cannot.
    const s2 = new ServerSession({ key: KEY, selfId: 'b', allowedPeers: ['a'], remote: REMOTE });
    assert.equal(sends(s2.receive(rec.hello)).length, 1);
    assertCode(() => s2.receive(Buffer.concat([rec.confirm, req])), 'PROTOCOL_AUTH', REMOTE);
    assert.equal(s2.established, false);
    // Replay the server's bytes to a new client: its nonce differs, so the welcome fails.
    const cl2 = new ClientSession({ key: KEY, selfId: 'a', peerId: 'b', remote: 'srv' });
    cl2.hello();
    assertCode(() => cl2.receive(Buffer.concat([rec.welcome, resp])), 'PROTOCOL_AUTH');
    // A session frame moved to another established connection fails the MAC too.
    const other = new ServerSession({
      key: KEY,
      selfId: 'b',
      allowedPeers: ['a'],
      remote: REMOTE,
      randomBytes: nonces(200),
    });
    const cl3 = new ClientSession({
      key: KEY,
      selfId: 'a',
      peerId: 'b',
      remote: 'x',
      randomBytes: nonces(50),
    });
    connect(cl3, other);
    assertCode(() => other.receive(req), 'PROTOCOL_AUTH');
  });

  it('refuses frames reflected back to their sender', () => {
    const { client, server } = pair();
    connect(client, server);
    const resp = server.send('response', 1);
    assertCode(() => server.receive(resp), 'PROTOCOL_AUTH');
  });

  it('refuses a tampered byte anywhere in a handshake or session frame', () => {
    const hello = pair().client.hello();
    for (let i = 0; i < hello.length; i++) {
      const t = Buffer.from(hello);
      t[i] = t[i]! ^ 0x01;
      const { server } = pair();
      let events: SessionEvent[];
      try {
        events = server.receive(t);
      } catch (e) {
        assert.ok(e instanceof PgClusterError && e.code.startsWith('PROTOCOL_'), `byte ${i}: ${String(e)}`);
        continue;
      }
      // Only a changed length can avoid an error: the decoder then waits for more bytes.
      assert.ok(i < 4, `byte ${i} of the hello was accepted`);
      assert.deepEqual(events, []);
    }
    const sess = pair();
    connect(sess.client, sess.server);
    const req = sess.client.send('request', { op: 'switch', args: { force: true } });
    for (let i = 4; i < req.length; i++) {
      const p = pair();
      connect(p.client, p.server);
      const t = Buffer.from(p.client.send('request', { op: 'switch', args: { force: true } }));
      assert.deepEqual(t, req); // same nonces, same keys: the same bytes
      t[i] = t[i]! ^ 0x80;
      assert.throws(
        () => p.server.receive(t),
        (e) => e instanceof PgClusterError && e.code.startsWith('PROTOCOL_'),
        `byte ${i}`,
      );
    }
  });

  it('keeps the sequence intact when a message cannot be encoded', () => {
    const { client, server } = pair();
    connect(client, server);
    assertCode(() => client.send('request', { big: 1n }), 'PROTOCOL_MALFORMED');
    assertCode(() => client.send('request', 'x'.repeat(MAX_FRAME_BYTES)), 'PROTOCOL_SIZE');
    const got = messages(server.receive(client.send('request', 'fine')));
    assert.equal(got[0]?.seq, 2);
  });

  it('will not send application frames before the handshake', () => {
    const { client, server } = pair();
    assertCode(() => client.send('request', null), 'PROTOCOL_STATE');
    client.hello();
    assertCode(() => client.hello(), 'PROTOCOL_STATE');
    assertCode(() => server.send('response', null), 'PROTOCOL_STATE');
  });

  it('refuses a key of the wrong length', () => {
    assertCode(
      () => new ServerSession({ key: Buffer.alloc(16), selfId: 'b', allowedPeers: ['a'], remote: REMOTE }),
      'KEY_INVALID',
    );
  });

  it('refuses frames from the server before the hello was sent', () => {
    const client = new ClientSession({ key: KEY, selfId: 'a', peerId: 'b', remote: 'srv' });
    assertCode(
      () => client.receive(encodeFrame(KEY, { type: 'welcome', seq: 0, ts: 1, from: 'b', body: null })),
      'PROTOCOL_MALFORMED',
    );
  });
});

/**
 * The admin network wire format between the two Mirroring Controllers. Pure: bytes in, bytes out,
 * no sockets, so every refusal can be tested without a network.
 *
 * A frame is
 *   u32 BE   length L of the rest (33 + n bytes, at most MAX_FRAME_BYTES)
 *   u8       protocol version
 *   32 bytes HMAC-SHA256 over (version byte || JSON) with a key that depends on the stage below
 *   n bytes  UTF-8 JSON { type, seq, ts, from, body }
 *
 * A connection starts with a handshake:
 *   client -> server  'hello'   seq 0, body { nonce: Nc, to }, MAC key HMAC(K, "hello")
 *   server -> client  'welcome' seq 0, body { nonce: Ns },     MAC key HMAC(K, "welcome" || Nc)
 *   client -> server  'confirm' seq 1, the first frame under the session keys
 * Session keys are HMAC(K, "c2s" || Nc || Ns) and HMAC(K, "s2c" || Nc || Ns), and each direction's
 * seq goes 1, 2, 3... A frame recorded on another connection fails the MAC (other nonces); one
 * re-sent on the same connection fails the seq check. A 'hello' can be replayed, but the replayer
 * only gets a fresh server nonce it cannot answer: the connection is authenticated on the server
 * once 'confirm' arrives. A server never sends anything to a client whose 'hello' fails.
 *
 * The one exception to framing is the busy notice, four zero bytes (a length no frame can have): a
 * server that drops a connection still waiting to authenticate, to make room (see admission.ts),
 * sends it first, so the client reports a busy peer rather than a refused key.
 */
import { createHmac, randomBytes as cryptoRandomBytes, timingSafeEqual } from 'node:crypto';
import { PgClusterError } from '../errors.js';

export const PROTOCOL_VERSION = 1;
/** Largest value of the length prefix (bytes after it). Checked before the body is buffered. */
export const MAX_FRAME_BYTES = 64 * 1024;
export const KEY_BYTES = 32;
/** Sent by a server that drops an unauthenticated connection for lack of room. */
export const BUSY_NOTICE: Buffer = Buffer.alloc(4);
export const NONCE_BYTES = 32;
const MAC_BYTES = 32;
const LENGTH_BYTES = 4;
const MIN_FRAME_BYTES = 1 + MAC_BYTES + 2; // version, MAC, at least "{}"
const LABEL = `pgcluster-mc/${PROTOCOL_VERSION} `;
const NONCE_HEX = /^[0-9a-f]{64}$/;

export interface Message {
  type: string;
  /** 0 for handshake frames; then 1, 2, 3... per direction. */
  seq: number;
  /** Sender's clock, ms since the epoch. */
  ts: number;
  /** Sender's server identifier. */
  from: string;
  body: unknown;
}

/** A frame cut from the stream, version checked, MAC not yet verified. */
export interface RawFrame {
  version: number;
  mac: Buffer;
  /** The JSON bytes. */
  json: Buffer;
}

function protocolError(code: string, what: string, remote: string, hint?: string): PgClusterError {
  return new PgClusterError(code, what, hint === undefined ? { where: remote } : { where: remote, hint });
}

/** "host:port", with IPv6 hosts in brackets, for logs and error locations. */
export function formatAddress(host: string | undefined, port: number | undefined): string {
  const h = host ?? '?';
  const p = port === undefined ? '?' : String(port);
  return h.includes(':') ? `[${h}]:${p}` : `${h}:${p}`;
}

function hmac(key: Buffer, ...parts: (Buffer | string)[]): Buffer {
  const h = createHmac('sha256', key);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** MAC key of the client's 'hello'. */
export function helloKey(key: Buffer): Buffer {
  return hmac(key, LABEL, 'hello');
}

/** MAC key of the server's 'welcome': binds it to this connection's client nonce. */
export function welcomeKey(key: Buffer, clientNonce: Buffer): Buffer {
  return hmac(key, LABEL, 'welcome', clientNonce);
}

/** Per-direction MAC keys for everything after the handshake. */
export function sessionKeys(
  key: Buffer,
  clientNonce: Buffer,
  serverNonce: Buffer,
): { clientToServer: Buffer; serverToClient: Buffer } {
  return {
    clientToServer: hmac(key, LABEL, 'c2s', clientNonce, serverNonce),
    serverToClient: hmac(key, LABEL, 's2c', clientNonce, serverNonce),
  };
}

function frameMac(macKey: Buffer, version: number, json: Buffer): Buffer {
  return hmac(macKey, Buffer.of(version), json);
}

/**
 * One frame, length prefix included. Throws PROTOCOL_SIZE when the message is too big and
 * PROTOCOL_MALFORMED when it cannot be written as JSON (a BigInt, a cycle).
 */
export function encodeFrame(macKey: Buffer, msg: Message, version: number = PROTOCOL_VERSION): Buffer {
  let text: string;
  try {
    text = JSON.stringify({
      type: msg.type,
      seq: msg.seq,
      ts: msg.ts,
      from: msg.from,
      body: msg.body ?? null,
    });
  } catch (e) {
    throw new PgClusterError('PROTOCOL_MALFORMED', `message "${msg.type}" cannot be encoded as JSON`, {
      cause: e,
    });
  }
  const json = Buffer.from(text, 'utf8');
  const length = 1 + MAC_BYTES + json.length;
  if (length > MAX_FRAME_BYTES) {
    throw new PgClusterError(
      'PROTOCOL_SIZE',
      `message "${msg.type}" is ${length} bytes, more than the ${MAX_FRAME_BYTES} a frame may hold`,
    );
  }
  const out = Buffer.allocUnsafe(LENGTH_BYTES + length);
  out.writeUInt32BE(length, 0);
  out.writeUInt8(version, LENGTH_BYTES);
  frameMac(macKey, version, json).copy(out, LENGTH_BYTES + 1);
  json.copy(out, LENGTH_BYTES + 1 + MAC_BYTES);
  return out;
}

/**
 * Cuts a byte stream into frames. The length prefix is checked as soon as its 4 bytes arrive and
 * the version as soon as its byte arrives, so an over-size or foreign frame is refused before its
 * body is buffered. After an error every push throws that error again.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Length of the frame being read, once its prefix has been read. */
  private need: number | undefined;
  private failed: PgClusterError | undefined;

  /** `busy`: what a length of 0 (the busy notice) means here, when it may arrive at all. */
  constructor(
    private readonly remote: string,
    private readonly busy?: () => PgClusterError | undefined,
  ) {}

  /** Bytes held while waiting for the rest of a frame. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /** Frames completed by this chunk, in order. Throws a PgClusterError (PROTOCOL_SIZE / _VERSION). */
  push(chunk: Buffer): RawFrame[] {
    if (this.failed) throw this.failed;
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const out: RawFrame[] = [];
    for (;;) {
      if (this.need === undefined) {
        if (this.buffered < LENGTH_BYTES) break;
        const length = this.take(LENGTH_BYTES).readUInt32BE(0);
        const busy = length === 0 ? this.busy?.() : undefined;
        if (busy) this.fail(busy);
        if (length > MAX_FRAME_BYTES || length < MIN_FRAME_BYTES) {
          this.fail(
            protocolError(
              'PROTOCOL_SIZE',
              `frame length ${length} is outside ${MIN_FRAME_BYTES}..${MAX_FRAME_BYTES} bytes`,
              this.remote,
            ),
          );
        }
        this.need = length;
      }
      if (this.buffered >= 1) {
        const version = this.chunks[0]![0]!;
        if (version !== PROTOCOL_VERSION) {
          this.fail(
            protocolError(
              'PROTOCOL_VERSION',
              `frame has protocol version ${version}, this controller speaks version ${PROTOCOL_VERSION}`,
              this.remote,
              'run the same PgCluster version on both servers',
            ),
          );
        }
      }
      if (this.buffered < this.need) break;
      const frame = this.take(this.need);
      this.need = undefined;
      out.push({
        version: frame[0]!,
        mac: frame.subarray(1, 1 + MAC_BYTES),
        json: frame.subarray(1 + MAC_BYTES),
      });
    }
    return out;
  }

  private fail(e: PgClusterError): never {
    this.failed = e;
    this.chunks = [];
    this.buffered = 0;
    throw e;
  }

  /** Removes n buffered bytes (n <= buffered), copying only when they span chunks. */
  private take(n: number): Buffer {
    const first = this.chunks[0]!;
    this.buffered -= n;
    if (first.length >= n) {
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let off = 0;
    let used = 0; // whole chunks consumed; removed in one splice, not shift() per chunk
    while (off < n) {
      const c = this.chunks[used]!;
      const k = Math.min(c.length, n - off);
      c.copy(out, off, 0, k);
      off += k;
      if (k === c.length) used += 1;
      else this.chunks[used] = c.subarray(k);
    }
    this.chunks.splice(0, used);
    return out;
  }
}

/**
 * Verifies a frame's MAC (in constant time) and only then parses its JSON.
 * Throws PROTOCOL_AUTH or PROTOCOL_MALFORMED.
 */
export function openFrame(frame: RawFrame, macKey: Buffer, remote: string): Message {
  const expected = frameMac(macKey, frame.version, frame.json);
  if (frame.mac.length !== expected.length || !timingSafeEqual(frame.mac, expected)) {
    throw protocolError(
      'PROTOCOL_AUTH',
      'frame failed authentication',
      remote,
      'check that mc.key is identical on both servers',
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(frame.json.toString('utf8'));
  } catch {
    throw protocolError('PROTOCOL_MALFORMED', 'frame is not valid JSON', remote);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw protocolError('PROTOCOL_MALFORMED', 'frame is not a JSON object', remote);
  }
  const m = value as Record<string, unknown>;
  if (typeof m.type !== 'string' || m.type === '') {
    throw protocolError('PROTOCOL_MALFORMED', 'frame has no "type"', remote);
  }
  if (typeof m.seq !== 'number' || !Number.isSafeInteger(m.seq) || m.seq < 0) {
    throw protocolError('PROTOCOL_MALFORMED', 'frame "seq" is not a non-negative integer', remote);
  }
  if (typeof m.ts !== 'number' || !Number.isFinite(m.ts)) {
    throw protocolError('PROTOCOL_MALFORMED', 'frame "ts" is not a number', remote);
  }
  if (typeof m.from !== 'string' || m.from === '') {
    throw protocolError('PROTOCOL_MALFORMED', 'frame has no "from"', remote);
  }
  return { type: m.type, seq: m.seq, ts: m.ts, from: m.from, body: m.body ?? null };
}

export type SessionEvent =
  /** Bytes the transport must write (the handshake's own frames). */
  | { kind: 'send'; frame: Buffer }
  /** The peer proved it holds the key on this connection; application frames may flow. */
  | { kind: 'established'; peerId: string }
  /** An application frame, authenticated and in sequence. */
  | { kind: 'message'; message: Message };

export interface SessionOptions {
  /** The 32-byte shared key (mc.key). */
  key: Buffer;
  /** This controller's server identifier, sent as `from`. */
  selfId: string;
  /** Remote address, used as `where` in every error. */
  remote: string;
  /** For tests. */
  now?: () => number;
  randomBytes?: (n: number) => Buffer;
}

type Stage = 'start' | 'helloSent' | 'awaitConfirm' | 'open' | 'failed';

/** State shared by both ends: keys, sequence numbers, and the rule that an error is final. */
abstract class Session {
  protected readonly key: Buffer;
  protected readonly selfId: string;
  protected readonly remote: string;
  protected readonly now: () => number;
  protected readonly random: (n: number) => Buffer;
  private readonly decoder: FrameDecoder;
  protected stage: Stage = 'start';
  protected sendKey: Buffer | undefined;
  protected recvKey: Buffer | undefined;
  private sendSeq = 0;
  private recvSeq = 0;
  private failure: PgClusterError | undefined;
  protected peer: string | undefined;

  constructor(opts: SessionOptions) {
    if (opts.key.length !== KEY_BYTES) {
      throw new PgClusterError('KEY_INVALID', `the admin network key must be ${KEY_BYTES} bytes`);
    }
    this.key = opts.key;
    this.selfId = opts.selfId;
    this.remote = opts.remote;
    this.now = opts.now ?? Date.now;
    this.random = opts.randomBytes ?? cryptoRandomBytes;
    this.decoder = new FrameDecoder(opts.remote, () => this.busyNotice());
  }

  /** The error a busy notice means at this stage; undefined where it is a bad frame. */
  protected busyNotice(): PgClusterError | undefined {
    return undefined;
  }

  /** True once application frames may be sent and received. */
  get established(): boolean {
    return this.stage === 'open';
  }

  /** The authenticated peer's server identifier, once known. */
  get peerId(): string | undefined {
    return this.peer;
  }

  /** Feeds received bytes. Throws a PgClusterError (PROTOCOL_*) after which the connection must close. */
  receive(chunk: Buffer): SessionEvent[] {
    if (this.failure) throw this.failure;
    try {
      const events: SessionEvent[] = [];
      for (const raw of this.decoder.push(chunk)) this.handle(raw, events);
      return events;
    } catch (e) {
      this.stage = 'failed';
      this.failure =
        e instanceof PgClusterError
          ? e
          : protocolError('PROTOCOL_MALFORMED', `frame could not be handled: ${String(e)}`, this.remote);
      throw this.failure;
    }
  }

  /** Encodes an application frame. Throws if the session is not open or the message is too big. */
  send(type: string, body: unknown): Buffer {
    if (this.stage !== 'open' || !this.sendKey) {
      throw new PgClusterError('PROTOCOL_STATE', `cannot send "${type}" before the handshake completes`, {
        where: this.remote,
      });
    }
    return this.sealSession(type, body);
  }

  protected abstract handle(raw: RawFrame, events: SessionEvent[]): void;

  /** Seq is consumed only once the frame is built, so a refused message leaves no gap. */
  protected sealSession(type: string, body: unknown): Buffer {
    const frame = encodeFrame(this.sendKey!, {
      type,
      seq: this.sendSeq + 1,
      ts: this.now(),
      from: this.selfId,
      body,
    });
    this.sendSeq += 1;
    return frame;
  }

  /** Opens a session frame: MAC under the receive key, then sender, then sequence. */
  protected openSession(raw: RawFrame): Message {
    const m = openFrame(raw, this.recvKey!, this.remote);
    if (m.from !== this.peer) {
      throw protocolError(
        'PROTOCOL_UNKNOWN_PEER',
        `frame claims to come from "${m.from}" on a connection authenticated as "${this.peer}"`,
        this.remote,
      );
    }
    if (m.seq <= this.recvSeq) {
      throw protocolError(
        'PROTOCOL_REPLAY',
        `frame seq ${m.seq} is not after ${this.recvSeq}: replayed or reordered`,
        this.remote,
      );
    }
    if (m.seq !== this.recvSeq + 1) {
      throw protocolError(
        'PROTOCOL_REPLAY',
        `frame seq ${m.seq} skips ahead of ${this.recvSeq + 1}: frames were removed from the stream`,
        this.remote,
      );
    }
    this.recvSeq = m.seq;
    return m;
  }

  protected checkHandshake(m: Message, type: string): Buffer {
    if (m.type !== type) {
      throw protocolError('PROTOCOL_MALFORMED', `expected "${type}", got "${m.type}"`, this.remote);
    }
    if (m.seq !== 0) throw protocolError('PROTOCOL_MALFORMED', `"${type}" must have seq 0`, this.remote);
    const body = m.body as { nonce?: unknown } | null;
    const nonce = body && typeof body === 'object' ? body.nonce : undefined;
    if (typeof nonce !== 'string' || !NONCE_HEX.test(nonce)) {
      throw protocolError('PROTOCOL_MALFORMED', `"${type}" has no valid nonce`, this.remote);
    }
    return Buffer.from(nonce, 'hex');
  }
}

/** The connecting end. Call hello() and write it, then feed every received chunk to receive(). */
export class ClientSession extends Session {
  private readonly serverId: string;
  private clientNonce: Buffer | undefined;

  /** `peerId`: the server identifier this client expects to reach; anyone else is refused. */
  constructor(opts: SessionOptions & { peerId: string }) {
    super(opts);
    this.serverId = opts.peerId;
  }

  /** Only a server still waiting for our hello's answer may say it is busy. */
  protected override busyNotice(): PgClusterError | undefined {
    if (this.stage !== 'helloSent') return undefined;
    return new PgClusterError(
      'PEER_BUSY',
      `the peer at ${this.remote} is busy: it dropped this connection before the handshake, because too many connections were waiting to authenticate`,
      {
        where: this.remote,
        hint: "something is opening many connections to the admin port without the key; find it by the addresses in the peer's log (MCA00401/MCA00405) and block it",
      },
    );
  }

  /** The first frame of the connection. */
  hello(): Buffer {
    if (this.stage !== 'start') {
      throw new PgClusterError('PROTOCOL_STATE', 'hello() may be called once', { where: this.remote });
    }
    this.clientNonce = this.random(NONCE_BYTES);
    this.stage = 'helloSent';
    return encodeFrame(helloKey(this.key), {
      type: 'hello',
      seq: 0,
      ts: this.now(),
      from: this.selfId,
      body: { nonce: this.clientNonce.toString('hex'), to: this.serverId },
    });
  }

  protected handle(raw: RawFrame, events: SessionEvent[]): void {
    if (this.stage === 'open') {
      events.push({ kind: 'message', message: this.openSession(raw) });
      return;
    }
    if (this.stage !== 'helloSent') {
      throw protocolError('PROTOCOL_MALFORMED', 'server sent a frame before the hello', this.remote);
    }
    const m = openFrame(raw, welcomeKey(this.key, this.clientNonce!), this.remote);
    const serverNonce = this.checkHandshake(m, 'welcome');
    if (m.from !== this.serverId) {
      throw protocolError(
        'PROTOCOL_UNKNOWN_PEER',
        `expected server "${this.serverId}", but "${m.from}" answered`,
        this.remote,
        'check the host and port of each server in network.conf',
      );
    }
    const keys = sessionKeys(this.key, this.clientNonce!, serverNonce);
    this.sendKey = keys.clientToServer;
    this.recvKey = keys.serverToClient;
    this.peer = m.from;
    this.stage = 'open';
    events.push({ kind: 'send', frame: this.sealSession('confirm', null) });
    events.push({ kind: 'established', peerId: m.from });
  }
}

/** The accepting end. Feed every received chunk to receive(); write every 'send' event. */
export class ServerSession extends Session {
  private readonly allowed: ReadonlySet<string>;

  /** `allowedPeers`: server identifiers that may connect (from network.conf). */
  constructor(opts: SessionOptions & { allowedPeers: Iterable<string> }) {
    super(opts);
    this.allowed = new Set(opts.allowedPeers);
  }

  protected handle(raw: RawFrame, events: SessionEvent[]): void {
    if (this.stage === 'open') {
      events.push({ kind: 'message', message: this.openSession(raw) });
      return;
    }
    if (this.stage === 'awaitConfirm') {
      const m = this.openSession(raw);
      if (m.type !== 'confirm') {
        throw protocolError('PROTOCOL_MALFORMED', `expected "confirm", got "${m.type}"`, this.remote);
      }
      this.stage = 'open';
      events.push({ kind: 'established', peerId: this.peer! });
      return;
    }
    // 'start': the hello. Nothing is sent back unless it authenticates.
    const m = openFrame(raw, helloKey(this.key), this.remote);
    const clientNonce = this.checkHandshake(m, 'hello');
    if (!this.allowed.has(m.from)) {
      throw protocolError(
        'PROTOCOL_UNKNOWN_PEER',
        `server "${m.from}" is not a peer of this controller`,
        this.remote,
        'only the servers listed in network.conf may connect',
      );
    }
    const to = (m.body as { to?: unknown }).to;
    if (to !== this.selfId) {
      throw protocolError(
        'PROTOCOL_UNKNOWN_PEER',
        `server "${m.from}" meant to reach "${String(to)}", but this is "${this.selfId}"`,
        this.remote,
        'check the host and port of each server in network.conf',
      );
    }
    const serverNonce = this.random(NONCE_BYTES);
    const keys = sessionKeys(this.key, clientNonce, serverNonce);
    this.sendKey = keys.serverToClient;
    this.recvKey = keys.clientToServer;
    this.peer = m.from;
    this.stage = 'awaitConfirm';
    events.push({
      kind: 'send',
      frame: encodeFrame(welcomeKey(this.key, clientNonce), {
        type: 'welcome',
        seq: 0,
        ts: this.now(),
        from: this.selfId,
        body: { nonce: serverNonce.toString('hex') },
      }),
    });
  }
}

/**
 * TCP transport for the admin network, on top of protocol.ts. Each controller runs an AdminServer
 * (answers its peer) and an AdminClient (asks its peer). Messages after the handshake:
 *   client -> server  'request'  { id, op, args }
 *   server -> client  'response' { id, ok: true, result } | { id, ok: false, error: { code, message, where?, hint? } }
 * Several requests may be in flight on one connection; responses are matched by id.
 */
import { lookup } from 'node:dns/promises';
import net from 'node:net';
import { PgClusterError } from '../errors.js';
import {
  Admission,
  DEFAULT_ADMISSION_LIMITS,
  sourceOf,
  type AdmissionLimits,
  type FloodReport,
} from './admission.js';
import {
  BUSY_NOTICE,
  ClientSession,
  formatAddress,
  ServerSession,
  type Message,
  type SessionEvent,
} from './protocol.js';

export type AdminHandler = (peerId: string, op: string, args: unknown) => Promise<unknown>;

export interface AdminErrorJson {
  code: string;
  message: string;
  where?: string;
  hint?: string;
}

export type AdminResponseBody =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: AdminErrorJson };

export interface AdminServerOptions {
  /** Address to listen on; an IPv4 or IPv6 literal or a host name. */
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  key: Buffer;
  selfId: string;
  /** Server identifiers allowed to connect. */
  allowedPeers: Iterable<string>;
  handler: AdminHandler;
  /** A connection was refused or dropped for a protocol error (bad key, unknown peer, ...). */
  onRejected?: (remoteAddress: string, error: PgClusterError) => void;
  /** A peer completed the handshake. */
  onConnected?: (peerId: string, remoteAddress: string) => void;
  /** An authenticated peer's connection closed (the peer process ended, or the path broke and TCP noticed). */
  onDisconnected?: (peerId: string, remoteAddress: string) => void;
  /**
   * Host names or addresses whose connections are never dropped to make room for others: the
   * addresses network.conf gives the peer and the arbiter (see admission.ts).
   */
  trustedHosts?: Iterable<string>;
  /** How many connections may wait to authenticate; DEFAULT_ADMISSION_LIMITS by default. */
  admission?: Partial<AdmissionLimits>;
  /** Time a new connection gets to authenticate. Default 2000 ms: a handshake takes one round trip. */
  handshakeTimeoutMs?: number;
}

export interface AdminClientOptions {
  host: string;
  port: number;
  key: Buffer;
  selfId: string;
  /** The server identifier expected at host:port. */
  peerId: string;
  /** Limit on TCP connect plus handshake. Default 3000 ms. */
  connectTimeoutMs?: number;
}

export interface AdminCallResult {
  result: unknown;
  /**
   * Our clock minus the peer's, estimated at the response: (receive time - response ts) - rtt/2.
   * Positive: our clock is ahead. Callers warn when |value| > 1000.
   */
  clockOffsetMs: number;
  roundTripMs: number;
}

const KEEPALIVE_DELAY_MS = 10_000;
/** Error messages from handlers are cut so a response always fits in a frame. */
const MAX_ERROR_TEXT = 4000;

function errorJson(e: unknown): AdminErrorJson {
  if (e instanceof PgClusterError) {
    const j = e.toJSON() as unknown as AdminErrorJson;
    return { ...j, message: j.message.slice(0, MAX_ERROR_TEXT) };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL', message: message.slice(0, MAX_ERROR_TEXT) };
}

function asPgError(e: unknown, remote: string): PgClusterError {
  if (e instanceof PgClusterError) return e;
  return new PgClusterError('PROTOCOL_MALFORMED', e instanceof Error ? e.message : String(e), {
    where: remote,
    cause: e,
  });
}

export class AdminServer {
  private readonly opts: AdminServerOptions;
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly allowed: string[];
  private bound: { host: string; port: number } | undefined;
  /** Addresses of the trusted hosts, filled in by listen(). */
  private readonly trusted = new Set<string>();
  private readonly admission: Admission;
  /** Connections still waiting to authenticate, by admission id, with what drops them. */
  private readonly waiting = new Map<number, () => void>();
  private nextConnection = 0;

  constructor(opts: AdminServerOptions) {
    this.opts = opts;
    this.allowed = [...opts.allowedPeers];
    this.server = net.createServer((socket) => this.accept(socket));
    // No OS-level cap: a socket over it would be closed unseen, which a peer reads as a refused key.
    this.admission = new Admission((source) => this.trusted.has(source), {
      ...DEFAULT_ADMISSION_LIMITS,
      ...opts.admission,
    });
  }

  /**
   * Connections dropped for room, or for not authenticating in time, over the last minute;
   * undefined when there were none.
   */
  flood(): FloodReport | undefined {
    return this.admission.flood(performance.now());
  }

  /** The addresses of the trusted hosts; a name that does not resolve now is kept as written. */
  private async resolveTrusted(): Promise<void> {
    for (const host of this.opts.trustedHosts ?? []) {
      this.trusted.add(sourceOf(host));
      if (net.isIP(host) !== 0) continue;
      const found = await lookup(host, { all: true }).catch(() => []);
      for (const a of found) this.trusted.add(sourceOf(a.address));
    }
  }

  /** Starts listening; resolves with the bound address (the real port when 0 was asked). */
  async listen(): Promise<{ host: string; port: number }> {
    await this.resolveTrusted();
    const where = formatAddress(this.opts.host, this.opts.port);
    return new Promise((resolve, reject) => {
      const onError = (e: NodeJS.ErrnoException): void => {
        reject(
          new PgClusterError('ADMIN_LISTEN', `cannot listen for the peer: ${e.message}`, {
            where,
            hint: 'check the host and port of this server in network.conf and that no other process uses the port',
            cause: e,
          }),
        );
      };
      const onListening = (): void => {
        this.server.off('error', onError);
        // After listening, errors (e.g. accept failing on EMFILE) are reported, never thrown.
        this.server.on('error', (e) =>
          this.opts.onRejected?.(
            where,
            new PgClusterError('ADMIN_SERVER_ERROR', `admin network listener error: ${e.message}`, { where }),
          ),
        );
        const a = this.server.address() as net.AddressInfo;
        this.bound = { host: a.address, port: a.port };
        resolve(this.bound);
      };
      this.server.once('error', onError);
      try {
        this.server.listen({ host: this.opts.host, port: this.opts.port }, onListening);
      } catch (e) {
        onError(e as NodeJS.ErrnoException); // a bad port throws instead of emitting
      }
    });
  }

  /** The bound address, once listening. */
  get address(): { host: string; port: number } | undefined {
    return this.bound;
  }

  /** Stops listening and drops every connection; pending handler results are discarded. */
  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (!this.server.listening) return Promise.resolve();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    const remote = formatAddress(socket.remoteAddress, socket.remotePort);
    const ticket = ++this.nextConnection;
    for (const dropped of this.admission.arrive(ticket, sourceOf(socket.remoteAddress), performance.now()))
      this.waiting.get(dropped)?.();
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.setKeepAlive(true, KEEPALIVE_DELAY_MS);
    // A reset or broken pipe from the peer is not ours to report; 'close' follows.
    socket.on('error', () => socket.destroy());
    const session = new ServerSession({
      key: this.opts.key,
      selfId: this.opts.selfId,
      allowedPeers: this.allowed,
      remote,
    });
    let done = false;
    const refuse = (e: PgClusterError): void => {
      if (done) return;
      done = true;
      this.waiting.delete(ticket);
      this.admission.leave(ticket);
      socket.destroy();
      this.opts.onRejected?.(remote, e);
    };
    this.waiting.set(ticket, () => {
      if (done) return;
      done = true;
      this.waiting.delete(ticket);
      clearTimeout(timer);
      // The notice tells the client it met a busy server, not a refused key; then the socket goes.
      socket.end(BUSY_NOTICE, () => socket.destroy());
      this.opts.onRejected?.(
        remote,
        new PgClusterError(
          'ADMIN_BUSY',
          'dropped before authenticating, to make room: this host had too many connections waiting to authenticate',
          { where: remote },
        ),
      );
    });
    const handshakeMs = this.opts.handshakeTimeoutMs ?? 2000;
    const timer = setTimeout(() => {
      this.admission.timedOut(ticket, performance.now());
      refuse(
        new PgClusterError('PROTOCOL_TIMEOUT', `no authenticated handshake within ${handshakeMs} ms`, {
          where: remote,
        }),
      );
    }, handshakeMs);
    socket.on('close', () => {
      if (session.peerId !== undefined) this.opts.onDisconnected?.(session.peerId, remote);
      done = true;
      clearTimeout(timer);
      this.waiting.delete(ticket);
      this.admission.leave(ticket);
      this.sockets.delete(socket);
    });
    socket.on('data', (chunk: Buffer) => {
      if (done) return;
      let events: SessionEvent[];
      try {
        events = session.receive(chunk);
      } catch (e) {
        refuse(asPgError(e, remote));
        return;
      }
      for (const ev of events) {
        if (ev.kind === 'send') socket.write(ev.frame);
        else if (ev.kind === 'established') {
          clearTimeout(timer);
          this.waiting.delete(ticket);
          this.admission.leave(ticket);
          this.opts.onConnected?.(ev.peerId, remote);
        } else if (ev.message.type === 'request') {
          const body = ev.message.body as { id?: unknown; op?: unknown; args?: unknown } | null;
          if (
            !body ||
            typeof body !== 'object' ||
            typeof body.id !== 'number' ||
            typeof body.op !== 'string'
          ) {
            refuse(new PgClusterError('PROTOCOL_MALFORMED', 'request without id or op', { where: remote }));
            return;
          }
          void this.dispatch(socket, session, body.id, body.op, body.args ?? null);
        }
        // Other types are ignored, so a newer peer may add one-way messages.
      }
    });
  }

  private async dispatch(
    socket: net.Socket,
    session: ServerSession,
    id: number,
    op: string,
    args: unknown,
  ): Promise<void> {
    let reply: AdminResponseBody;
    try {
      const result = await this.opts.handler(session.peerId!, op, args);
      reply = { id, ok: true, result: result ?? null };
    } catch (e) {
      reply = { id, ok: false, error: errorJson(e) };
    }
    if (socket.destroyed) return;
    let frame: Buffer;
    try {
      frame = session.send('response', reply);
    } catch (e) {
      // The result was too big or not JSON: tell the caller instead of leaving it to time out.
      frame = session.send('response', { id, ok: false, error: errorJson(e) });
    }
    socket.write(frame);
  }
}

interface Pending {
  op: string;
  resolve: (r: AdminCallResult) => void;
  reject: (e: PgClusterError) => void;
  timer: NodeJS.Timeout;
  /** When the request was written; undefined while waiting for the handshake. */
  sentAt: number | undefined;
}

interface Connection {
  socket: net.Socket;
  session: ClientSession;
  connected: boolean;
  established: boolean;
  failed: boolean;
  connectTimer: NodeJS.Timeout;
  /** Requests waiting for the handshake. */
  queue: (() => void)[];
  pending: Map<number, Pending>;
  lastReceivedAt: number;
}

export class AdminClient {
  private readonly opts: AdminClientOptions;
  private readonly remote: string;
  private conn: Connection | undefined;
  private nextId = 0;
  private closed = false;
  private offset: number | undefined;

  constructor(opts: AdminClientOptions) {
    this.opts = opts;
    this.remote = formatAddress(opts.host, opts.port);
  }

  /** The clock offset measured on the last response (see AdminCallResult.clockOffsetMs). */
  get lastClockOffsetMs(): number | undefined {
    return this.offset;
  }

  /**
   * Sends one request and waits for its response. Connects first if needed. Rejects with
   * PEER_UNREACHABLE (cannot connect, connection lost), PEER_TIMEOUT (connected, no answer in
   * time), PEER_REFUSED (the peer closed the connection during the handshake: usually a key or
   * server identifier mismatch), a PROTOCOL_* error the peer's frames caused, or the error the
   * peer's handler raised (same code; `where` defaults to the peer).
   */
  call(op: string, args: unknown, timeoutMs: number): Promise<AdminCallResult> {
    if (this.closed) return Promise.reject(this.unreachable('the admin client is closed'));
    let conn: Connection;
    try {
      conn = this.conn ?? this.open();
    } catch (e) {
      // net.connect throws synchronously on a bad port or host argument.
      return Promise.reject(this.unreachable(e instanceof Error ? e.message : String(e), e));
    }
    const id = ++this.nextId;
    return new Promise<AdminCallResult>((resolve, reject) => {
      const timer = setTimeout(() => this.timedOut(conn, id, timeoutMs), timeoutMs);
      conn.pending.set(id, { op, resolve, reject, timer, sentAt: undefined });
      if (conn.established) this.send(conn, id, op, args);
      else conn.queue.push(() => this.send(conn, id, op, args));
    });
  }

  /** Drops the connection; pending calls reject with PEER_UNREACHABLE. Later calls reject too. */
  close(): void {
    this.closed = true;
    if (this.conn) this.fail(this.conn, this.unreachable('the admin client was closed'));
  }

  private unreachable(what: string, cause?: unknown): PgClusterError {
    return new PgClusterError('PEER_UNREACHABLE', `peer "${this.opts.peerId}" unreachable: ${what}`, {
      where: this.remote,
      hint: 'check that the peer controller runs and that the admin network between the servers works',
      cause,
    });
  }

  private open(): Connection {
    const { host, port, connectTimeoutMs = 3000 } = this.opts;
    const socket = net.connect({ host, port });
    socket.setNoDelay(true);
    // Once connected: libuv on Windows applies a keepalive asked for earlier when it connects,
    // and under Wine that connect then fails (UNKNOWN, errno -4094) although the peer listens.
    socket.once('connect', () => socket.setKeepAlive(true, KEEPALIVE_DELAY_MS));
    const session = new ClientSession({
      key: this.opts.key,
      selfId: this.opts.selfId,
      peerId: this.opts.peerId,
      remote: this.remote,
    });
    const conn: Connection = {
      socket,
      session,
      connected: false,
      established: false,
      failed: false,
      connectTimer: setTimeout(
        () => this.fail(conn, this.unreachable(`no connection within ${connectTimeoutMs} ms`)),
        connectTimeoutMs,
      ),
      queue: [],
      pending: new Map(),
      lastReceivedAt: 0,
    };
    this.conn = conn;
    socket.on('connect', () => {
      conn.connected = true;
    });
    socket.write(session.hello()); // buffered by the socket until connected
    // Once TCP is up, a close or reset before the welcome means the peer refused our hello.
    const lost = (what: string, cause?: unknown): void =>
      this.fail(
        conn,
        conn.connected && !conn.established
          ? new PgClusterError(
              'PEER_REFUSED',
              `peer "${this.opts.peerId}" closed the connection during the handshake`,
              {
                where: this.remote,
                hint: 'check that mc.key is identical on both servers and that network.conf on the peer lists this server',
                cause,
              },
            )
          : this.unreachable(what, cause),
      );
    socket.on('error', (e: NodeJS.ErrnoException) => lost(e.code ? `${e.code} ${e.message}` : e.message, e));
    socket.on('close', () => lost('the connection was closed'));
    socket.on('data', (chunk: Buffer) => this.receive(conn, chunk));
    return conn;
  }

  private receive(conn: Connection, chunk: Buffer): void {
    if (conn.failed) return;
    conn.lastReceivedAt = Date.now();
    let events: SessionEvent[];
    try {
      events = conn.session.receive(chunk);
    } catch (e) {
      this.fail(conn, asPgError(e, this.remote));
      return;
    }
    for (const ev of events) {
      if (ev.kind === 'send') conn.socket.write(ev.frame);
      else if (ev.kind === 'established') {
        conn.established = true;
        clearTimeout(conn.connectTimer);
        const queued = conn.queue;
        conn.queue = [];
        for (const q of queued) q();
      } else if (ev.message.type === 'response') this.settle(conn, ev.message);
    }
  }

  private settle(conn: Connection, m: Message): void {
    const body = m.body as Partial<{
      id: number;
      ok: boolean;
      result: unknown;
      error: AdminErrorJson;
    }> | null;
    if (!body || typeof body.id !== 'number') return;
    const p = conn.pending.get(body.id);
    if (!p) return; // answered after it timed out
    conn.pending.delete(body.id);
    clearTimeout(p.timer);
    const now = Date.now();
    const rtt = now - (p.sentAt ?? now);
    const clockOffsetMs = now - m.ts - rtt / 2;
    this.offset = clockOffsetMs;
    if (body.ok === true) {
      p.resolve({ result: body.result ?? null, clockOffsetMs, roundTripMs: rtt });
      return;
    }
    const err = body.error;
    const code = typeof err?.code === 'string' ? err.code : 'INTERNAL';
    const message = typeof err?.message === 'string' ? err.message : `peer failed "${p.op}"`;
    p.reject(
      new PgClusterError(code, message, {
        where: typeof err?.where === 'string' ? err.where : `peer server "${this.opts.peerId}"`,
        ...(typeof err?.hint === 'string' ? { hint: err.hint } : {}),
      }),
    );
  }

  private send(conn: Connection, id: number, op: string, args: unknown): void {
    const p = conn.pending.get(id);
    if (!p || conn.failed) return;
    let frame: Buffer;
    try {
      frame = conn.session.send('request', { id, op, args: args ?? null });
    } catch (e) {
      conn.pending.delete(id);
      clearTimeout(p.timer);
      p.reject(asPgError(e, this.remote));
      return;
    }
    p.sentAt = Date.now();
    conn.socket.write(frame);
  }

  private timedOut(conn: Connection, id: number, timeoutMs: number): void {
    const p = conn.pending.get(id);
    if (!p) return;
    conn.pending.delete(id);
    if (!conn.established) {
      p.reject(this.unreachable(`no connection within ${timeoutMs} ms`));
      return;
    }
    p.reject(
      new PgClusterError(
        'PEER_TIMEOUT',
        `peer "${this.opts.peerId}" did not answer "${p.op}" within ${timeoutMs} ms`,
        {
          where: this.remote,
        },
      ),
    );
    // Nothing at all heard since this request went out: the connection is likely dead (peer host
    // gone without a reset). Drop it so the next call reconnects instead of waiting on TCP keepalive.
    if (p.sentAt !== undefined && conn.lastReceivedAt < p.sentAt) {
      this.fail(conn, this.unreachable(`no traffic for ${timeoutMs} ms`));
    }
  }

  /** Ends a connection once; every call still waiting on it rejects with `err`. */
  private fail(conn: Connection, err: PgClusterError): void {
    if (conn.failed) return;
    conn.failed = true;
    clearTimeout(conn.connectTimer);
    conn.socket.destroy();
    if (this.conn === conn) this.conn = undefined;
    conn.queue = [];
    for (const p of conn.pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    conn.pending.clear();
  }
}

/**
 * A flood of connections that never authenticate, the way a port scanner or a stuck client
 * fills an admin port: from several loopback addresses (127.0.0.2 and up, none of them a
 * configured peer or arbiter), each holding idle sockets open and reconnecting as soon as the
 * server drops one. It counts what the server answered, so a test can show the flood was real.
 */
import net from 'node:net';

export interface FloodOptions {
  /** How many source addresses (127.0.0.2 …). */
  sources?: number;
  /** Idle sockets each source keeps trying to hold per target. */
  socketsPerSource?: number;
  /** Pause before a dropped socket reconnects: bounds the churn on a small machine. */
  reconnectMs?: number;
}

export class Flood {
  /** Sockets the server ended with the 4-byte busy notice (a zero-length frame). */
  busyNotices = 0;
  /** Sockets that were accepted at all. */
  connected = 0;
  private stopped = false;
  private readonly sockets = new Set<net.Socket>();

  constructor(
    private readonly ports: number[],
    private readonly opts: FloodOptions = {},
  ) {}

  start(): void {
    const sources = this.opts.sources ?? 8;
    const each = this.opts.socketsPerSource ?? 40;
    for (const port of this.ports)
      for (let s = 0; s < sources; s++) for (let i = 0; i < each; i++) this.open(port, `127.0.0.${2 + s}`);
  }

  private open(port: number, localAddress: string): void {
    if (this.stopped) return;
    const socket = net.connect({ host: '127.0.0.1', port, localAddress });
    this.sockets.add(socket);
    let received = Buffer.alloc(0);
    socket.on('connect', () => this.connected++);
    socket.on('data', (d: Buffer) => {
      received = Buffer.concat([received, d]);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (received.length === 4 && received.readUInt32BE(0) === 0) this.busyNotices++;
      setTimeout(() => this.open(port, localAddress), this.opts.reconnectMs ?? 50).unref();
    });
  }

  /** Stops reconnecting and closes every socket still open. */
  stop(): void {
    this.stopped = true;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }
}

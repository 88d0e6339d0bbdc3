/**
 * The local channel between `mc_ctl` and the controller of the same server: one JSON object per
 * line each way over a Unix domain socket (Linux) or a named pipe (Windows).
 *   request   { id, op, args }
 *   response  { id, ok: true, result } | { id, ok: false, error: { code, message, where?, hint? } }
 * Access control is the socket file's mode (0600) and the directory it lives in.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PgClusterError } from '../errors.js';

export type LocalHandler = (op: string, args: unknown) => Promise<unknown>;

export type LocalResponse =
  | { id: unknown; ok: true; result: unknown }
  | { id: unknown; ok: false; error: { code: string; message: string; where?: string; hint?: string } };

/** Longest request line the controller reads. */
export const MAX_LOCAL_REQUEST_BYTES = 1024 * 1024;
/** Longest response line mc_ctl reads (status output can be large). */
export const MAX_LOCAL_RESPONSE_BYTES = 16 * 1024 * 1024;
/** sun_path is 108 bytes on Linux and 104 on macOS; stay clear of both. */
const MAX_SOCKET_PATH_BYTES = 100;
const PROBE_TIMEOUT_MS = 1000;

/**
 * Where the controller of `serverId` listens. POSIX: `<mcDir>/.mc_<serverId>.sock`, or
 * `<tmpdir>/pgcluster-mc-<hash>.sock` when that is longer than 100 bytes. Windows:
 * `\\.\pipe\pgcluster-mc-<hash>`. The hash is of the absolute mcDir and serverId (mcDir lower-cased
 * on Windows, whose paths ignore case), so mc_ctl and the controller agree from any working directory.
 */
export function localControlPath(
  mcDir: string,
  serverId: string,
  opts: { platform?: NodeJS.Platform; tmpdir?: string } = {},
): string {
  const platform = opts.platform ?? process.platform;
  const hashOf = (dir: string): string =>
    createHash('sha256').update(dir).update('\0').update(serverId).digest('hex').slice(0, 32);
  if (platform === 'win32') {
    const dir = path.win32.resolve(mcDir).toLowerCase();
    return `\\\\.\\pipe\\pgcluster-mc-${hashOf(dir)}`;
  }
  const dir = path.posix.resolve(mcDir);
  const inDir = path.posix.join(dir, `.mc_${serverId}.sock`);
  if (Buffer.byteLength(inDir) <= MAX_SOCKET_PATH_BYTES) return inDir;
  return path.posix.join(opts.tmpdir ?? os.tmpdir(), `pgcluster-mc-${hashOf(dir)}.sock`);
}

function isPipePath(p: string): boolean {
  return p.startsWith('\\\\.\\pipe\\') || p.startsWith('\\\\?\\pipe\\');
}

function errorJson(e: unknown): { code: string; message: string; where?: string; hint?: string } {
  if (e instanceof PgClusterError) return e.toJSON() as { code: string; message: string };
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}

/** Connects and reports whether something accepted: true, false (refused), or throws (no access). */
function probe(p: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const s = net.connect(p);
    const timer = setTimeout(() => {
      s.destroy();
      resolve(true); // a listener that does not even accept is still a listener; leave it alone
    }, PROBE_TIMEOUT_MS);
    s.on('connect', () => {
      clearTimeout(timer);
      s.destroy();
      resolve(true);
    });
    s.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      s.destroy();
      if (e.code === 'ECONNREFUSED' || e.code === 'ENOENT') resolve(false);
      else reject(e);
    });
  });
}

export class LocalControlServer {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(
    readonly path: string,
    private readonly handler: LocalHandler,
  ) {
    this.server = net.createServer((s) => this.accept(s));
  }

  /**
   * Starts listening. A socket file left by a controller that died is removed, but only after
   * checking that nothing answers on it. Throws CONTROLLER_ALREADY_RUNNING when something does.
   */
  async listen(): Promise<void> {
    const pipe = isPipePath(this.path);
    if (!pipe) await this.removeStale();
    await new Promise<void>((resolve, reject) => {
      const onError = (e: NodeJS.ErrnoException): void => {
        reject(
          e.code === 'EADDRINUSE'
            ? this.alreadyRunning()
            : new PgClusterError('LOCAL_CONTROL_LISTEN', `cannot create the control socket: ${e.message}`, {
                where: this.path,
                cause: e,
              }),
        );
      };
      this.server.once('error', onError);
      this.server.listen(this.path, () => {
        this.server.off('error', onError);
        this.server.on('error', () => undefined); // accept errors must not crash the controller
        resolve();
      });
    });
    // Only the instance administrator may drive the controller.
    if (!pipe) await fs.chmod(this.path, 0o600);
  }

  /** Stops listening (the socket file is removed) and drops open connections. */
  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (!this.server.listening) return Promise.resolve();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private alreadyRunning(): PgClusterError {
    return new PgClusterError(
      'CONTROLLER_ALREADY_RUNNING',
      'a controller already listens on the control socket',
      {
        where: this.path,
        hint: 'stop it with mc_ctl stop, or check for a second controller of this server',
      },
    );
  }

  private async removeStale(): Promise<void> {
    let st;
    try {
      st = await fs.lstat(this.path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    if (!st.isSocket()) {
      throw new PgClusterError('LOCAL_CONTROL_LISTEN', 'the control socket path exists and is not a socket', {
        where: this.path,
        hint: 'move the file away',
      });
    }
    let answered: boolean;
    try {
      answered = await probe(this.path);
    } catch (e) {
      throw new PgClusterError(
        'CONTROLLER_ACCESS_DENIED',
        `cannot check the existing control socket: ${String(e)}`,
        {
          where: this.path,
          hint: 'run the controller as the instance administrator',
          cause: e,
        },
      );
    }
    if (answered) throw this.alreadyRunning();
    await fs.unlink(this.path).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
    let held: Buffer[] = [];
    let heldBytes = 0;
    let refused = false;
    // Requests on one connection are answered in order.
    let chain = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      if (refused) return;
      let start = 0;
      for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
        const line = Buffer.concat([...held, chunk.subarray(start, nl)]);
        held = [];
        heldBytes = 0;
        start = nl + 1;
        if (line.length > MAX_LOCAL_REQUEST_BYTES) {
          refused = true;
          this.refuseTooLarge(socket);
          return;
        }
        chain = chain.then(() => this.answer(socket, line)).catch(() => undefined);
      }
      const rest = chunk.subarray(start);
      if (rest.length > 0) {
        held.push(rest);
        heldBytes += rest.length;
        if (heldBytes > MAX_LOCAL_REQUEST_BYTES) {
          held = [];
          refused = true;
          this.refuseTooLarge(socket);
        }
      }
    });
  }

  private refuseTooLarge(socket: net.Socket): void {
    const error = {
      code: 'LOCAL_REQUEST_TOO_LARGE',
      message: `request line longer than ${MAX_LOCAL_REQUEST_BYTES} bytes`,
    };
    socket.end(JSON.stringify({ id: null, ok: false, error }) + '\n');
  }

  private async answer(socket: net.Socket, line: Buffer): Promise<void> {
    const text = line.toString('utf8').trim();
    if (text === '') return;
    let response: LocalResponse;
    type Request = { id?: unknown; op?: unknown; args?: unknown };
    let req: Request | undefined;
    try {
      const v: unknown = JSON.parse(text);
      if (v && typeof v === 'object' && !Array.isArray(v)) req = v;
    } catch {
      req = undefined;
    }
    if (!req || typeof req.op !== 'string') {
      response = {
        id: req?.id ?? null,
        ok: false,
        error: { code: 'LOCAL_MALFORMED', message: 'request is not a JSON object with an "op"' },
      };
    } else {
      try {
        response = {
          id: req.id ?? null,
          ok: true,
          result: (await this.handler(req.op, req.args ?? null)) ?? null,
        };
      } catch (e) {
        response = { id: req.id ?? null, ok: false, error: errorJson(e) };
      }
    }
    let out: string;
    try {
      out = JSON.stringify(response);
    } catch (e) {
      out = JSON.stringify({ id: response.id, ok: false, error: errorJson(e) });
    }
    if (!socket.destroyed && socket.writable) socket.write(out + '\n');
  }
}

function notRunning(p: string, what: string, cause?: unknown): PgClusterError {
  return new PgClusterError('CONTROLLER_NOT_RUNNING', what, {
    where: p,
    hint: 'start the Mirroring Controller with mc_ctl start',
    cause,
  });
}

/**
 * Sends one request to the local controller and returns its result. Rejects with
 * CONTROLLER_NOT_RUNNING (nothing listens), CONTROLLER_TIMEOUT, CONTROLLER_ACCESS_DENIED, or the
 * controller's own error re-created as a PgClusterError.
 */
export async function localCall(p: string, op: string, args: unknown, timeoutMs: number): Promise<unknown> {
  let request: string;
  try {
    request = JSON.stringify({ id: 1, op, args: args ?? null }) + '\n';
  } catch (e) {
    throw new PgClusterError('LOCAL_MALFORMED', `arguments of "${op}" cannot be written as JSON`, {
      cause: e,
    });
  }
  if (!isPipePath(p) && process.getuid) {
    // A socket made by another user (e.g. planted in a shared temporary directory) is not our controller.
    const uid = process.getuid();
    const st = await fs.lstat(p).catch(() => undefined);
    if (st && uid !== 0 && st.uid !== uid) {
      throw new PgClusterError('CONTROLLER_ACCESS_DENIED', `the control socket belongs to uid ${st.uid}`, {
        where: p,
        hint: 'run mc_ctl as the user that runs the controller',
      });
    }
  }
  return new Promise((resolve, reject) => {
    const socket = net.connect(p);
    let settled = false;
    const held: Buffer[] = [];
    let heldBytes = 0;
    const finish = (err: PgClusterError | undefined, result?: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(result);
    };
    const timer = setTimeout(
      () =>
        finish(
          new PgClusterError(
            'CONTROLLER_TIMEOUT',
            `the controller did not answer "${op}" within ${timeoutMs} ms`,
            {
              where: p,
              hint: 'the controller may be busy or hung; see its log',
            },
          ),
        ),
      timeoutMs,
    );
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EACCES' || e.code === 'EPERM') {
        finish(
          new PgClusterError('CONTROLLER_ACCESS_DENIED', `cannot open the control socket: ${e.message}`, {
            where: p,
            hint: 'run mc_ctl as the user that runs the controller',
            cause: e,
          }),
        );
      } else if (e.code === 'ENOENT' || e.code === 'ECONNREFUSED') {
        finish(notRunning(p, 'the Mirroring Controller is not running', e));
      } else finish(notRunning(p, `cannot reach the Mirroring Controller: ${e.message}`, e));
    });
    socket.on('close', () => finish(notRunning(p, 'the controller closed the connection without answering')));
    socket.on('data', (chunk: Buffer) => {
      const nl = chunk.indexOf(0x0a);
      if (nl === -1) {
        held.push(chunk);
        heldBytes += chunk.length;
        if (heldBytes > MAX_LOCAL_RESPONSE_BYTES) {
          finish(
            new PgClusterError('LOCAL_MALFORMED', 'the controller sent an over-long response', { where: p }),
          );
        }
        return;
      }
      const line = Buffer.concat([...held, chunk.subarray(0, nl)]).toString('utf8');
      let v: Partial<LocalResponse> & { error?: Record<string, unknown>; result?: unknown };
      try {
        v = JSON.parse(line) as typeof v;
      } catch {
        finish(
          new PgClusterError('LOCAL_MALFORMED', 'the controller sent a response that is not JSON', {
            where: p,
          }),
        );
        return;
      }
      if (v.ok === true) return finish(undefined, v.result ?? null);
      const e = v.error ?? {};
      finish(
        new PgClusterError(
          typeof e.code === 'string' ? e.code : 'INTERNAL',
          typeof e.message === 'string' ? e.message : `the controller failed "${op}"`,
          {
            ...(typeof e.where === 'string' ? { where: e.where } : {}),
            ...(typeof e.hint === 'string' ? { hint: e.hint } : {}),
          },
        ),
      );
    });
    socket.write(request);
  });
}

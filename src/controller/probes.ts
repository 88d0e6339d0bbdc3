/**
 * What a controller observes about its own server each interval. Every probe has a deadline
 * (heartbeat_timeout): a server that does not answer in time has failed that probe, whatever the reason.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import path from 'node:path';
import net from 'node:net';
import pg from 'pg';
import type { Instance } from '../postgres/instance.js';
import type { SlotRow, WalRetention } from './catchUp.js';

/** A failed probe says why, and for disks which directory (shown as disk_status abnormal(<where>)). */
export type ProbeResult = { ok: true } | { ok: false; detail: string; where?: string };

export interface StandbyRow {
  applicationName: string;
  state: string;
  syncState: string;
  clientAddr: string | null;
  flushLsn: string | null;
  replayLsn: string | null;
}

export interface LocalObservation {
  at: number;
  postmasterRunning: boolean;
  db: ProbeResult;
  disk: ProbeResult;
  /** Known only when the database answered. */
  inRecovery?: boolean;
  syncStandbyNames?: string;
  /** Current WAL position: written on a primary, received on a standby. */
  lsn?: string;
  /** Primary: the walsenders. */
  standbys?: StandbyRow[];
  /** Primary: how long the oldest commit has been waiting for the synchronous standby (0: none). */
  syncRepWaitMs?: number;
  /** Standby: the walreceiver's status ('streaming', 'waiting', ...) or undefined when none runs. */
  walReceiver?: string;
  /** Standby: milliseconds since the walreceiver last heard from the primary. */
  walReceiverSilenceMs?: number;
  /** Standby: where replay stands (what it must be sent next). */
  replayLsn?: string;
  /** Standby: a restore_command is set, so it may catch up from an archive. */
  restoreCommand?: boolean;
  /** Primary, only while no standby streams: what WAL it still has and what its slots hold. */
  walRetention?: WalRetention;
}

export function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

/** A probe file name that pg_basebackup skips (pgsql_tmp prefix) and that names its owner. */
export function diskProbeFile(dataDir: string, serverId: string): string {
  return path.join(dataDir, `pgsql_tmp_mc_probe_${serverId}`);
}

/**
 * Create, write, fsync and delete a small file in the data directory, within the deadline.
 * Async I/O keeps the controller's loop (and its heartbeats) alive when the disk hangs; at most one
 * probe is in flight, so a hung device holds one libuv thread, and every later probe reports it.
 */
export class DiskProbe {
  private pending: { since: number; done: Promise<ProbeResult> } | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly serverId: string,
  ) {}

  async observe(deadlineMs: number): Promise<ProbeResult> {
    if (this.pending) {
      const age = Date.now() - this.pending.since;
      return {
        ok: false,
        detail: `${this.dataDir}: previous disk probe still unanswered after ${age} ms`,
        where: this.dataDir,
      };
    }
    const run = { since: Date.now(), done: this.once() };
    this.pending = run;
    void run.done.finally(() => {
      if (this.pending === run) this.pending = undefined;
    });
    try {
      return await withDeadline(run.done, deadlineMs, `disk ${this.dataDir}`);
    } catch (e) {
      return { ok: false, detail: (e as Error).message, where: this.dataDir };
    }
  }

  private async once(): Promise<ProbeResult> {
    const file = diskProbeFile(this.dataDir, this.serverId);
    try {
      const fh = await open(file, 'w', 0o600);
      try {
        await fh.write(`${this.serverId} ${Date.now()}\n`);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await unlink(file);
      return { ok: true };
    } catch (e) {
      return {
        ok: false,
        detail: `${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        where: this.dataDir,
      };
    }
  }
}

/**
 * The data directory and every tablespace (the targets of pg_tblspc's links), each probed as
 * above; the list is read again every time, so a tablespace created later is watched too.
 */
export class StorageProbe {
  private readonly probes = new Map<string, DiskProbe>();

  constructor(
    private readonly dataDir: string,
    private readonly serverId: string,
  ) {}

  directories(): string[] {
    const dirs = [this.dataDir];
    const links = path.join(this.dataDir, 'pg_tblspc');
    let names: string[] = [];
    try {
      names = readdirSync(links);
    } catch {
      /* no pg_tblspc: nothing more to probe */
    }
    for (const n of names) {
      try {
        dirs.push(path.resolve(links, readlinkSync(path.join(links, n))));
      } catch {
        dirs.push(path.join(links, n)); // not a link (in-place tablespace): probe it where it is
      }
    }
    return dirs;
  }

  async observe(deadlineMs: number): Promise<ProbeResult> {
    const dirs = this.directories();
    const results = await Promise.all(
      dirs.map((d) => {
        let p = this.probes.get(d);
        if (!p) this.probes.set(d, (p = new DiskProbe(d, this.serverId)));
        return p.observe(deadlineMs);
      }),
    );
    return results.find((r) => !r.ok) ?? { ok: true };
  }
}

/**
 * Is the postmaster itself answering? A query on a kept connection is served by its backend even
 * when the postmaster hangs, so new connections are tried too, at the cheapest point: the
 * 8-byte SSLRequest, which the postmaster's child answers with one byte ('S' or 'N').
 */
export function probePostmasterAccept(host: string, port: number, deadlineMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const done = (r: ProbeResult) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(r);
    };
    const timer = setTimeout(
      () => done({ ok: false, detail: `postmaster did not answer a new connection within ${deadlineMs} ms` }),
      deadlineMs,
    );
    sock.once('connect', () => {
      const req = Buffer.alloc(8);
      req.writeInt32BE(8, 0);
      req.writeInt32BE(80877103, 4); // SSLRequest code
      sock.write(req);
    });
    sock.once('data', () => done({ ok: true }));
    sock.once('error', (e) =>
      done({ ok: false, detail: `postmaster refused a new connection: ${e.message}` }),
    );
    sock.once('close', () =>
      done({ ok: false, detail: 'postmaster closed a new connection without answering' }),
    );
  });
}

/** What a controller reads from its instance each interval (see DatabaseProbe.query). */
export const OBSERVE_SQL = `
SELECT pg_is_in_recovery() AS in_recovery,
       current_setting('synchronous_standby_names') AS ssn,
       CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn()::text
            ELSE pg_current_wal_lsn()::text END AS lsn,
       CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()::text END AS replay_lsn,
       current_setting('restore_command') <> '' AS restore_command,
       (SELECT json_build_object(
                 'status', status,
                 'silence', (extract(epoch FROM clock_timestamp() - last_msg_receipt_time) * 1000)::float8)
          FROM pg_stat_wal_receiver) AS receiver,
       (SELECT coalesce(json_agg(json_build_object(
                 'application_name', application_name, 'state', state, 'sync_state', sync_state,
                 'client_addr', client_addr::text, 'flush_lsn', flush_lsn::text,
                 'replay_lsn', replay_lsn::text)), '[]'::json)
          FROM pg_stat_replication) AS standbys,
       (SELECT (extract(epoch FROM clock_timestamp() - min(query_start)) * 1000)::float8
          FROM pg_stat_activity WHERE wait_event = 'SyncRep') AS sync_wait_ms`;

/** Keeps one monitoring connection open (as the manual's MC does) and reconnects after a failure. */
export class DatabaseProbe {
  private client: pg.Client | undefined;

  constructor(private readonly config: pg.ClientConfig) {}

  private async connection(deadlineMs: number): Promise<pg.Client> {
    if (this.client) return this.client;
    const c = new pg.Client({
      ...this.config,
      connectionTimeoutMillis: deadlineMs,
      application_name: 'mc_agent',
    });
    c.on('error', () => this.drop(c));
    await c.connect();
    this.client = c;
    return c;
  }

  private drop(c: pg.Client | undefined = this.client): void {
    if (c && this.client === c) this.client = undefined;
    c?.end().catch(() => undefined);
  }

  /** Both the kept connection's query and a new connection's first answer, within the deadline. */
  async observeWithAccept(deadlineMs: number): ReturnType<DatabaseProbe['observe']> {
    const [obs, accept] = await Promise.all([
      this.observe(deadlineMs),
      probePostmasterAccept(
        String(this.config.host ?? '127.0.0.1'),
        Number(this.config.port ?? 5432),
        deadlineMs,
      ),
    ]);
    return accept.ok || !obs.db.ok ? obs : { ...obs, db: accept };
  }

  async observe(
    deadlineMs: number,
  ): Promise<
    Pick<
      LocalObservation,
      | 'db'
      | 'inRecovery'
      | 'syncStandbyNames'
      | 'lsn'
      | 'standbys'
      | 'walReceiver'
      | 'walReceiverSilenceMs'
      | 'syncRepWaitMs'
      | 'replayLsn'
      | 'restoreCommand'
    >
  > {
    try {
      return await withDeadline(this.query(deadlineMs), deadlineMs, 'database');
    } catch (e) {
      // A connection that timed out may be stuck mid-query; start afresh next time.
      const c = this.client;
      this.client = undefined;
      if (c) {
        c.end().catch(() => undefined);
        (c as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
      }
      return { db: { ok: false, detail: (e as Error).message } };
    }
  }

  /**
   * One statement, one round trip: this runs every interval on a server under load, so it costs
   * the instance one parse and one plan instead of three, and the controller one reply to decode.
   * The walsender and walreceiver parts are each empty on the other role.
   */
  private async query(deadlineMs: number) {
    const c = await this.connection(deadlineMs);
    const result = await c.query<{
      in_recovery: boolean;
      ssn: string;
      lsn: string | null;
      replay_lsn: string | null;
      restore_command: boolean;
      receiver: { status: string; silence: number | null } | null;
      standbys: {
        application_name: string;
        state: string;
        sync_state: string;
        client_addr: string | null;
        flush_lsn: string | null;
        replay_lsn: string | null;
      }[];
      sync_wait_ms: number | null;
    }>(OBSERVE_SQL);
    const h = result.rows[0]!;
    const out: Awaited<ReturnType<DatabaseProbe['observe']>> = {
      db: { ok: true },
      inRecovery: h.in_recovery,
      syncStandbyNames: h.ssn,
      ...(h.lsn ? { lsn: h.lsn } : {}),
    };
    if (h.in_recovery) {
      if (h.replay_lsn) out.replayLsn = h.replay_lsn;
      out.restoreCommand = h.restore_command;
      if (h.receiver) {
        out.walReceiver = h.receiver.status;
        if (h.receiver.silence !== null) out.walReceiverSilenceMs = h.receiver.silence;
      }
    } else {
      out.standbys = h.standbys.map((r) => ({
        applicationName: r.application_name,
        state: r.state,
        syncState: r.sync_state,
        clientAddr: r.client_addr,
        flushLsn: r.flush_lsn,
        replayLsn: r.replay_lsn,
      }));
      // A hung standby can still look "streaming, sync"; commits that wait tell the truth.
      out.syncRepWaitMs = h.sync_wait_ms ?? 0;
    }
    return out;
  }

  /**
   * The primary's oldest WAL file and its physical slots. Asked only while no standby streams,
   * so a healthy pair never pays for the pg_wal listing; undefined when the server refuses it
   * (pg_ls_waldir needs superuser or pg_monitor), which only leaves the verdict open.
   */
  async walRetention(deadlineMs: number): Promise<WalRetention | undefined> {
    try {
      const c = await this.connection(deadlineMs);
      const r = await withDeadline(
        c.query<{ oldest: string | null; seg: string; keep: string; slots: SlotRow[] }>(WAL_RETENTION_SQL),
        deadlineMs,
        'database',
      );
      const h = r.rows[0]!;
      return {
        ...(h.oldest ? { oldestFile: h.oldest } : {}),
        segmentBytes: Number(h.seg),
        walKeepSize: h.keep,
        slots: h.slots,
      };
    } catch {
      return undefined;
    }
  }

  /** Drops a physical slot that is not in use; false when it was in use or already gone. */
  async dropInactiveSlot(name: string, deadlineMs: number): Promise<boolean> {
    const c = await this.connection(deadlineMs);
    const r = await withDeadline(
      c.query<{ dropped: boolean }>(
        `SELECT pg_drop_replication_slot(slot_name) IS NULL AS dropped
           FROM pg_replication_slots WHERE slot_name = $1 AND NOT active`,
        [name],
      ),
      deadlineMs,
      'database',
    );
    return r.rows.length > 0;
  }

  close(): void {
    this.drop();
  }
}

const WAL_RETENTION_SQL = `
SELECT (SELECT min(name) FROM pg_ls_waldir() WHERE name ~ '^[0-9A-F]{24}$') AS oldest,
       (SELECT setting FROM pg_settings WHERE name = 'wal_segment_size') AS seg,
       current_setting('wal_keep_size') AS keep,
       (SELECT coalesce(json_agg(json_build_object(
                 'name', slot_name, 'active', active, 'walStatus', wal_status,
                 'retainedBytes', (pg_current_wal_lsn() - restart_lsn)::float8)), '[]'::json)
          FROM pg_replication_slots WHERE slot_type = 'physical') AS slots`;

export async function observeLocal(
  instance: Instance,
  db: DatabaseProbe,
  diskProbe: StorageProbe,
  deadlineMs: number,
): Promise<LocalObservation> {
  const at = Date.now();
  const postmasterRunning = instance.isRunning();
  if (!postmasterRunning) {
    db.close();
    const disk = await diskProbe.observe(deadlineMs);
    return { at, postmasterRunning, db: { ok: false, detail: 'postmaster is not running' }, disk };
  }
  const [disk, dbObs] = await Promise.all([diskProbe.observe(deadlineMs), db.observeWithAccept(deadlineMs)]);
  return { at, postmasterRunning, disk, ...dbObs };
}

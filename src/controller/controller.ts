/**
 * The Mirroring Controller: one process per server, watching its instance and its peer.
 *
 * Each interval it observes the local instance (database process, disk, replication), exchanges a
 * heartbeat with the peer's controller over the admin network, feeds both into the pure decision
 * functions and carries out what they return. Requests from mc_ctl arrive on the local control
 * channel; requests from the peer on the admin network. Role changes go through the FSM table and
 * are persisted before they are reported.
 */
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { PgClusterError, isPgClusterError } from '../errors.js';
import type { McDirectory } from '../config/mcDirectory.js';
import { PostgresqlConf, addStandbyName, parseSyncStandbyNames } from '../config/postgresqlConf.js';
import { findPgBinaries } from '../postgres/binaries.js';
import { Instance, configuredInstance } from '../postgres/instance.js';
import { lsnAtLeast } from '../postgres/lsn.js';
import type { McLogger } from '../log/logger.js';
import { ActionGate } from './actionGate.js';
import { healthEvent } from './healthEvents.js';
import { AdminClient, AdminServer } from './adminNet.js';
import { floodReason } from './admission.js';
import { formatAddress } from './protocol.js';
import { ArbiterLink, type ArbiterClient } from './arbiterLink.js';
import { EtcdArbiter } from './etcdArbiter.js';
import type { ArbiterRole } from '../arbiter/rules.js';
import { LocalControlServer, localControlPath } from './localControl.js';
import { standbyRow, type Resource, type Snapshot } from './decide.js';
import type { Mirroring, MirroringTrigger } from './fsm.js';
import { DecisionLoop } from './decisionLoop.js';
import { Switchover } from './switchover.js';
import { decideStartRole } from './startRole.js';
import { DecisionRecorder } from './recorder.js';
import type { Effects } from './executor.js';
import type { PendingFailure } from './memory.js';
import type { IntervalObservation, SelfRecord } from './observation.js';
import { DatabaseProbe, StorageProbe, observeLocal, withDeadline, type LocalObservation } from './probes.js';
import { changeMirroring, loadState, saveState, type ServerState } from './state.js';
import { releasePidFile, takePidFile } from './pidFile.js';
import { IntervalErrors } from './intervalErrors.js';
import { summarizeRejections } from '../log/repeats.js';
import { preflight } from './preflight.js';
import { buildStatus, type StatusReport } from './statusReport.js';
import { catchUpVerdict, cannotCatchUpReason, slotsToDrop, type CannotCatchUp } from './catchUp.js';

export interface ControllerOptions {
  failover: boolean;
  mcOnly: boolean;
  key: Buffer;
  logger: McLogger;
}

export type { ServerStatusRow, StatusReport } from './statusReport.js';

export class MirroringController {
  private state: ServerState;
  private readonly instance: Instance;
  private readonly db: DatabaseProbe;
  private readonly disk: StorageProbe;
  private readonly peerClient: AdminClient;
  private readonly arbiter: ArbiterClient | undefined;
  /** Observe → decide → act: the memory of every decision lives in here (memory.ts). */
  private readonly decisions: DecisionLoop;
  /** Promote, fence, disconnect: the actions that move the primary role or the sync standby. */
  private readonly switchover: Switchover;
  private readonly intervalErrors = new IntervalErrors();
  /** Refused admin-network connections, one line per source and minute. */
  private readonly rejections: ReturnType<typeof summarizeRejections>;
  /**
   * The primary's WAL position when its standby was last (re)attached: commits before it may have
   * been acknowledged without the standby, so it is caught up only once it flushed this far.
   */
  private syncSafeFromLsn: string | undefined;
  private admin: AdminServer | undefined;
  private control: LocalControlServer | undefined;
  private local: LocalObservation | undefined;
  private failures = { db: 0, disk: 0 };
  private peer: {
    snapshot?: Snapshot;
    misses: number;
    lastOkAt?: number;
    refused?: boolean;
    /** Why the peer refused us, as its side or the handshake said. */
    refusedDetail?: string;
    /** The peer's server said it had no room for our connection (a flood on its port). */
    busy?: boolean;
  } = { misses: 0 };
  private watchTimer: NodeJS.Timeout | undefined;
  private arbiterSeen = false;
  private postmasterSeen = false;
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  /** One action at a time: a switch, a fence, a stop. */
  private readonly gate: ActionGate;
  private stopping = false;
  private phase: 'starting' | 'running' = 'starting';
  private readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(
    private readonly dir: McDirectory,
    private readonly opts: ControllerOptions,
  ) {
    const conf = dir.local.conf;
    this.state = loadState(dir.mcDir, this.id);
    this.gate = new ActionGate(this.id);
    const bin = findPgBinaries();
    this.instance = configuredInstance(conf, bin, path.join(dir.mcDir, `${this.id}.postgresql.log`));
    this.disk = new StorageProbe(conf.dbInstance, this.id);
    this.rejections = summarizeRejections(opts.logger);
    this.db = new DatabaseProbe(this.monitoringConnection());
    this.peerClient = new AdminClient({
      host: dir.peer.entry.host,
      port: dir.peer.entry.port,
      key: opts.key,
      selfId: this.id,
      peerId: dir.peer.entry.id,
    });
    const etcd = dir.local.conf.arbiterEtcd; // loadMcDirectory refuses both at once
    if (dir.arbiter) this.arbiter = new ArbiterLink(dir.arbiter, this.id, this.peerId, opts.key);
    else if (etcd) {
      // The heartbeat key outlives a live controller's longest silence, rounded up to whole seconds.
      // Plus a second of margin: a slow gateway call must not make a live controller look gone.
      const ttlS = Math.max(2, Math.ceil(this.silenceMs / 1000) + 1);
      this.arbiter = new EtcdArbiter(etcd.endpoints, etcd.prefix, this.id, ttlS);
    }
    const recordMb = conf.decisionRecordMaxSizeMb;
    this.decisions = new DecisionLoop(
      this.effects(),
      () => this.selfRecord(),
      conf.fencingCommand !== undefined,
      (line) => opts.logger.debug(line),
      recordMb > 0
        ? new DecisionRecorder(path.join(dir.mcDir, `${this.id}.decisions.jsonl`), recordMb * 1024 * 1024)
        : undefined,
    );
    this.switchover = new Switchover({
      id: this.id,
      peerId: this.peerId,
      dir,
      log: opts.logger,
      instance: this.instance,
      db: this.db,
      peerClient: this.peerClient,
      arbiter: this.arbiter,
      gate: this.gate,
      decisions: this.decisions,
      state: this.state,
      timeoutMs: this.timeoutMs,
      silenceMs: this.silenceMs,
      heartbeat: (ms) => this.heartbeat(ms),
      peer: () => this.peer,
      standbyApplicationName: () => this.standbyApplicationName(),
      expectedStandbyName: () => this.expectedStandbyName(),
      selfRecord: () => this.selfRecord(),
    });
    this.done = new Promise((r) => (this.resolveDone = r));
  }

  get id(): string {
    return this.dir.local.entry.id;
  }

  private get peerId(): string {
    return this.dir.peer.entry.id;
  }

  private get failuresToAbnormal(): number {
    return Math.max(this.dir.local.conf.heartbeatRetry, 1);
  }

  private get timeoutMs(): number {
    return this.dir.local.conf.heartbeatTimeoutS * 1000;
  }

  /** The longest a live controller goes between two heartbeats to the arbiter: an interval, a probe, a call. */
  private get silenceMs(): number {
    return this.dir.local.conf.heartbeatIntervalMs + 2 * this.timeoutMs;
  }

  private monitoringConnection() {
    const conf = PostgresqlConf.load(this.dir.local.conf.dbInstance);
    const port = Number(conf.get('port')?.value ?? 5432);
    return {
      host: '127.0.0.1',
      port,
      database: 'postgres',
      user: this.dir.local.conf.dbInstanceUser ?? os.userInfo().username,
      ...(this.dir.local.conf.dbInstancePassword ? { password: this.dir.local.conf.dbInstancePassword } : {}),
    };
  }

  /** Starts the instance (unless --mc-only), the servers and the monitoring loop. */
  async start(): Promise<void> {
    const log = this.opts.logger;
    takePidFile(this.dir.mcDir, this.id);
    // Until the instance is up, refuse fence and switch requests: a fence arriving before
    // postmaster.pid exists would find "nothing running" and the start would then go on.
    this.gate.hold('start');
    let startedInstance = false;
    const wasRunning = this.instance.isRunning();
    try {
      this.instance.assertIsDataDirectory();
      for (const what of preflight(this.dir, { pgMajor: this.instance.bin.major, translate: false })) {
        log.emit('MCA00301', { what });
      }
      const role = await decideStartRole({
        id: this.id,
        peerId: this.peerId,
        dir: this.dir,
        log: log,
        instance: this.instance,
        peerClient: this.peerClient,
        arbiter: this.arbiter,
        state: this.state,
        timeoutMs: this.timeoutMs,
        snapshot: () => this.snapshot(),
      });
      // -f arms automatic failover for this run; a plain start leaves it off (enable-failover arms it later).
      this.state.failoverEnabled = this.opts.failover;
      // Listeners first: a port in use must fail the start before anything is started.
      this.control = new LocalControlServer(localControlPath(this.dir.mcDir, this.id), (op, args) =>
        this.onLocal(op, args),
      );
      await this.control.listen();
      this.admin = new AdminServer({
        host: this.dir.local.entry.host,
        port: this.dir.local.entry.port,
        key: this.opts.key,
        selfId: this.id,
        allowedPeers: [this.peerId],
        trustedHosts: [this.dir.peer.entry.host, ...(this.dir.arbiter ? [this.dir.arbiter.host] : [])],
        handler: (peerId, op, args) => this.onPeer(peerId, op, args),
        onRejected: this.rejections.onRejected,
      });
      await this.admin.listen();
      if (!this.opts.mcOnly && !this.instance.isRunning()) {
        await this.instance.start();
        startedInstance = true;
        log.emit('MCA00003', { dataDir: this.instance.dataDir });
      }
      saveState(this.dir.mcDir, this.state);
      log.emit('MCA00001', {
        server: this.id,
        role,
        failover: this.state.failoverEnabled ? 'enabled' : 'disabled',
      });
      const c = this.dir.local.conf;
      log.emit('MCA00008', {
        windowMs: c.detectionWindowMs,
        intervalMs: c.heartbeatIntervalMs,
        timeoutS: c.heartbeatTimeoutS,
        retry: this.failuresToAbnormal,
      });
      this.gate.release();
      await this.tick();
      if (this.state.role === 'standby' && this.peer.misses > 0) {
        // Safety rule 3: a standby that starts without its primary's controller only waits.
        log.emit('MCA00009', { server: this.id });
      }
      this.phase = 'running';
      this.timer = setInterval(() => void this.tick(), c.heartbeatIntervalMs);
      this.watchTimer = setInterval(() => this.watchPostmaster(), Math.min(100, c.heartbeatIntervalMs));
    } catch (e) {
      // Leave nothing half-started: an instance this call started is stopped again.
      // (Also when pg_ctl gave up waiting but the postmaster is still coming up.)
      if ((startedInstance || (!wasRunning && !this.opts.mcOnly)) && this.instance.isRunning()) {
        await this.instance.stop('fast').catch(() => undefined);
      }
      await this.shutdownServers();
      releasePidFile(this.dir.mcDir, this.id);
      throw e;
    }
  }

  /** Resolves when the controller has stopped (by mc_ctl stop or a signal). */
  whenDone(): Promise<void> {
    return this.done;
  }

  // ---------------------------------------------------------------- monitoring loop

  private async tick(): Promise<void> {
    if (this.ticking || this.stopping) return;
    this.ticking = true;
    try {
      const local = await observeLocal(this.instance, this.db, this.disk, this.timeoutMs);
      this.local = local;
      const before = { ...this.failures };
      this.failures.db = local.db.ok ? 0 : this.failures.db + 1;
      this.failures.disk = local.disk.ok ? 0 : this.failures.disk + 1;
      // Only while the instance is meant to run: a fenced or stopping server's probes fail by design.
      if ((this.state.role === 'primary' || this.state.role === 'standby') && !this.stopping) {
        this.noteHealth(
          'db_proc_status',
          this.id,
          before.db,
          this.failures.db,
          local.db.ok ? '' : local.db.detail,
        );
        this.noteHealth(
          'disk_status',
          this.id,
          before.disk,
          this.failures.disk,
          local.disk.ok ? '' : local.disk.detail,
        );
      }
      // Before the heartbeats, so the arbiter and the peer hear about the same observation.
      if (this.state.role === 'primary' && local.db.ok && this.syncSafeFromLsn === undefined && local.lsn)
        this.syncSafeFromLsn = local.lsn;
      if (
        this.state.role === 'primary' &&
        local.db.ok &&
        !local.standbys?.some((s) => s.state === 'streaming')
      )
        await this.watchWalRetention(local);
      await Promise.all([this.heartbeat(), this.arbiterBeat()]);
      if (!this.gate.busy) await this.decisions.feed(this.observation(local));
      const recovered = this.intervalErrors.succeeded();
      if (recovered) this.opts.logger.emit('MCA00305', { count: recovered });
    } catch (e) {
      const report = this.intervalErrors.failed(e);
      if (report) this.opts.logger.emit('MCA00304', { count: report.count, detail: report.last });
      this.opts.logger.debug(`monitoring interval failed: ${(e as Error).stack ?? String(e)}`);
    } finally {
      this.ticking = false;
    }
  }

  /**
   * Primary without a streaming standby: reads what WAL it still has (the standby's controller
   * judges from it whether it can catch up) and drops a slot of ours that holds more than
   * replication_slot_max_wal, so a standby that is gone for good cannot fill this disk.
   */
  private async watchWalRetention(local: LocalObservation): Promise<void> {
    const retention = await this.db.walRetention(this.timeoutMs);
    if (!retention) return;
    local.walRetention = retention;
    const limitMb = this.dir.local.conf.replicationSlotMaxWalMb;
    for (const slot of slotsToDrop(retention.slots, limitMb * 1024 * 1024)) {
      if (!(await this.db.dropInactiveSlot(slot.name, this.timeoutMs))) continue;
      retention.slots = retention.slots.filter((s) => s !== slot);
      this.opts.logger.emit('MCA00212', {
        slot: slot.name,
        heldMb: Math.round((slot.retainedBytes ?? 0) / 1024 / 1024),
        limitMb,
        conf: `${this.id}.conf`,
      });
    }
  }

  /** Which standby cannot catch up, judged from both sides' latest figures. */
  private cannotCatchUp(): { verdict: CannotCatchUp; standby: string; primary: string } | undefined {
    const peer = this.peerFresh() ? this.peer.snapshot : undefined;
    if (this.state.role === 'standby') {
      if (!this.local?.db.ok) return undefined;
      // Our own snapshot carries the same position the peer would judge from.
      const verdict = catchUpVerdict(
        this.snapshot(),
        peer?.role === 'primary' ? peer.walRetention : undefined,
      );
      return verdict && { verdict, standby: this.id, primary: this.peerId };
    }
    if (this.state.role === 'primary' && peer?.role === 'standby') {
      const verdict = catchUpVerdict(peer, this.local?.walRetention);
      return verdict && { verdict, standby: this.peerId, primary: this.id };
    }
    return undefined;
  }

  /**
   * For mc_ctl start -w on a standby: it cannot catch up (the reason), or it does not stream
   * yet while its primary answers (worth waiting for). Nothing when neither applies.
   */
  private standbyProgress(): { cannotCatchUp?: string; streamPending?: boolean } {
    if (this.state.role !== 'standby' || this.phase !== 'running') return {};
    const c = this.cannotCatchUp();
    if (c) return { cannotCatchUp: cannotCatchUpReason(c.verdict, c.standby, c.primary) };
    const primaryUp = this.peerFresh() && this.peer.snapshot?.role === 'primary';
    return primaryUp && this.local?.walReceiver !== 'streaming' ? { streamPending: true } : {};
  }

  /** MCA00101 for a failure below the limit, MCA00103 when a failing resource answers again. */
  private noteHealth(
    resource: Resource,
    server: string,
    before: number,
    after: number,
    detail: string,
  ): void {
    const e = healthEvent({ resource, server, before, after, limit: this.failuresToAbnormal, detail });
    if (!e) return;
    const { id, ...args } = e;
    this.opts.logger.emit(id, args);
  }

  /**
   * A dead postmaster is certain, so it need not wait for the next interval: the moment it is
   * gone, the peer is told (and decides at once on its side).
   */
  private watchPostmaster(): void {
    const running = this.instance.isRunning();
    if (
      this.postmasterSeen &&
      !running &&
      !this.stopping &&
      !this.gate.busy &&
      this.state.role === 'primary'
    ) {
      void this.heartbeat();
    }
    this.postmasterSeen = running;
  }

  private async heartbeat(timeoutMs = this.timeoutMs): Promise<void> {
    try {
      const r = (await this.peerClient.call('heartbeat', this.snapshot(), timeoutMs)) as {
        result: Snapshot;
        clockOffsetMs?: number;
      };
      this.notePeer(r.result);
      if (r.clockOffsetMs !== undefined && Math.abs(r.clockOffsetMs) > 1000) {
        this.opts.logger.emit('MCA00402', { server: this.peerId, skewMs: Math.round(r.clockOffsetMs) });
      }
    } catch (e) {
      // A peer that answers but refuses us (wrong key, wrong identity) is alive: never a failover
      // reason, but loud, because it leaves the pair unmonitored.
      const code = isPgClusterError(e) ? e.code : '';
      if (code === 'PEER_BUSY') {
        // Its server answered, so the peer is alive: no miss, no failover reason; but unobserved.
        if (!this.peer.busy)
          this.opts.logger.emit('MCA00406', { server: this.peerId, detail: (e as Error).message });
        this.peer.busy = true;
        return;
      }
      this.peer.busy = false;
      if (code === 'PEER_REFUSED' || code.startsWith('PROTOCOL_')) {
        if (!this.peer.refused)
          this.opts.logger.emit('MCA00404', { server: this.peerId, detail: (e as Error).message });
        this.peer.refused = true;
        this.peer.refusedDetail = (e as Error).message;
        return;
      }
      this.peer.refused = false; // silent now, no longer refusing: a forced switch may be right
      this.peer.misses += 1;
      // A peer that said it is stopping is expected to go quiet.
      if (!this.peer.snapshot?.stopping)
        this.noteHealth(
          'host_status',
          this.peerId,
          this.peer.misses - 1,
          this.peer.misses,
          (e as Error).message,
        );
      this.opts.logger.debug(
        `heartbeat to ${this.peerId} failed (${this.peer.misses} in a row): ${(e as Error).message}`,
      );
    }
  }

  /** This controller's heartbeat to the arbiter, and what its answer obliges us to do. */
  private async arbiterBeat(): Promise<void> {
    const link = this.arbiter;
    if (!link) return;
    const before = link.missed;
    const answer = await link.beat(this.arbiterHeartbeat(), this.timeoutMs);
    if (!answer) {
      if (link.missed === this.failuresToAbnormal)
        this.opts.logger.emit('MCA00610', {
          arbiter: link.id,
          detail: link.status().lastError ?? 'no answer',
        });
      return;
    }
    if (before > 0 || link.missed === 0) {
      if (before >= this.failuresToAbnormal || !this.arbiterSeen)
        this.opts.logger.emit('MCA00611', { arbiter: link.id });
      this.arbiterSeen = true;
    }
    if (!this.gate.busy)
      await this.decisions.feed({
        kind: 'arbiter_answer',
        at: new Date().toISOString(),
        self: this.selfRecord(),
        answer,
      });
  }

  private arbiterHeartbeat(): {
    role: ArbiterRole;
    healthy: boolean;
    syncStandby?: string;
    detached?: boolean;
    silenceMs: number;
  } {
    const role: ArbiterRole =
      this.state.role === 'primary' ? 'primary' : this.state.role === 'standby' ? 'standby' : 'other';
    const l = this.local;
    const k = this.failuresToAbnormal;
    const healthy =
      !this.decisions.memory.isolated &&
      this.instance.isRunning() &&
      this.failures.db < k &&
      this.failures.disk < k &&
      l !== undefined;
    const hb: {
      role: ArbiterRole;
      healthy: boolean;
      syncStandby?: string;
      detached?: boolean;
      silenceMs: number;
    } = { role, healthy, silenceMs: this.silenceMs };
    if (role === 'primary' && l?.db.ok) {
      const expected = this.expectedStandbyName();
      if (this.standbyCaughtUp(l)) hb.syncStandby = this.peerId;
      else if (!expected || !parseSyncStandbyNames(l.syncStandbyNames ?? '').names.includes(expected))
        hb.detached = true;
    }
    return hb;
  }

  /**
   * Our standby streams in sync and has flushed everything up to where it was last put back in
   * synchronous_standby_names: it holds every commit this primary acknowledged, including those
   * acknowledged alone while it was detached.
   */
  private standbyCaughtUp(l: LocalObservation): boolean {
    const row = standbyRow(l, this.expectedStandbyName());
    return (
      row?.state === 'streaming' &&
      row.syncState === 'sync' &&
      this.syncSafeFromLsn !== undefined &&
      row.flushLsn !== null &&
      lsnAtLeast(row.flushLsn, this.syncSafeFromLsn)
    );
  }

  private notePeer(s: Snapshot): void {
    if (this.peer.misses > 0 || !this.peer.snapshot)
      this.opts.logger.emit('MCA00403', { server: s.serverId });
    if (!this.peer.snapshot?.stopping) this.noteHealth('host_status', this.peerId, this.peer.misses, 0, '');
    this.peer = { snapshot: s, misses: 0, lastOkAt: Date.now(), refused: false };
    const standbyName = this.standbyApplicationName();
    // Its step is synchronous: memory and state are updated before this returns.
    void this.decisions
      .feed({
        kind: 'heartbeat',
        at: new Date().toISOString(),
        self: this.selfRecord(),
        ...(standbyName ? { standbyName } : {}),
        snapshot: s,
      })
      .catch((e: unknown) => this.opts.logger.debug(`heartbeat decision failed: ${(e as Error).message}`));
  }

  /** What this server's records say, as the decision step reads it. */
  private selfRecord(): SelfRecord {
    return {
      id: this.id,
      peerId: this.peerId,
      role: this.state.role,
      mirroring: this.state.mirroring,
      failoverEnabled: this.state.failoverEnabled,
      dataDir: this.instance.dataDir,
      ...(this.state.arbiterUnrecorded ? { arbiterUnrecorded: true } : {}),
    };
  }

  /** Observe: this interval's record, from the probes and the last heartbeat, for the decision step. */
  private observation(local: LocalObservation): IntervalObservation {
    const c = this.dir.local.conf;
    const o: IntervalObservation = {
      kind: 'interval',
      at: new Date().toISOString(),
      self: this.selfRecord(),
      settings: {
        failuresToAbnormal: this.failuresToAbnormal,
        detectionWindowMs: c.detectionWindowMs,
        arbiterConfigured: this.arbiter !== undefined,
        fencingCommandConfigured: c.fencingCommand !== undefined,
      },
      local,
      instanceRunning: this.instance.isRunning(),
      peer: {
        ...(this.peer.snapshot ? { snapshot: this.peer.snapshot } : {}),
        misses: this.peer.misses,
        refused: this.peer.refused === true,
      },
    };
    if (this.state.role === 'primary') {
      const expected = this.expectedStandbyName();
      if (expected) o.expectedStandby = expected;
      o.standbyCaughtUp = this.standbyCaughtUp(local);
    }
    if (this.state.role === 'standby') {
      const behind = this.cannotCatchUp();
      if (behind)
        o.cannotCatchUp = {
          needed: behind.verdict.needed,
          reason: cannotCatchUpReason(behind.verdict, behind.standby, behind.primary),
        };
    }
    if (this.arbiter) {
      const st = this.arbiter.status();
      o.arbiter = {
        id: this.arbiter.id,
        missed: this.arbiter.missed,
        ...(st.primaryOnRecord ? { primaryOnRecord: st.primaryOnRecord } : {}),
      };
    }
    return o;
  }

  /** Act: what the decision step's actions do on this server (executor.ts dispatches them). */
  private effects(): Effects {
    const log = this.opts.logger;
    const what = (f: PendingFailure) => `${f.resource} abnormal (${f.detail})`;
    return {
      notify: (id, args) => log.emit(id, args),
      fenceSelf: () => this.gate.run('fence', () => this.switchover.fence('immediate')).then(() => undefined),
      isolate: () => this.switchover.isolate(),
      resume: () => this.switchover.resumeFromIsolation(),
      restoreStandby: (name) => this.restoreStandby(name),
      changeMirroring: (trigger: MirroringTrigger) => {
        const change = changeMirroring(this.state, trigger);
        if (!change) return;
        saveState(this.dir.mcDir, this.state);
        log.emit('MCA00006', { from: change.from, to: change.to, reason: change.reason });
      },
      adoptMirroring: (mirroring: Mirroring) => {
        this.state.mirroring = mirroring;
        // Whole again (as changeMirroring does on the primary): an old error is no current problem.
        if (mirroring === 'switchable') delete this.state.lastError;
        saveState(this.dir.mcDir, this.state);
      },
      askArbiter: async (f) => {
        if (!this.arbiter) return { granted: true };
        if (f.action === 'disconnect') return this.arbiter.detach(this.peerId, this.timeoutMs);
        const kind = f.resource === 'host_status' ? 'peer_unreachable' : 'peer_reported';
        return this.arbiter.promote(this.peerId, kind, this.silenceMs, this.timeoutMs);
      },
      runFencingCommand: (f) =>
        this.switchover.fencingAllows(f.action === 'promote' ? 'switch' : 'disconnect', what(f)),
      promote: (f, lastError) =>
        this.gate
          .run('switch', () =>
            this.switchover.promoteSelf({
              reason: `primary ${this.peerId} failed: ${what(f)}`,
              // A peer whose controller still answers must be fenced first; a vanished host cannot be.
              fenceRequired: f.resource !== 'host_status',
              fenceMode: 'immediate',
              lastError,
            }),
          )
          .then(() => undefined),
      disconnect: (_f, lastError) =>
        this.gate.run('disconnect', async () => {
          await this.switchover.disconnectStandby(this.expectedStandbyName() ?? '');
          this.state.lastError = lastError;
          saveState(this.dir.mcDir, this.state);
        }),
      recordError: (lastError) => {
        // Kept on record: the operator's mc_ctl switch that finishes the job shows it.
        this.state.lastError = lastError;
        saveState(this.dir.mcDir, this.state);
      },
      recordOnArbiter: async (primary) => {
        if (!this.arbiter) return false;
        const g = await this.arbiter.promote(primary, 'forced', this.silenceMs, this.timeoutMs);
        return g.granted;
      },
      clearUnrecorded: () => {
        delete this.state.arbiterUnrecorded;
        saveState(this.dir.mcDir, this.state);
      },
    };
  }

  /** The application_name our standby streams with: what it told us, or what we last waited for. */
  private expectedStandbyName(): string | undefined {
    const told = this.peer.snapshot?.standbyName;
    if (told) return told;
    const saved = this.state.savedSyncStandbyNames
      ? parseSyncStandbyNames(this.state.savedSyncStandbyNames).names[0]
      : undefined;
    return saved ?? this.peerId;
  }

  /** Put a streaming standby back in synchronous_standby_names. */
  private async restoreStandby(standbyName: string): Promise<void> {
    const conf = PostgresqlConf.load(this.instance.dataDir);
    const current = conf.get('synchronous_standby_names')?.value ?? '';
    const value = addStandbyName(current, standbyName);
    conf.set('synchronous_standby_names', value);
    conf.save();
    await this.instance.reload();
    // Measured again at the next interval, once the reload has reached every backend.
    this.syncSafeFromLsn = undefined;
    delete this.state.savedSyncStandbyNames;
    saveState(this.dir.mcDir, this.state);
    this.opts.logger.emit('MCA00204', { standby: standbyName, server: this.id, value: `'${value}'` });
  }

  // ---------------------------------------------------------------- snapshots and status

  private snapshot(): Snapshot {
    const l = this.local;
    // Postmaster liveness is read now (cheap), so a just-stopped instance never looks alive.
    const postmasterRunning = this.instance.isRunning();
    const s: Snapshot = {
      serverId: this.id,
      role: this.state.role,
      mirroring: this.state.mirroring,
      failoverEnabled: this.state.failoverEnabled,
      postmasterRunning,
      db: !postmasterRunning
        ? { ok: false, detail: 'postmaster is not running' }
        : (l?.db ?? { ok: false, detail: 'not observed yet' }),
      disk: l?.disk ?? { ok: false, detail: 'not observed yet' },
      failures: { ...this.failures },
      stopping: this.stopping,
      // Isolated: stopped on purpose, waiting to resume; the standby must not take that for a failure.
      starting: this.phase === 'starting' || this.decisions.memory.isolated,
      ...(this.state.lastError ? { lastError: this.state.lastError } : {}),
      sentAt: Date.now(),
    };
    if (l?.inRecovery !== undefined) s.inRecovery = l.inRecovery;
    if (l?.lsn) s.lsn = l.lsn;
    if (l?.walReceiver) s.walReceiver = l.walReceiver;
    if (l?.replayLsn) s.replayLsn = l.replayLsn;
    if (l?.restoreCommand !== undefined) s.restoreCommand = l.restoreCommand;
    if (l?.walRetention && this.state.role === 'primary') s.walRetention = l.walRetention;
    if (l?.standbys) s.standbys = l.standbys;
    if (l?.syncStandbyNames !== undefined) s.syncStandbyNames = l.syncStandbyNames;
    const name = this.standbyApplicationName();
    if (name) s.standbyName = name;
    if (this.arbiter) s.arbiter = this.arbiter.status();
    if (
      this.state.role === 'standby' &&
      (this.gate.busy === 'switch' || this.arbiter?.status().primaryOnRecord === this.id)
    )
      s.promoting = true;
    if (this.state.role === 'primary' && l?.db.ok) s.standbyCaughtUp = this.standbyCaughtUp(l);
    return s;
  }

  /** application_name from our primary_conninfo, when we are a standby. */
  private standbyApplicationName(): string | undefined {
    if (this.state.role !== 'standby') return undefined;
    try {
      const conninfo = PostgresqlConf.load(this.instance.dataDir).get('primary_conninfo')?.value ?? '';
      return /application_name\s*=\s*'?([^'\s]+)'?/.exec(conninfo)?.[1];
    } catch {
      return undefined;
    }
  }

  private peerFresh(): boolean {
    return (
      !this.peer.refused && this.peer.snapshot !== undefined && this.peer.misses < this.failuresToAbnormal
    );
  }

  /** Status for mc_ctl: with a fresh heartbeat when the peer is reachable, so a change just made shows. */
  private async freshStatus(): Promise<StatusReport> {
    if (this.peer.misses === 0 && !this.stopping) await this.heartbeat(Math.min(this.timeoutMs, 2000));
    return this.status();
  }

  status(): StatusReport {
    const failing = this.intervalErrors.current;
    return buildStatus({
      self: this.snapshot(),
      peerId: this.peerId,
      network: this.dir.network,
      peer: {
        ...(this.peer.snapshot ? { snapshot: this.peer.snapshot } : {}),
        fresh: this.peerFresh(),
        refused: this.peer.refused === true,
      },
      stored: this.state,
      failuresToAbnormal: this.failuresToAbnormal,
      detectionWindowMs: this.dir.local.conf.detectionWindowMs,
      dataDirs: {
        [this.id]: this.instance.dataDir,
        [this.peerId]: this.dir.peer.conf?.dbInstance ?? 'data directory',
      },
      ...(failing ? { monitoringFailures: failing } : {}),
      problems: this.problems(),
      ...(this.arbiter ? { arbiter: { id: this.arbiter.id, self: this.arbiter.status() } } : {}),
    });
  }

  /** Causes status must name that its table cannot show. */
  private problems(): string[] {
    const out: string[] = [];
    if (this.peer.refused) out.push(this.refusalProblem());
    if (this.peer.busy)
      out.push(
        `the controller of ${this.peerId} is alive but drops this server's connection for lack of room: its admin port is flooded, so the pair is not monitored from here; see ${this.peerId}'s log (MCA00401, MCA00405) for the addresses`,
      );
    const behind = this.cannotCatchUp();
    if (behind) out.push(cannotCatchUpReason(behind.verdict, behind.standby, behind.primary));
    const flood = this.admin?.flood();
    if (flood)
      out.push(floodReason(flood, formatAddress(this.dir.local.entry.host, this.dir.local.entry.port)));
    return out;
  }

  private refusalProblem(): string {
    return `the controllers of ${this.id} and ${this.peerId} cannot authenticate each other (${this.peer.refusedDetail ?? 'refused'}): mc.key or network.conf differ between the servers, so the pair is not monitored and cannot switch; copy mc.key from the primary's management directory and restart this controller (mc_ctl stop --mc-only, then mc_ctl start --mc-only)`;
  }

  // ---------------------------------------------------------------- requests

  private async onLocal(op: string, args: unknown): Promise<unknown> {
    const a = (args ?? {}) as Record<string, unknown>;
    switch (op) {
      case 'status':
        return this.freshStatus();
      case 'ready':
        return {
          phase: this.phase,
          role: this.state.role,
          instanceRunning: this.instance.isRunning(),
          ...(this.peer.refused ? { peerRefused: this.refusalProblem() } : {}),
          ...this.standbyProgress(),
        };
      case 'enable-failover':
      case 'disable-failover':
        return this.setFailover(op === 'enable-failover');
      case 'switch':
        return this.state.role === 'standby'
          ? this.gate.run('switch', () =>
              this.switchover.performSwitch(a.force === true, 'manual switch requested with mc_ctl'),
            )
          : this.switchover.forwardSwitch(a.force === true);
      case 'stop':
        return this.gate.run('stop', () => this.stop({ all: a.all === true, mcOnly: a.mcOnly === true }));
      default:
        throw new PgClusterError('UNKNOWN_REQUEST', `unknown request '${op}'`);
    }
  }

  private async onPeer(_peerId: string, op: string, args: unknown): Promise<unknown> {
    const a = (args ?? {}) as Record<string, unknown>;
    switch (op) {
      case 'heartbeat': {
        const snap = a as unknown as Snapshot;
        this.notePeer(snap);
        // A primary reporting a dead postmaster: decide now rather than at our next interval.
        if (snap.role === 'primary' && !snap.postmasterRunning && !snap.stopping && !snap.starting)
          setImmediate(() => void this.tick());
        return this.snapshot();
      }
      case 'status':
        return this.status();
      case 'fence':
        return this.gate.run('fence', () =>
          this.switchover.fence(a.mode === 'immediate' ? 'immediate' : 'fast'),
        );
      case 'disconnect':
        return this.gate.run('disconnect', () =>
          this.switchover.disconnectStandby(typeof a.standbyName === 'string' ? a.standbyName : ''),
        );
      case 'switch':
        if (this.state.role !== 'standby')
          throw new PgClusterError('NOT_STANDBY', `server ${this.id} is not the standby`);
        return this.gate.run('switch', () =>
          this.switchover.performSwitch(
            a.force === true,
            'manual switch requested with mc_ctl on the primary',
          ),
        );
      case 'stop':
        setImmediate(
          () =>
            void this.gate
              .run('stop', () => this.stop({ all: false, mcOnly: false, keepSync: true }))
              .catch(() => undefined),
        );
        return { stopping: true };
      default:
        throw new PgClusterError('UNKNOWN_REQUEST', `unknown admin request '${op}'`);
    }
  }

  private setFailover(enabled: boolean) {
    if (this.state.failoverEnabled !== enabled) {
      this.state.failoverEnabled = enabled;
      saveState(this.dir.mcDir, this.state);
      this.opts.logger.emit('MCA00007', { state: enabled ? 'enabled' : 'disabled', server: this.id });
    }
    return { failoverEnabled: enabled };
  }

  /**
   * mc_ctl stop. A standby first asks the primary to stop waiting for it (manual disconnection);
   * with `all` the peer is stopped first, keeping synchronous_standby_names as they are.
   */
  async stop(o: { all: boolean; mcOnly: boolean; keepSync?: boolean }): Promise<{ stopped: string[] }> {
    const stopped: string[] = [];
    if (o.all) {
      await this.peerClient
        .call('stop', {}, this.dir.local.conf.remoteCallTimeoutMs || 600_000)
        .then(() => stopped.push(this.peerId))
        .catch((e: unknown) => this.opts.logger.debug(`peer stop: ${(e as Error).message}`));
      await this.waitPeerGone(60_000);
    }
    this.stopping = true;
    try {
      await this.stopInstance(o);
    } catch (e) {
      // The instance did not stop: keep watching it rather than leave a controller that does nothing.
      this.stopping = false;
      throw e;
    }
    stopped.push(this.id);
    setImmediate(() => void this.shutdown());
    return { stopped };
  }

  private async stopInstance(o: { all: boolean; mcOnly: boolean; keepSync?: boolean }): Promise<void> {
    if (!o.mcOnly) {
      if (this.state.role === 'standby' && !o.all && !o.keepSync) {
        await this.peerClient
          .call('disconnect', { standbyName: this.standbyApplicationName() ?? this.id }, this.timeoutMs * 5)
          .catch((e: unknown) =>
            // The primary frees its commits by itself after the detection window (stall rule).
            this.opts.logger.emit('MCA00301', {
              what: `the primary did not confirm the disconnection: ${(e as Error).message}`,
            }),
          );
        if (this.instance.isRunning()) await this.instance.stop('fast');
        this.switchover.transition('disconnect');
      } else if (this.instance.isRunning()) {
        const mode = await this.instance.stop('fast');
        this.opts.logger.emit('MCA00004', { dataDir: this.instance.dataDir, mode });
      }
    }
  }

  private async waitPeerGone(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const alive = await this.peerClient.call('status', {}, 1000).then(
        () => true,
        () => false,
      );
      if (!alive) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private async shutdownServers(): Promise<void> {
    if (this.watchTimer) clearInterval(this.watchTimer);
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.db.close();
    this.peerClient.close();
    this.arbiter?.close();
    await this.control?.close().catch(() => undefined);
    await this.admin?.close().catch(() => undefined);
    this.rejections.close();
  }

  /** Stops the controller process itself (the instance is left as it is). */
  async shutdown(): Promise<void> {
    // A switch or fence in flight finishes first (bounded), so a signal never leaves it half done.
    await this.gate.settle(120_000, 'stop');
    this.stopping = true;
    // Tell the peer we are going on purpose, so it does not count this as a failure.
    await withDeadline(this.peerClient.call('heartbeat', this.snapshot(), 500), 600, 'goodbye').catch(
      () => undefined,
    );
    await this.shutdownServers();
    this.opts.logger.emit('MCA00002', { server: this.id });
    releasePidFile(this.dir.mcDir, this.id);
    this.resolveDone();
  }
}

/** The PostgreSQL version of a data directory (for messages and checks). */
export function dataDirMajor(dataDir: string): number {
  try {
    return Number(readFileSync(path.join(dataDir, 'PG_VERSION'), 'utf8').trim());
  } catch {
    return 0;
  }
}

export { isPgClusterError };

/**
 * Switching, fencing and disconnecting: the actions that change which server is the primary and
 * which standby commits wait for, carried out in the safe order (fence, stop waiting, promote) and
 * each refused with nothing changed when it cannot be done safely. The controller decides when
 * (the decision table, a request); this module does it.
 */
import { PgClusterError } from '../errors.js';
import type { McDirectory } from '../config/mcDirectory.js';
import { PostgresqlConf, removeStandbyName } from '../config/postgresqlConf.js';
import type { Instance } from '../postgres/instance.js';
import { checkpointLsn, lsnAtLeast } from '../postgres/lsn.js';
import type { McLogger } from '../log/logger.js';
import type { ActionGate } from './actionGate.js';
import type { AdminClient } from './adminNet.js';
import type { ArbiterClient } from './arbiterLink.js';
import type { Snapshot } from './decide.js';
import type { DecisionLoop } from './decisionLoop.js';
import { hostRoleLabel, type RoleTrigger } from './fsm.js';
import type { SelfRecord } from './observation.js';
import type { DatabaseProbe } from './probes.js';
import { runFencingCommand, type FencingAction } from './fencingCommand.js';
import { gatherOldPrimaryEvidence, oldPrimaryVerdict } from './oldPrimary.js';
import { changeMirroring, changeRole, saveState, type LastError, type ServerState } from './state.js';

/** What the switchover needs of its controller. */
export interface SwitchContext {
  readonly id: string;
  readonly peerId: string;
  readonly dir: McDirectory;
  readonly log: McLogger;
  readonly instance: Instance;
  readonly db: DatabaseProbe;
  readonly peerClient: AdminClient;
  readonly arbiter: ArbiterClient | undefined;
  readonly gate: ActionGate;
  readonly decisions: DecisionLoop;
  /** The controller's state, changed in place and saved. */
  readonly state: ServerState;
  readonly timeoutMs: number;
  readonly silenceMs: number;
  /** One heartbeat to the peer now, so a decision rests on its current word. */
  heartbeat(timeoutMs?: number): Promise<void>;
  /** The peer as the last heartbeats left it. */
  peer(): { snapshot?: Snapshot; misses: number; refused?: boolean };
  standbyApplicationName(): string | undefined;
  expectedStandbyName(): string | undefined;
  selfRecord(): SelfRecord;
}

export class Switchover {
  constructor(private readonly c: SwitchContext) {}

  async forwardSwitch(force: boolean): Promise<unknown> {
    if (this.c.state.role !== 'primary') {
      throw new PgClusterError(
        'NOT_SWITCHABLE',
        `server ${this.c.id} is ${hostRoleLabel(this.c.state.role)}: there is nothing to switch from here`,
        {
          hint: 'run mc_ctl status to see which server is the primary',
        },
      );
    }
    if (!force && this.c.state.mirroring !== 'switchable') {
      const detail = `mirroring status is ${this.c.state.mirroring}: no standby is streaming in sync`;
      this.c.log.emit('MCA00208', { detail });
      throw new PgClusterError('NOT_SWITCHABLE', `switch refused: ${detail}`, {
        hint: 'a switch now would lose commits; rebuild and start the standby first (mc_ctl status shows the pair)',
      });
    }
    return this.c.peerClient
      .call('switch', { force }, this.c.dir.local.conf.remoteCallTimeoutMs || 600_000)
      .then((r) => (r as { result: unknown }).result);
  }

  /**
   * Promote this standby: check it is safe, fence the old primary, comment out
   * synchronous_standby_names so commits do not wait for the stopped old primary, promote.
   */
  async performSwitch(force: boolean, reason: string): Promise<{ newPrimary: string }> {
    const log = this.c.log;
    // Decide on the primary's word now, not on the last heartbeat (up to an interval old).
    await this.c.heartbeat();
    const peer = this.c.peer().misses === 0 ? this.c.peer().snapshot : undefined;
    const mine = peer?.standbys?.find((r) => r.applicationName === this.c.standbyApplicationName());
    const inSync =
      mine?.state === 'streaming' && mine.syncState === 'sync' && peer?.mirroring === 'switchable';
    if (this.c.peer().refused) {
      // It answers, so it runs: forcing a switch past it would make two primaries.
      const detail = `the controller of primary ${this.c.peerId} answers but refuses this server (MCA00404: a different mc.key, or a server identifier it does not know)`;
      log.emit('MCA00208', { detail });
      throw new PgClusterError('NOT_SWITCHABLE', `switch refused: ${detail}`, {
        hint: `give both servers the same mc.key (mc_ctl genkey on one, copy the file to the other's management directory), restart this controller (mc_ctl stop --mc-only, mc_ctl start --mc-only), then switch; --force does not override this`,
      });
    }
    if (!force && !inSync) {
      const detail = !peer
        ? `the controller of primary ${this.c.peerId} does not answer`
        : `mirroring status is ${peer.mirroring}: this standby is not streaming in sync`;
      log.emit('MCA00208', { detail });
      throw new PgClusterError('NOT_SWITCHABLE', `switch refused: ${detail}`, {
        hint: 'only a standby in sync can take over without losing commits; if the primary is really gone (its server down, or its PostgreSQL stopped), mc_ctl switch --force takes over, accepting the loss',
      });
    }
    // Forced past a silent controller: the old primary's PostgreSQL must be gone too, or there
    // would be two primaries. One whose controller answers is fenced through it below, required.
    const peerAnswers = peer !== undefined;
    if (force && !peerAnswers) {
      const alive = await this.oldPrimaryAlive();
      if (alive) {
        const detail = `the controller of primary ${this.c.peerId} does not answer, but ${alive}`;
        log.emit('MCA00208', { detail });
        throw new PgClusterError('NOT_SWITCHABLE', `switch --force refused: ${detail}`, {
          hint: `a forced switch now would make two primaries: stop the old primary's PostgreSQL (on ${this.c.peerId}: mc_ctl stop, or pg_ctl stop -m fast) or cut it off from its clients, then mc_ctl switch --force again`,
        });
      }
    }
    const kind = !force ? 'planned' : peerAnswers ? 'forced' : 'forced_unreachable';
    if (this.c.arbiter) {
      // Asked before the fence, so a refusal leaves everything as it was. --force does not
      // override a refusal: the arbiter exists to prevent two primaries.
      const check = await this.c.arbiter.promote(
        this.c.peerId,
        kind,
        this.c.silenceMs,
        this.c.timeoutMs,
        true,
      );
      if (!check.granted && !check.unreachable) {
        log.emit('MCA00208', { detail: `the arbiter refuses: ${check.reason}` });
        throw new PgClusterError(
          'NOT_SWITCHABLE',
          `switch refused by the arbiter ${this.c.arbiter.id}: ${check.reason}`,
          {
            hint: 'mc_ctl status --arbiter shows what each side and the arbiter know',
          },
        );
      }
    }
    if (!(await this.fencingAllows('switch', reason))) {
      throw new PgClusterError(
        'FENCING_CANCELLED',
        'switch cancelled by the fencing command; nothing was changed',
        {
          where: this.c.dir.local.conf.fencingCommand,
          hint: `the controller log (${this.c.id}.mc.log) has its exit code and output`,
        },
      );
    }
    const done = await this.promoteSelf({
      reason,
      fenceRequired: !force || peerAnswers,
      fenceMode: 'fast',
      arbiterKind: kind,
    });
    // The same outcome an automatic promotion reports: the decision memory starts over as a primary.
    await this.c.decisions.feed({
      kind: 'result',
      at: new Date().toISOString(),
      self: this.c.selfRecord(),
      fencingCommandConfigured: this.c.dir.local.conf.fencingCommand !== undefined,
      of: 'promote',
      ok: true,
    });
    return done;
  }

  /** Why the old primary's PostgreSQL must be taken as alive, or undefined when it is gone. */
  async oldPrimaryAlive(): Promise<string | undefined> {
    const obs = await this.c.db.observe(this.c.timeoutMs);
    const conninfo = PostgresqlConf.load(this.c.instance.dataDir).get('primary_conninfo')?.value ?? '';
    const evidence = await gatherOldPrimaryEvidence(conninfo, obs.walReceiver, this.c.timeoutMs);
    this.c.log.debug(`before a forced switch, the old primary: ${JSON.stringify(evidence)}`);
    return oldPrimaryVerdict(evidence);
  }

  /** Runs the fencing command of <id>.conf, if any; true when the action may go ahead. */
  async fencingAllows(action: FencingAction, reason: string): Promise<boolean> {
    const command = this.c.dir.local.conf.fencingCommand;
    if (!command) return true;
    const r = await runFencingCommand(
      command,
      { action, server: this.c.id, peer: this.c.peerId, mcDir: this.c.dir.mcDir, reason },
      this.c.dir.local.conf.fencingCommandTimeoutS,
    );
    if (r.ok) this.c.log.emit('MCA00620', { action, detail: r.detail });
    else {
      this.c.log.emit('MCA00621', {
        action,
        detail: r.detail,
        hint:
          action === 'switch'
            ? 'the standby stays a standby; mc_ctl switch tries again (running the command again)'
            : 'commits keep waiting for the standby; fix what the command checks, or stop the standby with mc_ctl stop',
      });
    }
    return r.ok;
  }

  /**
   * Fence the old primary (stop its instance through its controller), make the running standby
   * stop waiting for it, promote. A required fence that fails aborts with nothing changed; an
   * optional one (the peer's host is gone, or --force) is tried when the peer answers.
   */
  async promoteSelf(o: {
    reason: string;
    fenceRequired: boolean;
    fenceMode: 'fast' | 'immediate';
    lastError?: LastError;
    /** A switch by mc_ctl: the arbiter records it once the old primary is fenced (automatic ones asked before). */
    arbiterKind?: 'planned' | 'forced' | 'forced_unreachable';
  }): Promise<{ newPrimary: string }> {
    const log = this.c.log;
    log.emit('MCA00201', { reason: o.reason });
    // Phase timings go to the log file (debug), to see where a slow promotion spent its time.
    const t0 = Date.now();
    const phases: string[] = [];
    const mark = (what: string) => phases.push(`${what} +${Date.now() - t0} ms`);
    let finalLsn: string | undefined;
    if (o.fenceRequired || this.c.peer().misses === 0)
      try {
        const r = (await this.c.peerClient.call(
          'fence',
          { mode: o.fenceMode },
          this.c.dir.local.conf.remoteCallTimeoutMs || 600_000,
        )) as {
          result: { checkpointLsn?: string };
        };
        finalLsn = r.result.checkpointLsn;
      } catch (e) {
        if (o.fenceRequired) {
          log.emit('MCA00205', {
            detail: `the old primary could not be fenced: ${(e as Error).message}`,
            hint: 'nothing was changed; retry, or use --force if the primary is down',
          });
          throw new PgClusterError(
            'FENCE_FAILED',
            `switch aborted: the old primary ${this.c.peerId} could not be stopped: ${(e as Error).message}`,
            {
              hint: 'nothing was changed; retry, or use mc_ctl switch --force if that server is really down',
            },
          );
        }
      }
    mark('fenced');
    if (o.arbiterKind && this.c.arbiter) {
      const g = await this.c.arbiter.promote(
        this.c.peerId,
        o.arbiterKind,
        this.c.silenceMs,
        this.c.timeoutMs,
      );
      if (!g.granted && !g.unreachable) {
        log.emit('MCA00205', {
          detail: `the arbiter refused after the old primary was stopped: ${g.reason}`,
          hint: 'nothing was promoted; mc_ctl status --arbiter shows why',
        });
        throw new PgClusterError('NOT_SWITCHABLE', `switch refused by the arbiter: ${g.reason}`, {
          hint: 'the old primary is stopped and nothing was promoted: mc_ctl status --arbiter shows what the arbiter knows; mc_ctl switch again once it agrees',
        });
      }
      if (!g.granted) {
        log.emit('MCA00301', { what: `switch goes on without the arbiter's record: ${g.reason}` });
        this.c.state.arbiterUnrecorded = true; // asked again as soon as the arbiter answers
      }
      mark('arbiter');
    }
    if (finalLsn) await this.waitReceived(finalLsn, 5000);
    mark('received');

    // The new primary must not wait for the old one: comment the setting out and make sure the
    // running server has dropped it before promoting (a promotion does not re-read the files).
    const conf = PostgresqlConf.load(this.c.instance.dataDir);
    const before = conf.get('synchronous_standby_names')?.value;
    if (conf.commentOut('synchronous_standby_names')) {
      conf.save();
      log.emit('MCA00207', { server: this.c.id });
    }
    try {
      await this.c.instance.reload();
      await this.waitSetting('synchronous_standby_names', '', 5000);
      mark('sync names dropped');
      await this.c.instance.promote();
      mark('promoted');
    } catch (e) {
      log.emit('MCA00205', {
        detail: (e as Error).message,
        hint: 'run mc_ctl switch again, or mc_ctl stop (with -e if needed) on the failed server',
      });
      throw e;
    }
    if (before) this.c.state.savedSyncStandbyNames = before;
    if (o.lastError) this.c.state.lastError = o.lastError;
    const roleChange = changeRole(this.c.state, 'promote');
    const mirChange = changeMirroring(this.c.state, 'promoted');
    saveState(this.c.dir.mcDir, this.c.state);
    log.emit('MCA00005', {
      server: this.c.id,
      from: roleChange.from,
      to: roleChange.to,
      reason: roleChange.reason,
    });
    if (mirChange) log.emit('MCA00006', { from: mirChange.from, to: mirChange.to, reason: mirChange.reason });
    log.emit('MCA00062');
    log.debug(`promotion phases: ${phases.join(', ')}`);
    await this.c.heartbeat(); // learn the fenced peer's new state before anyone asks
    return { newPrimary: this.c.id };
  }

  /** Waits until the running server reports `value` for a setting (after a reload). */
  async waitSetting(name: string, value: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const obs = await this.c.db.observe(this.c.timeoutMs);
      if (name === 'synchronous_standby_names' && obs.db.ok && obs.syncStandbyNames === value) return;
      if (Date.now() > deadline) {
        throw new PgClusterError(
          'RELOAD_NOT_APPLIED',
          `the instance did not apply ${name} = '${value}' after a reload`,
          {
            where: this.c.instance.dataDir,
            hint: 'check the server log for configuration errors; nothing was promoted',
          },
        );
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async waitReceived(lsn: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const obs = await this.c.db.observe(this.c.timeoutMs);
      if (obs.lsn && lsnAtLeast(obs.lsn, lsn)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    this.c.log.debug(
      `standby did not receive up to ${lsn} within ${timeoutMs} ms; promoting anyway (acknowledged commits were already flushed here)`,
    );
  }

  /** A role change from the FSM table: persisted first, then reported. */
  transition(trigger: RoleTrigger): void {
    const change = changeRole(this.c.state, trigger);
    saveState(this.c.dir.mcDir, this.c.state);
    this.c.log.emit('MCA00005', {
      server: this.c.id,
      from: change.from,
      to: change.to,
      reason: change.reason,
    });
  }

  /** Reaching neither the standby nor the arbiter: stop serving writes until one of them answers. */
  async isolate(): Promise<void> {
    await this.c.gate.run('isolate', async () => {
      if (!this.c.instance.isRunning()) return;
      const mode = await this.c.instance.stop('immediate', 20);
      this.c.log.emit('MCA00004', { dataDir: this.c.instance.dataDir, mode });
    });
  }

  async resumeFromIsolation(): Promise<void> {
    await this.c.gate.run('resume', async () => {
      if (this.c.state.role !== 'primary')
        throw new PgClusterError('NOT_PRIMARY', `server ${this.c.id} is no longer the primary; not resumed`);
      if (!this.c.instance.isRunning()) {
        await this.c.instance.start();
        this.c.log.emit('MCA00003', { dataDir: this.c.instance.dataDir });
      }
    });
  }

  /** The peer is promoting: stop our instance so there is never a second writable primary. */
  async fence(mode: 'fast' | 'immediate'): Promise<{ checkpointLsn?: string }> {
    if (this.c.state.role === 'inactivated_primary') {
      // Asked again (a retried switch after a slow stop): finish the stop, answer the same.
      if (this.c.instance.isRunning()) await this.c.instance.stop('immediate', 20);
      const lsn = await checkpointLsn(this.c.instance).catch(() => undefined);
      return lsn ? { checkpointLsn: lsn } : {};
    }
    if (this.c.state.role !== 'primary') {
      throw new PgClusterError(
        'NOT_PRIMARY',
        `server ${this.c.id} is ${hostRoleLabel(this.c.state.role)}, not the primary; nothing to fence`,
      );
    }
    // Recorded before stopping: if this process dies mid-stop, the server still never comes back as primary.
    this.transition('fence');
    const used = await this.c.instance.stop(mode, 20);
    this.c.log.emit('MCA00004', { dataDir: this.c.instance.dataDir, mode: used });
    this.c.log.emit('MCA00202', { server: this.c.id });
    const lsn = await checkpointLsn(this.c.instance).catch(() => undefined);
    return lsn ? { checkpointLsn: lsn } : {};
  }

  /** On the primary: stop waiting for a standby that is going away, so commits never hang. */
  async disconnectStandby(standbyName: string): Promise<{ disconnected: boolean }> {
    if (this.c.state.role !== 'primary') return { disconnected: false };
    const conf = PostgresqlConf.load(this.c.instance.dataDir);
    const current = conf.get('synchronous_standby_names')?.value ?? '';
    const name = standbyName || this.c.expectedStandbyName() || '';
    const next = removeStandbyName(current, name);
    if (next !== current) {
      this.c.state.savedSyncStandbyNames = current;
      if (next === '') conf.commentOut('synchronous_standby_names');
      else conf.set('synchronous_standby_names', next);
      conf.save();
      await this.c.instance.reload();
      this.c.log.emit('MCA00203', { standby: name, server: this.c.id });
    }
    const change = changeMirroring(this.c.state, 'standby_lost');
    saveState(this.c.dir.mcDir, this.c.state);
    if (change) this.c.log.emit('MCA00006', { from: change.from, to: change.to, reason: change.reason });
    return { disconnected: true };
  }
}

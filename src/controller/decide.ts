/**
 * Decisions, as pure functions of what a controller observed and what it remembers. No clocks,
 * no processes: the controller feeds observations in and carries the returned actions out, and the
 * tests drive every case directly.
 */
import type { Mirroring, MirroringTrigger, Role } from './fsm.js';
import type { LocalObservation, ProbeResult, StandbyRow } from './probes.js';
import type { ArbiterLinkStatus } from './arbiterLink.js';
import type { WalRetention } from './catchUp.js';

/** What one controller tells the other in every heartbeat. */
export interface Snapshot {
  serverId: string;
  role: Role;
  mirroring: Mirroring;
  failoverEnabled: boolean;
  postmasterRunning: boolean;
  db: ProbeResult;
  disk: ProbeResult;
  /** Consecutive failures of each probe, so the peer shows the same abnormal state we do. */
  failures: { db: number; disk: number };
  inRecovery?: boolean;
  lsn?: string;
  /** A standby's application_name towards its primary. */
  standbyName?: string;
  walReceiver?: string;
  standbys?: StandbyRow[];
  syncStandbyNames?: string;
  /** Set while the controller is shutting down on purpose (mc_ctl stop): not a failure. */
  stopping?: boolean;
  /** Set while the controller is starting its instance: a postmaster not yet up is not a failure. */
  starting?: boolean;
  /** Standby only: the arbiter granted it the promotion, or it is promoting now. */
  promoting?: boolean;
  /** Primary only: its standby streams in sync and holds every commit the primary acknowledged. */
  standbyCaughtUp?: boolean;
  /** Standby only: replay position and whether an archive may feed it (see catchUp.ts). */
  replayLsn?: string;
  restoreCommand?: boolean;
  /** Primary only, while no standby streams: its oldest WAL file and slots (see catchUp.ts). */
  walRetention?: WalRetention;
  /** Its connection to the arbiter, when one is configured (for mc_ctl status --arbiter). */
  arbiter?: ArbiterLinkStatus;
  /** The last failure that caused a switch or disconnection, as this server recorded it. */
  lastError?: {
    at: string;
    server: string;
    resource: string;
    detail: string;
    action: 'switch' | 'disconnect' | 'none';
  };
  sentAt: number;
}

export type Action =
  | { kind: 'restore_standby'; standbyName: string; reason: string }
  | { kind: 'mirroring'; trigger: MirroringTrigger };

export interface PrimaryInput {
  mirroring: Mirroring;
  local: LocalObservation;
  /** The names this primary currently waits for (parsed synchronous_standby_names). */
  syncNames: string[];
  /** The name the peer's walreceiver uses, when the peer told us or we remember it. */
  expectedStandby: string | undefined;
  /** Consecutive intervals in which no standby was streaming in sync. */
  intervalsWithoutSyncStandby: number;
  failuresToAbnormal: number;
  /** The standby's controller answers, says it is a standby, healthy and not stopping. */
  standbyHealthy: boolean;
  /**
   * The standby has flushed everything up to where it was last put back in sync (see
   * MirroringController.standbyCaughtUp); until then the pair is not switchable. Default true.
   */
  standbyCaughtUp?: boolean;
}

/** The walsender row of our standby, if it is connected. */
export function standbyRow(local: LocalObservation, name: string | undefined): StandbyRow | undefined {
  if (!name) return undefined;
  return local.standbys?.find((r) => r.applicationName === name);
}

/**
 * The primary keeps synchronous_standby_names in step with its standby: a standby streaming but
 * missing from the list is put back (after a disconnection or a switch), and the mirroring status
 * follows what pg_stat_replication shows.
 */
export function decidePrimary(input: PrimaryInput): Action[] {
  const actions: Action[] = [];
  if (!input.local.db.ok) return actions; // nothing trustworthy to act on this interval
  const row = standbyRow(input.local, input.expectedStandby);
  if (
    row &&
    input.expectedStandby &&
    input.standbyHealthy &&
    row.state === 'streaming' &&
    !input.syncNames.includes(input.expectedStandby)
  ) {
    actions.push({
      kind: 'restore_standby',
      standbyName: input.expectedStandby,
      reason: `standby ${input.expectedStandby} is streaming but the primary does not wait for it`,
    });
    return actions;
  }
  if (row?.state === 'streaming' && row.syncState === 'sync') {
    if (input.mirroring !== 'switchable' && input.standbyCaughtUp !== false)
      actions.push({ kind: 'mirroring', trigger: 'standby_synced' });
  } else if (
    input.mirroring === 'switchable' &&
    input.intervalsWithoutSyncStandby >= input.failuresToAbnormal
  ) {
    actions.push({ kind: 'mirroring', trigger: 'standby_lost' });
  }
  return actions;
}

/** The status words of mc_ctl status for one probe, given how many times in a row it failed. */
export function statusWord(
  p: ProbeResult | undefined,
  failures: number,
  failuresToAbnormal: number,
  what: string,
): string {
  if (!p) return 'unknown';
  if (p.ok) return 'normal';
  return failures >= failuresToAbnormal ? `abnormal(${what})` : 'normal';
}

// ---------------------------------------------------------------- failures and automatic actions

export type Resource = 'host_status' | 'db_proc_status' | 'disk_status' | 'wal_receiver';

/** How this controller judges its peer from the heartbeats and the WAL stream between them. */
export type PeerVerdict =
  | { kind: 'healthy' }
  | { kind: 'stopping' }
  | { kind: 'suspect'; misses: number }
  | { kind: 'network_fault'; detail: string }
  | { kind: 'failed'; resource: Resource; detail: string };

export interface PeerInput {
  /** The last heartbeat the peer answered with (or sent), if any. */
  snapshot: Snapshot | undefined;
  /** Consecutive heartbeats that got no answer. */
  misses: number;
  /** WAL still flows between the two instances (standby: walreceiver streaming; primary: walsender). */
  replicationAlive: boolean;
  failuresToAbnormal: number;
}

/**
 * A peer that answers tells us about its own instance and disk. A peer that stops answering is
 * only a failed server when the WAL stream between the instances is gone too; otherwise it is
 * the admin network that failed (safety rule 4).
 */
export function assessPeer(p: PeerInput): PeerVerdict {
  const s = p.snapshot;
  // A peer stopping or starting on purpose is never a failure (a planned stop of the primary
  // must not make the standby promote).
  if (s?.stopping || s?.starting) return { kind: 'stopping' };
  if (p.misses === 0 && s) {
    if (!s.postmasterRunning)
      return { kind: 'failed', resource: 'db_proc_status', detail: 'postmaster is not running' };
    if (s.failures.db >= p.failuresToAbnormal && !s.db.ok) {
      return { kind: 'failed', resource: 'db_proc_status', detail: s.db.detail };
    }
    if (s.failures.disk >= p.failuresToAbnormal && !s.disk.ok) {
      return { kind: 'failed', resource: 'disk_status', detail: s.disk.detail };
    }
    return { kind: 'healthy' };
  }
  if (p.misses < p.failuresToAbnormal) return { kind: 'suspect', misses: p.misses };
  // Said as the setting counts it: the decision is taken at the limit, however many more
  // heartbeats went unanswered before it was looked at.
  const unanswered = `${p.failuresToAbnormal} heartbeat${p.failuresToAbnormal === 1 ? '' : 's'} in a row unanswered, the limit heartbeat_retry sets`;
  if (p.replicationAlive) {
    return { kind: 'network_fault', detail: `${unanswered}, but WAL still streams` };
  }
  return { kind: 'failed', resource: 'host_status', detail: `${unanswered} and no WAL stream` };
}

export type FailureAction =
  | { kind: 'promote'; resource: Resource; detail: string }
  | { kind: 'disconnect_standby'; resource: Resource; detail: string }
  /** Detected, but policy says do nothing; the reason is for the log. */
  | {
      kind: 'report';
      resource: Resource | 'admin_network';
      detail: string;
      why: 'failover_disabled' | 'not_in_sync' | 'network_fault' | 'standby_unhealthy';
    };

export interface StandbyInput {
  verdict: PeerVerdict;
  /** This standby's own instance answers and is in recovery: only a healthy standby takes over. */
  selfHealthy: boolean;
  failoverEnabled: boolean;
  /** Whether the primary last showed this standby streaming in sync (safety rule 1). */
  lastSeenInSync: boolean;
  /** The peer really is our primary (not an inactivated or unknown server). */
  peerIsPrimary: boolean;
}

/** The standby's side: promote only a standby that was in sync, only for a real primary failure. */
export function decideStandby(i: StandbyInput): FailureAction[] {
  const v = i.verdict;
  if (v.kind === 'network_fault')
    return [{ kind: 'report', resource: 'admin_network', detail: v.detail, why: 'network_fault' }];
  if (v.kind !== 'failed' || !i.peerIsPrimary) return [];
  if (!i.failoverEnabled)
    return [{ kind: 'report', resource: v.resource, detail: v.detail, why: 'failover_disabled' }];
  if (!i.lastSeenInSync)
    return [{ kind: 'report', resource: v.resource, detail: v.detail, why: 'not_in_sync' }];
  if (!i.selfHealthy)
    return [{ kind: 'report', resource: v.resource, detail: v.detail, why: 'standby_unhealthy' }];
  return [{ kind: 'promote', resource: v.resource, detail: v.detail }];
}

export interface PrimaryFailureInput {
  verdict: PeerVerdict;
  failoverEnabled: boolean;
  /** The primary currently waits for this standby (it is in synchronous_standby_names). */
  waitsForStandby: boolean;
  /** Consecutive intervals without the standby streaming in sync. */
  intervalsWithoutSyncStandby: number;
  failuresToAbnormal: number;
  /** How long the oldest commit has waited for the standby, and the detection window. */
  commitWaitMs?: number;
  detectionWindowMs?: number;
}

/**
 * The primary's side: a standby it waits for that is failed, or that has not streamed in sync for
 * the detection window, is dropped from synchronous_standby_names so commits never hang.
 */
export function decidePrimaryFailure(i: PrimaryFailureInput): FailureAction[] {
  const v = i.verdict;
  // A standby that said it is stopping is not failed, but if the primary still waits for it after
  // the window (its disconnect request was lost), the stall rule below still frees the commits.
  const commitsHang = (i.commitWaitMs ?? 0) > (i.detectionWindowMs ?? Infinity);
  const stalled = i.intervalsWithoutSyncStandby >= i.failuresToAbnormal || commitsHang;
  let resource: Resource | undefined;
  let detail = '';
  if (v.kind === 'failed') {
    resource = v.resource;
    detail = v.detail;
  } else if (commitsHang) {
    resource = 'wal_receiver';
    detail = `commits have waited ${Math.round(i.commitWaitMs ?? 0)} ms for the standby's confirmation`;
  } else if (stalled) {
    resource = 'wal_receiver';
    detail = `no WAL streamed in sync for ${i.intervalsWithoutSyncStandby} intervals`;
  }
  if (!resource || !i.waitsForStandby) {
    return v.kind === 'network_fault'
      ? [{ kind: 'report', resource: 'admin_network', detail: v.detail, why: 'network_fault' }]
      : [];
  }
  if (!i.failoverEnabled) return [{ kind: 'report', resource, detail, why: 'failover_disabled' }];
  return [{ kind: 'disconnect_standby', resource, detail }];
}

/**
 * Two primaries: the one the pair's records show as promoted later (status `switched`) stays; the
 * other fences itself. When the records cannot tell, nobody acts and it is reported as a PANIC.
 */
export function decideTwoPrimaries(
  self: { role: Role; mirroring: Mirroring },
  peer: Snapshot | undefined,
): 'none' | 'fence_self' | 'report' {
  if (self.role !== 'primary' || !peer || peer.role !== 'primary' || peer.stopping || peer.starting)
    return 'none';
  if (peer.mirroring === 'switched' && self.mirroring !== 'switched') return 'fence_self';
  if (self.mirroring === 'switched' && peer.mirroring !== 'switched') return 'none'; // the peer fences itself
  return 'report';
}

/** What the standby learns about being in sync from the primary's heartbeat (rule 1's memory). */
export function inSyncAccordingTo(
  primary: Snapshot,
  standbyName: string | undefined,
  previous: boolean,
): boolean {
  if (!primary.db.ok || !primary.postmasterRunning) return previous; // the primary could not look: keep what we knew
  const row = primary.standbys?.find((r) => r.applicationName === standbyName);
  // standbyCaughtUp: after a detachment, being back in sync is not enough until the standby has
  // the commits the primary acknowledged alone meanwhile.
  return row?.state === 'streaming' && row.syncState === 'sync' && primary.standbyCaughtUp !== false;
}

export interface IsolationInput {
  /** How this primary judges its standby. */
  verdict: PeerVerdict;
  /** Whether network.conf names an arbiter (without one, nothing here applies). */
  arbiterConfigured: boolean;
  /** Consecutive heartbeats the arbiter did not answer. */
  arbiterMisses: number;
  failuresToAbnormal: number;
  /** The primary already stopped its instance for isolation. */
  isolated: boolean;
  /** The standby's controller answers now and says it is still a standby (it was not promoted). */
  peerIsStandby: boolean;
}

/**
 * A primary that reaches neither its standby (no heartbeat, no WAL) nor the arbiter for the
 * detection window stops its instance: the standby may be promoted on the arbiter's word, and
 * this side can no longer learn it. It resumes when the standby answers as a standby again; the
 * arbiter's own "still the primary" answer is the other way back (followArbiter).
 */
export function decideIsolation(i: IsolationInput): 'isolate' | 'resume' | 'none' {
  if (!i.arbiterConfigured) return 'none';
  if (i.isolated) return i.peerIsStandby ? 'resume' : 'none';
  const standbyGone = i.verdict.kind === 'failed' && i.verdict.resource === 'host_status';
  return standbyGone && i.arbiterMisses >= i.failuresToAbnormal ? 'isolate' : 'none';
}

/**
 * The judgements the decision table's facts are built from (rules.ts): how a peer looks from its
 * heartbeats, which of two primaries is the newer, what the primary says of this standby's sync.
 * Pure: no clocks, no processes. What to do about them is decided only in the table.
 */
import type { Mirroring, Role } from './fsm.js';
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

/** The walsender row of our standby, if it is connected. */
export function standbyRow(local: LocalObservation, name: string | undefined): StandbyRow | undefined {
  if (!name) return undefined;
  return local.standbys?.find((r) => r.applicationName === name);
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

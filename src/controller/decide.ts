/**
 * Decisions, as pure functions of what a controller observed and what it remembers. No clocks,
 * no processes: the controller feeds observations in and carries the returned actions out, and the
 * tests drive every case directly.
 */
import type { Mirroring, MirroringTrigger, Role } from './fsm.js';
import type { LocalObservation, ProbeResult, StandbyRow } from './probes.js';

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
    if (input.mirroring !== 'switchable') actions.push({ kind: 'mirroring', trigger: 'standby_synced' });
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

/**
 * What the decision step remembers between its inputs: plain data, owned by `step` and by nothing
 * else. It lives as long as the controller process; what must outlive a restart (role, mirroring,
 * lastError, arbiterUnrecorded) is in the state file instead (state.ts).
 */
import type { Resource } from './decide.js';

/** A failure whose automatic action is under way: asked of the arbiter, of the fencing command. */
export interface PendingFailure {
  action: 'promote' | 'disconnect';
  resource: Resource;
  detail: string;
  /** When it was detected, for the lastError recorded with it. */
  at: string;
}

export interface Memory {
  /** Primary: consecutive intervals in which its own database answered and no standby was in sync. */
  intervalsWithoutSyncStandby: number;
  /** Standby: the primary last showed it streaming in sync and caught up (safety rule 1). */
  lastSeenInSync: boolean;
  /** Incidents already logged, so a lasting one is said once; forgotten when the peer is healthy. */
  reported: string[];
  /** Standby: an automatic switch failed or was cancelled; not retried until the primary looks healthy. */
  autoSwitchHeld: boolean;
  /** Primary: the fencing command cancelled a disconnection; not retried until the standby looks healthy. */
  disconnectHeld: boolean;
  /** Primary: it stopped its instance because it reached neither its standby nor the arbiter. */
  isolated: boolean;
  /** Standby: the WAL file it was last reported unable to catch up to (MCA00211). */
  catchUpReportedFor?: string;
  pending?: PendingFailure;
}

export function initialMemory(): Memory {
  return {
    intervalsWithoutSyncStandby: 0,
    lastSeenInSync: false,
    reported: [],
    autoSwitchHeld: false,
    disconnectHeld: false,
    isolated: false,
  };
}

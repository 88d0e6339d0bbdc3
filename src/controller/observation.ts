/**
 * What the decision step is fed: plain, serializable records, so a recording of them can be
 * replayed through `step` without the processes that produced them.
 *
 * - `interval`: one per monitoring interval, from the probes and the last heartbeat.
 * - `heartbeat`: a heartbeat exchanged with the peer (ours answered, or the peer's received).
 * - `arbiter_answer`: the arbiter's answer to this controller's heartbeat.
 * - `result`: what the executor reports back after carrying an action out.
 */
import type { Mirroring, Role } from './fsm.js';
import type { LocalObservation } from './probes.js';
import type { Snapshot } from './decide.js';
import type { HeartbeatAnswer } from '../arbiter/rules.js';

/** Settings a decision depends on, carried in each interval so a recording is self-contained. */
export interface DecisionSettings {
  failuresToAbnormal: number;
  detectionWindowMs: number;
  arbiterConfigured: boolean;
  fencingCommandConfigured: boolean;
}

/** What this server's own records say (the state file). */
export interface SelfRecord {
  id: string;
  peerId: string;
  role: Role;
  mirroring: Mirroring;
  /** The instance's data directory, for the hints of messages. */
  dataDir: string;
  failoverEnabled: boolean;
  /** Promoted while the arbiter could not record it. */
  arbiterUnrecorded?: boolean;
}

export interface IntervalObservation {
  kind: 'interval';
  /** ISO time: for the reader and for the lastError a decision records. */
  at: string;
  self: SelfRecord;
  settings: DecisionSettings;
  local: LocalObservation;
  instanceRunning: boolean;
  /** Primary: the application_name its standby streams with (told, remembered or the peer's id). */
  expectedStandby?: string;
  /** Primary: the standby has flushed everything since it was last put back in sync. */
  standbyCaughtUp?: boolean;
  /** Standby: the WAL file it needs but its primary has removed, and the message for it. */
  cannotCatchUp?: { needed: string; reason: string };
  peer: {
    snapshot?: Snapshot;
    /** Consecutive heartbeats unanswered. */
    misses: number;
    /** The peer answers but refuses us (a different key). */
    refused: boolean;
  };
  arbiter?: {
    id: string;
    missed: number;
    /** The server the arbiter last named as the primary. */
    primaryOnRecord?: string;
  };
}

export interface HeartbeatObservation {
  kind: 'heartbeat';
  at: string;
  self: SelfRecord;
  /** Our own application_name towards the primary, when we are a standby. */
  standbyName?: string;
  snapshot: Snapshot;
}

export interface ArbiterAnswerObservation {
  kind: 'arbiter_answer';
  at: string;
  self: SelfRecord;
  answer: HeartbeatAnswer;
}

/** The outcome of an action the executor carried out (see Action in step.ts). */
export interface ResultObservation {
  kind: 'result';
  at: string;
  self: SelfRecord;
  /** Which action this reports on. */
  of: 'ask_arbiter' | 'run_fencing_command' | 'promote' | 'disconnect' | 'resume' | 'record_on_arbiter';
  ok: boolean;
  fencingCommandConfigured: boolean;
  /** Why it failed or was refused, for the log. */
  detail?: string;
}

export type DecisionInput =
  IntervalObservation | HeartbeatObservation | ArbiterAnswerObservation | ResultObservation;

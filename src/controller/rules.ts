/**
 * The Mirroring Controller's decisions as one table, in the style of pg_auto_failover's fsm.c.
 *
 * For each input (an interval, a heartbeat, the arbiter's answer, an action's result) the rows of
 * the input's kind and the server's role are read stage by stage, in order. In each stage the
 * first row whose facts all hold is taken: its verbs are carried out and its reason is what the
 * log prints; a row marked `stop` ends the input's stages. A stage where no row holds is a loud
 * error (UndecidedError), never a silent no-op; a unit test checks every stage is total.
 *
 * Facts are named yes/no questions about the input and the step's memory (FACTS); verbs are what
 * step.ts turns into actions for the executor or applies to its memory. docs/state-machine.md and
 * `mc_ctl fsm` are generated from these tables.
 */
import { parseSyncStandbyNames } from '../config/postgresqlConf.js';
import { assessPeer, decideTwoPrimaries, standbyRow, type PeerVerdict } from './decide.js';
import type { Memory } from './memory.js';
import type { DecisionInput, IntervalObservation } from './observation.js';

export type InputKind = DecisionInput['kind'];
/** The role column: `other` is any role but primary and standby (unset, inactivated). */
export type RuleRole = 'primary' | 'standby' | 'other' | 'any';

export type Verb =
  // carried out by the executor
  | 'fence_self'
  | 'isolate'
  | 'resume'
  | 'restore_standby'
  | 'mirroring_synced'
  | 'mirroring_lost'
  | 'adopt_mirroring'
  | 'begin_promote'
  | 'begin_recorded_promote'
  | 'begin_disconnect'
  | 'ask_arbiter'
  | 'run_fencing_command'
  | 'carry_out'
  | 'record_error'
  | 'record_on_arbiter'
  | 'clear_unrecorded'
  // reported once per incident (memory.reported)
  | 'report_network_fault'
  | 'report_failover_disabled'
  | 'report_not_in_sync'
  | 'report_standby_unhealthy'
  | 'report_two_primaries'
  | 'report_deposed'
  | 'report_arbiter_refused'
  | 'report_disconnect_failed'
  | 'report_switch_abandoned'
  | 'report_cannot_catch_up'
  | 'report_resumed'
  | 'report_stepping_down'
  // memory only
  | 'count_sync'
  | 'reset_sync_count'
  | 'note_in_sync'
  | 'forget_incidents'
  | 'release_holds'
  | 'hold'
  | 'drop_pending'
  | 'end_isolation';

/** Bookkeeping verbs every quiet interval or heartbeat takes: not worth a log line or a replay block. */
export const ROUTINE_VERBS: ReadonlySet<Verb> = new Set<Verb>([
  'note_in_sync',
  'count_sync',
  'reset_sync_count',
  'forget_incidents',
  'release_holds',
]);

/** A decision worth telling: it does more than bookkeeping. */
export const isNotable = (then: readonly Verb[]): boolean => then.some((v) => !ROUTINE_VERBS.has(v));

export interface Rule {
  input: InputKind;
  role: RuleRole;
  stage: string;
  /** Facts and the value each must have; `{}` is the stage's explicit "otherwise". */
  when: Readonly<Record<string, boolean>>;
  then: readonly Verb[];
  stop?: true;
  reason: string;
}

/** What a fact is computed from: the input and the memory as it stands when the row is read. */
export interface FactContext<I extends DecisionInput = DecisionInput> {
  input: I;
  memory: Memory;
}

interface FactSpec<I extends DecisionInput> {
  means: string;
  holds: (c: FactContext<I>) => boolean;
}

// ---------------------------------------------------------------- derived views of an interval

const k = (i: IntervalObservation) => Math.max(i.settings.failuresToAbnormal, 1);

/** The peer's snapshot from a heartbeat answered in this interval (misses 0). */
const peerNow = (i: IntervalObservation) => (i.peer.misses === 0 ? i.peer.snapshot : undefined);

/** The peer's snapshot while it counts as reachable (refused or past the limit: not). */
export const peerFresh = (i: IntervalObservation) =>
  !i.peer.refused && i.peer.snapshot !== undefined && i.peer.misses < k(i) ? i.peer.snapshot : undefined;

const row = (i: IntervalObservation) => standbyRow(i.local, i.expectedStandby);
const inSync = (i: IntervalObservation) => {
  const r = row(i);
  return r?.state === 'streaming' && r.syncState === 'sync';
};
const syncNames = (i: IntervalObservation) => parseSyncStandbyNames(i.local.syncStandbyNames ?? '').names;

/** How this controller judges its peer (decide.ts: assessPeer). */
export function verdictOf(i: IntervalObservation): PeerVerdict {
  // WAL counts as flowing while it streams: an idle primary sends nothing for long stretches, so
  // silence alone is never read as a dead host (rule 4).
  const replicationAlive =
    i.self.role === 'primary' ? row(i)?.state === 'streaming' : i.local.walReceiver === 'streaming';
  return assessPeer({
    snapshot: i.peer.snapshot,
    misses: i.peer.misses,
    replicationAlive,
    failuresToAbnormal: k(i),
  });
}

export const commitsHang = (i: IntervalObservation) =>
  (i.local.syncRepWaitMs ?? 0) > i.settings.detectionWindowMs;

type IntervalFacts = Record<string, FactSpec<IntervalObservation>>;

const peerFacts: IntervalFacts = {
  peer_healthy: {
    means: 'the peer answers and reports its instance and disk healthy',
    holds: ({ input }) => verdictOf(input).kind === 'healthy',
  },
  peer_failed: {
    means: 'the peer is failed: its instance or disk is abnormal, or its host silent with no WAL flowing',
    holds: ({ input }) => verdictOf(input).kind === 'failed',
  },
  network_fault: {
    means: 'heartbeats go unanswered past the limit while WAL still flows: the admin network failed',
    holds: ({ input }) => verdictOf(input).kind === 'network_fault',
  },
  failover_enabled: {
    means: 'automatic failover is enabled',
    holds: ({ input }) => input.self.failoverEnabled,
  },
  arbiter_configured: {
    means: 'network.conf or the .conf names an arbiter',
    holds: ({ input }) => input.settings.arbiterConfigured,
  },
  fencing_command: {
    means: 'the .conf names a fencing command',
    holds: ({ input }) => input.settings.fencingCommandConfigured,
  },
};

const primaryIntervalFacts: IntervalFacts = {
  ...peerFacts,
  peer_primary: {
    means: 'the peer answered in this interval and says it is a primary too',
    holds: ({ input }) => {
      const p = peerNow(input);
      return p?.role === 'primary' && !p.stopping && !p.starting;
    },
  },
  peer_switched_later: {
    means: "the peer's records show it was promoted later (mirroring switched) and this server's do not",
    holds: ({ input }) => decideTwoPrimaries(input.self, peerNow(input)) === 'fence_self',
  },
  self_switched_later: {
    means: "this server's records show it was promoted later than the peer",
    holds: ({ input }) => {
      const p = peerNow(input);
      return input.self.mirroring === 'switched' && p?.mirroring !== 'switched';
    },
  },
  isolated: {
    means: 'this primary stopped its instance because it reached neither its standby nor the arbiter',
    holds: ({ memory }) => memory.isolated,
  },
  instance_running: {
    means: 'the local postmaster runs',
    holds: ({ input }) => input.instanceRunning,
  },
  peer_answers_as_standby: {
    means: 'the peer answered in this interval as a standby that is neither stopping nor promoting',
    holds: ({ input }) => {
      const p = peerNow(input);
      return p?.role === 'standby' && !p.stopping && !p.promoting;
    },
  },
  db_ok: {
    means: 'the local database answered the probe',
    holds: ({ input }) => input.local.db.ok,
  },
  standby_streaming: {
    means: 'the expected standby has a walsender streaming to it',
    holds: ({ input }) => row(input)?.state === 'streaming',
  },
  standby_in_sync: {
    means: 'the expected standby streams as the synchronous standby',
    holds: ({ input }) => inSync(input),
  },
  waits_for_standby: {
    means: 'synchronous_standby_names names the expected standby (commits wait for it)',
    holds: ({ input }) =>
      input.expectedStandby !== undefined && syncNames(input).includes(input.expectedStandby),
  },
  standby_healthy: {
    means: "the standby's controller is reachable and reports a running, answering instance and disk",
    holds: ({ input }) => {
      const p = peerFresh(input);
      return (
        p?.role === 'standby' && !p.stopping && p.postmasterRunning && p.db.ok && p.failures.disk < k(input)
      );
    },
  },
  caught_up: {
    means: 'the standby has flushed every commit acknowledged since it was last put back in sync',
    holds: ({ input }) => input.standbyCaughtUp === true,
  },
  switchable: {
    means: 'the mirroring status is switchable',
    holds: ({ input }) => input.self.mirroring === 'switchable',
  },
  sync_stalled: {
    means: 'no standby has streamed in sync for heartbeat_retry intervals',
    holds: ({ input, memory }) => memory.intervalsWithoutSyncStandby >= k(input),
  },
  commits_hang: {
    means: 'the oldest commit has waited for the standby longer than the detection window',
    holds: ({ input }) => commitsHang(input),
  },
  standby_host_gone: {
    means: "the standby's host is judged failed (no heartbeat and no WAL for the window)",
    holds: ({ input }) => {
      const v = verdictOf(input);
      return v.kind === 'failed' && v.resource === 'host_status';
    },
  },
  arbiter_lost: {
    means: 'the arbiter has not answered for heartbeat_retry heartbeats',
    holds: ({ input }) => (input.arbiter?.missed ?? 0) >= k(input),
  },
  disconnect_held: {
    means: 'the fencing command cancelled a disconnection and the standby has not looked healthy since',
    holds: ({ memory }) => memory.disconnectHeld,
  },
};

const standbyIntervalFacts: IntervalFacts = {
  ...peerFacts,
  peer_is_primary: {
    means: 'the peer last said it is the primary',
    holds: ({ input }) => input.peer.snapshot?.role === 'primary',
  },
  auto_switch_held: {
    means: 'an automatic switch failed or was cancelled and the primary has not looked healthy since',
    holds: ({ memory }) => memory.autoSwitchHeld,
  },
  on_record: {
    means: 'the arbiter records this standby as the primary (granted earlier; the promotion did not finish)',
    holds: ({ input }) => input.arbiter?.primaryOnRecord === input.self.id,
  },
  last_seen_in_sync: {
    means: 'the primary last showed this standby streaming in sync and caught up (safety rule 1)',
    holds: ({ memory }) => memory.lastSeenInSync,
  },
  self_healthy: {
    means: 'the local instance runs, answers, is in recovery and its disk is healthy',
    holds: ({ input }) =>
      input.local.postmasterRunning &&
      input.local.db.ok &&
      input.local.inRecovery === true &&
      input.local.disk.ok,
  },
  cannot_catch_up_unreported: {
    means: 'this standby needs WAL its primary removed, and that file was not reported yet',
    holds: ({ input, memory }) =>
      input.cannotCatchUp !== undefined && input.cannotCatchUp.needed !== memory.catchUpReportedFor,
  },
};

type FactTable = Record<string, FactSpec<DecisionInput>>;

const FACTS_BY_INPUT = {
  interval: { primary: primaryIntervalFacts, standby: standbyIntervalFacts, other: {} },
  heartbeat: {
    any: {
      self_standby: {
        means: 'this server is a standby',
        holds: ({ input }: FactContext) => input.self.role === 'standby',
      },
      from_primary: {
        means: 'the heartbeat comes from a server that says it is the primary',
        holds: ({ input }: FactContext) => input.kind === 'heartbeat' && input.snapshot.role === 'primary',
      },
      mirroring_differs: {
        means: "the primary's mirroring status differs from the one this server stored",
        holds: ({ input }: FactContext) =>
          input.kind === 'heartbeat' && input.snapshot.mirroring !== input.self.mirroring,
      },
    },
  },
  arbiter_answer: {
    primary: {
      deposed: {
        means: 'the arbiter says another server was promoted in place of this one',
        holds: ({ input }: FactContext) => input.kind === 'arbiter_answer' && input.answer.deposed,
      },
      conflict: {
        means: 'the arbiter knows another server as the primary',
        holds: ({ input }: FactContext) =>
          input.kind === 'arbiter_answer' && input.answer.conflictWith !== undefined,
      },
      unrecorded: {
        means: 'this server was promoted while the arbiter could not record it',
        holds: ({ input }: FactContext) => input.self.arbiterUnrecorded === true,
      },
      isolated: {
        means: 'this primary is isolated (its instance stopped)',
        holds: ({ memory }: FactContext) => memory.isolated,
      },
      named_primary: {
        means: 'the arbiter names this server as the primary, and no other server claims to be one',
        holds: ({ input }: FactContext) =>
          input.kind === 'arbiter_answer' &&
          input.answer.primary === input.self.id &&
          !input.answer.otherPrimary,
      },
    },
  },
  result: {
    any: {
      ok: {
        means: 'the action succeeded (granted, allowed, done)',
        holds: ({ input }: FactContext) => input.kind === 'result' && input.ok,
      },
      fencing_command: {
        means: 'the .conf names a fencing command',
        holds: ({ input }: FactContext) => input.kind === 'result' && input.fencingCommandConfigured,
      },
    },
  },
};

/** The facts rows of this input kind and role may name, with what each means. */
export function factsFor(input: InputKind, role: RuleRole): FactTable {
  const byRole = FACTS_BY_INPUT[input] as Partial<Record<RuleRole, unknown>>;
  return (byRole[role] ?? {}) as FactTable;
}

// ---------------------------------------------------------------- the table

type RowSpec = Omit<Rule, 'input' | 'role' | 'stage'>;
const rows = (input: InputKind, role: RuleRole, stage: string, specs: RowSpec[]): Rule[] =>
  specs.map((s) => ({ input, role, stage, ...s }));

export const RULES: readonly Rule[] = [
  // ------------------------------------------------------------ primary, each interval
  ...rows('interval', 'primary', 'two primaries', [
    {
      when: { peer_primary: true, peer_switched_later: true },
      then: ['report_stepping_down', 'fence_self'],
      stop: true,
      reason: 'the peer is a primary promoted later than this one: this server steps down',
    },
    {
      when: { peer_primary: true, self_switched_later: true },
      then: [],
      reason: 'the peer is a primary too, but this one was promoted later: the peer fences itself',
    },
    {
      when: { peer_primary: true },
      then: ['report_two_primaries'],
      reason: 'two primaries and the records cannot tell which is newer: nobody acts, the operator must',
    },
    { when: { peer_primary: false }, then: [], reason: 'the peer is not a primary' },
  ]),
  ...rows('interval', 'primary', 'isolation held', [
    {
      when: { isolated: true, peer_answers_as_standby: true },
      then: ['resume'],
      stop: true,
      reason: 'isolated, and the standby answers as a standby again: start the instance',
    },
    {
      when: { isolated: true, instance_running: true },
      then: ['isolate'],
      stop: true,
      reason: 'isolated, but the instance still runs: stop it again',
    },
    {
      when: { isolated: true },
      then: [],
      stop: true,
      reason: 'isolated: wait for the standby or the arbiter to answer',
    },
    { when: { isolated: false }, then: [], reason: 'not isolated' },
  ]),
  ...rows('interval', 'primary', 'sync count', [
    {
      when: { db_ok: false },
      then: [],
      reason: 'the local database did not answer: this interval says nothing about the standby',
    },
    { when: { standby_in_sync: true }, then: ['reset_sync_count'], reason: 'the standby streams in sync' },
    { when: {}, then: ['count_sync'], reason: 'no standby streamed in sync in this interval' },
  ]),
  ...rows('interval', 'primary', 'sync', [
    { when: { db_ok: false }, then: [], reason: 'the local database did not answer: nothing to act on' },
    {
      when: { standby_streaming: true, standby_healthy: true, waits_for_standby: false },
      then: ['restore_standby'],
      reason:
        'the standby is streaming and healthy but the primary does not wait for it: put it back in synchronous_standby_names',
    },
    {
      when: { standby_in_sync: true, switchable: false, caught_up: true },
      then: ['mirroring_synced'],
      reason: 'the standby streams in sync and holds every acknowledged commit: switchable',
    },
    {
      when: { standby_in_sync: true },
      then: [],
      reason: 'the standby streams in sync (already switchable, or still catching up)',
    },
    {
      when: { switchable: true, sync_stalled: true },
      then: ['mirroring_lost'],
      reason: 'no standby in sync for the detection window: not switchable',
    },
    { when: {}, then: [], reason: 'no standby in sync, not yet for the window or already not switchable' },
  ]),
  ...rows('interval', 'primary', 'peer', [
    {
      when: { peer_healthy: true, peer_primary: false },
      then: ['forget_incidents', 'release_holds'],
      reason: 'the standby looks healthy: past incidents are over',
    },
    {
      when: {},
      then: [],
      reason: 'the peer does not look like a healthy standby (failed, silent, or a primary too)',
    },
  ]),
  ...rows('interval', 'primary', 'isolation', [
    {
      when: { arbiter_configured: true, standby_host_gone: true, arbiter_lost: true },
      then: ['isolate'],
      stop: true,
      reason:
        'neither the standby nor the arbiter answers for the window: stop serving writes, the standby may be promoted',
    },
    { when: { arbiter_configured: false }, then: [], reason: 'no arbiter: a primary never isolates itself' },
    { when: {}, then: [], reason: 'the standby or the arbiter still answers' },
  ]),
  ...rows('interval', 'primary', 'standby failure', [
    {
      when: { db_ok: false },
      then: [],
      stop: true,
      reason: 'the local instance is the problem: the standby decides',
    },
    {
      when: { waits_for_standby: false, network_fault: true },
      then: ['report_network_fault'],
      reason: 'the admin network failed; commits do not wait for the standby',
    },
    {
      when: { waits_for_standby: false },
      then: [],
      reason: 'commits do not wait for the standby: nothing to free',
    },
    {
      when: { peer_failed: false, commits_hang: false, sync_stalled: false, network_fault: true },
      then: ['report_network_fault'],
      reason: 'the admin network failed while WAL streams in sync: nothing to free',
    },
    {
      when: { peer_failed: false, commits_hang: false, sync_stalled: false },
      then: [],
      reason: 'the standby is not failed and streams in sync (or not out of sync for the window yet)',
    },
    {
      when: { failover_enabled: false },
      then: ['report_failover_disabled'],
      reason: 'commits wait for a failed standby, but automatic failover is disabled',
    },
    {
      when: { disconnect_held: true },
      then: [],
      reason: 'the fencing command cancelled this disconnection: held until the standby looks healthy',
    },
    {
      when: { arbiter_configured: true },
      then: ['begin_disconnect', 'ask_arbiter'],
      reason: 'commits wait for a failed standby: ask the arbiter to record the detachment',
    },
    {
      when: { fencing_command: true },
      then: ['begin_disconnect', 'run_fencing_command'],
      reason: 'commits wait for a failed standby: ask the fencing command',
    },
    {
      when: {},
      then: ['begin_disconnect', 'carry_out'],
      reason: 'commits wait for a failed standby: disconnect it',
    },
  ]),
  // ------------------------------------------------------------ standby, each interval
  ...rows('interval', 'standby', 'catch-up', [
    {
      when: { cannot_catch_up_unreported: true },
      then: ['report_cannot_catch_up'],
      reason: 'this standby needs WAL its primary no longer has: say so once, with the remedy',
    },
    { when: {}, then: [], reason: 'nothing new about catching up' },
  ]),
  ...rows('interval', 'standby', 'peer', [
    {
      when: { peer_healthy: true },
      then: ['forget_incidents', 'release_holds'],
      reason: 'the primary looks healthy: past incidents are over',
    },
    { when: { peer_healthy: false }, then: [], reason: 'the primary does not look healthy' },
  ]),
  ...rows('interval', 'standby', 'held', [
    {
      when: { auto_switch_held: true },
      then: [],
      stop: true,
      reason:
        'an automatic switch failed: held until the primary looks healthy (mc_ctl switch is the way out)',
    },
    { when: { auto_switch_held: false }, then: [], reason: 'no switch is held' },
  ]),
  ...rows('interval', 'standby', 'arbiter record', [
    {
      when: { on_record: true, failover_enabled: true },
      then: ['begin_recorded_promote', 'ask_arbiter'],
      stop: true,
      reason: 'the arbiter records this standby as the primary: finish the promotion',
    },
    { when: {}, then: [], reason: 'the arbiter records no unfinished promotion of this standby' },
  ]),
  ...rows('interval', 'standby', 'primary failure', [
    {
      when: { network_fault: true },
      then: ['report_network_fault'],
      reason: 'the admin network failed while WAL still streams: no switch',
    },
    { when: { peer_failed: false }, then: [], reason: 'the primary is not failed' },
    { when: { peer_is_primary: false }, then: [], reason: 'the failed server is not a primary' },
    {
      when: { failover_enabled: false },
      then: ['report_failover_disabled'],
      reason: 'the primary failed, but automatic failover is disabled',
    },
    {
      when: { last_seen_in_sync: false },
      then: ['report_not_in_sync'],
      reason: 'the primary failed, but this standby was not in sync: a switch would lose commits',
    },
    {
      when: { self_healthy: false },
      then: ['report_standby_unhealthy'],
      reason: 'the primary failed, but this standby is not healthy enough to take over',
    },
    {
      when: { arbiter_configured: true },
      then: ['begin_promote', 'ask_arbiter'],
      reason: 'the primary failed and this standby was in sync: ask the arbiter for the promotion',
    },
    {
      when: { fencing_command: true },
      then: ['begin_promote', 'run_fencing_command'],
      reason: 'the primary failed and this standby was in sync: ask the fencing command',
    },
    {
      when: {},
      then: ['begin_promote', 'carry_out'],
      reason: 'the primary failed and this standby was in sync: promote',
    },
  ]),
  ...rows('interval', 'other', 'role', [
    { when: {}, then: [], reason: 'neither primary nor standby: nothing to watch or decide' },
  ]),
  // ------------------------------------------------------------ heartbeats
  ...rows('heartbeat', 'any', 'primary word', [
    {
      when: { self_standby: true, from_primary: true, mirroring_differs: true },
      then: ['note_in_sync', 'adopt_mirroring'],
      reason: "the primary owns the pair's status: a standby keeps the primary's word for it",
    },
    {
      when: { self_standby: true, from_primary: true },
      then: ['note_in_sync'],
      reason: 'remember whether the primary shows this standby in sync (safety rule 1)',
    },
    { when: {}, then: [], reason: 'not a standby hearing from its primary' },
  ]),
  // ------------------------------------------------------------ the arbiter's answers
  ...rows('arbiter_answer', 'primary', 'arbiter word', [
    {
      when: { deposed: true },
      then: ['report_deposed', 'end_isolation', 'fence_self'],
      stop: true,
      reason: 'the arbiter promoted the standby in place of this primary: fence for good',
    },
    {
      when: { conflict: true, unrecorded: true },
      then: ['record_on_arbiter'],
      reason: 'promoted while the arbiter could not record it: have it recorded now',
    },
    {
      when: { isolated: true, named_primary: true },
      then: ['resume'],
      reason: 'isolated, and the arbiter still names this server the primary: start the instance',
    },
    { when: {}, then: [], reason: "nothing in the arbiter's answer calls for an action" },
  ]),
  ...rows('arbiter_answer', 'standby', 'arbiter word', [
    { when: {}, then: [], reason: "a standby acts on the arbiter's grants, not on its heartbeat answers" },
  ]),
  ...rows('arbiter_answer', 'other', 'arbiter word', [
    { when: {}, then: [], reason: 'neither primary nor standby: nothing to act on' },
  ]),
  // ------------------------------------------------------------ results of actions
  ...rows('result', 'any', 'after ask_arbiter', [
    {
      when: { ok: true, fencing_command: true },
      then: ['run_fencing_command'],
      reason: 'the arbiter agreed: ask the fencing command',
    },
    { when: { ok: true }, then: ['carry_out'], reason: 'the arbiter agreed: carry it out' },
    {
      when: { ok: false },
      then: ['report_arbiter_refused', 'drop_pending'],
      reason: 'the arbiter refused: asked again next interval',
    },
  ]),
  ...rows('result', 'any', 'after run_fencing_command', [
    { when: { ok: true }, then: ['carry_out'], reason: 'the fencing command allowed it: carry it out' },
    {
      when: { ok: false },
      then: ['hold', 'drop_pending'],
      reason: 'the fencing command cancelled it: held until the peer looks healthy',
    },
  ]),
  ...rows('result', 'any', 'after promote', [
    {
      when: { ok: true },
      then: ['reset_sync_count', 'drop_pending'],
      reason: 'promoted: this server is the primary',
    },
    {
      when: { ok: false },
      then: ['hold', 'record_error', 'report_switch_abandoned', 'drop_pending'],
      reason: 'the promotion failed: held, the cause kept for the operator',
    },
  ]),
  ...rows('result', 'any', 'after disconnect', [
    {
      when: { ok: true },
      then: ['drop_pending'],
      reason: 'the standby was disconnected: commits no longer wait',
    },
    {
      when: { ok: false },
      then: ['report_disconnect_failed', 'drop_pending'],
      reason: 'the disconnection failed: commits still wait, tried again next interval',
    },
  ]),
  ...rows('result', 'any', 'after resume', [
    { when: { ok: true }, then: ['end_isolation', 'report_resumed'], reason: 'the instance runs again' },
    { when: { ok: false }, then: [], reason: 'the instance did not start: tried again' },
  ]),
  ...rows('result', 'any', 'after record_on_arbiter', [
    { when: { ok: true }, then: ['clear_unrecorded'], reason: 'the arbiter recorded the promotion' },
    { when: { ok: false }, then: [], reason: 'not recorded yet: asked again at its next answer' },
  ]),
];

/** The stages an input of this kind goes through for a role, in table order. */
export function stagesFor(input: InputKind, role: RuleRole, of?: string): string[] {
  const seen: string[] = [];
  for (const r of RULES) {
    if (r.input !== input || r.role !== role || seen.includes(r.stage)) continue;
    if (input === 'result' && r.stage !== `after ${of}`) continue;
    seen.push(r.stage);
  }
  return seen;
}

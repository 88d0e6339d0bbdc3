/**
 * The decision step: `step(memory, input) → { memory, actions, decisions }`, pure. It reads the
 * table of rules.ts for the input, applies the memory verbs itself and returns the rest as actions
 * for the executor, with every message already worded. No clocks (times come with the input), no
 * I/O: the controller, the replay command and the tests all drive it the same way.
 */
import type { MessageId } from '../log/catalog.js';
import type { MirroringTrigger, Mirroring } from './fsm.js';
import { inSyncAccordingTo, type Resource } from './decide.js';
import type { LastError } from './state.js';
import type { Memory, PendingFailure } from './memory.js';
import type { DecisionInput, IntervalObservation, SelfRecord } from './observation.js';
import {
  RULES,
  commitsHang,
  factsFor,
  stagesFor,
  verdictOf,
  type Rule,
  type RuleRole,
  type Verb,
} from './rules.js';

export type Action =
  | { do: 'notify'; id: MessageId; args: Record<string, string | number> }
  | { do: 'fence_self' }
  | { do: 'isolate' }
  | { do: 'resume' }
  | { do: 'restore_standby'; standbyName: string }
  | { do: 'mirroring'; trigger: MirroringTrigger }
  | { do: 'adopt_mirroring'; mirroring: Mirroring }
  | { do: 'ask_arbiter'; failure: PendingFailure }
  | { do: 'run_fencing_command'; failure: PendingFailure }
  | { do: 'promote'; failure: PendingFailure; lastError: LastError }
  | { do: 'disconnect'; failure: PendingFailure; lastError: LastError }
  | { do: 'record_error'; lastError: LastError }
  | { do: 'record_on_arbiter'; primary: string }
  | { do: 'clear_unrecorded' };

/** One row taken: what the log prints for it. */
export interface Decision {
  stage: string;
  reason: string;
  then: readonly Verb[];
}

export interface StepResult {
  memory: Memory;
  actions: Action[];
  decisions: Decision[];
}

export class UndecidedError extends Error {
  constructor(
    readonly stage: string,
    readonly facts: Record<string, boolean>,
  ) {
    super(
      `no rule of stage '${stage}' holds for ${Object.entries(facts)
        .map(([n, v]) => `${n}=${v}`)
        .join(', ')}: the decision table is incomplete`,
    );
    this.name = 'UndecidedError';
  }
}

export function roleColumn(role: SelfRecord['role']): RuleRole {
  return role === 'primary' || role === 'standby' ? role : 'other';
}

/** Which rows apply to an input: by kind, and by role or for any role. */
function tableRole(input: DecisionInput): RuleRole {
  return input.kind === 'heartbeat' || input.kind === 'result' ? 'any' : roleColumn(input.self.role);
}

export function step(before: Memory, input: DecisionInput): StepResult {
  const memory: Memory = { ...before, reported: [...before.reported] };
  if (before.pending) memory.pending = { ...before.pending };
  const actions: Action[] = [];
  const decisions: Decision[] = [];
  const role = tableRole(input);
  const facts = factsFor(input.kind, role);
  const value = (name: string): boolean => {
    const f = facts[name];
    if (!f) throw new Error(`rule names the unknown fact '${name}' for ${input.kind}/${role}`);
    return f.holds({ input, memory });
  };
  const of = input.kind === 'result' ? input.of : undefined;
  for (const stage of stagesFor(input.kind, role, of)) {
    const rows = RULES.filter((r) => r.input === input.kind && r.role === role && r.stage === stage);
    const taken = rows.find((r) => Object.entries(r.when).every(([n, want]) => value(n) === want));
    if (!taken) throw new UndecidedError(stage, evaluate(rows, value));
    decisions.push({ stage, reason: taken.reason, then: taken.then });
    for (const verb of taken.then) apply(verb, input, memory, actions);
    if (taken.stop) break;
  }
  return { memory, actions, decisions };
}

function evaluate(rows: Rule[], value: (n: string) => boolean): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const r of rows) for (const n of Object.keys(r.when)) out[n] ??= value(n);
  return out;
}

// ---------------------------------------------------------------- verbs

/** What failed, as the primary judges its standby (verdict first, then the stall rules). */
function standbyFailure(i: IntervalObservation, memory: Memory): { resource: Resource; detail: string } {
  const v = verdictOf(i);
  if (v.kind === 'failed') return { resource: v.resource, detail: v.detail };
  if (commitsHang(i))
    return {
      resource: 'wal_receiver',
      detail: `commits have waited ${Math.round(i.local.syncRepWaitMs ?? 0)} ms for the standby's confirmation`,
    };
  return {
    resource: 'wal_receiver',
    detail: `no WAL streamed in sync for ${memory.intervalsWithoutSyncStandby} intervals`,
  };
}

function primaryFailure(i: IntervalObservation): { resource: Resource; detail: string } {
  const v = verdictOf(i);
  return v.kind === 'failed'
    ? { resource: v.resource, detail: v.detail }
    : { resource: 'host_status', detail: '' };
}

const what = (f: { resource: string; detail: string }) => `${f.resource} abnormal (${f.detail})`;

function interval(input: DecisionInput, verb: Verb): IntervalObservation {
  if (input.kind !== 'interval')
    throw new Error(`verb ${verb} needs an interval observation, not ${input.kind}`);
  return input;
}

function lastErrorOf(f: PendingFailure, peerId: string): LastError {
  return {
    at: f.at,
    server: peerId,
    resource: f.resource,
    detail: f.detail,
    action: f.action === 'promote' ? 'switch' : 'disconnect',
  };
}

function apply(verb: Verb, input: DecisionInput, memory: Memory, actions: Action[]): void {
  const self = input.self;
  const peerId = self.peerId;
  const notify = (id: MessageId, args: Record<string, string | number> = {}) =>
    actions.push({ do: 'notify', id, args });
  /** Once per incident: forgotten when the peer looks healthy again. */
  const once = (key: string, id: MessageId, args: Record<string, string | number> = {}) => {
    if (memory.reported.includes(key)) return;
    memory.reported.push(key);
    notify(id, args);
  };
  const pending = (): PendingFailure => {
    if (!memory.pending) throw new Error(`verb ${verb} without a failure under way`);
    return memory.pending;
  };
  const failureNow = () => {
    const i = interval(input, verb);
    return i.self.role === 'primary' ? standbyFailure(i, memory) : primaryFailure(i);
  };
  switch (verb) {
    case 'fence_self':
    case 'resume':
      actions.push({ do: verb });
      return;
    case 'isolate':
      if (!memory.isolated) notify('MCA00614', { server: peerId, arbiter: arbiterName(input) });
      memory.isolated = true;
      actions.push({ do: 'isolate' });
      return;
    case 'end_isolation':
      memory.isolated = false;
      return;
    case 'restore_standby':
      actions.push({ do: 'restore_standby', standbyName: interval(input, verb).expectedStandby! });
      return;
    case 'mirroring_synced':
      actions.push({ do: 'mirroring', trigger: 'standby_synced' });
      return;
    case 'mirroring_lost':
      actions.push({ do: 'mirroring', trigger: 'standby_lost' });
      return;
    case 'adopt_mirroring':
      if (input.kind === 'heartbeat')
        actions.push({ do: 'adopt_mirroring', mirroring: input.snapshot.mirroring });
      return;
    case 'note_in_sync':
      if (input.kind === 'heartbeat')
        memory.lastSeenInSync = inSyncAccordingTo(input.snapshot, input.standbyName, memory.lastSeenInSync);
      return;
    case 'count_sync':
      memory.intervalsWithoutSyncStandby += 1;
      return;
    case 'reset_sync_count':
      memory.intervalsWithoutSyncStandby = 0;
      return;
    case 'forget_incidents':
      memory.reported = [];
      return;
    case 'release_holds':
      memory.autoSwitchHeld = false;
      memory.disconnectHeld = false;
      return;
    case 'hold':
      if (pending().action === 'promote') memory.autoSwitchHeld = true;
      else memory.disconnectHeld = true;
      return;
    case 'drop_pending':
      delete memory.pending;
      return;
    case 'begin_promote':
    case 'begin_disconnect':
      memory.pending = {
        action: verb === 'begin_promote' ? 'promote' : 'disconnect',
        ...failureNow(),
        at: input.at,
      };
      return;
    case 'begin_recorded_promote':
      memory.pending = {
        action: 'promote',
        resource: 'host_status',
        detail: 'the arbiter recorded this standby as the primary; completing the promotion',
        at: input.at,
      };
      return;
    case 'ask_arbiter':
      actions.push({ do: 'ask_arbiter', failure: pending() });
      return;
    case 'run_fencing_command':
      actions.push({ do: 'run_fencing_command', failure: pending() });
      return;
    case 'carry_out': {
      const f = pending();
      notify('MCA00102', { resource: f.resource, server: peerId, detail: f.detail });
      actions.push({ do: f.action, failure: f, lastError: lastErrorOf(f, peerId) });
      return;
    }
    case 'record_error':
      actions.push({ do: 'record_error', lastError: lastErrorOf(pending(), peerId) });
      return;
    case 'record_on_arbiter':
      if (input.kind === 'arbiter_answer' && input.answer.conflictWith)
        actions.push({ do: 'record_on_arbiter', primary: input.answer.conflictWith });
      return;
    case 'clear_unrecorded':
      actions.push({ do: 'clear_unrecorded' });
      return;
    case 'report_network_fault':
      once('report:admin_network:network_fault', 'MCA00104', { server: peerId });
      return;
    case 'report_failover_disabled': {
      const f = failureNow();
      once(`report:${f.resource}:failover_disabled`, 'MCA00105', {
        what: what(f),
        server: peerId,
        hint:
          self.role === 'standby'
            ? 'switch by hand with mc_ctl switch, or mc_ctl enable-failover'
            : 'commits wait for the standby: stop it with mc_ctl stop, or mc_ctl enable-failover',
      });
      return;
    }
    case 'report_not_in_sync': {
      const f = failureNow();
      once(`report:${f.resource}:not_in_sync`, 'MCA00106', {
        what: what(f),
        server: peerId,
        hint: 'recover the primary, or mc_ctl switch --force accepting the loss',
      });
      return;
    }
    case 'report_standby_unhealthy': {
      const f = failureNow();
      once(`report:${f.resource}:standby_unhealthy`, 'MCA00108', {
        what: what(f),
        server: peerId,
        hint: 'mc_ctl status shows what is abnormal on this server',
      });
      return;
    }
    case 'report_two_primaries':
      once('two_primaries', 'MCA00210');
      return;
    case 'report_stepping_down':
      notify('MCA00209', { peer: peerId });
      return;
    case 'report_deposed':
      if (input.kind === 'arbiter_answer')
        once('deposed', 'MCA00616', { server: input.answer.primary ?? peerId });
      return;
    case 'report_arbiter_refused': {
      const f = pending();
      const reason = (input.kind === 'result' && input.detail) || 'refused';
      if (f.action === 'promote')
        once('arbiter_refused_promotion', 'MCA00612', { what: what(f), server: peerId, reason });
      else once('arbiter_refused_detach', 'MCA00613', { server: peerId, what: what(f), reason });
      return;
    }
    case 'report_disconnect_failed': {
      const dir = self.dataDir;
      const sep = dir.includes('\\') ? '\\' : '/';
      once('disconnect_failed', 'MCA00206', {
        standby: peerId,
        detail: (input.kind === 'result' && input.detail) || 'failed',
        hint: `commits on this primary wait for the standby until it leaves synchronous_standby_names: fix the cause (it is tried again each interval), or comment that line out in ${dir}${sep}postgresql.conf and run pg_ctl reload -D ${dir}`,
      });
      return;
    }
    case 'report_switch_abandoned':
      notify('MCA00107', {
        detail: (input.kind === 'result' && input.detail) || 'failed',
        hint: 'use mc_ctl switch (or mc_ctl stop, with -e if needed, on the failed server)',
      });
      return;
    case 'report_cannot_catch_up': {
      const c = interval(input, verb).cannotCatchUp!;
      memory.catchUpReportedFor = c.needed;
      notify('MCA00211', { reason: c.reason });
      return;
    }
    case 'report_resumed':
      notify('MCA00615');
      return;
  }
}

function arbiterName(input: DecisionInput): string {
  return (input.kind === 'interval' && input.arbiter?.id) || '-';
}

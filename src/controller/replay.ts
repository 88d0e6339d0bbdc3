/**
 * Replays a decision recording through `step`: each input with the decisions the table takes now,
 * compared with the ones the controller took then. Pure: the text in, the report out. A recording
 * of an incident becomes its explanation, and (with the file kept as a fixture) a regression test.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Memory } from './memory.js';
import type { DecisionInput } from './observation.js';
import { parseRecording } from './recorder.js';
import { step, type Action, type Decision } from './step.js';
import { isNotable } from './rules.js';

export interface ReplayedStep {
  at: string;
  input: string;
  decisions: Decision[];
  actions: Action[];
  /** Set when the table now decides otherwise than the controller did. */
  recordedActions?: Action[];
  /** The memory came from the recording (a restart or a rotation broke the chain). */
  memoryFromRecording?: true;
}

export interface ReplayReport {
  steps: ReplayedStep[];
  differences: number;
}

/** One line about an input: what it was, in the words an operator reads in status. */
export function describeInput(i: DecisionInput): string {
  switch (i.kind) {
    case 'interval': {
      const p = i.peer.snapshot;
      const peer = i.peer.refused
        ? 'refuses us'
        : i.peer.misses > 0
          ? `${i.peer.misses} heartbeat(s) unanswered`
          : p
            ? `${p.role}, postmaster ${p.postmasterRunning ? 'running' : 'down'}, db ${p.db.ok ? 'ok' : 'failing'}, disk ${p.disk.ok ? 'ok' : 'failing'}`
            : 'not heard yet';
      const own = `db ${i.local.db.ok ? 'ok' : 'failing'}, disk ${i.local.disk.ok ? 'ok' : 'failing'}`;
      const wal =
        i.self.role === 'standby'
          ? `walreceiver ${i.local.walReceiver ?? 'none'}`
          : `standbys ${(i.local.standbys ?? []).map((s) => `${s.applicationName}:${s.state}/${s.syncState}`).join(' ') || 'none'}`;
      return `interval as ${i.self.role} (${i.self.mirroring}): own ${own}, ${wal}; peer ${i.self.peerId}: ${peer}`;
    }
    case 'heartbeat':
      return `heartbeat from ${i.snapshot.serverId} (${i.snapshot.role}, ${i.snapshot.mirroring})`;
    case 'arbiter_answer':
      return `arbiter answer: primary ${i.answer.primary ?? 'none'}${i.answer.deposed ? ', this server deposed' : ''}${i.answer.conflictWith ? `, conflicts with ${i.answer.conflictWith}` : ''}`;
    case 'result':
      return `result of ${i.of}: ${i.ok ? 'ok' : 'failed'}${i.detail ? ` (${i.detail})` : ''}`;
  }
}

/** `all`: keep the routine bookkeeping decisions too (see ROUTINE_VERBS). */
export function replay(text: string, file: string, all = false): ReplayReport {
  const recorded = parseRecording(text, file);
  const steps: ReplayedStep[] = [];
  let memory: Memory | undefined;
  let differences = 0;
  for (const r of recorded) {
    const out: Partial<ReplayedStep> = {};
    if (!memory || !isDeepStrictEqual(memory, r.memory)) {
      if (memory) out.memoryFromRecording = true;
      memory = r.memory;
    }
    const now = step(memory, r.input);
    memory = now.memory;
    const s: ReplayedStep = {
      at: r.input.at,
      input: describeInput(r.input),
      decisions: now.decisions.filter((d) => d.then.length > 0 && (all || isNotable(d.then))),
      actions: now.actions,
      ...out,
    };
    if (!isDeepStrictEqual(now.actions, r.actions)) {
      s.recordedActions = r.actions;
      differences += 1;
    }
    steps.push(s);
  }
  return { steps, differences };
}

const actionText = (a: Action): string =>
  a.do === 'notify' ? `say ${a.id}` : a.do === 'mirroring' ? `mirroring ${a.trigger}` : a.do;

/** The report as an operator reads it: a block per input that led to a decision. */
export function renderReplay(r: ReplayReport, all: boolean): string {
  const out: string[] = [];
  for (const s of r.steps) {
    if (!all && s.decisions.length === 0 && !s.recordedActions) continue;
    out.push(`${s.at}  ${s.input}`);
    if (s.memoryFromRecording)
      out.push('    (memory taken from the recording: the controller restarted, or the file was rotated)');
    for (const d of s.decisions) out.push(`    ${d.stage}: ${d.reason}`);
    if (s.actions.length > 0) out.push(`    → ${s.actions.map(actionText).join(', ')}`);
    if (s.recordedActions)
      out.push(
        `    DIFFERS: the controller did ${s.recordedActions.map(actionText).join(', ') || 'nothing'}`,
      );
  }
  out.push(
    `${r.steps.length} input(s) replayed; ${r.differences === 0 ? 'every decision is the same as recorded' : `${r.differences} decided differently now`}`,
  );
  return `${out.join('\n')}\n`;
}

/**
 * What the decision tests feed `step`: a standby server2 and its primary server1 as their
 * observations show them when all is well, each builder taking what a case changes.
 */
import { step, type Action } from '../../src/controller/step.js';
import { initialMemory, type Memory } from '../../src/controller/memory.js';
import type { Snapshot } from '../../src/controller/decide.js';
import type { LocalObservation, StandbyRow } from '../../src/controller/probes.js';
import type {
  DecisionInput,
  DecisionSettings,
  IntervalObservation,
  ResultObservation,
  SelfRecord,
} from '../../src/controller/observation.js';

export const AT = '2026-12-08T00:00:00.000Z';

export function self(over: Partial<SelfRecord> = {}): SelfRecord {
  return {
    id: 'server2',
    peerId: 'server1',
    role: 'standby',
    mirroring: 'switchable',
    failoverEnabled: true,
    dataDir: '/data/server2',
    ...over,
  };
}

export function primarySelf(over: Partial<SelfRecord> = {}): SelfRecord {
  return self({ id: 'server1', peerId: 'server2', role: 'primary', dataDir: '/data/server1', ...over });
}

export const syncRow: StandbyRow = {
  applicationName: 'server2',
  state: 'streaming',
  syncState: 'sync',
  clientAddr: null,
  flushLsn: '0/3000000',
  replayLsn: null,
};

export function peerSnap(over: Partial<Snapshot> = {}): Snapshot {
  return {
    serverId: 'server1',
    role: 'primary',
    mirroring: 'switchable',
    failoverEnabled: true,
    postmasterRunning: true,
    db: { ok: true },
    disk: { ok: true },
    failures: { db: 0, disk: 0 },
    standbys: [syncRow],
    sentAt: 0,
    ...over,
  };
}

/** The standby server2 as its primary's heartbeat shows it. */
export const standbySnap = (over: Partial<Snapshot> = {}) =>
  peerSnap({ serverId: 'server2', role: 'standby', standbys: undefined, ...over });

export function local(over: Partial<LocalObservation> = {}): LocalObservation {
  return {
    at: 0,
    postmasterRunning: true,
    db: { ok: true },
    disk: { ok: true },
    inRecovery: true,
    walReceiver: 'streaming',
    ...over,
  };
}

/** The primary's own observation: its standby server2 streaming in sync and waited for. */
export function primaryLocal(over: Partial<LocalObservation> = {}): LocalObservation {
  return local({
    inRecovery: false,
    walReceiver: undefined,
    standbys: [syncRow],
    syncStandbyNames: 'server2',
    ...over,
  });
}

export function settings(over: Partial<DecisionSettings> = {}): DecisionSettings {
  return {
    failuresToAbnormal: 2,
    detectionWindowMs: 2600,
    arbiterConfigured: false,
    fencingCommandConfigured: false,
    ...over,
  };
}

export function interval(over: Partial<IntervalObservation> = {}): IntervalObservation {
  return {
    kind: 'interval',
    at: AT,
    self: self(),
    settings: settings(),
    local: local(),
    instanceRunning: true,
    peer: { snapshot: peerSnap(), misses: 0, refused: false },
    ...over,
  };
}

/** The primary's side: its standby server2 streaming in sync, its records switchable. */
export function primaryInterval(over: Partial<IntervalObservation> = {}): IntervalObservation {
  return interval({
    self: primarySelf(),
    local: primaryLocal(),
    expectedStandby: 'server2',
    standbyCaughtUp: true,
    peer: { snapshot: standbySnap(), misses: 0, refused: false },
    ...over,
  });
}

/** Steps through inputs in order, as the decision loop does; returns every action and the final memory. */
export function run(
  inputs: DecisionInput[],
  memory: Memory = initialMemory(),
): { memory: Memory; actions: Action[] } {
  const actions: Action[] = [];
  for (const input of inputs) {
    const r = step(memory, input);
    memory = r.memory;
    actions.push(...r.actions);
  }
  return { memory, actions };
}

export const does = (actions: Action[]) => actions.map((a) => (a.do === 'notify' ? a.id : a.do));

/** The standby's memory once the primary has shown it in sync. */
export const inSyncMemory = (): Memory => ({ ...initialMemory(), lastSeenInSync: true });

export function result(
  of: ResultObservation['of'],
  ok: boolean,
  detail?: string,
  fencing = false,
): ResultObservation {
  return {
    kind: 'result',
    at: AT,
    self: self(),
    of,
    ok,
    fencingCommandConfigured: fencing,
    ...(detail ? { detail } : {}),
  };
}

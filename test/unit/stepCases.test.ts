/**
 * The cases the pure decision functions were tested with (decidePrimary, decideStandby,
 * decidePrimaryFailure, decideIsolation, before the decision table replaced them), each expressed
 * as the observation the controller now feeds `step` and asserting the same decision as the
 * actions and messages `step` returns.
 *
 * Counts: the old inputs carried `intervalsWithoutSyncStandby` already counting the interval being
 * decided; `step` counts the interval itself (stage 'sync count'), so a count of n is n intervals
 * in a row from a fresh memory.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { step, type Action } from '../../src/controller/step.js';
import { initialMemory, type Memory } from '../../src/controller/memory.js';
import {
  self,
  primarySelf,
  syncRow,
  peerSnap,
  standbySnap,
  local,
  primaryLocal,
  settings,
  interval,
  primaryInterval,
  run,
  does,
  inSyncMemory,
} from '../support/decisionFixtures.js';
import type { IntervalObservation } from '../../src/controller/observation.js';

/** What decidePrimary decided: the actions keeping synchronous_standby_names and the status in step. */
const syncActions = (actions: Action[]) =>
  actions.filter((a) => a.do === 'restore_standby' || a.do === 'mirroring');

/** What decideIsolation decided, read from the actions of one step. */
const isolation = (actions: Action[]): 'isolate' | 'resume' | 'none' =>
  actions.some((a) => a.do === 'isolate')
    ? 'isolate'
    : actions.some((a) => a.do === 'resume')
      ? 'resume'
      : 'none';

/** The standby's primary answers, but its postmaster is not running. */
const primaryDown = (over: Partial<IntervalObservation> = {}) =>
  interval({
    peer: { snapshot: peerSnap({ postmasterRunning: false }), misses: 0, refused: false },
    ...over,
  });

// ---------------------------------------------------------------- was decidePrimary

describe('primary decisions (synchronous_standby_names and the mirroring status)', () => {
  /** Not waited for, not switchable, the standby streaming async: as a primary finds it after a disconnection. */
  const unwaited = (over: Partial<IntervalObservation> = {}) =>
    primaryInterval({
      self: primarySelf({ mirroring: 'not-switchable' }),
      local: primaryLocal({ syncStandbyNames: '', standbys: [{ ...syncRow, syncState: 'async' }] }),
      ...over,
    });

  it('puts a streaming standby back into synchronous_standby_names', () => {
    const r = step(initialMemory(), unwaited());
    assert.deepEqual(syncActions(r.actions), [{ do: 'restore_standby', standbyName: 'server2' }]);
  });

  it('does not put back a standby whose controller is gone, failing or stopping (no flapping)', () => {
    const unhealthy: [string, IntervalObservation['peer']][] = [
      ['gone', { snapshot: standbySnap(), misses: 2, refused: false }],
      ['refusing us', { snapshot: standbySnap(), misses: 0, refused: true }],
      ['failing', { snapshot: standbySnap({ postmasterRunning: false }), misses: 0, refused: false }],
      [
        'failing disk',
        {
          snapshot: standbySnap({ disk: { ok: false, detail: 'EIO' }, failures: { db: 0, disk: 2 } }),
          misses: 0,
          refused: false,
        },
      ],
      ['stopping', { snapshot: standbySnap({ stopping: true }), misses: 0, refused: false }],
    ];
    for (const [what, peer] of unhealthy) {
      const r = step(initialMemory(), unwaited({ peer }));
      assert.deepEqual(syncActions(r.actions), [], what);
    }
  });

  it('does not restore a standby that is only catching up', () => {
    const r = step(
      initialMemory(),
      unwaited({
        self: primarySelf({ mirroring: 'switched' }),
        local: primaryLocal({
          syncStandbyNames: '',
          standbys: [{ ...syncRow, state: 'catchup', syncState: 'async' }],
        }),
      }),
    );
    assert.deepEqual(syncActions(r.actions), []);
  });

  it('becomes switchable once the standby streams in sync', () => {
    const switched = primaryInterval({ self: primarySelf({ mirroring: 'switched' }) });
    assert.deepEqual(syncActions(step(initialMemory(), switched).actions), [
      { do: 'mirroring', trigger: 'standby_synced' },
    ]);
    assert.deepEqual(syncActions(step(initialMemory(), primaryInterval()).actions), []);
  });

  it('is not switchable while the standby lacks what the primary acknowledged alone before it was put back', () => {
    const notSwitchable = (standbyCaughtUp: boolean) =>
      primaryInterval({ self: primarySelf({ mirroring: 'not-switchable' }), standbyCaughtUp });
    assert.deepEqual(syncActions(step(initialMemory(), notSwitchable(false)).actions), []);
    assert.deepEqual(syncActions(step(initialMemory(), notSwitchable(true)).actions), [
      { do: 'mirroring', trigger: 'standby_synced' },
    ]);
  });

  it('reports the standby lost only after the configured number of intervals', () => {
    const gone = primaryInterval({ local: primaryLocal({ standbys: [] }) });
    const first = step(initialMemory(), gone);
    assert.equal(first.memory.intervalsWithoutSyncStandby, 1);
    assert.deepEqual(syncActions(first.actions), []);
    const second = step(first.memory, gone);
    assert.equal(second.memory.intervalsWithoutSyncStandby, 2);
    assert.deepEqual(syncActions(second.actions), [{ do: 'mirroring', trigger: 'standby_lost' }]);
  });

  it('ignores a standby with another application_name', () => {
    const r = step(
      initialMemory(),
      unwaited({
        local: primaryLocal({
          syncStandbyNames: '',
          standbys: [{ ...syncRow, applicationName: 'intruder' }],
        }),
      }),
    );
    assert.deepEqual(syncActions(r.actions), []);
  });

  it('acts on nothing when its own database did not answer', () => {
    const r = step(
      initialMemory(),
      primaryInterval({
        local: primaryLocal({ syncStandbyNames: '', db: { ok: false, detail: 'timeout' } }),
      }),
    );
    assert.deepEqual(r.actions, []);
  });
});

// ---------------------------------------------------------------- was decideStandby

describe('the standby decides', () => {
  it('promotes after a primary failure when failover is on and it was in sync', () => {
    const r = step(inSyncMemory(), primaryDown());
    assert.deepEqual(does(r.actions), ['MCA00102', 'promote']);
    const promote = r.actions[1] as Extract<Action, { do: 'promote' }>;
    assert.equal(promote.failure.resource, 'db_proc_status');
    assert.equal(promote.failure.detail, 'postmaster is not running');
  });

  it('never promotes a standby that was not in sync (rule 1)', () => {
    assert.deepEqual(does(step(initialMemory(), primaryDown()).actions), ['MCA00106']);
  });

  it('does not take over with an unhealthy instance of its own (rule: only a healthy standby promotes)', () => {
    for (const [what, own] of [
      ['postmaster down', local({ postmasterRunning: false })],
      ['database not answering', local({ db: { ok: false, detail: 'timeout' } })],
      ['not in recovery', local({ inRecovery: false })],
      ['disk failing', local({ disk: { ok: false, detail: 'EIO' } })],
    ] as const) {
      assert.deepEqual(does(step(inSyncMemory(), primaryDown({ local: own })).actions), ['MCA00108'], what);
    }
  });

  it('only reports when failover is disabled', () => {
    const r = step(inSyncMemory(), primaryDown({ self: self({ failoverEnabled: false }) }));
    assert.deepEqual(does(r.actions), ['MCA00105']);
  });

  it('does not promote on a network fault, a suspicion, or when the peer is not the primary', () => {
    const networkFault = interval({ peer: { snapshot: peerSnap(), misses: 2, refused: false } });
    assert.deepEqual(does(step(inSyncMemory(), networkFault).actions), ['MCA00104']);
    const suspect = interval({
      local: local({ walReceiver: 'waiting' }),
      peer: { snapshot: peerSnap(), misses: 1, refused: false },
    });
    assert.deepEqual(step(inSyncMemory(), suspect).actions, []);
    const inactivated = primaryDown({
      peer: {
        snapshot: peerSnap({ role: 'inactivated_primary', postmasterRunning: false }),
        misses: 0,
        refused: false,
      },
    });
    assert.deepEqual(step(inSyncMemory(), inactivated).actions, []);
    const unknown = interval({
      local: local({ walReceiver: 'waiting' }),
      peer: { snapshot: undefined, misses: 2, refused: false },
    });
    assert.deepEqual(step(inSyncMemory(), unknown).actions, []);
  });
});

// ---------------------------------------------------------------- was decidePrimaryFailure

describe('the primary decides', () => {
  /** Already not switchable, so the status stays put and only the failure decision shows. */
  const notSwitchable = primarySelf({ mirroring: 'not-switchable' });

  it('disconnects a failed standby it waits for', () => {
    const hostGone = primaryInterval({
      local: primaryLocal({ standbys: [] }),
      peer: { snapshot: standbySnap(), misses: 2, refused: false },
    });
    const r = step(initialMemory(), hostGone);
    assert.deepEqual(does(r.actions), ['MCA00102', 'disconnect']);
    const d = r.actions[1] as Extract<Action, { do: 'disconnect' }>;
    assert.equal(d.failure.resource, 'host_status');
    assert.equal(d.lastError.action, 'disconnect');
  });

  it('disconnects a standby that stopped streaming in sync for the detection window', () => {
    const unsynced = primaryInterval({
      self: notSwitchable,
      local: primaryLocal({ standbys: [{ ...syncRow, syncState: 'async' }] }),
    });
    const r = run([unsynced, unsynced]);
    assert.deepEqual(does(r.actions), ['MCA00102', 'disconnect']);
    const d = r.actions[1] as Extract<Action, { do: 'disconnect' }>;
    assert.equal(d.failure.resource, 'wal_receiver');
    assert.match(d.failure.detail, /no WAL streamed in sync for 2 intervals/);
    assert.deepEqual(step(initialMemory(), unsynced).actions, [], 'not before the window');
  });

  it('disconnects a standby that looks in sync while commits wait longer than the window (a hung walreceiver)', () => {
    const waiting = (syncRepWaitMs: number) =>
      primaryInterval({
        settings: settings({ detectionWindowMs: 2600 }),
        local: primaryLocal({ syncRepWaitMs }),
      });
    const r = step(initialMemory(), waiting(3000));
    assert.deepEqual(does(r.actions), ['MCA00102', 'disconnect']);
    assert.match(
      (r.actions[1] as Extract<Action, { do: 'disconnect' }>).failure.detail,
      /commits have waited 3000 ms/,
    );
    assert.deepEqual(step(initialMemory(), waiting(2000)).actions, []);
  });

  it('does nothing when it does not wait for the standby', () => {
    const r = step(
      initialMemory(),
      primaryInterval({
        local: primaryLocal({ standbys: [], syncStandbyNames: '' }),
        peer: { snapshot: standbySnap(), misses: 2, refused: false },
      }),
    );
    assert.deepEqual(r.actions, []);
  });

  it('a standby that said it was stopping is not failed, but a stall past the window still frees the commits', () => {
    const stopping = primaryInterval({
      self: notSwitchable,
      local: primaryLocal({ standbys: [] }),
      peer: {
        snapshot: standbySnap({ stopping: true, postmasterRunning: false }),
        misses: 0,
        refused: false,
      },
    });
    assert.deepEqual(step(initialMemory(), stopping).actions, []);
    const r = run([stopping, stopping]);
    assert.deepEqual(does(r.actions), ['MCA00102', 'disconnect']);
    assert.equal((r.actions[1] as Extract<Action, { do: 'disconnect' }>).failure.resource, 'wal_receiver');
  });

  it('only reports when failover is disabled (commits wait, as the manual says)', () => {
    const r = step(
      initialMemory(),
      primaryInterval({
        self: primarySelf({ failoverEnabled: false }),
        local: primaryLocal({ standbys: [] }),
        peer: { snapshot: standbySnap({ postmasterRunning: false }), misses: 0, refused: false },
      }),
    );
    assert.deepEqual(does(r.actions), ['MCA00105']);
    assert.match(
      String((r.actions[0] as Extract<Action, { do: 'notify' }>).args.what),
      /^db_proc_status abnormal/,
    );
  });
});

// ---------------------------------------------------------------- was decideIsolation

describe('isolation (a primary cut off from both its standby and the arbiter)', () => {
  /** The standby's host gone (no heartbeat, no WAL), the arbiter silent for the window. */
  const cut = (over: Partial<IntervalObservation> = {}) =>
    primaryInterval({
      settings: settings({ arbiterConfigured: true }),
      local: primaryLocal({ standbys: [] }),
      peer: { snapshot: standbySnap(), misses: 2, refused: false },
      arbiter: { id: 'arb', missed: 2 },
      ...over,
    });
  const isolatedMemory = (): Memory => ({ ...initialMemory(), isolated: true });

  it('stops serving once neither the standby nor the arbiter answered for the detection window', () => {
    const r = step(initialMemory(), cut());
    assert.equal(isolation(r.actions), 'isolate');
    assert.deepEqual(does(r.actions), ['MCA00614', 'isolate']);
    assert.equal(r.memory.isolated, true);
  });

  it('does nothing while the arbiter still answers, or has missed fewer than the limit', () => {
    for (const missed of [0, 1])
      assert.equal(
        isolation(step(initialMemory(), cut({ arbiter: { id: 'arb', missed } })).actions),
        'none',
        `missed ${missed}`,
      );
  });

  it('does nothing while the standby is reachable in any way', () => {
    const reachable: [string, Partial<IntervalObservation>][] = [
      ['network fault: WAL still streams', { local: primaryLocal() }],
      ['suspect', { peer: { snapshot: standbySnap(), misses: 1, refused: false } }],
      ['healthy', { peer: { snapshot: standbySnap(), misses: 0, refused: false } }],
      [
        'failed, its postmaster died',
        { peer: { snapshot: standbySnap({ postmasterRunning: false }), misses: 0, refused: false } },
      ],
    ];
    for (const [what, over] of reachable)
      assert.equal(isolation(step(initialMemory(), cut(over)).actions), 'none', what);
  });

  it('never applies without an arbiter (SPEC Part 0 stands)', () => {
    const r = step(initialMemory(), cut({ settings: settings({ arbiterConfigured: false }) }));
    assert.equal(isolation(r.actions), 'none');
    assert.equal(r.memory.isolated, false);
  });

  it('resumes when the standby answers as a standby again, and not before', () => {
    assert.equal(isolation(step(isolatedMemory(), cut({ instanceRunning: false })).actions), 'none');
    const back = cut({
      instanceRunning: false,
      peer: { snapshot: standbySnap(), misses: 0, refused: false },
    });
    assert.equal(isolation(step(isolatedMemory(), back).actions), 'resume');
  });
});

/**
 * The decision table and its step, without processes or clocks: every stage is total (each
 * combination of the facts it names has a row), every fact a row names exists, and the paths the
 * controller takes — failover, refusals, cancellations, failures, isolation — come out of `step`
 * as the actions and messages the log shows.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RULES, factsFor, stagesFor, type Rule } from '../../src/controller/rules.js';
import { step, UndecidedError, type Action } from '../../src/controller/step.js';
import { initialMemory } from '../../src/controller/memory.js';
import type { Snapshot } from '../../src/controller/decide.js';
import {
  AT,
  self,
  syncRow,
  peerSnap,
  local,
  interval,
  primaryInterval,
  run,
  does,
  inSyncMemory,
  result,
} from '../support/decisionFixtures.js';
import type { DecisionInput, IntervalObservation } from '../../src/controller/observation.js';

/** The primary's host is gone: no heartbeat for the window and no WAL. */
const primaryHostGone = (over: Partial<IntervalObservation> = {}) =>
  interval({
    local: local({ walReceiver: 'waiting' }),
    peer: { snapshot: peerSnap(), misses: 2, refused: false },
    ...over,
  });

describe('the decision table', () => {
  const groups = new Map<string, Rule[]>();
  for (const r of RULES) {
    const key = `${r.input}/${r.role}/${r.stage}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }

  it('names only facts that exist for its input and role', () => {
    for (const r of RULES) {
      const known = factsFor(r.input, r.role);
      for (const n of Object.keys(r.when))
        assert.ok(known[n], `${r.input}/${r.role}/${r.stage} names unknown fact ${n}`);
    }
  });

  it('is total: in every stage each combination of its facts has a row', () => {
    for (const [key, rows] of groups) {
      const names = [...new Set(rows.flatMap((r) => Object.keys(r.when)))];
      assert.ok(names.length <= 12, `${key}: too many facts to enumerate`);
      for (let bits = 0; bits < 1 << names.length; bits++) {
        const value = (n: string) => (bits & (1 << names.indexOf(n))) !== 0;
        const taken = rows.find((r) => Object.entries(r.when).every(([n, want]) => value(n) === want));
        assert.ok(taken, `${key}: no row for ${names.map((n) => `${n}=${value(n)}`).join(', ')}`);
      }
    }
  });

  it('gives every row a reason, and no stage a row that can never be taken', () => {
    for (const [key, rows] of groups) {
      rows.forEach((r, i) => {
        assert.ok(r.reason.length > 10, `${key} row ${i} has no reason`);
        const shadowed = rows
          .slice(0, i)
          .some((earlier) => Object.entries(earlier.when).every(([n, v]) => r.when[n] === v));
        assert.ok(!shadowed, `${key} row ${i} (${r.reason}) is hidden by an earlier row`);
      });
    }
  });

  it('reads the stages of each input in table order', () => {
    assert.deepEqual(stagesFor('interval', 'primary'), [
      'two primaries',
      'isolation held',
      'sync count',
      'sync',
      'peer',
      'isolation',
      'standby failure',
    ]);
    assert.deepEqual(stagesFor('result', 'any', 'promote'), ['after promote']);
  });

  it('an input no row decides is a loud error, not a silent no-op', () => {
    // A result of an action the table has no stage for: every stage list is empty, so nothing is decided.
    assert.deepEqual(stagesFor('result', 'any', 'nothing'), []);
    const e = new UndecidedError('sync', { db_ok: true });
    assert.match(e.message, /no rule of stage 'sync' holds for db_ok=true: the decision table is incomplete/);
  });
});

describe('the standby decides', () => {
  it('a healthy primary: nothing to do, past incidents forgotten, a held switch released', () => {
    const r = step({ ...inSyncMemory(), reported: ['x'], autoSwitchHeld: true }, interval());
    assert.deepEqual(r.actions, []);
    assert.deepEqual(r.memory.reported, []);
    assert.equal(r.memory.autoSwitchHeld, false);
  });

  it('a failed primary it was in sync with: promote, with the failure on record', () => {
    const r = step(inSyncMemory(), primaryHostGone());
    assert.deepEqual(does(r.actions), ['MCA00102', 'promote']);
    const promote = r.actions[1] as Extract<Action, { do: 'promote' }>;
    assert.equal(promote.failure.resource, 'host_status');
    assert.match(promote.failure.detail, /2 heartbeats in a row unanswered.*and no WAL stream/);
    assert.deepEqual(promote.lastError, {
      at: AT,
      server: 'server1',
      resource: 'host_status',
      detail: promote.failure.detail,
      action: 'switch',
    });
  });

  it('with an arbiter and a fencing command: asked in turn, each answer decided by the table', () => {
    const withBoth = primaryHostGone({
      settings: {
        failuresToAbnormal: 2,
        detectionWindowMs: 2600,
        arbiterConfigured: true,
        fencingCommandConfigured: true,
      },
    });
    const asked = run([withBoth], inSyncMemory());
    assert.deepEqual(does(asked.actions), ['ask_arbiter']);
    const granted = run([result('ask_arbiter', true, undefined, true)], asked.memory);
    assert.deepEqual(does(granted.actions), ['run_fencing_command']);
    const allowed = run([result('run_fencing_command', true)], granted.memory);
    assert.deepEqual(does(allowed.actions), ['MCA00102', 'promote']);
    const done = run([result('promote', true)], allowed.memory);
    assert.equal(done.memory.pending, undefined);
  });

  it('the arbiter refuses: said once per incident, asked again next interval', () => {
    const withArbiter = primaryHostGone({
      settings: {
        failuresToAbnormal: 2,
        detectionWindowMs: 2600,
        arbiterConfigured: true,
        fencingCommandConfigured: false,
      },
    });
    const r = run(
      [
        withArbiter,
        result('ask_arbiter', false, 'the primary still beats'),
        withArbiter,
        result('ask_arbiter', false, 'same'),
      ],
      inSyncMemory(),
    );
    assert.deepEqual(does(r.actions), ['ask_arbiter', 'MCA00612', 'ask_arbiter']);
    const msg = r.actions[1] as Extract<Action, { do: 'notify' }>;
    assert.equal(msg.args.reason, 'the primary still beats');
  });

  it('the fencing command cancels: held, not retried until the primary looks healthy', () => {
    const fencing = primaryHostGone({
      settings: {
        failuresToAbnormal: 2,
        detectionWindowMs: 2600,
        arbiterConfigured: false,
        fencingCommandConfigured: true,
      },
    });
    const held = run([fencing, result('run_fencing_command', false), fencing], inSyncMemory());
    assert.deepEqual(does(held.actions), ['run_fencing_command']);
    assert.equal(held.memory.autoSwitchHeld, true);
    const again = run([interval(), fencing], held.memory);
    assert.deepEqual(does(again.actions), ['run_fencing_command'], 'released by a healthy primary');
  });

  it('a promotion that fails: held, its cause recorded, MCA00107 with the reason', () => {
    const r = run([primaryHostGone(), result('promote', false, 'pg_ctl promote failed')], inSyncMemory());
    assert.deepEqual(does(r.actions), ['MCA00102', 'promote', 'record_error', 'MCA00107']);
    assert.equal(r.memory.autoSwitchHeld, true);
    assert.equal((r.actions[3] as Extract<Action, { do: 'notify' }>).args.detail, 'pg_ctl promote failed');
  });

  it('never promotes a standby that was not in sync, a sick standby, or with failover disabled; says why once', () => {
    assert.deepEqual(does(run([primaryHostGone(), primaryHostGone()]).actions), ['MCA00106']);
    assert.deepEqual(
      does(
        run(
          [primaryHostGone({ local: local({ walReceiver: 'waiting', disk: { ok: false, detail: 'EIO' } }) })],
          inSyncMemory(),
        ).actions,
      ),
      ['MCA00108'],
    );
    assert.deepEqual(
      does(run([primaryHostGone({ self: self({ failoverEnabled: false }) })], inSyncMemory()).actions),
      ['MCA00105'],
    );
  });

  it('heartbeats unanswered while WAL streams: a network fault, reported once, no switch', () => {
    const cut = interval({ peer: { snapshot: peerSnap(), misses: 3, refused: false } });
    assert.deepEqual(does(run([cut, cut], inSyncMemory()).actions), ['MCA00104']);
  });

  it('the arbiter records it as the primary: it finishes the promotion', () => {
    const r = step(
      initialMemory(),
      interval({ arbiter: { id: 'arb', missed: 0, primaryOnRecord: 'server2' } }),
    );
    assert.deepEqual(does(r.actions), ['ask_arbiter']);
    assert.match(r.memory.pending!.detail, /the arbiter recorded this standby as the primary/);
  });

  it('remembers from the primary whether it is in sync, and keeps its word for the status', () => {
    const hb = (snapshot: Snapshot): DecisionInput => ({
      kind: 'heartbeat',
      at: AT,
      self: self({ mirroring: 'not-switchable' }),
      standbyName: 'server2',
      snapshot,
    });
    const r = step(initialMemory(), hb(peerSnap()));
    assert.equal(r.memory.lastSeenInSync, true);
    assert.deepEqual(r.actions, [{ do: 'adopt_mirroring', mirroring: 'switchable' }]);
    const lagging = step(r.memory, hb(peerSnap({ standbys: [{ ...syncRow, syncState: 'async' }] })));
    assert.equal(lagging.memory.lastSeenInSync, false);
  });

  it('a standby that can never catch up is said once per missing WAL file', () => {
    const behind = (needed: string) => interval({ cannotCatchUp: { needed, reason: `needs ${needed}` } });
    const r = run([behind('A'), behind('A'), behind('B')]);
    assert.deepEqual(
      r.actions.map((a) => (a.do === 'notify' ? a.args.reason : a.do)),
      ['needs A', 'needs B'],
    );
  });
});

describe('the primary decides', () => {
  it('a healthy pair in sync: nothing to do', () => {
    assert.deepEqual(step(initialMemory(), primaryInterval()).actions, []);
  });

  it('a standby streaming but not waited for: put back; then switchable once caught up', () => {
    const unwaited = primaryInterval({
      self: self({
        id: 'server1',
        peerId: 'server2',
        role: 'primary',
        mirroring: 'not-switchable',
        dataDir: '/d',
      }),
      local: local({
        inRecovery: false,
        walReceiver: undefined,
        standbys: [{ ...syncRow, syncState: 'async' }],
        syncStandbyNames: '',
      }),
    });
    assert.deepEqual(step(initialMemory(), unwaited).actions, [
      { do: 'restore_standby', standbyName: 'server2' },
    ]);
    const synced = primaryInterval({
      self: self({
        id: 'server1',
        peerId: 'server2',
        role: 'primary',
        mirroring: 'not-switchable',
        dataDir: '/d',
      }),
    });
    assert.deepEqual(step(initialMemory(), synced).actions, [{ do: 'mirroring', trigger: 'standby_synced' }]);
    assert.deepEqual(
      step(initialMemory(), { ...synced, standbyCaughtUp: false }).actions,
      [],
      'not before it holds every commit',
    );
  });

  it('a standby gone for the window: not switchable, then disconnected so commits never hang', () => {
    const gone = primaryInterval({
      local: local({ inRecovery: false, walReceiver: undefined, standbys: [], syncStandbyNames: 'server2' }),
      peer: { snapshot: peerSnap({ serverId: 'server2', role: 'standby' }), misses: 2, refused: false },
    });
    const first = step(initialMemory(), gone);
    assert.equal(first.memory.intervalsWithoutSyncStandby, 1);
    const r = step(first.memory, gone);
    assert.deepEqual(does(r.actions), ['mirroring', 'MCA00102', 'disconnect']);
    const d = r.actions[2] as Extract<Action, { do: 'disconnect' }>;
    assert.equal(d.lastError.action, 'disconnect');
    const failed = step(r.memory, { ...result('disconnect', false, 'reload failed'), self: gone.self });
    assert.deepEqual(does(failed.actions), ['MCA00206']);
    assert.match(
      String((failed.actions[0] as Extract<Action, { do: 'notify' }>).args.hint),
      /comment that line out in \/data\/server1\/postgresql\.conf and run pg_ctl reload -D \/data\/server1/,
    );
  });

  it('commits waiting longer than the window free themselves, even while heartbeats answer', () => {
    const hung = primaryInterval({
      local: local({
        inRecovery: false,
        walReceiver: undefined,
        standbys: [syncRow],
        syncStandbyNames: 'server2',
        syncRepWaitMs: 5000,
      }),
      peer: {
        snapshot: peerSnap({ serverId: 'server2', role: 'standby', stopping: true }),
        misses: 0,
        refused: false,
      },
    });
    const r = step(initialMemory(), hung);
    assert.deepEqual(does(r.actions), ['MCA00102', 'disconnect']);
    assert.match(
      (r.actions[1] as Extract<Action, { do: 'disconnect' }>).failure.detail,
      /commits have waited 5000 ms/,
    );
  });

  it('two primaries: the one promoted earlier steps down; undecidable ones are said once', () => {
    const otherPromoted = primaryInterval({
      peer: { snapshot: peerSnap({ serverId: 'server2', mirroring: 'switched' }), misses: 0, refused: false },
    });
    assert.deepEqual(does(step(initialMemory(), otherPromoted).actions), ['MCA00209', 'fence_self']);
    const unclear = primaryInterval({
      peer: { snapshot: peerSnap({ serverId: 'server2' }), misses: 0, refused: false },
    });
    const r = run([unclear, unclear]);
    assert.deepEqual(
      does(r.actions).filter((d) => d === 'MCA00210'),
      ['MCA00210'],
    );
  });

  it('isolation: without standby and arbiter it stops; the standby back as standby, it resumes', () => {
    const cut = primaryInterval({
      settings: {
        failuresToAbnormal: 2,
        detectionWindowMs: 2600,
        arbiterConfigured: true,
        fencingCommandConfigured: false,
      },
      local: local({ inRecovery: false, walReceiver: undefined, standbys: [], syncStandbyNames: 'server2' }),
      peer: { snapshot: peerSnap({ serverId: 'server2', role: 'standby' }), misses: 2, refused: false },
      arbiter: { id: 'arb', missed: 2 },
    });
    const isolated = run([cut, cut]);
    assert.deepEqual(
      does(isolated.actions).filter((d) => d === 'MCA00614'),
      ['MCA00614'],
      'said once',
    );
    assert.equal(isolated.memory.isolated, true);
    const back = step(isolated.memory, primaryInterval({ instanceRunning: false }));
    assert.deepEqual(does(back.actions), ['resume']);
    const resumed = step(back.memory, { ...result('resume', true), self: cut.self });
    assert.deepEqual(does(resumed.actions), ['MCA00615']);
    assert.equal(resumed.memory.isolated, false);
  });

  it('deposed by the arbiter: fenced for good, said once', () => {
    const answer = (deposed: boolean): DecisionInput => ({
      kind: 'arbiter_answer',
      at: AT,
      self: self({ id: 'server1', peerId: 'server2', role: 'primary' }),
      answer: { epoch: 2, deposed, primary: 'server2', seenAgoMs: {} },
    });
    assert.deepEqual(does(run([answer(true), answer(true)]).actions), [
      'MCA00616',
      'fence_self',
      'fence_self',
    ]);
    assert.deepEqual(run([answer(false)]).actions, []);
  });
});

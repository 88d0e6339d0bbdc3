import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  EMPTY_RECORD,
  decideDetach,
  decidePromotion,
  noteDisconnect,
  noteHeartbeat,
  type ArbiterHeartbeat,
  type ArbiterRecord,
  type Clock,
  type HeartbeatAnswer,
  type PromotionRequest,
  type Sightings,
} from '../../src/arbiter/rules.js';

const T0 = 1_000_000;
const at = (ms: number): Clock => ({ now: T0 + ms, startedAt: T0 });

/** Feeds heartbeats in order, as the arbiter would receive them. */
function feed(beats: [number, ArbiterHeartbeat][], record: ArbiterRecord = EMPTY_RECORD) {
  let sightings: Sightings = {};
  let answer: HeartbeatAnswer | undefined;
  for (const [ms, hb] of beats) {
    ({ record, sightings, answer } = noteHeartbeat(record, sightings, hb, at(ms)));
  }
  if (!answer) throw new Error('feed needs at least one heartbeat');
  return { record, sightings, answer };
}

const primaryBeat = (extra: Partial<ArbiterHeartbeat> = {}): ArbiterHeartbeat => ({
  serverId: 'p',
  role: 'primary',
  healthy: true,
  syncStandby: 's',
  ...extra,
});
const standbyBeat: ArbiterHeartbeat = { serverId: 's', role: 'standby', healthy: true };

/** A pair in normal operation: p primary with s in sync, both seen at 0 ms. */
const normal = () =>
  feed([
    [0, primaryBeat()],
    [0, standbyBeat],
  ]);

const promote = (kind: PromotionRequest['kind'], from = 's', primary = 'p'): PromotionRequest => ({
  from,
  primary,
  kind,
  silenceMs: 2800,
});

describe('arbiter rules', () => {
  describe('noteHeartbeat', () => {
    it('adopts the first primary and its synchronous standby, without a new epoch', () => {
      const { record, answer } = normal();
      assert.deepEqual(record, { epoch: 0, deposed: [], primary: 'p', syncStandby: 's' });
      assert.equal(answer.deposed, false);
      assert.equal(answer.primary, 'p');
      assert.deepEqual(answer.seenAgoMs, { p: 0 });
    });

    it('keeps the synchronous standby while the stream is only broken, drops it once the primary waits for none', () => {
      let { record } = feed([
        [0, primaryBeat()],
        [800, primaryBeat({ syncStandby: undefined, healthy: false })],
      ]);
      assert.equal(record.syncStandby, 's', 'a dead postmaster says nothing about who holds the commits');
      ({ record } = feed([
        [0, primaryBeat()],
        [800, primaryBeat({ syncStandby: undefined, detached: true })],
      ]));
      assert.equal(record.syncStandby, undefined);
    });

    it('tells the other server how long ago it was seen', () => {
      const { answer } = feed([
        [0, primaryBeat()],
        [300, standbyBeat],
        [1100, primaryBeat()],
        [1900, standbyBeat],
      ]);
      assert.deepEqual(answer.seenAgoMs, { p: 800 });
    });

    it('answers deposed to a replaced primary, and forgets it once it comes back as a standby', () => {
      const record: ArbiterRecord = { epoch: 3, primary: 's', deposed: ['p'] };
      let r = feed([[0, primaryBeat()]], record);
      assert.equal(r.answer.deposed, true);
      assert.equal(r.record.primary, 's', 'a deposed primary is never adopted');
      r = feed([[0, { serverId: 'p', role: 'standby', healthy: true }]], record);
      assert.equal(r.answer.deposed, false);
      assert.deepEqual(r.record.deposed, []);
    });

    it('reports a second primary as a conflict rather than adopting it', () => {
      const { answer, record } = feed([
        [0, primaryBeat()],
        [10, { serverId: 's', role: 'primary', healthy: true }],
      ]);
      assert.equal(answer.conflictWith, 'p');
      assert.equal(record.primary, 'p');
    });

    it('adopts a new primary once the recorded one says it stepped down', () => {
      const { record, answer } = feed([
        [0, primaryBeat()],
        [10, { serverId: 'p', role: 'other', healthy: false }],
        [20, { serverId: 's', role: 'primary', healthy: true }],
      ]);
      assert.equal(answer.conflictWith, undefined);
      assert.equal(record.primary, 's');
    });
  });

  describe('decidePromotion', () => {
    it('refuses while the primary still talks to the arbiter and reports itself healthy', () => {
      const { record, sightings } = normal();
      const g = decidePromotion(record, sightings, promote('peer_unreachable'), at(2000));
      assert.equal(g.granted, false);
      assert.match(g.granted ? '' : g.reason, /heard from p 2000 ms ago and it reports itself healthy/);
    });

    it('grants once the primary has been silent for longer than a live controller is', () => {
      const { record, sightings } = normal();
      const g = decidePromotion(record, sightings, promote('peer_unreachable'), at(2801));
      assert.ok(g.granted);
      assert.deepEqual(g.record, { epoch: 1, primary: 's', deposed: ['p'] });
    });

    it('grants at once when the primary itself reports a failure to the arbiter', () => {
      const { record, sightings } = feed([
        [0, primaryBeat()],
        [100, primaryBeat({ healthy: false })],
      ]);
      assert.ok(decidePromotion(record, sightings, promote('peer_unreachable'), at(150)).granted);
    });

    it("waits out the primary's own silence limit when it is longer than the standby's", () => {
      const { record, sightings } = feed([[0, primaryBeat({ silenceMs: 6000 })]]);
      assert.equal(decidePromotion(record, sightings, promote('peer_unreachable'), at(4000)).granted, false);
      assert.ok(decidePromotion(record, sightings, promote('peer_unreachable'), at(6001)).granted);
    });

    it('does not count the time before its own start as silence', () => {
      const record: ArbiterRecord = { epoch: 2, primary: 'p', syncStandby: 's', deposed: [] };
      const clock = { now: T0 + 1000, startedAt: T0 };
      assert.equal(decidePromotion(record, {}, promote('peer_unreachable'), clock).granted, false);
      assert.ok(
        decidePromotion(record, {}, promote('peer_unreachable'), { ...clock, now: T0 + 3000 }).granted,
      );
    });

    it('needs no silence when the primary reported the failure to the standby or the switch is planned', () => {
      const { record, sightings } = normal();
      assert.ok(decidePromotion(record, sightings, promote('peer_reported'), at(10)).granted);
      assert.ok(decidePromotion(record, sightings, promote('planned'), at(10)).granted);
    });

    it('refuses a standby the primary detached, or another than the one in sync', () => {
      let { record, sightings } = feed([[0, primaryBeat({ syncStandby: undefined, detached: true })]]);
      let g = decidePromotion(record, sightings, promote('peer_unreachable'), at(10_000));
      assert.match(
        g.granted ? '' : g.reason,
        /waits for no standby \(it was detached\), so s may lack acknowledged commits/,
      );
      ({ record, sightings } = feed([[0, primaryBeat({ syncStandby: 'x' })]]));
      g = decidePromotion(record, sightings, promote('peer_unreachable'), at(10_000));
      assert.match(g.granted ? '' : g.reason, /reported x as its synchronous standby, not s/);
    });

    it('refuses to replace a server that is not the primary on record, and a deposed requester', () => {
      const record: ArbiterRecord = { epoch: 4, primary: 'q', syncStandby: 's', deposed: ['s2'] };
      let g = decidePromotion(record, {}, promote('planned'), at(0));
      assert.match(g.granted ? '' : g.reason, /knows q as the primary, not p/);
      g = decidePromotion(record, {}, promote('planned', 's2', 'q'), at(0));
      assert.match(g.granted ? '' : g.reason, /s2 was deposed as primary and must be rebuilt/);
    });

    it('lets the operator force any promotion', () => {
      const record: ArbiterRecord = { epoch: 4, primary: 'p', deposed: [] };
      const g = decidePromotion(record, {}, promote('forced'), at(0));
      assert.ok(g.granted);
      assert.deepEqual(g.record, { epoch: 5, primary: 's', deposed: ['p'] });
    });

    it('a forced switch past a silent controller skips the record, but not the question whether the primary is gone', () => {
      // p reported x, not s, as its standby: a forced switch accepts that loss...
      const { record, sightings } = feed([
        [0, primaryBeat({ syncStandby: 'x' })],
        [0, standbyBeat],
      ]);
      // ...but p was heard 2000 ms ago, healthy: promoting s would make two primaries.
      const alive = decidePromotion(record, sightings, promote('forced_unreachable'), at(2000));
      assert.match(
        alive.granted ? '' : alive.reason,
        /heard from p 2000 ms ago and it reports itself healthy/,
      );
      const gone = decidePromotion(record, sightings, promote('forced_unreachable'), at(2801));
      assert.ok(gone.granted);
      assert.deepEqual(gone.record.deposed, ['p']);
      // Fenced through its controller first ('forced'), it is not asked.
      assert.ok(decidePromotion(record, sightings, promote('forced'), at(2000)).granted);
    });

    it('grants the same again when the answer was lost, without a new epoch', () => {
      const { record, sightings } = normal();
      const first = decidePromotion(record, sightings, promote('peer_reported'), at(10));
      assert.ok(first.granted);
      const again = decidePromotion(first.record, sightings, promote('peer_reported'), at(20));
      assert.ok(again.granted);
      assert.equal(again.epoch, first.epoch);
      assert.equal(again.record, first.record);
    });
  });

  describe('decideDetach', () => {
    it('grants the primary and takes the standby off the record', () => {
      const { record } = normal();
      const g = decideDetach(record, {}, { from: 'p', standby: 's' });
      assert.ok(g.granted);
      assert.deepEqual(g.record, { epoch: 1, primary: 'p', deposed: [] });
      const again = decideDetach(g.record, {}, { from: 'p', standby: 's' });
      assert.ok(again.granted);
      assert.equal(again.epoch, 1, 'a repeated request changes nothing');
    });

    it('refuses a primary that was deposed by a promotion', () => {
      const { record, sightings } = normal();
      const promoted = decidePromotion(record, sightings, promote('peer_reported'), at(10));
      assert.ok(promoted.granted);
      const g = decideDetach(promoted.record, {}, { from: 'p', standby: 's' });
      assert.match(g.granted ? '' : g.reason, /p was deposed: s was promoted/);
    });
  });

  describe('a primary the arbiter did not record (promoted while it was away)', () => {
    it('tells the recorded primary another server says it is primary, and refuses it the detachment', () => {
      const { record, sightings } = feed([
        [0, primaryBeat()],
        [10, { serverId: 's', role: 'primary', healthy: true }],
      ]);
      const answer = noteHeartbeat(record, sightings, primaryBeat(), at(20)).answer;
      assert.equal(answer.otherPrimary, 's');
      const g = decideDetach(record, sightings, { from: 'p', standby: 's' });
      assert.match(g.granted ? '' : g.reason, /s also says it is a primary/);
    });

    it('lets it be recorded by a forced promotion, which deposes the other', () => {
      const { record, sightings } = feed([
        [0, primaryBeat()],
        [10, { serverId: 's', role: 'primary', healthy: true }],
      ]);
      const g = decidePromotion(record, sightings, promote('forced'), at(20));
      assert.ok(g.granted);
      assert.equal(noteHeartbeat(g.record, sightings, primaryBeat(), at(30)).answer.deposed, true);
    });

    it('does not count a deposed or disconnected server as another primary', () => {
      const deposed = feed(
        [
          [0, primaryBeat()],
          [10, { serverId: 's', role: 'primary', healthy: true }],
        ],
        { epoch: 1, primary: 's', deposed: ['p'] },
      );
      assert.equal(deposed.answer.otherPrimary, undefined);
      const { record, sightings } = feed([
        [0, primaryBeat()],
        [10, { serverId: 's', role: 'primary', healthy: true }],
      ]);
      assert.ok(decideDetach(record, noteDisconnect(sightings, 's'), { from: 'p', standby: 's' }).granted);
    });
  });

  describe('whichever of promotion and detachment comes first wins', () => {
    it('detach first: the standby can no longer be promoted', () => {
      const { record, sightings } = normal();
      const d = decideDetach(record, {}, { from: 'p', standby: 's' });
      assert.ok(d.granted);
      assert.equal(
        decidePromotion(d.record, sightings, promote('peer_unreachable'), at(60_000)).granted,
        false,
      );
    });

    it('promotion first: the old primary can no longer detach, and is told it was deposed', () => {
      const { record, sightings } = normal();
      const p = decidePromotion(record, sightings, promote('peer_unreachable'), at(5000));
      assert.ok(p.granted);
      assert.equal(decideDetach(p.record, {}, { from: 'p', standby: 's' }).granted, false);
      assert.equal(noteHeartbeat(p.record, sightings, primaryBeat(), at(5100)).answer.deposed, true);
    });
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Admission, floodReason, sourceOf } from '../../src/controller/admission.js';

const limits = { perSource: 2, perTrustedSource: 3, untrustedTotal: 4 };
const trustedPeer = (s: string) => s === '10.0.0.2';

describe('admission of connections waiting to authenticate', () => {
  it('takes every new connection; a source at its limit loses its oldest, not its newest', () => {
    const a = new Admission(trustedPeer, limits);
    assert.deepEqual(a.arrive(1, '10.9.9.9', 0), []);
    assert.deepEqual(a.arrive(2, '10.9.9.9', 1), []);
    assert.deepEqual(a.arrive(3, '10.9.9.9', 2), [1]);
    assert.deepEqual(a.arrive(4, '10.9.9.9', 3), [2]);
    assert.equal(a.waitingCount, 2);
  });

  it('never drops a trusted connection to make room for others', () => {
    const a = new Admission(trustedPeer, limits);
    a.arrive(100, '10.0.0.2', 0);
    const dropped: number[] = [];
    for (let i = 1; i <= 50; i++) dropped.push(...a.arrive(i, `10.9.9.${i % 7}`, i));
    assert.ok(!dropped.includes(100), 'the peer was dropped');
    assert.equal(a.waitingCount, 1 + limits.untrustedTotal);
  });

  it('gives a trusted source its own, larger limit, applied to itself only', () => {
    const a = new Admission(trustedPeer, limits);
    for (let i = 1; i <= 3; i++) assert.deepEqual(a.arrive(i, '10.0.0.2', i), []);
    assert.deepEqual(a.arrive(4, '10.0.0.2', 4), [1]);
  });

  it('at the total limit, drops the oldest connection of the source holding the most', () => {
    const a = new Admission(trustedPeer, limits);
    a.arrive(1, 'A', 0);
    a.arrive(2, 'B', 1);
    a.arrive(3, 'B', 2);
    a.arrive(4, 'C', 3);
    // Full (4): a newcomer from D costs B (two waiting) its oldest, 2, not A's older 1.
    assert.deepEqual(a.arrive(5, 'D', 4), [2]);
    assert.equal(a.waitingCount, 4);
  });

  it('forgets connections that authenticated or closed', () => {
    const a = new Admission(trustedPeer, limits);
    a.arrive(1, 'A', 0);
    a.arrive(2, 'A', 1);
    a.leave(1);
    assert.deepEqual(a.arrive(3, 'A', 2), []);
    assert.equal(a.flood(3), undefined, 'leaving is not a flood');
  });

  it('reports drops with time-outs per source over the last window, then forgets them', () => {
    const a = new Admission(trustedPeer, limits, 1000);
    for (let i = 1; i <= 6; i++) a.arrive(i, 'A', i);
    a.arrive(7, 'B', 7);
    a.timedOut(7, 8);
    a.timedOut(7, 9); // once only
    const f = a.flood(10)!;
    assert.deepEqual(f, { dropped: 4, timedOut: 1, sources: 2, top: { source: 'A', count: 4 }, windowS: 1 });
    // Still seen in the next window (the previous one counts), gone after two.
    assert.equal(a.flood(1500)?.dropped, 4);
    assert.equal(a.flood(2600), undefined);
  });

  it('time-outs alone are no flood: idle connections cost nobody a place', () => {
    const a = new Admission(trustedPeer, limits);
    a.arrive(1, 'A', 0);
    a.timedOut(1, 2000);
    assert.equal(a.flood(2001), undefined);
  });

  it('says a flood with its size and its main source', () => {
    const text = floodReason(
      { dropped: 412, timedOut: 3, sources: 8, top: { source: '127.0.0.2', count: 60 }, windowS: 60 },
      '127.0.0.1:27540',
    );
    assert.match(text, /127\.0\.0\.1:27540 is flooded: 412 connections were dropped/);
    assert.match(text, /and 3 timed out/);
    assert.match(text, /from 8 hosts \(most from 127\.0\.0\.2: 60\)/);
  });

  it('writes IPv4-mapped IPv6 sources as IPv4, so a trusted IPv4 address matches', () => {
    assert.equal(sourceOf('::ffff:10.0.0.2'), '10.0.0.2');
    assert.equal(sourceOf('::FFFF:10.0.0.2'), '10.0.0.2');
    assert.equal(sourceOf('fe80::1'), 'fe80::1');
    assert.equal(sourceOf(undefined), '?');
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RepeatSummarizer, sourceHost, summarizeRejections } from '../../src/log/repeats.js';

test('the first of a window is logged, the rest counted and summarized once the window ends', () => {
  const r = new RepeatSummarizer(60_000);
  assert.deepEqual(r.note('10.0.0.5', 'bad frame', 0), { log: true });
  assert.deepEqual(r.note('10.0.0.5', 'bad frame', 10), { log: false });
  assert.deepEqual(r.note('10.0.0.6', 'timeout', 20), { log: true }, 'another source is its own');
  assert.deepEqual(r.note('10.0.0.5', 'handshake timeout', 59_999), { log: false });
  assert.deepEqual(r.due(59_999), [], 'no window has ended yet');
  assert.deepEqual(r.due(60_020), [{ source: '10.0.0.5', count: 2, last: 'handshake timeout', windowS: 60 }]);
  // 10.0.0.6 had no repeats: nothing to say; both start afresh.
  assert.deepEqual(r.note('10.0.0.5', 'bad frame', 60_030), { log: true });
  // A window that ended without the timer: its summary comes with the next occurrence.
  r.note('10.0.0.5', 'x', 60_040);
  assert.deepEqual(r.note('10.0.0.5', 'y', 130_000), {
    log: true,
    summary: { source: '10.0.0.5', count: 1, last: 'x', windowS: 60 },
  });
});

test('a source is its host: a flood comes from many ports', () => {
  assert.equal(sourceHost('10.0.0.5:51234'), '10.0.0.5');
  assert.equal(sourceHost('[::1]:51234'), '[::1]');
  assert.equal(sourceHost('unknown:?'), 'unknown');
});

test('wired to a logger: MCA00401 once, MCA00405 with the count when closed', () => {
  const said: [string, Record<string, unknown> | undefined][] = [];
  let now = 0;
  const r = summarizeRejections({ emit: (id, args) => said.push([id, args]) }, 60_000, () => now);
  for (let i = 0; i < 100; i++) {
    now = i;
    r.onRejected(`127.0.0.1:${40000 + i}`, new Error(`bad frame ${i}`));
  }
  r.close();
  assert.deepEqual(said, [
    ['MCA00401', { address: '127.0.0.1:40000', detail: 'bad frame 0' }],
    ['MCA00405', { count: 99, address: '127.0.0.1', seconds: 60, detail: 'bad frame 99' }],
  ]);
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decidePrimary, statusWord, type PrimaryInput } from '../../src/controller/decide.js';
import type { LocalObservation, StandbyRow } from '../../src/controller/probes.js';

function obs(rows: Partial<StandbyRow>[], dbOk = true): LocalObservation {
  return {
    at: 0,
    postmasterRunning: true,
    db: dbOk ? { ok: true } : { ok: false, detail: 'timeout' },
    disk: { ok: true },
    inRecovery: false,
    standbys: rows.map((r) => ({
      applicationName: 'server2',
      state: 'streaming',
      syncState: 'sync',
      clientAddr: '127.0.0.1',
      flushLsn: '0/1',
      replayLsn: '0/1',
      ...r,
    })),
  };
}

function input(over: Partial<PrimaryInput>): PrimaryInput {
  return {
    mirroring: 'switchable',
    local: obs([{}]),
    syncNames: ['server2'],
    expectedStandby: 'server2',
    intervalsWithoutSyncStandby: 0,
    failuresToAbnormal: 2,
    standbyHealthy: true,
    ...over,
  };
}

describe('primary decisions', () => {
  it('puts a streaming standby back into synchronous_standby_names', () => {
    const a = decidePrimary(
      input({ syncNames: [], mirroring: 'not-switchable', local: obs([{ syncState: 'async' }]) }),
    );
    assert.deepEqual(
      a.map((x) => x.kind),
      ['restore_standby'],
    );
  });

  it('does not put back a standby whose controller is gone, failing or stopping (no flapping)', () => {
    const a = decidePrimary(
      input({
        syncNames: [],
        mirroring: 'not-switchable',
        standbyHealthy: false,
        local: obs([{ syncState: 'async' }]),
      }),
    );
    assert.deepEqual(a, []);
  });

  it('does not restore a standby that is only catching up', () => {
    const a = decidePrimary(
      input({ syncNames: [], mirroring: 'switched', local: obs([{ state: 'catchup', syncState: 'async' }]) }),
    );
    assert.deepEqual(a, []);
  });

  it('becomes switchable once the standby streams in sync', () => {
    assert.deepEqual(decidePrimary(input({ mirroring: 'switched' })), [
      { kind: 'mirroring', trigger: 'standby_synced' },
    ]);
    assert.deepEqual(decidePrimary(input({ mirroring: 'switchable' })), []);
  });

  it('is not switchable while the standby lacks what the primary acknowledged alone before it was put back', () => {
    assert.deepEqual(decidePrimary(input({ mirroring: 'not-switchable', standbyCaughtUp: false })), []);
    assert.deepEqual(decidePrimary(input({ mirroring: 'not-switchable', standbyCaughtUp: true })), [
      { kind: 'mirroring', trigger: 'standby_synced' },
    ]);
  });

  it('reports the standby lost only after the configured number of intervals', () => {
    const gone = obs([]);
    assert.deepEqual(decidePrimary(input({ local: gone, intervalsWithoutSyncStandby: 1 })), []);
    assert.deepEqual(decidePrimary(input({ local: gone, intervalsWithoutSyncStandby: 2 })), [
      { kind: 'mirroring', trigger: 'standby_lost' },
    ]);
  });

  it('ignores a standby with another application_name', () => {
    const a = decidePrimary(
      input({ syncNames: [], mirroring: 'not-switchable', local: obs([{ applicationName: 'intruder' }]) }),
    );
    assert.deepEqual(a, []);
  });

  it('acts on nothing when its own database did not answer', () => {
    assert.deepEqual(decidePrimary(input({ syncNames: [], local: obs([{}], false) })), []);
  });
});

describe('status words', () => {
  it('shows abnormal only after the retry count', () => {
    const fail = { ok: false as const, detail: 'x' };
    assert.equal(statusWord({ ok: true }, 0, 2, 'postmaster'), 'normal');
    assert.equal(statusWord(fail, 1, 2, 'postmaster'), 'normal');
    assert.equal(statusWord(fail, 2, 2, 'postmaster'), 'abnormal(postmaster)');
    assert.equal(statusWord(undefined, 0, 2, 'x'), 'unknown');
  });
});

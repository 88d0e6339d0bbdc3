import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assessPeer,
  decidePrimaryFailure,
  decideStandby,
  decideTwoPrimaries,
  inSyncAccordingTo,
  type PeerVerdict,
  type Snapshot,
} from '../../src/controller/decide.js';

function snap(over: Partial<Snapshot> = {}): Snapshot {
  return {
    serverId: 'server1',
    role: 'primary',
    mirroring: 'switchable',
    failoverEnabled: true,
    postmasterRunning: true,
    db: { ok: true },
    disk: { ok: true },
    failures: { db: 0, disk: 0 },
    sentAt: 0,
    standbys: [
      {
        applicationName: 'server2',
        state: 'streaming',
        syncState: 'sync',
        clientAddr: null,
        flushLsn: null,
        replayLsn: null,
      },
    ],
    ...over,
  };
}

const K = 2;

describe('assessing the peer', () => {
  it('a dead postmaster is a failure at once, without waiting out retries', () => {
    assert.deepEqual(
      assessPeer({
        snapshot: snap({ postmasterRunning: false }),
        misses: 0,
        replicationAlive: true,
        failuresToAbnormal: K,
      }),
      {
        kind: 'failed',
        resource: 'db_proc_status',
        detail: 'postmaster is not running',
      },
    );
  });

  it('a silent peer is described as the setting counts it, however many heartbeats were missed', () => {
    for (const misses of [K, K + 1, K + 2]) {
      assert.deepEqual(
        assessPeer({ snapshot: snap(), misses, replicationAlive: false, failuresToAbnormal: K }),
        {
          kind: 'failed',
          resource: 'host_status',
          detail: '2 heartbeats in a row unanswered, the limit heartbeat_retry sets and no WAL stream',
        },
      );
      assert.deepEqual(
        assessPeer({ snapshot: snap(), misses, replicationAlive: true, failuresToAbnormal: K }),
        {
          kind: 'network_fault',
          detail: '2 heartbeats in a row unanswered, the limit heartbeat_retry sets, but WAL still streams',
        },
      );
    }
    assert.deepEqual(
      assessPeer({ snapshot: snap(), misses: K - 1, replicationAlive: false, failuresToAbnormal: K }),
      {
        kind: 'suspect',
        misses: K - 1,
      },
    );
  });

  it('an unanswered database or a failing disk counts only after heartbeat_retry failures', () => {
    const db1 = snap({ db: { ok: false, detail: 'timeout' }, failures: { db: 1, disk: 0 } });
    assert.equal(
      assessPeer({ snapshot: db1, misses: 0, replicationAlive: true, failuresToAbnormal: K }).kind,
      'healthy',
    );
    const db2 = snap({ db: { ok: false, detail: 'timeout' }, failures: { db: 2, disk: 0 } });
    assert.deepEqual(
      assessPeer({ snapshot: db2, misses: 0, replicationAlive: true, failuresToAbnormal: K }),
      {
        kind: 'failed',
        resource: 'db_proc_status',
        detail: 'timeout',
      },
    );
    const disk = snap({ disk: { ok: false, detail: '/data: EIO' }, failures: { db: 0, disk: 2 } });
    assert.equal(
      (
        assessPeer({ snapshot: disk, misses: 0, replicationAlive: true, failuresToAbnormal: K }) as {
          resource: string;
        }
      ).resource,
      'disk_status',
    );
  });

  it('missed heartbeats: suspect first, then a failed host only when WAL stopped too (rule 4)', () => {
    const s = snap();
    assert.deepEqual(assessPeer({ snapshot: s, misses: 1, replicationAlive: false, failuresToAbnormal: K }), {
      kind: 'suspect',
      misses: 1,
    });
    assert.equal(
      assessPeer({ snapshot: s, misses: 2, replicationAlive: true, failuresToAbnormal: K }).kind,
      'network_fault',
    );
    assert.equal(
      (
        assessPeer({ snapshot: s, misses: 2, replicationAlive: false, failuresToAbnormal: K }) as {
          resource: string;
        }
      ).resource,
      'host_status',
    );
  });

  it('a peer starting its instance is not a failure while its postmaster is not up yet', () => {
    const s = snap({ starting: true, postmasterRunning: false });
    assert.equal(
      assessPeer({ snapshot: s, misses: 0, replicationAlive: false, failuresToAbnormal: K }).kind,
      'stopping',
    );
  });

  it('a peer stopping on purpose is never a failure', () => {
    const s = snap({ stopping: true, postmasterRunning: false });
    assert.equal(
      assessPeer({ snapshot: s, misses: 0, replicationAlive: false, failuresToAbnormal: K }).kind,
      'stopping',
    );
    assert.equal(
      assessPeer({ snapshot: s, misses: 9, replicationAlive: false, failuresToAbnormal: K }).kind,
      'stopping',
    );
  });

  it('heartbeat_retry = 0 acts at the first failure', () => {
    const s = snap();
    assert.equal(
      assessPeer({ snapshot: s, misses: 1, replicationAlive: false, failuresToAbnormal: 1 }).kind,
      'failed',
    );
  });
});

describe('the standby decides', () => {
  const failed: PeerVerdict = {
    kind: 'failed',
    resource: 'db_proc_status',
    detail: 'postmaster is not running',
  };

  it('promotes after a primary failure when failover is on and it was in sync', () => {
    assert.deepEqual(
      decideStandby({
        verdict: failed,
        failoverEnabled: true,
        lastSeenInSync: true,
        peerIsPrimary: true,
        selfHealthy: true,
      }),
      [{ kind: 'promote', resource: 'db_proc_status', detail: 'postmaster is not running' }],
    );
  });

  it('never promotes a standby that was not in sync (rule 1)', () => {
    const a = decideStandby({
      verdict: failed,
      failoverEnabled: true,
      lastSeenInSync: false,
      peerIsPrimary: true,
      selfHealthy: true,
    });
    assert.deepEqual(
      a.map((x) => x.kind === 'report' && x.why),
      ['not_in_sync'],
    );
  });

  it('does not take over with an unhealthy instance of its own (rule: only a healthy standby promotes)', () => {
    const a = decideStandby({
      verdict: failed,
      failoverEnabled: true,
      lastSeenInSync: true,
      peerIsPrimary: true,
      selfHealthy: false,
    });
    assert.deepEqual(
      a.map((x) => x.kind === 'report' && x.why),
      ['standby_unhealthy'],
    );
  });

  it('only reports when failover is disabled', () => {
    const a = decideStandby({
      verdict: failed,
      failoverEnabled: false,
      lastSeenInSync: true,
      peerIsPrimary: true,
      selfHealthy: true,
    });
    assert.deepEqual(
      a.map((x) => x.kind === 'report' && x.why),
      ['failover_disabled'],
    );
  });

  it('does not promote on a network fault, a suspicion, or when the peer is not the primary', () => {
    assert.deepEqual(
      decideStandby({
        verdict: { kind: 'network_fault', detail: 'x' },
        failoverEnabled: true,
        lastSeenInSync: true,
        peerIsPrimary: true,
        selfHealthy: true,
      }).map((a) => a.kind),
      ['report'],
    );
    assert.deepEqual(
      decideStandby({
        verdict: { kind: 'suspect', misses: 1 },
        failoverEnabled: true,
        lastSeenInSync: true,
        peerIsPrimary: true,
        selfHealthy: true,
      }),
      [],
    );
    assert.deepEqual(
      decideStandby({
        verdict: failed,
        failoverEnabled: true,
        lastSeenInSync: true,
        peerIsPrimary: false,
        selfHealthy: true,
      }),
      [],
    );
  });
});

describe('the primary decides', () => {
  const base = {
    failoverEnabled: true,
    waitsForStandby: true,
    intervalsWithoutSyncStandby: 0,
    failuresToAbnormal: K,
  };

  it('disconnects a failed standby it waits for', () => {
    const a = decidePrimaryFailure({
      ...base,
      verdict: { kind: 'failed', resource: 'host_status', detail: 'gone' },
    });
    assert.deepEqual(a, [{ kind: 'disconnect_standby', resource: 'host_status', detail: 'gone' }]);
  });

  it('disconnects a standby that stopped streaming in sync for the detection window', () => {
    const a = decidePrimaryFailure({ ...base, verdict: { kind: 'healthy' }, intervalsWithoutSyncStandby: 2 });
    assert.equal(a[0]?.kind, 'disconnect_standby');
    assert.equal((a[0] as { resource: string }).resource, 'wal_receiver');
    assert.deepEqual(
      decidePrimaryFailure({ ...base, verdict: { kind: 'healthy' }, intervalsWithoutSyncStandby: 1 }),
      [],
    );
  });

  it('disconnects a standby that looks in sync while commits wait longer than the window (a hung walreceiver)', () => {
    const a = decidePrimaryFailure({
      ...base,
      verdict: { kind: 'healthy' },
      commitWaitMs: 3000,
      detectionWindowMs: 2600,
    });
    assert.equal(a[0]?.kind, 'disconnect_standby');
    assert.match((a[0] as { detail: string }).detail, /commits have waited 3000 ms/);
    assert.deepEqual(
      decidePrimaryFailure({
        ...base,
        verdict: { kind: 'healthy' },
        commitWaitMs: 2000,
        detectionWindowMs: 2600,
      }),
      [],
    );
  });

  it('does nothing when it does not wait for the standby', () => {
    assert.deepEqual(
      decidePrimaryFailure({
        ...base,
        waitsForStandby: false,
        verdict: { kind: 'failed', resource: 'host_status', detail: 'x' },
      }),
      [],
    );
  });

  it('a standby that said it was stopping is not failed, but a stall past the window still frees the commits', () => {
    assert.deepEqual(
      decidePrimaryFailure({ ...base, verdict: { kind: 'stopping' }, intervalsWithoutSyncStandby: 1 }),
      [],
    );
    assert.equal(
      decidePrimaryFailure({ ...base, verdict: { kind: 'stopping' }, intervalsWithoutSyncStandby: 2 })[0]
        ?.kind,
      'disconnect_standby',
    );
  });

  it('only reports when failover is disabled (commits wait, as the manual says)', () => {
    const a = decidePrimaryFailure({
      ...base,
      failoverEnabled: false,
      verdict: { kind: 'failed', resource: 'db_proc_status', detail: 'x' },
    });
    assert.deepEqual(
      a.map((x) => x.kind === 'report' && x.why),
      ['failover_disabled'],
    );
  });
});

describe("the standby's memory of being in sync", () => {
  it('is not in sync, though streaming in sync, until it holds what the primary acknowledged alone while it was detached', () => {
    assert.equal(inSyncAccordingTo(snap({ standbyCaughtUp: false }), 'server2', true), false);
    assert.equal(inSyncAccordingTo(snap({ standbyCaughtUp: true }), 'server2', false), true);
  });

  it('follows the primary while it can look, and keeps the last answer when it cannot', () => {
    assert.equal(inSyncAccordingTo(snap(), 'server2', false), true);
    assert.equal(inSyncAccordingTo(snap({ standbys: [] }), 'server2', true), false);
    assert.equal(
      inSyncAccordingTo(snap({ db: { ok: false, detail: 'x' }, standbys: [] }), 'server2', true),
      true,
    );
    assert.equal(inSyncAccordingTo(snap({ postmasterRunning: false }), 'server2', true), true);
    const async = snap({
      standbys: [
        {
          applicationName: 'server2',
          state: 'streaming',
          syncState: 'async',
          clientAddr: null,
          flushLsn: null,
          replayLsn: null,
        },
      ],
    });
    assert.equal(
      inSyncAccordingTo(async, 'server2', true),
      false,
      'a disconnected standby learns it is no longer in sync',
    );
  });
});

describe('two primaries', () => {
  it('the one not promoted later fences itself; unclear records are reported, not acted on', () => {
    assert.equal(
      decideTwoPrimaries({ role: 'primary', mirroring: 'switchable' }, snap({ mirroring: 'switched' })),
      'fence_self',
    );
    assert.equal(
      decideTwoPrimaries({ role: 'primary', mirroring: 'switched' }, snap({ mirroring: 'switchable' })),
      'none',
    );
    assert.equal(
      decideTwoPrimaries({ role: 'primary', mirroring: 'switched' }, snap({ mirroring: 'switched' })),
      'report',
    );
    assert.equal(
      decideTwoPrimaries({ role: 'primary', mirroring: 'switchable' }, snap({ role: 'standby' })),
      'none',
    );
    assert.equal(
      decideTwoPrimaries(
        { role: 'primary', mirroring: 'switchable' },
        snap({ mirroring: 'switched', stopping: true }),
      ),
      'none',
    );
  });
});

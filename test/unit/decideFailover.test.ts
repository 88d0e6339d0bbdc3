import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assessPeer,
  decideTwoPrimaries,
  inSyncAccordingTo,
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

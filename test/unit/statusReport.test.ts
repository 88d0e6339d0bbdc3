/**
 * mc_ctl status's answer as a controller builds it, from snapshots and records, without a pair:
 * the columns' words for a peer that answers, refuses, is silent or said it was stopping, the
 * abnormal disk named by its data directory, and the pair's verdict.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildStatus, type StatusInput } from '../../src/controller/statusReport.js';
import { peerSnap } from '../support/decisionFixtures.js';

const snap = peerSnap;

function input(over: Partial<StatusInput> = {}): StatusInput {
  return {
    self: snap(),
    peerId: 'server2',
    network: [
      { id: 'server1', host: 'h1' },
      { id: 'server2', host: 'h2' },
    ],
    peer: { snapshot: snap({ serverId: 'server2', role: 'standby' }), fresh: true, refused: false },
    stored: { role: 'primary', mirroring: 'switchable', failoverEnabled: true },
    failuresToAbnormal: 2,
    detectionWindowMs: 3600,
    dataDirs: { server1: '/d1', server2: '/d2' },
    problems: [],
    ...over,
  };
}

const words = (r: ReturnType<typeof buildStatus>) =>
  r.servers.map((s) => [s.serverId, s.hostRole, s.hostStatus, s.dbProcStatus, s.diskStatus]);

describe('the status report', () => {
  it('a healthy pair: both rows normal, switchable, both controllers running', () => {
    const r = buildStatus(input());
    assert.equal(r.mirroring, 'switchable');
    assert.deepEqual(words(r), [
      ['server1', 'primary', 'normal', 'normal', 'normal'],
      ['server2', 'standby', 'normal', 'normal', 'normal'],
    ]);
    assert.deepEqual(r.controllers, { server1: 'running', server2: 'running' });
    assert.equal(r.problems, undefined);
  });

  it('a peer that refuses us is abnormal(authentication), and its old snapshot is not shown', () => {
    const r = buildStatus(
      input({
        peer: { snapshot: snap({ serverId: 'server2', role: 'standby' }), fresh: false, refused: true },
      }),
    );
    assert.deepEqual(words(r)[1], ['server2', 'unknown', 'abnormal(authentication)', 'unknown', 'unknown']);
    assert.equal(r.controllers.server2, 'unreachable');
  });

  it('a silent peer is abnormal(heartbeat); one that said it was stopping is unknown and stopped', () => {
    const silent = buildStatus(
      input({
        peer: { snapshot: snap({ serverId: 'server2', role: 'standby' }), fresh: false, refused: false },
      }),
    );
    assert.deepEqual(words(silent)[1], ['server2', 'unknown', 'abnormal(heartbeat)', 'unknown', 'unknown']);
    const stopped = buildStatus(
      input({
        peer: {
          snapshot: snap({ serverId: 'server2', role: 'standby', stopping: true }),
          fresh: false,
          refused: false,
        },
      }),
    );
    assert.equal(stopped.servers[1]!.hostStatus, 'unknown');
    assert.equal(stopped.controllers.server2, 'stopped');
  });

  it('an abnormal disk is named by the data directory, a dead postmaster by abnormal(postmaster)', () => {
    const r = buildStatus(
      input({
        self: snap({ postmasterRunning: false }),
        peer: {
          snapshot: snap({
            serverId: 'server2',
            role: 'standby',
            disk: { ok: false, detail: 'EIO' },
            failures: { db: 0, disk: 2 },
          }),
          fresh: true,
          refused: false,
        },
      }),
    );
    assert.equal(r.servers[0]!.dbProcStatus, 'abnormal(postmaster)');
    assert.equal(r.servers[1]!.diskStatus, 'abnormal(/d2)');
  });

  it("the peer's last error shows when this server has none, and problems and the arbiter links are passed on", () => {
    const lastError = {
      at: 't',
      server: 'server1',
      resource: 'host_status',
      detail: 'gone',
      action: 'switch' as const,
    };
    const r = buildStatus(
      input({
        peer: {
          snapshot: snap({ serverId: 'server2', role: 'standby', lastError }),
          fresh: true,
          refused: false,
        },
        problems: ['a cause'],
        arbiter: { id: 'arb', self: { id: 'arb', reachable: true } as never },
      }),
    );
    assert.deepEqual(r.lastError, lastError);
    assert.deepEqual(r.problems, ['a cause']);
    assert.deepEqual(Object.keys(r.arbiter!.links), ['server1', 'server2']);
  });
});

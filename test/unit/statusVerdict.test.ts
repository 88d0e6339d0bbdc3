import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  judgeStatus,
  pairMirroring,
  STATUS_EXIT,
  type StatusFacts,
} from '../../src/controller/statusVerdict.js';

describe('the mirroring status mc_ctl status may show', () => {
  it('a fenced old primary shows switched, whatever its state file kept', () => {
    assert.equal(
      pairMirroring({ role: 'inactivated_primary', stored: 'switchable', peerFresh: false }),
      'switched',
    );
    // Once the new primary answers, its word counts (after a rebuild it is switchable again).
    assert.equal(
      pairMirroring({
        role: 'inactivated_primary',
        stored: 'switchable',
        peerFresh: true,
        peer: { role: 'primary', mirroring: 'switched' },
      }),
      'switched',
    );
  });

  it('a standby alone has no word of its own: not-switchable until the primary answers', () => {
    assert.equal(
      pairMirroring({ role: 'standby', stored: 'switchable', peerFresh: false }),
      'not-switchable',
    );
    assert.equal(
      pairMirroring({
        role: 'standby',
        stored: 'not-switchable',
        peerFresh: true,
        peer: { role: 'primary', mirroring: 'switchable' },
      }),
      'switchable',
    );
    // A peer that answers but is no primary (both standbys after a botched rebuild) gives no word.
    assert.equal(
      pairMirroring({
        role: 'standby',
        stored: 'switchable',
        peerFresh: true,
        peer: { role: 'standby', mirroring: 'switchable' },
      }),
      'not-switchable',
    );
  });

  it("the primary's word, except that it cannot promise a switch without its peer's controller", () => {
    assert.equal(pairMirroring({ role: 'primary', stored: 'switchable', peerFresh: true }), 'switchable');
    assert.equal(
      pairMirroring({ role: 'primary', stored: 'switchable', peerFresh: false }),
      'not-switchable',
    );
    assert.equal(pairMirroring({ role: 'primary', stored: 'switched', peerFresh: false }), 'switched');
  });

  it('an unset or disconnected server alone is not-switchable', () => {
    assert.equal(pairMirroring({ role: 'unset', stored: 'switchable', peerFresh: false }), 'not-switchable');
    assert.equal(
      pairMirroring({ role: 'inactivated_standby', stored: 'switchable', peerFresh: false }),
      'not-switchable',
    );
  });
});

const row = (serverId: string, hostRole: string, over: Partial<StatusFacts['servers'][0]> = {}) => ({
  serverId,
  hostRole,
  hostStatus: 'normal',
  dbProcStatus: 'normal',
  diskStatus: 'normal',
  ...over,
});

const healthy: StatusFacts = {
  mirroring: 'switchable',
  servers: [row('server1', 'primary'), row('server2', 'standby')],
  controllers: { server1: 'running', server2: 'running' },
  answeredBy: 'server1',
};

describe('the verdict (exit status) of mc_ctl status', () => {
  it('0 only for a switchable pair with both controllers running and every check normal', () => {
    assert.deepEqual(judgeStatus(healthy), { health: 'healthy', exitCode: 0, reasons: [] });
    assert.deepEqual(STATUS_EXIT, { healthy: 0, degraded: 1, noAnswer: 3 });
  });

  it('1 for a switched pair, naming the fenced primary and its stopped postmaster', () => {
    const v = judgeStatus({
      ...healthy,
      mirroring: 'switched',
      servers: [
        row('server1', 'none(inactivated primary)', { dbProcStatus: 'abnormal(postmaster)' }),
        row('server2', 'primary'),
      ],
    });
    assert.equal(v.exitCode, 1);
    assert.deepEqual(v.reasons, [
      'mirroring status is switched',
      'server1: host_role none(inactivated primary)',
      'server1: db_proc_status abnormal(postmaster)',
    ]);
  });

  it('1 for a dead postmaster even while the word on record is switchable', () => {
    const v = judgeStatus({
      ...healthy,
      servers: [
        row('server1', 'primary', { dbProcStatus: 'abnormal(postmaster)' }),
        row('server2', 'standby'),
      ],
    });
    assert.equal(v.health, 'degraded');
    assert.deepEqual(v.reasons, ['server1: db_proc_status abnormal(postmaster)']);
  });

  it('1 when one controller is down, and a problem the table cannot show comes first', () => {
    const v = judgeStatus({
      ...healthy,
      controllers: { server1: 'running', server2: 'unreachable' },
      servers: [
        row('server1', 'primary'),
        row('server2', 'unknown', { hostStatus: 'abnormal(authentication)' }),
      ],
      problems: ['the controllers cannot authenticate each other'],
    });
    assert.equal(v.exitCode, 1);
    assert.equal(v.reasons[0], 'the controllers cannot authenticate each other');
    assert.ok(v.reasons.includes('server2: its Mirroring Controller is unreachable'));
    assert.ok(v.reasons.includes('server2: host_role unknown'));
    assert.ok(v.reasons.includes('server2: host_status abnormal(authentication)'));
  });

  it('1 for failing monitoring intervals, and for no primary or two of them', () => {
    assert.match(
      judgeStatus({ ...healthy, monitoringFailures: { count: 3, last: 'ENOSPC' } }).reasons.join('\n'),
      /server1: 3 monitoring interval\(s\) in a row failed \(ENOSPC\)/,
    );
    assert.ok(
      judgeStatus({
        ...healthy,
        servers: [row('server1', 'standby'), row('server2', 'standby')],
      }).reasons.includes('no server is the primary'),
    );
    assert.equal(
      judgeStatus({ ...healthy, servers: [row('server1', 'primary'), row('server2', 'primary')] }).reasons[0],
      'more than one server reports itself the primary',
    );
  });

  it('3 when no controller answered: the table is only what the files say', () => {
    const v = judgeStatus({
      ...healthy,
      controllers: { server1: 'stopped', server2: 'unreachable' },
      answeredBy: 'server1 (files only)',
    });
    assert.equal(v.exitCode, 3);
    assert.equal(v.health, 'noAnswer');
    assert.match(
      v.reasons[0]!,
      /no Mirroring Controller answered \(server1: stopped, server2: unreachable\)/,
    );
  });
});

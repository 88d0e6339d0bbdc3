import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderArbiterSection, renderStatus } from '../../src/cli/statusView.js';
import type { StatusReport } from '../../src/controller/controller.js';

/** A pair's report with no rows: what the verdict and arbiter sections add to it is under test. */
const base: StatusReport = {
  mirroring: 'switchable',
  failoverEnabled: true,
  detectionWindowMs: 3600,
  answeredBy: 'nd1',
  controllers: {},
  servers: [],
};

describe('status display', () => {
  it("follows the manual's layout and widens columns for long roles", () => {
    const text = renderStatus({
      mirroring: 'switched',
      failoverEnabled: true,
      detectionWindowMs: 3600,
      answeredBy: 'nd1',
      controllers: {},
      servers: [
        {
          serverId: 'nd1',
          hostRole: 'primary',
          host: '192.0.2.100',
          hostStatus: 'normal',
          dbProcStatus: 'normal',
          diskStatus: 'normal',
        },
        {
          serverId: 'nd2',
          hostRole: 'none(inactivated primary)',
          host: '192.0.2.110',
          hostStatus: 'normal',
          dbProcStatus: 'abnormal(postmaster)',
          diskStatus: 'normal',
        },
      ],
      lastError: {
        at: '2026-01-01T00:00:00Z',
        server: 'nd2',
        resource: 'db_proc_status',
        detail: 'postmaster died',
        action: 'switch',
      },
    });
    const lines = text.split('\n');
    assert.equal(lines[0], 'mirroring status');
    assert.equal(lines[2], 'switched');
    assert.ok(lines[3]!.startsWith('server_id  host_role'));
    const roleCol = lines[3]!.indexOf('host ');
    assert.equal(lines[5]!.indexOf('192.0.2.100'), roleCol);
    assert.equal(lines[6]!.indexOf('192.0.2.110'), roleCol);
    assert.match(text, /last error: .* nd2: db_proc_status: postmaster died \(action: switch\)/);
  });

  it('adds the verdict and its reasons only when the pair is not healthy', () => {
    const plain = renderStatus(base, { health: 'healthy', exitCode: 0, reasons: [] });
    assert.equal(plain, renderStatus(base));
    assert.doesNotMatch(plain, /exit status/);
    const bad = renderStatus(base, {
      health: 'degraded',
      exitCode: 1,
      reasons: ['mirroring status is switched', 'nd2: db_proc_status abnormal(postmaster)'],
    });
    assert.match(
      bad,
      /\n\ndegraded \(exit status 1\):\n {2}mirroring status is switched\n {2}nd2: db_proc_status abnormal\(postmaster\)\n$/,
    );
    assert.match(
      renderStatus(base, { health: 'noAnswer', exitCode: 3, reasons: ['x'] }),
      /no answer \(exit status 3\):\n {2}x\n$/,
    );
  });
});

describe('status --arbiter', () => {
  it('says plainly which partitions can split a pair without an arbiter', () => {
    const text = renderArbiterSection(base, ['nd1', 'nd2'], undefined);
    assert.match(text, /arbiter: none configured/);
    assert.match(text, /cuts both the admin network and the WAL stream/);
    assert.match(text, /both can accept writes/);
  });

  it("shows each controller's connection, its record and its last refusal; an unknown peer says so", () => {
    const text = renderArbiterSection(
      {
        ...base,
        arbiter: {
          id: 'arb',
          links: {
            nd1: {
              arbiter: 'arb',
              address: '192.0.2.200:26541',
              reachable: true,
              misses: 0,
              lastContactMsAgo: 120,
              epoch: 3,
              primaryOnRecord: 'nd1',
            },
            nd2: {
              arbiter: 'arb',
              address: '192.0.2.200:26541',
              reachable: false,
              misses: 4,
              lastError: 'connect ETIMEDOUT',
              lastRefusal: 'the arbiter heard from nd1 200 ms ago and it reports itself healthy',
            },
          },
        },
      },
      ['nd1', 'nd2', 'nd3'],
      'arb',
    );
    assert.match(text, /^arbiter arb$/m);
    assert.match(
      text,
      /nd1 -> 192\.0\.2\.200:26541: connected, last answer 120 ms ago; epoch 3, primary on record nd1/,
    );
    assert.match(
      text,
      /nd2 -> 192\.0\.2\.200:26541: unreachable \(4 missed\), never answered\n {4}error: connect ETIMEDOUT\n {4}last refusal: the arbiter heard from nd1/,
    );
    assert.match(text, /nd3: unknown \(its controller did not answer\)/);
  });
});

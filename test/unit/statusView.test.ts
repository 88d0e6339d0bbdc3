import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderStatus } from '../../src/cli/statusView.js';

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
});

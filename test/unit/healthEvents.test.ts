import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { healthEvent, type FailureRun } from '../../src/controller/healthEvents.js';
import { operatorName } from '../../src/cli/trace.js';

const run = (before: number, after: number, limit = 3): FailureRun => ({
  resource: 'db_proc_status',
  server: 'server1',
  before,
  after,
  limit,
  detail: 'postmaster did not answer a new connection within 1000 ms',
});

describe('what the log says as failures build up and clear', () => {
  it('warns at each failure up to the limit, with its count', () => {
    assert.deepEqual(healthEvent(run(0, 1)), {
      id: 'MCA00101',
      resource: 'db_proc_status',
      server: 'server1',
      detail: 'postmaster did not answer a new connection within 1000 ms',
      count: 1,
      limit: 3,
    });
    assert.equal(healthEvent(run(2, 3))?.id, 'MCA00101');
    assert.equal((healthEvent(run(2, 3)) as { count: number }).count, 3);
  });

  it('stays quiet past the limit: one outage writes at most limit warnings', () => {
    assert.equal(healthEvent(run(3, 4)), undefined);
    assert.equal(healthEvent(run(40, 41)), undefined);
  });

  it('says normal again once, on the first good probe after failures', () => {
    assert.deepEqual(healthEvent(run(5, 0)), {
      id: 'MCA00103',
      resource: 'db_proc_status',
      server: 'server1',
    });
    assert.deepEqual(healthEvent(run(1, 0)), {
      id: 'MCA00103',
      resource: 'db_proc_status',
      server: 'server1',
    });
    assert.equal(healthEvent(run(0, 0)), undefined, 'a healthy resource says nothing');
  });

  it('says nothing when a count did not rise (the same observation seen twice)', () => {
    assert.equal(healthEvent(run(2, 2)), undefined);
  });
});

describe('who ran mc_ctl, as the trace names them', () => {
  it('DOMAIN\\user on Windows, from the logon variables', () => {
    assert.equal(
      operatorName({ USERNAME: 'symfo', USERDOMAIN: 'CORP' }, 'win32', () => 'x'),
      'CORP\\symfo',
    );
    assert.equal(
      operatorName({ USERNAME: 'symfo' }, 'win32', () => 'x'),
      'symfo',
    );
  });

  it("the account's name elsewhere, and the environment's when the account has no entry", () => {
    assert.equal(
      operatorName({ USERNAME: 'ignored' }, 'linux', () => 'postgres'),
      'postgres',
    );
    assert.equal(
      operatorName({ USER: 'pg' }, 'linux', () => {
        throw new Error('no passwd entry');
      }),
      'pg',
    );
  });
});

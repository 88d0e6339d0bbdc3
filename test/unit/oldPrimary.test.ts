/**
 * Before a forced switch past a silent controller: the old primary's PostgreSQL must be gone.
 * The verdict on the evidence, and the conninfo it is read from (pure; the probe itself runs
 * against real servers in test/chaos/failover.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conninfoTargets, oldPrimaryVerdict } from '../../src/controller/oldPrimary.js';
import { ConninfoError, formatConninfo, parseConninfo } from '../../src/postgres/conninfo.js';

test('conninfo: written by setup and read back, quotes and escapes included', () => {
  const params = {
    host: '10.0.0.1',
    port: 5432,
    user: 'rep user',
    passfile: "C:\\mc dir\\it's.pgpass",
    application_name: 'server2',
  };
  const text = formatConninfo(params);
  assert.equal(
    text,
    "host=10.0.0.1 port=5432 user='rep user' passfile='C:\\\\mc dir\\\\it\\'s.pgpass' application_name=server2",
  );
  assert.deepEqual(parseConninfo(text), {
    host: '10.0.0.1',
    port: '5432',
    user: 'rep user',
    passfile: "C:\\mc dir\\it's.pgpass",
    application_name: 'server2',
  });
  assert.deepEqual(parseConninfo("  host = a   port=1  password=''  "), {
    host: 'a',
    port: '1',
    password: '',
  });
  for (const bad of ['host', "host='a", '=x', 'host=a 1=2'])
    assert.throws(() => parseConninfo(bad), ConninfoError, bad);
});

test('conninfo targets: one host, or lists of hosts and ports', () => {
  assert.deepEqual(conninfoTargets({ host: 'a' }), [{ host: 'a', port: 5432 }]);
  assert.deepEqual(conninfoTargets({ host: 'a,b', port: '1,2' }), [
    { host: 'a', port: 1 },
    { host: 'b', port: 2 },
  ]);
  assert.deepEqual(conninfoTargets({ hostaddr: '10.0.0.9', port: '7' }), [{ host: '10.0.0.9', port: 7 }]);
  assert.deepEqual(conninfoTargets({}), []);
});

test('the old primary is alive while WAL streams, or while its PostgreSQL answers as anything but a standby', () => {
  const gone = { host: 'h', port: 1, answers: false };
  assert.equal(oldPrimaryVerdict({ targets: [] }), undefined);
  assert.equal(oldPrimaryVerdict({ walReceiver: 'waiting', targets: [gone] }), undefined);
  assert.match(oldPrimaryVerdict({ walReceiver: 'streaming', targets: [gone] })!, /still receives WAL/);
  assert.match(
    oldPrimaryVerdict({ targets: [{ host: 'h', port: 1, answers: true, inRecovery: false }] })!,
    /at h:1 answers as a primary/,
  );
  // Answers but cannot be asked (pg_hba allows only replication): taken as alive.
  assert.match(
    oldPrimaryVerdict({
      targets: [{ host: 'h', port: 1, answers: true, sessionError: 'no pg_hba.conf entry' }],
    })!,
    /answers, and could not be asked .*no pg_hba\.conf entry/,
  );
  // A standby now (someone rebuilt it): no second primary to fear.
  assert.equal(
    oldPrimaryVerdict({ targets: [{ host: 'h', port: 1, answers: true, inRecovery: true }] }),
    undefined,
  );
});

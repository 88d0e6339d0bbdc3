/**
 * The client's loop over fake servers and a fake clock: which ids count as committed or in doubt,
 * when it reconnects, retries or stops, and how long it waits. The real thing runs against real
 * PostgreSQL in test/integration/reconnectingClient.test.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import {
  parseTargets,
  probe,
  runClient,
  type Clock,
  type Connector,
  type Session,
  type Target,
} from '../../src/client/reconnectingClient.js';

const serverError = (code: string, message = code): pg.DatabaseError =>
  Object.assign(new pg.DatabaseError(message, 100, 'error'), { code, severity: 'FATAL' });
const refused = (): NodeJS.ErrnoException =>
  Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect' });
const lost = () => new Error('Connection terminated unexpectedly');

type Statement = 'connect' | 'BEGIN' | 'INSERT' | 'COMMIT' | 'ROLLBACK' | 'SELECT 1';

/** A fake server: a table, a role, and errors to throw at chosen statements. */
class FakeServer {
  readonly rows = new Set<number>();
  standby = false;
  down = false;
  connects = 0;
  /** Errors to throw, in order, at the named statement; `after` applies the statement first. */
  readonly faults: { at: Statement; err: Error; after?: boolean; then?: () => void }[] = [];
  /** Called on each connection attempt (to take the server down or bring it back). */
  onConnect?: (n: number) => void;

  private fault(at: Statement) {
    const i = this.faults.findIndex((f) => f.at === at);
    return i < 0 ? undefined : this.faults.splice(i, 1)[0];
  }

  connect(): Session {
    this.connects++;
    this.onConnect?.(this.connects);
    if (this.down) throw refused();
    const f = this.fault('connect');
    if (f) throw f.err;
    let pending: number | undefined;
    return {
      query: async (text, params) => {
        await Promise.resolve();
        const stmt = (['BEGIN', 'INSERT', 'COMMIT', 'ROLLBACK', 'SELECT 1'] as const).find((s) =>
          text.startsWith(s),
        );
        const f = stmt ? this.fault(stmt) : undefined;
        if (f && !f.after) {
          f.then?.();
          throw f.err;
        }
        let rows: Record<string, unknown>[] = [];
        if (text.startsWith('SELECT pg_is_in_recovery')) rows = [{ r: this.standby }];
        else if (text.startsWith('SELECT coalesce')) rows = [{ next: String(Math.max(0, ...this.rows) + 1) }];
        else if (stmt === 'INSERT') {
          if (this.standby) throw serverError('25006', 'cannot execute INSERT in a read-only transaction');
          pending = params![0] as number;
        } else if (stmt === 'COMMIT' && pending !== undefined) {
          if (this.rows.has(pending)) throw serverError('23505', 'duplicate key');
          this.rows.add(pending);
          pending = undefined;
        } else if (stmt === 'ROLLBACK') pending = undefined;
        if (f) {
          f.then?.();
          throw f.err;
        }
        return { rows };
      },
      end: () => Promise.resolve(),
    };
  }
}

function fakeNet(servers: Record<number, FakeServer>): Connector {
  return (t: Target) => {
    const s = servers[t.port];
    return new Promise((resolve) => {
      if (!s) throw refused();
      resolve(s.connect());
    });
  };
}

/** Time moves only when the client sleeps. */
function fakeClock(): Clock & { t: number; sleeps: number[] } {
  const c = {
    t: Date.parse('2026-01-01T00:00:00Z'),
    sleeps: [] as number[],
    now: () => c.t,
    sleep: (ms: number) => {
      c.sleeps.push(ms);
      c.t += ms;
      return Promise.resolve();
    },
  };
  return c;
}

const A: Target = { host: 'a', port: 1 };
const B: Target = { host: 'b', port: 2 };

describe('runClient over fake servers', () => {
  it('commits numbered rows; every acknowledged id is on the server', async () => {
    const s = new FakeServer();
    const r = await runClient(
      { targets: [A], count: 5, outageTimeoutMs: 1000 },
      { connect: fakeNet({ 1: s }), clock: fakeClock() },
    );
    assert.equal(r.ok, true);
    assert.deepEqual(r.committed, { count: 5, ranges: [[1, 5]] });
    assert.deepEqual([...s.rows], [1, 2, 3, 4, 5]);
    assert.deepEqual([r.reconnects, r.errors.length, r.inDoubt], [0, 0, []]);
  });

  it('continues after the ids already in the table', async () => {
    const s = new FakeServer();
    for (const id of [1, 2, 3]) s.rows.add(id);
    const r = await runClient(
      { targets: [A], count: 2, outageTimeoutMs: 1000 },
      { connect: fakeNet({ 1: s }), clock: fakeClock() },
    );
    assert.deepEqual(r.committed.ranges, [[4, 5]]);
  });

  it('57P01 during INSERT: reconnects and runs the same id again (it was rolled back)', async () => {
    const s = new FakeServer();
    s.faults.push({
      at: 'INSERT',
      err: serverError('57P01', 'terminating connection due to administrator command'),
    });
    const r = await runClient(
      { targets: [A], count: 3, outageTimeoutMs: 1000 },
      { connect: fakeNet({ 1: s }), clock: fakeClock() },
    );
    assert.equal(r.ok, true);
    assert.deepEqual(r.committed.ranges, [[1, 3]]);
    assert.deepEqual(r.inDoubt, []);
    assert.equal(r.reconnects, 1);
    assert.deepEqual(r.codes, ['57P01']);
    assert.deepEqual(
      r.errors.map((e) => [e.target, e.phase, e.code, e.sqlstate, e.action]),
      [['a:1', 'insert', '57P01', '57P01', 'reconnect']],
    );
  });

  it('connection lost during COMMIT: the id is in doubt and not used again', async () => {
    const s = new FakeServer();
    // The server committed, but the answer never came.
    s.faults.push({ at: 'COMMIT', err: lost(), after: true });
    const r = await runClient(
      { targets: [A], count: 4, outageTimeoutMs: 1000 },
      { connect: fakeNet({ 1: s }), clock: fakeClock() },
    );
    assert.equal(r.ok, true);
    assert.deepEqual(r.inDoubt, [1]);
    assert.deepEqual(r.committed.ranges, [[2, 4]]);
    assert.deepEqual([...s.rows].sort(), [1, 2, 3, 4]);
    assert.deepEqual(r.codes, ['CONNECTION_LOST']);
    assert.equal(r.errors[0]?.phase, 'commit');
  });

  it('measures the outage from the first error to the next acknowledged commit, with growing waits', async () => {
    const s = new FakeServer();
    const clock = fakeClock();
    // Down for the 2nd to 5th connection attempts.
    s.onConnect = (n) => (s.down = n >= 2 && n <= 5);
    s.faults.push({ at: 'BEGIN', err: serverError('57P01') });
    const r = await runClient(
      { targets: [A], count: 2, outageTimeoutMs: 10_000 },
      { connect: fakeNet({ 1: s }), clock },
    );
    assert.equal(r.ok, true);
    assert.deepEqual(clock.sleeps, [50, 100, 200, 400]);
    assert.equal(r.longestOutageMs, 750);
    assert.deepEqual(r.codes, ['57P01', 'ECONNREFUSED']);
    assert.equal(r.reconnects, 1);
  });

  it('fails when the outage lasts longer than the timeout, naming what it saw', async () => {
    const s = new FakeServer();
    const clock = fakeClock();
    s.onConnect = (n) => (s.down = n >= 2);
    s.faults.push({ at: 'INSERT', err: lost() });
    const r = await runClient(
      { targets: [A, B], count: 5, outageTimeoutMs: 3000 },
      { connect: fakeNet({ 1: s }), clock },
    );
    assert.equal(r.ok, false);
    assert.equal(r.failure?.code, 'OUTAGE_TIMEOUT');
    assert.match(
      r.failure?.message ?? '',
      /no read-write session on a:1, b:2 for 3 s \(saw CONNECTION_LOST, ECONNREFUSED\)/,
    );
    assert.ok(Math.max(...clock.sleeps) <= 1000, 'the wait between rounds is capped at 1 s');
    assert.ok(r.longestOutageMs >= 3000 && r.longestOutageMs < 4000, String(r.longestOutageMs));
  });

  it('passes over a standby and a dead target to the primary', async () => {
    const standby = Object.assign(new FakeServer(), { standby: true });
    const primary = new FakeServer();
    const r = await runClient(
      { targets: [{ host: 'x', port: 9 }, B, A], count: 2, outageTimeoutMs: 1000 },
      { connect: fakeNet({ 2: standby, 1: primary }), clock: fakeClock() },
    );
    assert.equal(r.ok, true);
    assert.deepEqual(
      r.sessions.map((x) => x.target),
      ['a:1'],
    );
    assert.equal(r.standbysSkipped, 1);
    assert.deepEqual(r.codes, ['ECONNREFUSED']);
    assert.equal(primary.rows.size, 2);
  });

  it('25006 (the server became a standby): finds the new primary', async () => {
    const old = new FakeServer();
    const next = Object.assign(new FakeServer(), { standby: true });
    old.faults.push({
      at: 'INSERT',
      err: serverError('25006', 'cannot execute INSERT in a read-only transaction'),
      then: () => {
        old.standby = true;
        next.standby = false;
      },
    });
    const r = await runClient(
      { targets: [A, B], count: 2, outageTimeoutMs: 1000 },
      { connect: fakeNet({ 1: old, 2: next }), clock: fakeClock() },
    );
    assert.equal(r.ok, true);
    assert.deepEqual(
      r.sessions.map((x) => x.target),
      ['a:1', 'b:2'],
    );
    assert.deepEqual([...next.rows], [1, 2]);
  });

  it('40001: rolls back and runs the same transaction again on the same session', async () => {
    const s = new FakeServer();
    s.faults.push({ at: 'COMMIT', err: serverError('40001', 'could not serialize access') });
    const r = await runClient(
      { targets: [A], count: 2, outageTimeoutMs: 1000 },
      { connect: fakeNet({ 1: s }), clock: fakeClock() },
    );
    assert.deepEqual([r.ok, r.retries, r.reconnects, s.connects], [true, 1, 0, 1]);
    assert.deepEqual(r.committed.ranges, [[1, 2]]);
    assert.deepEqual(r.inDoubt, [], 'a serialization failure at COMMIT is a definite rollback');
  });

  it('40001 again and again: gives up after maxRetries', async () => {
    const s = new FakeServer();
    for (let i = 0; i < 4; i++) s.faults.push({ at: 'INSERT', err: serverError('40001') });
    const r = await runClient(
      { targets: [A], count: 2, outageTimeoutMs: 1000, maxRetries: 3 },
      { connect: fakeNet({ 1: s }), clock: fakeClock() },
    );
    assert.equal(r.failure?.code, 'RETRIES_EXHAUSTED');
    assert.equal(r.retries, 4);
  });

  for (const code of ['42P01', '23505'])
    it(`${code}: stops at once, without retrying or reconnecting`, async () => {
      const s = new FakeServer();
      s.faults.push({ at: 'INSERT', err: serverError(code, `error ${code}`) });
      const r = await runClient(
        { targets: [A], count: 5, outageTimeoutMs: 1000 },
        { connect: fakeNet({ 1: s }), clock: fakeClock() },
      );
      assert.equal(r.ok, false);
      assert.deepEqual(
        [r.failure?.code, r.failure?.sqlstate, r.failure?.phase, r.failure?.target],
        ['NOT_RETRYABLE', code, 'insert', 'a:1'],
      );
      assert.deepEqual([r.reconnects, r.retries, r.errors.length, s.connects], [0, 0, 1, 1]);
    });

  it('a wrong password on connect stops at once', async () => {
    const s = new FakeServer();
    s.faults.push({ at: 'connect', err: serverError('28P01', 'password authentication failed') });
    const clock = fakeClock();
    const r = await runClient(
      { targets: [A], count: 1, outageTimeoutMs: 60_000 },
      { connect: fakeNet({ 1: s }), clock },
    );
    assert.deepEqual(
      [r.failure?.code, r.failure?.sqlstate, r.failure?.phase],
      ['NOT_RETRYABLE', '28P01', 'connect'],
    );
    assert.deepEqual(clock.sleeps, []);
  });

  it('takes only a plain table name (it goes into the SQL text)', async () => {
    await assert.rejects(
      runClient(
        { targets: [A], count: 1, outageTimeoutMs: 1, table: 't; DROP TABLE x' },
        { connect: fakeNet({}) },
      ),
      /"t; DROP TABLE x" is not a plain table name/,
    );
  });

  it('stops on request, even while waiting for a server', async () => {
    const s = new FakeServer();
    const ac = new AbortController();
    s.onConnect = (n) => {
      s.down = n >= 2;
      if (n === 4) ac.abort();
    };
    s.faults.push({ at: 'BEGIN', err: lost() });
    const r = await runClient(
      { targets: [A], durationMs: 60_000, outageTimeoutMs: 60_000, signal: ac.signal },
      { connect: fakeNet({ 1: s }), clock: fakeClock() },
    );
    assert.equal(r.ok, true);
    assert.equal(r.failure, undefined);
  });
});

describe('probe over fake servers', () => {
  it('reports the time it took and the codes on the way', async () => {
    const s = new FakeServer();
    const clock = fakeClock();
    s.onConnect = (n) => (s.down = n <= 2);
    s.faults.push({ at: 'SELECT 1', err: serverError('57P03', 'the database system is starting up') });
    const r = await probe({ targets: [A], timeoutMs: 10_000 }, { connect: fakeNet({ 1: s }), clock });
    assert.deepEqual([r.ok, r.target, r.attempts, r.codes], [true, 'a:1', 4, ['ECONNREFUSED', '57P03']]);
    assert.equal(r.seconds, 0.4); // 50 + 100 + 200 ms of waiting
  });

  it('fails after the timeout with what it saw', async () => {
    const clock = fakeClock();
    const r = await probe({ targets: [A], timeoutMs: 2000 }, { connect: fakeNet({}), clock });
    assert.equal(r.ok, false);
    assert.equal(r.failure?.code, 'OUTAGE_TIMEOUT');
    assert.equal(r.failure?.message, 'no connection to a:1 within 2 s (saw ECONNREFUSED)');
    assert.equal(r.seconds, 2);
  });

  it('fails at once on an error waiting will not fix', async () => {
    const s = new FakeServer();
    s.faults.push({ at: 'connect', err: serverError('3D000', 'database "x" does not exist') });
    const r = await probe(
      { targets: [A], timeoutMs: 60_000 },
      { connect: fakeNet({ 1: s }), clock: fakeClock() },
    );
    assert.deepEqual(
      [r.ok, r.failure?.code, r.failure?.sqlstate, r.attempts],
      [false, 'NOT_RETRYABLE', '3D000', 1],
    );
  });
});

describe('parseTargets', () => {
  it('reads host:port lists, default port 5432, IPv6 in brackets', () => {
    assert.deepEqual(parseTargets('db1:5432, db2:5433,10.0.0.50,[::1]:26500'), [
      { host: 'db1', port: 5432 },
      { host: 'db2', port: 5433 },
      { host: '10.0.0.50', port: 5432 },
      { host: '::1', port: 26500 },
    ]);
  });

  it('names the bad entry', () => {
    assert.throws(() => parseTargets('db1:5432,db2:x'), /"db2:x" is not host:port/);
    assert.throws(() => parseTargets('db1:70000'), /"db1:70000": the port must be a number from 1 to 65535/);
    assert.throws(() => parseTargets(''), /"" is not host:port/);
  });
});

/**
 * The failover-aware client and the probe against real PostgreSQL: a fast stop and restart, a
 * crashed backend (crash-restart of the postmaster), a dead target and a standby before the
 * primary, an application error that must not be retried, and the probe waiting for a server
 * that starts late. Every id the client reports committed must be in the table afterwards.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clientCommand, probeCommand } from '../../src/cli/client.js';
import {
  DEMO_TABLE,
  pgConnector,
  runClient,
  type ClientSummary,
} from '../../src/client/reconnectingClient.js';
import { TestInstance, superuserPassword } from '../support/instance.js';
import { createSyncPair } from '../support/pair.js';
import { freePort } from '../support/ports.js';
import { sleep, waitFor } from '../support/wait.js';

const connectorFor = (inst: TestInstance) =>
  pgConnector({
    user: inst.user,
    database: 'postgres',
    password: () => superuserPassword,
    connectTimeoutMs: 2000,
  });

async function rowCount(inst: TestInstance): Promise<number> {
  const [r] = await inst.sql<{ n: string }>(`SELECT count(*) AS n FROM ${DEMO_TABLE}`);
  return Number(r?.n);
}

/** Waits until the client has committed `more` rows beyond what the table holds now. */
async function progress(inst: TestInstance, more: number, what: string): Promise<void> {
  const from = await waitFor(`${inst.name}: ${DEMO_TABLE} to exist`, async () =>
    rowCount(inst).catch(() => undefined),
  );
  await waitFor(what, async () => (await rowCount(inst)) >= from + more, { timeoutMs: 15_000 });
}

/** Ids the client reports committed that are not in the table. */
async function missing(inst: TestInstance, s: ClientSummary): Promise<number[]> {
  const have = new Set(
    (await inst.sql<{ id: string }>(`SELECT id FROM ${DEMO_TABLE}`)).map((r) => Number(r.id)),
  );
  const out: number[] = [];
  for (const [a, b] of s.committed.ranges) for (let id = a; id <= b; id++) if (!have.has(id)) out.push(id);
  return out;
}

const describeRun = (s: ClientSummary) =>
  `committed ${s.committed.count}, in doubt [${s.inDoubt.join(',')}], reconnects ${s.reconnects}, ` +
  `longest outage ${s.longestOutageMs} ms, codes ${s.codes.join(',')}; ` +
  s.errors.map((e) => `${e.phase}:${e.code}`).join(' ');

function collect() {
  const io = {
    stdout: '',
    stderr: '',
    out: (t: string) => (io.stdout += t),
    err: (t: string) => (io.stderr += t),
  };
  return io;
}

describe('the failover-aware client on real PostgreSQL', () => {
  let inst: TestInstance;

  before(async () => {
    inst = await TestInstance.create('client');
    await inst.start();
    process.env.PGPASSWORD = superuserPassword;
  });
  after(async () => {
    delete process.env.PGPASSWORD;
    if (await inst?.isRunning()) await inst.stop('immediate');
  });

  it('keeps writing through pg_ctl stop -m fast and a start 3 s later; every acknowledged id is kept', async (t) => {
    const ac = new AbortController();
    const run = runClient(
      {
        targets: [{ host: '127.0.0.1', port: inst.port }],
        durationMs: 60_000,
        outageTimeoutMs: 20_000,
        intervalMs: 5,
        signal: ac.signal,
      },
      { connect: connectorFor(inst) },
    );
    try {
      await progress(inst, 30, 'the client to commit before the stop');
      await inst.stop('fast');
      await sleep(3000);
      await inst.start();
      await progress(inst, 30, 'the client to commit after the restart');
    } finally {
      ac.abort();
    }
    const s = await run;
    t.diagnostic(describeRun(s));
    assert.equal(s.ok, true, JSON.stringify(s.failure));
    assert.ok(s.reconnects >= 1, `reconnects ${s.reconnects}`);
    // The session ends with 57P01 (or, between two statements, as a lost connection), then
    // connections are refused while the server is down.
    assert.ok(s.codes.includes('57P01') || s.codes.includes('CONNECTION_LOST'), s.codes.join(','));
    assert.ok(s.codes.includes('ECONNREFUSED'), s.codes.join(','));
    for (const c of s.codes)
      assert.ok(['57P01', '57P03', 'ECONNREFUSED', 'CONNECTION_LOST', 'ECONNRESET'].includes(c), c);
    assert.ok(
      s.longestOutageMs >= 2500 && s.longestOutageMs < 15_000,
      `longest outage ${s.longestOutageMs} ms`,
    );
    assert.ok(s.errors.every((e) => e.action === 'reconnect'));
    assert.deepEqual(await missing(inst, s), []);
  });

  it('continues after a backend is killed with SIGKILL (crash-restart: a 57P02 warning, the session lost)', async (t) => {
    const ac = new AbortController();
    const target = [{ host: '127.0.0.1', port: inst.port }];
    const busy = runClient(
      { targets: target, durationMs: 60_000, outageTimeoutMs: 20_000, intervalMs: 5, signal: ac.signal },
      { connect: connectorFor(inst) },
    );
    // The server sends 57P02 as a WARNING on a best-effort basis: a backend in the middle of a
    // statement may close without it. A client idle at that moment gets it every time.
    const idle = runClient(
      {
        targets: target,
        table: 'client_idle',
        durationMs: 60_000,
        outageTimeoutMs: 20_000,
        intervalMs: 1000,
        signal: ac.signal,
      },
      { connect: connectorFor(inst) },
    );
    try {
      await progress(inst, 30, 'the client to commit before the crash');
      const idleRows = async () => (await inst.sql('SELECT id FROM client_idle')).length;
      const idleBefore = await waitFor('the idle client to commit', async () => {
        const n = await idleRows();
        return n > 0 ? n : undefined;
      });
      const victim = await inst.connect();
      const [row] = (await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
      process.kill(row!.pid, 'SIGKILL');
      void victim.end().catch(() => undefined);
      await inst.waitReady();
      await progress(inst, 30, 'the client to commit after the crash-restart');
      await waitFor(
        'the idle client to commit after the crash-restart',
        async () => (await idleRows()) > idleBefore,
      );
    } finally {
      ac.abort();
    }
    const s = await busy;
    const i = await idle;
    t.diagnostic(describeRun(s));
    t.diagnostic(`idle client: ${describeRun(i)}`);
    assert.equal(s.ok, true, JSON.stringify(s.failure));
    assert.ok(s.reconnects >= 1, `reconnects ${s.reconnects}`);
    assert.ok(['57P02', 'CONNECTION_LOST', 'ECONNRESET'].includes(s.codes[0] ?? ''), s.codes.join(','));
    for (const c of s.codes)
      assert.ok(['57P02', '57P03', 'CONNECTION_LOST', 'ECONNRESET', 'ECONNREFUSED'].includes(c), c);
    assert.deepEqual(await missing(inst, s), []);
    assert.equal(i.ok, true, JSON.stringify(i.failure));
    assert.equal(i.codes[0], '57P02', i.codes.join(','));
    assert.equal(i.reconnects, 1);
    assert.ok(
      i.errors.some((e) => e.phase === 'notice' && e.sqlstate === '57P02' && e.action === 'reconnect'),
    );
  });

  it('stops at once on a non-failover error (42P01), exit 1 naming the SQLSTATE, nothing retried', async () => {
    const io = collect();
    const cmd = clientCommand(
      [
        '--host',
        `127.0.0.1:${inst.port}`,
        '--user',
        inst.user,
        '--duration',
        '30',
        '--interval',
        '5',
        '--json',
      ],
      io,
    );
    await progress(inst, 20, 'the client to commit before the table goes');
    await inst.sql(`DROP TABLE ${DEMO_TABLE}`);
    const code = await cmd;
    assert.equal(code, 1, io.stdout + io.stderr);
    const answer = JSON.parse(io.stdout) as {
      ok: boolean;
      error: { code: string; message: string; where: string; hint: string };
      summary: ClientSummary;
    };
    assert.equal(answer.ok, false);
    assert.equal(answer.error.code, 'CLIENT_ERROR');
    assert.match(
      answer.error.message,
      /^client: stopped on SQLSTATE 42P01 during insert: relation "pgcluster_client_demo" does not exist$/,
    );
    assert.equal(answer.error.where, `127.0.0.1:${inst.port}`);
    assert.match(
      answer.error.hint,
      /^SQLSTATE 42P01 is not a failover error: .*\. Not retried: fix the cause/,
    );
    assert.deepEqual(
      answer.summary.errors.map((e) => [e.code, e.action]),
      [['42P01', 'fail']],
    );
    assert.deepEqual([answer.summary.reconnects, answer.summary.retries], [0, 0]);
  });

  it('stops on a unique violation (23505) with a message that says what and where', async () => {
    const io = collect();
    const cmd = clientCommand(
      ['--host', `127.0.0.1:${inst.port}`, '--user', inst.user, '--duration', '30', '--interval', '10'],
      io,
    );
    await progress(inst, 10, 'the client to commit before the collision');
    // Rows ahead of the client: its next ids are taken.
    await inst.sql(
      `INSERT INTO ${DEMO_TABLE} (id) SELECT g FROM generate_series((SELECT max(id) FROM ${DEMO_TABLE}) + 200, (SELECT max(id) FROM ${DEMO_TABLE}) + 100000) g`,
    );
    assert.equal(await cmd, 1, io.stdout + io.stderr);
    assert.match(io.stdout, /^client: \d+ transaction\(s\) committed/);
    assert.match(io.stdout, /^ {2}reconnects: {6}0;/m);
    assert.match(
      io.stderr,
      new RegExp(
        `^pgcluster: ERROR: 127\\.0\\.0\\.1:${inst.port}: client: stopped on SQLSTATE 23505 during insert: duplicate key value violates unique constraint "pgcluster_client_demo_pkey"$`,
        'm',
      ),
    );
    assert.match(
      io.stderr,
      /^HINT: SQLSTATE 23505 is not a failover error: running the same thing again would fail the same way\. Not retried: fix the cause/m,
    );
  });
});

describe('the client with several targets', () => {
  let pair: Awaited<ReturnType<typeof createSyncPair>>;
  before(async () => {
    pair = await createSyncPair();
  });
  after(async () => {
    await pair?.stop();
  });

  it('passes over a port nothing listens on and a hot standby, and writes on the primary', async () => {
    const dead = await freePort();
    const s = await runClient(
      {
        targets: [
          { host: '127.0.0.1', port: dead },
          { host: '127.0.0.1', port: pair.standby.port },
          { host: '127.0.0.1', port: pair.primary.port },
        ],
        count: 20,
        outageTimeoutMs: 10_000,
      },
      { connect: connectorFor(pair.primary) },
    );
    assert.equal(s.ok, true, JSON.stringify(s.failure));
    assert.deepEqual(
      s.sessions.map((x) => x.target),
      [`127.0.0.1:${pair.primary.port}`],
    );
    assert.equal(s.standbysSkipped, 1);
    assert.deepEqual(s.codes, ['ECONNREFUSED']);
    assert.deepEqual(s.committed, { count: 20, ranges: [[1, 20]] });
    assert.deepEqual(await missing(pair.primary, s), []);
    // Synchronous replication: the standby has them too.
    assert.deepEqual(await missing(pair.standby, s), []);
  });
});

describe('pgcluster probe on real PostgreSQL', () => {
  let late: TestInstance;
  before(async () => {
    late = await TestInstance.create('late');
    process.env.PGPASSWORD = superuserPassword;
  });
  after(async () => {
    delete process.env.PGPASSWORD;
    if (await late?.isRunning()) await late.stop('immediate');
  });

  it('waits for a server that starts 2 s later and reports the time and the codes it saw', async () => {
    const io = collect();
    const cmd = probeCommand(
      ['--host', `127.0.0.1:${late.port}`, '--user', late.user, '--timeout', '25', '--json'],
      io,
    );
    await sleep(2000);
    await late.start();
    assert.equal(await cmd, 0, io.stdout + io.stderr);
    const r = JSON.parse(io.stdout) as {
      ok: boolean;
      seconds: number;
      attempts: number;
      codes: string[];
      target: string;
    };
    assert.equal(r.ok, true);
    assert.equal(r.target, `127.0.0.1:${late.port}`);
    assert.ok(r.seconds >= 1.9 && r.seconds < 20, `seconds ${r.seconds}`);
    assert.ok(r.attempts > 1);
    assert.equal(r.codes[0], 'ECONNREFUSED');
    for (const c of r.codes) assert.ok(['ECONNREFUSED', '57P03'].includes(c), c);
  });

  it('fails against a dead port after the timeout, saying what it saw', async () => {
    const dead = await freePort();
    const io = collect();
    const t0 = Date.now();
    assert.equal(
      await probeCommand(['--host', `127.0.0.1:${dead}`, '--timeout', '2', '--user', late.user], io),
      1,
    );
    const took = Date.now() - t0;
    assert.ok(took >= 2000 && took < 6000, `took ${took} ms`);
    assert.match(
      io.stderr,
      new RegExp(
        `^pgcluster: ERROR: probe: no connection to 127\\.0\\.0\\.1:${dead} within 2 s \\(saw ECONNREFUSED\\)`,
      ),
    );
    assert.match(io.stderr, /attempt\(s\) in 2 s/);
    // What Test-PgClusterFailover reads.
    const json = collect();
    assert.equal(await probeCommand(['--host', `127.0.0.1:${dead}`, '--timeout', '1', '--json'], json), 1);
    const r = JSON.parse(json.stdout) as {
      ok: boolean;
      codes: string[];
      error: { code: string; message: string };
    };
    assert.deepEqual([r.ok, r.codes, r.error.code], [false, ['ECONNREFUSED'], 'PROBE_TIMEOUT']);
    assert.equal(r.error.message, `probe: no connection to 127.0.0.1:${dead} within 1 s (saw ECONNREFUSED)`);
  });

  it('usage errors say what to give', async () => {
    const io = collect();
    await assert.rejects(probeCommand([], io), (e: Error & { code?: string; hint?: string }) => {
      assert.equal(e.code, 'USAGE');
      assert.match(e.message, /^probe: --host <host:port>\[,<host:port>\.\.\.\] is required/);
      return true;
    });
    await assert.rejects(
      clientCommand(['--host', 'a:1', '--count', '5', '--duration', '3'], io),
      /cannot be used together/,
    );
    await assert.rejects(clientCommand(['--host', 'a:x'], io), /--host: "a:x" is not host:port/);
    await assert.rejects(clientCommand(['--host', 'a:1', '--bogus'], io), /client: Unknown option '--bogus'/);
  });
});

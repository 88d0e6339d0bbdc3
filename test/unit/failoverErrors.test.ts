import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import pg from 'pg';
import {
  DRIVER_TABLE,
  SQLSTATE_RULES,
  SITUATIONS,
  classifyClientError,
  renderClientRules,
  renderDriverTable,
  spliceGenerated,
  tableSqlstates,
} from '../../src/client/failoverErrors.js';

/** A server error as node-postgres builds it from an ErrorResponse. */
function serverError(code: string, message: string, severity = 'ERROR'): pg.DatabaseError {
  const e = new pg.DatabaseError(message, 100, 'error');
  e.severity = severity;
  e.code = code;
  e.file = 'postgres.c';
  e.routine = 'ProcessInterrupts';
  return e;
}

/** A socket error as Node.js builds it. */
function socketError(code: string, syscall = 'connect'): NodeJS.ErrnoException {
  return Object.assign(new Error(`${syscall} ${code} 10.0.0.50:26500`), {
    errno: -1,
    code,
    syscall,
    address: '10.0.0.50',
    port: 26500,
  });
}

/** A real ECONNREFUSED: connect to a port that was just closed. */
async function realRefusal(): Promise<unknown> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((r) => srv.close(r));
  const c = new pg.Client({
    host: '127.0.0.1',
    port,
    user: 'x',
    database: 'x',
    connectionTimeoutMillis: 2000,
  });
  return c.connect().then(
    () => assert.fail('connected to a closed port'),
    (e: unknown) => e,
  );
}

describe('classifyClientError: failover SQLSTATEs', () => {
  const reconnect: [string, string, string][] = [
    ['57P01', 'FATAL', 'terminating connection due to administrator command'],
    ['57P02', 'WARNING', 'terminating connection because of crash of another server process'],
    ['57P03', 'FATAL', 'the database system is starting up'],
    ['57P03', 'FATAL', 'the database system is in recovery mode'],
    ['57P03', 'FATAL', 'the database system is shutting down'],
    ['08001', 'ERROR', 'unable to establish connection'],
    ['08006', 'FATAL', 'connection failure'],
    ['08S01', 'ERROR', 'communication link failure'],
    ['25006', 'ERROR', 'cannot execute INSERT in a read-only transaction'],
  ];
  for (const [code, severity, message] of reconnect)
    it(`${code} (${message}) reconnects`, () => {
      const c = classifyClientError(serverError(code, message, severity));
      assert.equal(c.action, 'reconnect');
      assert.equal(c.sqlstate, code);
      assert.equal(c.code, code);
      assert.match(c.reason, new RegExp(`^${code} `));
    });

  it('57P02 as the WARNING notice the server sends before it closes the connection reconnects', () => {
    const notice = {
      name: 'notice',
      severity: 'WARNING',
      code: '57P02',
      message: 'terminating connection because of crash of another server process',
    };
    assert.equal(classifyClientError(notice).action, 'reconnect');
  });

  it('40001 runs the transaction again, on the same session', () => {
    const c = classifyClientError(
      serverError('40001', 'could not serialize access due to concurrent update'),
    );
    assert.deepEqual([c.action, c.sqlstate], ['retry-transaction', '40001']);
  });

  const fail: [string, string][] = [
    ['42P01', 'relation "pgcluster_client_demo" does not exist'],
    ['23505', 'duplicate key value violates unique constraint "pgcluster_client_demo_pkey"'],
    ['28P01', 'password authentication failed for user "app"'],
    ['3D000', 'database "nope" does not exist'],
    ['40P01', 'deadlock detected'],
    ['53300', 'sorry, too many clients already'],
    ['26000', 'prepared statement "s1" does not exist'],
    ['YE000', 'unknown'],
  ];
  for (const [code, message] of fail)
    it(`${code} (${message}) fails and is never retried`, () => {
      const c = classifyClientError(serverError(code, message));
      assert.deepEqual([c.action, c.sqlstate, c.code], ['fail', code, code]);
    });
});

describe('classifyClientError: errors without a SQLSTATE (the table\'s "empty string" / NULL)', () => {
  it('a real refused connection reconnects', async () => {
    const c = classifyClientError(await realRefusal());
    assert.deepEqual([c.action, c.sqlstate, c.code], ['reconnect', null, 'ECONNREFUSED']);
  });

  for (const code of ['ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])
    it(`${code} reconnects`, () => {
      const c = classifyClientError(socketError(code));
      assert.deepEqual([c.action, c.sqlstate, c.code], ['reconnect', null, code]);
    });

  it('EPIPE, five capitals like a SQLSTATE, is read as the socket error it is', () => {
    const c = classifyClientError(socketError('EPIPE', 'write'));
    assert.deepEqual([c.action, c.sqlstate, c.code], ['reconnect', null, 'EPIPE']);
  });

  it('an AggregateError of refused addresses (one name, several addresses) reconnects', () => {
    const agg = new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')], 'connect');
    assert.equal(classifyClientError(agg).action, 'reconnect');
  });

  const lost: [string, string][] = [
    ['Connection terminated unexpectedly', 'CONNECTION_LOST'],
    ['Client has encountered a connection error and is not queryable', 'CONNECTION_LOST'],
    ['timeout expired', 'CONNECT_TIMEOUT'],
    ['Connection terminated due to connection timeout', 'CONNECT_TIMEOUT'],
    ['Query read timeout', 'QUERY_TIMEOUT'],
  ];
  for (const [message, code] of lost)
    it(`"${message}" reconnects as ${code}`, () => {
      const c = classifyClientError(new Error(message));
      assert.deepEqual([c.action, c.sqlstate, c.code], ['reconnect', null, code]);
    });

  it('a host name that does not exist fails (a typo, not a failover)', () => {
    const c = classifyClientError(socketError('ENOTFOUND', 'getaddrinfo'));
    assert.deepEqual([c.action, c.code], ['fail', 'ENOTFOUND']);
  });

  it('no password fails with what to set', () => {
    const c = classifyClientError(
      new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string'),
    );
    assert.equal(c.action, 'fail');
    assert.match(c.reason, /PGPASSWORD/);
  });

  it('anything else fails: a closed client, a TypeError, a string', () => {
    for (const e of [
      new Error('Client was closed and is not queryable'),
      new TypeError('x is undefined'),
      'boom',
    ])
      assert.equal(classifyClientError(e).action, 'fail', String(e));
  });
});

describe('the driver table (V12.0 001 §5.3, V12.6 004 §3.4.1)', () => {
  it('has the six drivers and the four situations', () => {
    assert.deepEqual(
      DRIVER_TABLE.map((d) => d.driver),
      [
        'JDBC',
        'ODBC',
        '.NET Data Provider (Npgsql)',
        'libpq',
        'ECPG (embedded SQL in C)',
        'COBOL embedded SQL',
      ],
    );
    for (const d of DRIVER_TABLE)
      for (const s of SITUATIONS) assert.ok(d.reports[s.key].length > 0, d.driver);
  });

  it('lists the SQLSTATEs of the manuals', () => {
    assert.deepEqual(tableSqlstates().sort(), [
      '08001',
      '08006',
      '08S01',
      '26000',
      '40001',
      '57P01',
      '57P02',
      'YE000',
    ]);
  });

  it('every SQLSTATE of the table has an explicit rule, and every rule marked "in the table" is in it', () => {
    const inTable = new Set(tableSqlstates());
    const ruled = new Set(SQLSTATE_RULES.map((r) => r.sqlstate));
    for (const s of inTable) assert.ok(ruled.has(s), `no rule for ${s}`);
    for (const r of SQLSTATE_RULES) assert.equal(inTable.has(r.sqlstate), r.inTable, r.sqlstate);
  });

  it('the rules and the classifier agree', () => {
    for (const r of SQLSTATE_RULES)
      assert.equal(classifyClientError(serverError(r.sqlstate, 'x')).action, r.action, r.sqlstate);
  });

  it('keeps the differences between the editions', () => {
    const table = renderDriverTable();
    assert.match(
      table,
      /^\| ODBC: SQLSTATE \| `57P01`, `08S01`, empty string \(V12\.0 only\) \| `08001` \|/m,
    );
    assert.match(
      table,
      /^\| ECPG \(embedded SQL in C\): SQLSTATE \| `57P01`, `57P02`, `YE000`, `26000`, `40001` \(V12\.6 only\) \|/m,
    );
    assert.match(
      table,
      /^\| COBOL embedded SQL \(V12\.6 only\): SQLSTATE \| `57P01`, `57P02`, `YE000`, `26000`, `40001` \|/m,
    );
    assert.match(
      table,
      /^\| \.NET Data Provider \(Npgsql\): `NpgsqlException\.Code` \| `57P01`, empty string, NullReferenceException \| empty string \|/m,
    );
    assert.equal(table.split('\n').length, 2 + DRIVER_TABLE.length);
  });

  it('the client rules name every code with its action', () => {
    const rules = renderClientRules();
    assert.match(rules, /^\| `57P03` \| cannot_connect_now \| no \| reconnect \|/m);
    assert.match(rules, /^\| `40001` \| serialization_failure \| yes \| run the transaction again \|/m);
    assert.match(rules, /^\| `26000` \| invalid_sql_statement_name \| yes \| stop \(not retried\) \|/m);
    assert.match(rules, /ECONNREFUSED/);
  });

  it('splices generated text between its markers, and says when the markers are missing', () => {
    const doc = 'a\n<!-- BEGIN t (generated from src/client/failoverErrors.ts) -->\nold\n<!-- END t -->\nb\n';
    assert.equal(
      spliceGenerated(doc, 't', 'new'),
      'a\n<!-- BEGIN t (generated from src/client/failoverErrors.ts) -->\nnew\n<!-- END t -->\nb\n',
    );
    assert.throws(() => spliceGenerated('nothing', 't', 'x'), /has no "<!-- BEGIN t/);
  });
});

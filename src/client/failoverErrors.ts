/**
 * What a client sees while the server fails over, and what the PgCluster client does about it.
 * Pure data and decisions, no I/O.
 *
 * DRIVER_TABLE is the manuals' table of the codes each driver reports (V12.0 001 §5.3, V12.6 004
 * §3.4.1; SPEC §7.9). docs/client-behaviour.md shows it and the rules below; test/unit/docs.test.ts
 * checks the document against this file, so the two cannot disagree.
 *
 * classifyClientError decides, for an error thrown by node-postgres (`pg`), whether to reconnect,
 * rerun the transaction, or stop. It reconnects only on the failover codes of the table that a
 * PostgreSQL wire client can see, a few codes the table leaves out for good reasons (57P03, 25006),
 * and the connection-level errors that carry no SQLSTATE (the table's "empty string" / NULL).
 * Everything else stops the run: an application error must never be retried in a loop.
 */

export type ClientAction = 'reconnect' | 'retry-transaction' | 'fail';

/** The manual's four situations, in its column order. */
export type Situation =
  'downDuringAccess' | 'accessedWhileDown' | 'switchedDuringAccess' | 'accessedWhileSwitching';

export const SITUATIONS: readonly { key: Situation; title: string }[] = [
  { key: 'downDuringAccess', title: 'down during access' },
  { key: 'accessedWhileDown', title: 'accessed while down' },
  { key: 'switchedDuringAccess', title: 'switched during access' },
  { key: 'accessedWhileSwitching', title: 'accessed while switching' },
];

/** One value a driver reports in one situation. */
export interface DriverReport {
  /** As the driver shows it: a SQLSTATE, "empty string", "NULL", a status or an exception name. */
  value: string;
  kind: 'sqlstate' | 'no-sqlstate' | 'status' | 'exception';
  /** Listed by one edition of the manual only; absent when both list it. */
  only?: 'V12.0' | 'V12.6';
}

export interface DriverRow {
  driver: string;
  /** Where the application reads the value. */
  source: string;
  /** Set when only one edition of the manual has the driver. */
  only?: 'V12.0' | 'V12.6';
  reports: Record<Situation, readonly DriverReport[]>;
}

const sqlstate = (value: string, only?: 'V12.0' | 'V12.6'): DriverReport =>
  only ? { value, kind: 'sqlstate', only } : { value, kind: 'sqlstate' };
const EMPTY = (only?: 'V12.0' | 'V12.6'): DriverReport =>
  only
    ? { value: 'empty string', kind: 'no-sqlstate', only }
    : { value: 'empty string', kind: 'no-sqlstate' };

/** The same reports while the server is down and while it switches (the manuals say "same"). */
function sameForSwitch(
  duringAccess: readonly DriverReport[],
  whileDown: readonly DriverReport[],
): Record<Situation, readonly DriverReport[]> {
  return {
    downDuringAccess: duringAccess,
    accessedWhileDown: whileDown,
    switchedDuringAccess: duringAccess,
    accessedWhileSwitching: whileDown,
  };
}

const EMBEDDED_SQL = [
  sqlstate('57P01'),
  sqlstate('57P02'),
  sqlstate('YE000'),
  sqlstate('26000'),
  sqlstate('40001', 'V12.6'),
];

export const DRIVER_TABLE: readonly DriverRow[] = [
  {
    driver: 'JDBC',
    source: '`SQLException.getSQLState()`',
    reports: sameForSwitch([sqlstate('57P01'), sqlstate('08006')], [sqlstate('08001')]),
  },
  {
    driver: 'ODBC',
    source: 'SQLSTATE',
    reports: sameForSwitch([sqlstate('57P01'), sqlstate('08S01'), EMPTY('V12.0')], [sqlstate('08001')]),
  },
  {
    driver: '.NET Data Provider (Npgsql)',
    source: '`NpgsqlException.Code`',
    reports: sameForSwitch(
      [sqlstate('57P01'), EMPTY(), { value: 'NullReferenceException', kind: 'exception' }],
      [EMPTY()],
    ),
  },
  {
    driver: 'libpq',
    source: '`PQresultStatus()`, `PQresultErrorField(PG_DIAG_SQLSTATE)`, `PQstatus()`',
    reports: sameForSwitch(
      [
        { value: 'PGRES_FATAL_ERROR', kind: 'status' },
        sqlstate('57P01'),
        { value: 'NULL', kind: 'no-sqlstate' },
      ],
      [{ value: 'CONNECTION_BAD', kind: 'status' }],
    ),
  },
  {
    driver: 'ECPG (embedded SQL in C)',
    source: 'SQLSTATE',
    reports: sameForSwitch(EMBEDDED_SQL, [sqlstate('08001')]),
  },
  {
    driver: 'COBOL embedded SQL',
    source: 'SQLSTATE',
    only: 'V12.6',
    reports: sameForSwitch(
      EMBEDDED_SQL.map((r) => sqlstate(r.value)),
      [sqlstate('08001')],
    ),
  },
];

/** Every SQLSTATE the table lists, in order of first appearance. */
export function tableSqlstates(): string[] {
  const out: string[] = [];
  for (const row of DRIVER_TABLE)
    for (const s of SITUATIONS)
      for (const r of row.reports[s.key])
        if (r.kind === 'sqlstate' && !out.includes(r.value)) out.push(r.value);
  return out;
}

export interface SqlstateRule {
  sqlstate: string;
  /** PostgreSQL's condition name, or the driver's meaning for codes PostgreSQL never sends. */
  name: string;
  action: ClientAction;
  /** In the manuals' table, or added by us (with the reason in `why`). */
  inTable: boolean;
  why: string;
}

/**
 * The SQLSTATEs the client decides on explicitly. Every SQLSTATE of DRIVER_TABLE has a rule here
 * (the unit test checks it); any SQLSTATE not listed fails.
 */
export const SQLSTATE_RULES: readonly SqlstateRule[] = [
  {
    sqlstate: '57P01',
    name: 'admin_shutdown',
    action: 'reconnect',
    inTable: true,
    why: 'the server ends the session because it is stopping (a switch, a fast or immediate stop)',
  },
  {
    sqlstate: '57P02',
    name: 'crash_shutdown',
    action: 'reconnect',
    inTable: true,
    // The server sends it as a WARNING just before it closes the connection; ECPG also uses it for
    // any lost connection.
    why: 'another server process crashed; the server drops every session and restarts',
  },
  {
    sqlstate: '57P03',
    name: 'cannot_connect_now',
    action: 'reconnect',
    inTable: false,
    // Not in the manuals' table, which names what drivers report for a refused connection (08001).
    // After a failover the new server accepts TCP connections while it still replays WAL, and
    // refuses sessions with 57P03 until it is ready; the same code comes while a server shuts down.
    why: 'the server is starting (recovery after a failover or crash) or shutting down; it will accept sessions soon',
  },
  {
    sqlstate: '08001',
    name: 'sqlclient_unable_to_establish_sqlconnection',
    action: 'reconnect',
    inTable: true,
    why: "a driver's code for a connection that could not be made (the server is down or not yet up)",
  },
  {
    sqlstate: '08006',
    name: 'connection_failure',
    action: 'reconnect',
    inTable: true,
    why: "a driver's code for a connection lost during a statement",
  },
  {
    sqlstate: '08S01',
    name: 'communication link failure (ODBC)',
    action: 'reconnect',
    inTable: true,
    why: "ODBC's code for a connection lost during a statement",
  },
  {
    sqlstate: '25006',
    name: 'read_only_sql_transaction',
    action: 'reconnect',
    inTable: false,
    // Not in the table (shared-disk failover has one server). On a multiplexing pair, a session
    // that survives on a server which became a standby, or a connection to the standby, gets this:
    // look for the primary again.
    why: 'the session is on a standby (for example the old primary after a switch); find the primary',
  },
  {
    sqlstate: '40001',
    name: 'serialization_failure',
    action: 'retry-transaction',
    inTable: true,
    // ECPG and COBOL list it from V12.6; on a hot standby, a recovery conflict cancels queries with it.
    why: 'the transaction was rolled back and may succeed if run again; the session is still usable',
  },
  {
    sqlstate: '26000',
    name: 'invalid_sql_statement_name',
    action: 'fail',
    inTable: true,
    // ECPG gets it when, after reconnecting, it executes a statement prepared on the old session.
    // node-postgres prepares its statements again on each new connection, so for this client it
    // can only mean a fault in the application.
    why: "ECPG's follow-on error: a statement prepared on the old session is unknown to the new one; this client prepares again on every connection, so here it is an application error",
  },
  {
    sqlstate: 'YE000',
    name: 'ECPG internal error',
    action: 'fail',
    inTable: true,
    // ecpglib reports YE000 when libpq gives no SQLSTATE; a wire client sees the underlying
    // connection error itself, which is classified below. PostgreSQL never sends YE000.
    why: "ECPG's own code when libpq returns no SQLSTATE; this client sees the connection error itself and reconnects on that",
  },
];

const RULES = new Map(SQLSTATE_RULES.map((r) => [r.sqlstate, r]));

/** Node.js socket error codes that mean the server or the network path is gone (for now). */
export const CONNECTION_ERROR_CODES: readonly string[] = [
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
];

/** node-postgres messages for a connection lost without a SQLSTATE, and the name we record. */
export const CONNECTION_LOST_MESSAGES: readonly { message: string; code: string }[] = [
  { message: 'Connection terminated unexpectedly', code: 'CONNECTION_LOST' },
  { message: 'Client has encountered a connection error and is not queryable', code: 'CONNECTION_LOST' },
  { message: 'timeout expired', code: 'CONNECT_TIMEOUT' },
  { message: 'Connection terminated due to connection timeout', code: 'CONNECT_TIMEOUT' },
  // Our query_timeout: no answer at all, as from a frozen server or a cut network.
  { message: 'Query read timeout', code: 'QUERY_TIMEOUT' },
];

export interface Classification {
  action: ClientAction;
  /** The SQLSTATE the server (or driver) gave; null for connection-level errors. */
  sqlstate: string | null;
  /** What to record and show: the SQLSTATE, the socket error code, or our name for the message. */
  code: string;
  reason: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const SQLSTATE_RE = /^[0-9A-Z]{5}$/;

/** A Node.js system error (socket, DNS): it has errno/syscall, and its code is not a SQLSTATE. */
function isSystemError(e: Record<string, unknown>): boolean {
  return typeof e.syscall === 'string' || typeof e.errno === 'number';
}

function messageOf(e: unknown): string {
  if (isObject(e) && typeof e.message === 'string') return e.message;
  return String(e);
}

/** The SQLSTATE of a server error or notice (pg's DatabaseError, NoticeMessage), else null. */
export function sqlstateOf(err: unknown): string | null {
  if (!isObject(err) || isSystemError(err)) return null;
  return typeof err.code === 'string' && SQLSTATE_RE.test(err.code) ? err.code : null;
}

/** The socket error code, also inside an AggregateError (several addresses tried for one name). */
function systemCodeOf(err: Record<string, unknown>): string | undefined {
  if (isSystemError(err) && typeof err.code === 'string') return err.code;
  if (Array.isArray(err.errors)) {
    for (const inner of err.errors as unknown[])
      if (isObject(inner) && isSystemError(inner) && typeof inner.code === 'string') return inner.code;
  }
  if (typeof err.code === 'string' && err.code.startsWith('E') && !SQLSTATE_RE.test(err.code))
    return err.code;
  return undefined;
}

export function classifyClientError(err: unknown): Classification {
  const state = sqlstateOf(err);
  if (state !== null) {
    const rule = RULES.get(state);
    if (rule && rule.action !== 'fail')
      return {
        action: rule.action,
        sqlstate: state,
        code: state,
        reason: `${state} ${rule.name}: ${rule.why}`,
      };
    return {
      action: 'fail',
      sqlstate: state,
      code: state,
      reason: rule
        ? `${state} ${rule.name}: ${rule.why}`
        : `SQLSTATE ${state} is not a failover error: running the same thing again would fail the same way`,
    };
  }
  if (isObject(err)) {
    const sys = systemCodeOf(err);
    if (sys !== undefined) {
      if (CONNECTION_ERROR_CODES.includes(sys))
        return {
          action: 'reconnect',
          sqlstate: null,
          code: sys,
          reason: `${sys}: no connection to the server (down, switching, or the network path is gone)`,
        };
      if (sys === 'ENOTFOUND')
        return {
          action: 'fail',
          sqlstate: null,
          code: sys,
          reason:
            'ENOTFOUND: the host name does not resolve; check the host name (a DNS answer that the name does not exist is not a failover)',
        };
      return { action: 'fail', sqlstate: null, code: sys, reason: `${sys}: not a failover error` };
    }
  }
  const message = messageOf(err);
  const lost = CONNECTION_LOST_MESSAGES.find((m) => message === m.message);
  if (lost)
    return {
      action: 'reconnect',
      sqlstate: null,
      code: lost.code,
      reason: `${lost.code}: the connection ended without a SQLSTATE (the table's "empty string" / NULL)`,
    };
  if (/password/i.test(message))
    return {
      action: 'fail',
      sqlstate: null,
      code: 'NO_PASSWORD',
      reason: 'no usable password: set PGPASSWORD or add the server to the pgpass file (PGPASSFILE)',
    };
  return {
    action: 'fail',
    sqlstate: null,
    code: 'ERROR',
    reason: 'neither a SQLSTATE nor a lost connection: not a failover error',
  };
}

// ---- documentation ----

function cell(reports: readonly DriverReport[]): string {
  return reports
    .map((r) => {
      const v = r.kind === 'sqlstate' || r.kind === 'status' ? `\`${r.value}\`` : r.value;
      return r.only ? `${v} (${r.only} only)` : v;
    })
    .join(', ');
}

/** The manuals' driver table as Markdown (docs/client-behaviour.md). */
export function renderDriverTable(): string {
  const head = `| driver (value) | ${SITUATIONS.map((s) => s.title).join(' | ')} |`;
  const rule = `| --- | ${SITUATIONS.map(() => '---').join(' | ')} |`;
  const rows = DRIVER_TABLE.map((d) => {
    const name = `${d.driver}${d.only ? ` (${d.only} only)` : ''}: ${d.source}`;
    return `| ${name} | ${SITUATIONS.map((s) => cell(d.reports[s.key])).join(' | ')} |`;
  });
  return [head, rule, ...rows].join('\n');
}

const ACTION_WORDS: Record<ClientAction, string> = {
  reconnect: 'reconnect',
  'retry-transaction': 'run the transaction again',
  fail: 'stop (not retried)',
};

/** What the PgCluster client does with each code (docs/client-behaviour.md). */
export function renderClientRules(): string {
  const rows = SQLSTATE_RULES.map(
    (r) =>
      `| \`${r.sqlstate}\` | ${r.name} | ${r.inTable ? 'yes' : 'no'} | ${ACTION_WORDS[r.action]} | ${r.why} |`,
  );
  const lost = [
    `| no SQLSTATE: ${CONNECTION_ERROR_CODES.map((c) => `\`${c}\``).join(', ')} | socket errors | yes ("empty string", NULL) | reconnect | the server or the path to it is gone |`,
    `| no SQLSTATE: ${CONNECTION_LOST_MESSAGES.map((m) => `"${m.message}"`).join(', ')} | connection lost or no answer | yes ("empty string", NULL) | reconnect | the connection ended or timed out |`,
    '| any other SQLSTATE (for example `42P01`, `23505`, `28P01`) | | no | stop (not retried) | the statement or the set-up is wrong; running it again would fail the same way |',
    '| any other error without a SQLSTATE (for example `ENOTFOUND`, no password) | | no | stop (not retried) | a configuration error, not a failover |',
  ];
  return [
    '| code | meaning | in the table | PgCluster client | why |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    ...lost,
  ].join('\n');
}

/** Replaces the text between `<!-- BEGIN name -->` and `<!-- END name -->` in a document. */
export function spliceGenerated(doc: string, name: string, content: string): string {
  const begin = `<!-- BEGIN ${name} (generated from src/client/failoverErrors.ts) -->`;
  const end = `<!-- END ${name} -->`;
  const a = doc.indexOf(begin);
  const b = doc.indexOf(end);
  if (a < 0 || b < a) throw new Error(`the document has no "${begin}" ... "${end}" section`);
  return `${doc.slice(0, a + begin.length)}\n${content}\n${doc.slice(b)}`;
}

/** Both generated sections of docs/client-behaviour.md put in place. */
export function renderClientBehaviourDoc(doc: string): string {
  return spliceGenerated(
    spliceGenerated(doc, 'driver-table', renderDriverTable()),
    'client-rules',
    renderClientRules(),
  );
}

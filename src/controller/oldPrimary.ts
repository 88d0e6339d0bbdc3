/**
 * Before `mc_ctl switch --force` promotes this standby while the primary's controller does not
 * answer: is the old primary's PostgreSQL still there? A controller can be silent for reasons that
 * leave its PostgreSQL running (the controller was killed, a firewall rule, a key copied wrong),
 * and promoting then makes two primaries. The evidence is this standby's own WAL receiver and the
 * server its primary_conninfo names; the verdict is pure (oldPrimaryVerdict).
 */
import pg from 'pg';
import { parseConninfo } from '../postgres/conninfo.js';
import { passwordFor } from '../postgres/pgpass.js';
import { probePostmasterAccept } from './probes.js';

export interface OldPrimaryEvidence {
  /** pg_stat_wal_receiver.status on this standby, when it has a WAL receiver. */
  walReceiver?: string;
  /** Each server primary_conninfo names, and what it answered. */
  targets: {
    host: string;
    port: number;
    /** A new connection got the postmaster's answer (the SSLRequest byte). */
    answers: boolean;
    /** pg_is_in_recovery() there, when a session could ask. */
    inRecovery?: boolean;
    /** Why a session could not ask. */
    sessionError?: string;
  }[];
}

/** Why the old primary must be taken as alive, or undefined when it is gone or no primary any more. */
export function oldPrimaryVerdict(e: OldPrimaryEvidence): string | undefined {
  if (e.walReceiver === 'streaming')
    return 'this standby still receives WAL from it (pg_stat_wal_receiver says streaming)';
  for (const t of e.targets) {
    if (!t.answers || t.inRecovery === true) continue;
    return t.inRecovery === false
      ? `its PostgreSQL at ${t.host}:${t.port} answers as a primary (pg_is_in_recovery() is false)`
      : `its PostgreSQL at ${t.host}:${t.port} answers, and could not be asked whether it is a primary (${t.sessionError ?? 'no answer'})`;
  }
  return undefined;
}

/** The hosts and ports of a conninfo (libpq allows comma-separated lists of both). */
export function conninfoTargets(conninfo: Record<string, string>): { host: string; port: number }[] {
  const hosts = (conninfo.host ?? conninfo.hostaddr ?? '').split(',').filter((h) => h !== '');
  const ports = (conninfo.port ?? '5432').split(',').map((p) => Number(p) || 5432);
  return hosts.map((host, i) => ({ host, port: ports[i] ?? ports[0] ?? 5432 }));
}

/** Gathers the evidence: each target probed within `deadlineMs`. */
export async function gatherOldPrimaryEvidence(
  primaryConninfo: string,
  walReceiver: string | undefined,
  deadlineMs: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<OldPrimaryEvidence> {
  let conninfo: Record<string, string> = {};
  try {
    conninfo = parseConninfo(primaryConninfo);
  } catch {
    // An unreadable primary_conninfo cannot stream either; the WAL receiver still counts.
  }
  const user = conninfo.user ?? env.PGUSER ?? '';
  const passEnv = conninfo.passfile ? { ...env, PGPASSFILE: conninfo.passfile } : env;
  const targets = await Promise.all(
    conninfoTargets(conninfo).map(async ({ host, port }) => {
      const accept = await probePostmasterAccept(host, port, deadlineMs);
      if (!accept.ok) return { host, port, answers: false };
      const password =
        conninfo.password ??
        passwordFor({ host, port, database: 'postgres', user }, passEnv) ??
        passwordFor({ host, port, database: 'replication', user }, passEnv);
      const client = new pg.Client({
        host,
        port,
        user,
        database: 'postgres',
        ...(password !== undefined ? { password } : {}),
        connectionTimeoutMillis: deadlineMs,
        query_timeout: deadlineMs,
        application_name: 'mc_agent',
      });
      client.on('error', () => undefined);
      try {
        await client.connect();
        const r = await client.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r');
        return { host, port, answers: true, inRecovery: r.rows[0]!.r };
      } catch (err) {
        return { host, port, answers: true, sessionError: (err as Error).message };
      } finally {
        client.end().catch(() => undefined);
      }
    }),
  );
  return { ...(walReceiver !== undefined ? { walReceiver } : {}), targets };
}

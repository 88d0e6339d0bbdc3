/**
 * The answer to mc_ctl status, built from what a controller knows: its own snapshot, its peer's
 * last one, its records and the causes the table cannot show. Pure, so the columns' words and the
 * pair's verdict are tested without a pair.
 */
import { hostRoleLabel } from './fsm.js';
import { statusWord, type Snapshot } from './decide.js';
import { pairMirroring } from './statusVerdict.js';
import type { ArbiterLinkStatus } from './arbiterLink.js';
import type { IntervalFailures } from './intervalErrors.js';
import type { ServerState } from './state.js';

export interface ServerStatusRow {
  serverId: string;
  hostRole: string;
  host: string;
  hostStatus: string;
  dbProcStatus: string;
  diskStatus: string;
}

export interface StatusReport {
  mirroring: string;
  failoverEnabled: boolean;
  detectionWindowMs: number;
  servers: ServerStatusRow[];
  lastError?: ServerState['lastError'];
  answeredBy: string;
  controllers: Record<string, 'running' | 'stopped' | 'unreachable'>;
  /** Each controller's connection to the arbiter; absent when network.conf names none. */
  arbiter?: { id: string; links: Record<string, ArbiterLinkStatus | undefined> };
  /** The answering controller's monitoring intervals that failed in a row, while they do. */
  monitoringFailures?: IntervalFailures;
  /** Causes the table cannot show: a key mismatch, a standby that cannot catch up. */
  problems?: string[];
}

export interface StatusInput {
  self: Snapshot;
  peerId: string;
  /** network.conf's servers, in its order. */
  network: { id: string; host: string }[];
  /** The peer's last snapshot, and whether it still counts (answered, not refusing, within the limit). */
  peer: { snapshot?: Snapshot; fresh: boolean; refused: boolean };
  stored: Pick<ServerState, 'role' | 'mirroring' | 'failoverEnabled' | 'lastError'>;
  failuresToAbnormal: number;
  detectionWindowMs: number;
  /** Each server's data directory, named by an abnormal disk status. */
  dataDirs: Record<string, string>;
  monitoringFailures?: IntervalFailures;
  problems: string[];
  arbiter?: { id: string; self: ArbiterLinkStatus };
}

function rowFor(
  i: StatusInput,
  entry: { id: string; host: string },
  snap: Snapshot | undefined,
  reachable: boolean,
): ServerStatusRow {
  if (!snap) {
    return {
      serverId: entry.id,
      hostRole: 'unknown',
      host: entry.host,
      hostStatus: i.peer.refused
        ? 'abnormal(authentication)'
        : reachable
          ? 'normal'
          : i.peer.snapshot?.stopping
            ? 'unknown'
            : 'abnormal(heartbeat)',
      dbProcStatus: 'unknown',
      diskStatus: 'unknown',
    };
  }
  const k = i.failuresToAbnormal;
  return {
    serverId: entry.id,
    hostRole: hostRoleLabel(snap.role),
    host: entry.host,
    hostStatus: 'normal',
    dbProcStatus: !snap.postmasterRunning
      ? 'abnormal(postmaster)'
      : statusWord(snap.db, snap.failures.db, k, 'no response'),
    diskStatus: statusWord(
      snap.disk,
      snap.failures.disk,
      k,
      (!snap.disk.ok && snap.disk.where) || (i.dataDirs[entry.id] ?? 'data directory'),
    ),
  };
}

export function buildStatus(i: StatusInput): StatusReport {
  const selfId = i.self.serverId;
  const peerSnap = i.peer.fresh ? i.peer.snapshot : undefined;
  const servers = i.network.map((e) =>
    e.id === selfId ? rowFor(i, e, i.self, true) : rowFor(i, e, peerSnap, peerSnap !== undefined),
  );
  const report: StatusReport = {
    mirroring: pairMirroring({
      role: i.stored.role,
      stored: i.stored.mirroring,
      peerFresh: peerSnap !== undefined,
      ...(peerSnap ? { peer: { role: peerSnap.role, mirroring: peerSnap.mirroring } } : {}),
    }),
    failoverEnabled: i.stored.failoverEnabled,
    detectionWindowMs: i.detectionWindowMs,
    servers,
    answeredBy: selfId,
    controllers: {
      [selfId]: 'running',
      [i.peerId]: peerSnap ? 'running' : i.peer.snapshot?.stopping ? 'stopped' : 'unreachable',
    },
  };
  const lastError = i.stored.lastError ?? peerSnap?.lastError;
  if (lastError) report.lastError = lastError;
  if (i.monitoringFailures) report.monitoringFailures = i.monitoringFailures;
  if (i.problems.length > 0) report.problems = i.problems;
  if (i.arbiter) {
    report.arbiter = { id: i.arbiter.id, links: { [selfId]: i.arbiter.self, [i.peerId]: peerSnap?.arbiter } };
  }
  return report;
}

/**
 * What `mc_ctl status` may claim, decided from what was observed — never from a stored word alone.
 * Pure: the controller and the files-only status feed it facts, so every rule is tested without
 * processes. Two questions:
 *  - pairMirroring: the mirroring status to show. "switchable" is a promise that a switch would
 *    work now, so it needs both controllers talking; a state file's old word is not enough.
 *  - judgeStatus: the exit status a monitoring script can act on, and the reasons behind it.
 */
import type { Mirroring, Role } from './fsm.js';

export interface MirroringFacts {
  /** This server's role on record. */
  role: Role;
  /** The mirroring status this server has on record (its state file). */
  stored: Mirroring;
  /**
   * The peer's controller answered lately and accepted us; absent, refused or silent past the
   * detection window is not fresh.
   */
  peerFresh: boolean;
  /** What a fresh peer reports: its role and its own mirroring word. */
  peer?: { role: Role | 'unknown'; mirroring: Mirroring };
}

export function pairMirroring(f: MirroringFacts): Mirroring {
  const peerPrimary = f.peerFresh && f.peer?.role === 'primary';
  switch (f.role) {
    case 'primary':
      // The primary owns the word, but cannot switch with a controller it cannot reach.
      return f.stored === 'switchable' && !f.peerFresh ? 'not-switchable' : f.stored;
    case 'inactivated_primary':
      // Fenced by a switch: the pair is switched until this server is rebuilt, whatever was on file.
      return peerPrimary ? f.peer!.mirroring : 'switched';
    default:
      // A standby (or a disconnected or unset server) repeats the primary's word, and has none alone.
      return peerPrimary ? f.peer!.mirroring : 'not-switchable';
  }
}

/** mc_ctl status's exit status: a monitoring script's whole answer. Usage errors exit 2, as in every mode. */
export const STATUS_EXIT = { healthy: 0, degraded: 1, noAnswer: 3 } as const;

export type Health = keyof typeof STATUS_EXIT;

export interface StatusFacts {
  mirroring: string;
  servers: {
    serverId: string;
    hostRole: string;
    hostStatus: string;
    dbProcStatus: string;
    diskStatus: string;
  }[];
  controllers: Record<string, 'running' | 'stopped' | 'unreachable'>;
  answeredBy: string;
  monitoringFailures?: { count: number; last: string };
  /** Causes the controller found that the table cannot show (a key mismatch, a standby that cannot catch up). */
  problems?: string[];
}

export interface StatusVerdict {
  health: Health;
  exitCode: (typeof STATUS_EXIT)[Health];
  /** Empty when healthy; otherwise each thing that keeps the pair from it, most telling first. */
  reasons: string[];
}

const COLUMNS = [
  ['hostStatus', 'host_status'],
  ['dbProcStatus', 'db_proc_status'],
  ['diskStatus', 'disk_status'],
] as const;

export function judgeStatus(s: StatusFacts): StatusVerdict {
  const running = Object.values(s.controllers).filter((c) => c === 'running').length;
  if (running === 0) {
    return {
      health: 'noAnswer',
      exitCode: STATUS_EXIT.noAnswer,
      reasons: [
        `no Mirroring Controller answered (${Object.entries(s.controllers)
          .map(([id, c]) => `${id}: ${c}`)
          .join(', ')}); the table shows only what the files say`,
      ],
    };
  }
  const reasons = [...(s.problems ?? [])];
  if (s.mirroring !== 'switchable') reasons.push(`mirroring status is ${s.mirroring}`);
  for (const [id, c] of Object.entries(s.controllers))
    if (c !== 'running') reasons.push(`${id}: its Mirroring Controller is ${c}`);
  for (const row of s.servers) {
    if (row.hostRole !== 'primary' && row.hostRole !== 'standby')
      reasons.push(`${row.serverId}: host_role ${row.hostRole}`);
    for (const [key, title] of COLUMNS)
      if (row[key] !== 'normal') reasons.push(`${row.serverId}: ${title} ${row[key]}`);
  }
  const roles = s.servers.map((r) => r.hostRole);
  const primaries = roles.filter((r) => r === 'primary').length;
  if (primaries === 0) reasons.push('no server is the primary');
  if (primaries > 1) reasons.unshift('more than one server reports itself the primary');
  if (s.monitoringFailures)
    reasons.push(
      `${s.answeredBy}: ${s.monitoringFailures.count} monitoring interval(s) in a row failed (${s.monitoringFailures.last})`,
    );
  return reasons.length === 0
    ? { health: 'healthy', exitCode: STATUS_EXIT.healthy, reasons }
    : { health: 'degraded', exitCode: STATUS_EXIT.degraded, reasons };
}

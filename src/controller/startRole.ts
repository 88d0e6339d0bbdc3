/**
 * Which role a starting controller may take, and when it must refuse to start: an inactivated
 * primary never comes back as primary (safety rule 2), and no server starts as primary while its
 * peer's controller or the arbiter knows another primary. Asked once, before anything is started.
 */
import { PgClusterError, isPgClusterError } from '../errors.js';
import type { McDirectory } from '../config/mcDirectory.js';
import type { Instance } from '../postgres/instance.js';
import type { McLogger } from '../log/logger.js';
import type { AdminClient } from './adminNet.js';
import type { ArbiterClient } from './arbiterLink.js';
import type { Snapshot } from './decide.js';
import { hostRoleLabel, type Role } from './fsm.js';
import { changeRole, type ServerState } from './state.js';

export interface StartContext {
  readonly id: string;
  readonly peerId: string;
  readonly dir: McDirectory;
  readonly log: McLogger;
  readonly instance: Instance;
  readonly peerClient: AdminClient;
  readonly arbiter: ArbiterClient | undefined;
  /** Changed in place when the role changes (saved by the caller once the start succeeds). */
  readonly state: ServerState;
  readonly timeoutMs: number;
  /** The heartbeat this server sends, to ask the peer what it is. */
  snapshot(): Snapshot;
}

/**
 * The role this start may take. An inactivated primary never comes back as primary (safety rule 2),
 * and no server starts as primary while its peer's controller says it is the primary.
 */
export async function decideStartRole(c: StartContext): Promise<Role> {
  const standby = c.instance.isStandbyConfigured();
  if (c.state.role === 'inactivated_primary' && !standby) {
    c.log.emit('MCA00303', {
      server: c.id,
      hint: `rebuild it from the new primary with mc_ctl setup, then start it`,
    });
    throw new PgClusterError(
      'INACTIVATED_PRIMARY',
      `server ${c.id} was inactivated as primary by a switch and must not start as primary`,
      {
        where: c.instance.dataDir,
        hint: `rebuild it as a standby of the new primary: mc_ctl setup -M ${c.dir.mcDir} -r standby -h <new primary> -p <port> -U <user>, then mc_ctl start`,
      },
    );
  }
  const wanted: Role = standby ? 'standby' : 'primary';
  if (wanted === 'primary') {
    let refused = false;
    let busy = false;
    const peer = await c.peerClient.call('heartbeat', c.snapshot(), c.timeoutMs).catch((e: unknown) => {
      const code = isPgClusterError(e) ? e.code : '';
      refused = code === 'PEER_REFUSED' || code.startsWith('PROTOCOL_');
      busy = code === 'PEER_BUSY';
      return undefined;
    });
    if (busy) {
      throw new PgClusterError(
        'PEER_BUSY',
        `the controller of ${c.peerId} is alive but too busy to take this server's connection, so it cannot be checked that it is not a primary`,
        {
          hint: `its admin port is flooded by connections without the key (see its log, MCA00401/MCA00405); block them, then start again`,
        },
      );
    }
    if (refused) {
      throw new PgClusterError(
        'PEER_REFUSES_US',
        `the controller of ${c.peerId} answers but refuses this server, so it cannot be checked that it is not a primary`,
        { hint: 'make mc.key and network.conf identical on both servers, then start again' },
      );
    }
    // Reported healthy: it is about to start, and a failure now would invite a needless switch.
    const answer = await c.arbiter?.beat({ role: 'primary', healthy: true }, c.timeoutMs);
    const other = answer?.conflictWith ?? answer?.otherPrimary;
    if (other && !answer?.deposed) {
      throw new PgClusterError(
        'PEER_IS_PRIMARY',
        `the arbiter ${c.arbiter!.id} knows ${other} as a primary; starting ${c.id} as a primary would make two`,
        {
          where: c.instance.dataDir,
          hint: `check mc_ctl status --arbiter on ${other}; rebuild this server as a standby with mc_ctl setup -h ${c.dir.peer.entry.host}`,
        },
      );
    }
    if (answer?.deposed) {
      throw new PgClusterError(
        'DEPOSED_PRIMARY',
        `the arbiter ${c.arbiter!.id} granted ${answer.primary ?? c.peerId} the promotion in place of ${c.id}: starting it as a primary would make two`,
        {
          where: c.instance.dataDir,
          hint: `rebuild this server as a standby with mc_ctl setup -h ${c.dir.peer.entry.host}`,
        },
      );
    }
    const snap = (peer as { result?: Snapshot } | undefined)?.result;
    // Two primaries by their own records is refused even when the peer's instance is down.
    if (snap && snap.role === 'primary' && !snap.stopping) {
      throw new PgClusterError(
        'PEER_IS_PRIMARY',
        `server ${c.peerId} is already the primary; starting ${c.id} as a primary would make two`,
        {
          where: c.instance.dataDir,
          hint: `rebuild this server as a standby with mc_ctl setup -h ${c.dir.peer.entry.host}`,
        },
      );
    }
  }
  if (c.state.role !== wanted) {
    let change;
    try {
      change = changeRole(c.state, 'start', wanted);
    } catch {
      throw new PgClusterError(
        'ROLE_MISMATCH',
        `this server was last a ${hostRoleLabel(c.state.role)} but its instance is now configured as a ${wanted}`,
        {
          where: c.instance.dataDir,
          hint: 'the data directory was changed outside mc_ctl; rebuild this server with mc_ctl setup',
        },
      );
    }
    c.log.emit('MCA00005', {
      server: c.id,
      from: change.from,
      to: change.to,
      reason: change.reason,
    });
  }
  return wanted;
}

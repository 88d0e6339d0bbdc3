/**
 * The maintenance workflows of manual 000 §5.4 as plans.
 *
 * BothNodes (simultaneous stopped-node maintenance: database recovery, shared disks): the role
 * goes offline and the other nodes' Cluster service stops; with disk access the role's disks are
 * brought online on their own. The manual relies on the active node losing quorum when the
 * standby's Cluster service stops; a cluster with a witness and dynamic quorum keeps running, so
 * the role is taken offline explicitly, first, while PostgreSQL can still stop cleanly.
 *
 * StandbyNode (mutual switch maintenance: patches, CPU, memory; no stop of the job): the Cluster
 * service of the node that does not run the role stops; afterwards it starts again, the role may
 * switch to it, and the same is done for the other node.
 *
 * The state lives in the cluster (which nodes are down, whether the role is offline), not in a
 * file of ours, so a plan made twice is the same plan and a half-finished one can be finished.
 */
import { PgClusterError } from '../errors.js';
import { roleDisks, type ObservedRole } from './observedRole.js';
import type { RoleActionOperation } from './operations.js';

export type MaintenanceMode = 'BothNodes' | 'StandbyNode';
export type MaintenancePhase = 'start' | 'stop';

export interface MaintenanceOptions {
  mode: MaintenanceMode;
  phase: MaintenancePhase;
  /** StandbyNode: which node to maintain (default: the one node that does not run the role). */
  node?: string;
  /** BothNodes start: bring the role's disks online for the work (recovery, disk checks). */
  diskAccess?: boolean;
  /** StandbyNode stop: switch the role to the maintained node afterwards (§5.4.2.4). */
  switchRole?: boolean;
}

function findNode(o: ObservedRole, name: string) {
  const node = o.nodes.find((n) => n.name.toLowerCase() === name.toLowerCase());
  if (!node)
    throw new PgClusterError('NODE_NOT_FOUND', `"${name}" is not a node of this cluster`, {
      where: name,
      hint: `the nodes are ${o.nodes.map((n) => n.name).join(', ')}`,
    });
  return node;
}

export function planMaintenance(o: ObservedRole, opts: MaintenanceOptions): RoleActionOperation[] {
  if (!o.exists)
    throw new PgClusterError('ROLE_NOT_FOUND', `the cluster has no role named "${o.role}"`, {
      where: o.role,
      hint: 'Get-PgClusterRole lists the PostgreSQL roles',
    });
  if (!o.ownerNode)
    throw new PgClusterError('ROLE_NO_OWNER', `role "${o.role}" has no owner node`, {
      hint: 'Get-ClusterGroup shows why; bring a node up first',
    });
  const owner = findNode(o, o.ownerNode);
  if (owner.state !== 'Up')
    throw new PgClusterError('ACTIVE_NODE_DOWN', `the role's node ${owner.name} is ${owner.state}`, {
      where: owner.name,
      hint: `start its Cluster service (Start-ClusterNode -Name ${owner.name}) before maintenance`,
    });
  const group = o.role;
  const others = o.nodes.filter((n) => n.name !== owner.name);
  const m = `-Mode ${opts.mode}`;

  if (opts.mode === 'BothNodes' && opts.phase === 'start') {
    const ops: RoleActionOperation[] = [
      { kind: 'wsfc.groupStop', group },
      ...others.map((n): RoleActionOperation => ({ kind: 'wsfc.nodeStop', node: n.name })),
    ];
    const disks = roleDisks(o);
    if (opts.diskAccess)
      ops.push(...disks.map((d): RoleActionOperation => ({ kind: 'wsfc.resourceStart', resource: d.name })));
    ops.push({
      kind: 'wsfc.manual',
      text:
        `PostgreSQL is stopped and only ${owner.name} runs the Cluster service` +
        (opts.diskAccess ? `; the disks (${disks.map((d) => d.name).join(', ')}) are online there` : '') +
        `. Do the maintenance now (start the instance outside the cluster only for recovery work,` +
        ` and stop it again), then run Stop-PgClusterMaintenance -Name ${group} ${m}.`,
    });
    return ops;
  }

  if (opts.mode === 'BothNodes') {
    // Release: the role online first, then the other nodes' Cluster service (the manual's order).
    return [
      { kind: 'wsfc.groupStart', group },
      ...others.map((n): RoleActionOperation => ({ kind: 'wsfc.nodeStart', node: n.name })),
      {
        kind: 'wsfc.manual',
        text: `The role ${group} runs on ${owner.name}; every node is back in the cluster.`,
      },
    ];
  }

  // StandbyNode: never the node that runs the role.
  let node: string;
  if (opts.node !== undefined) {
    node = findNode(o, opts.node).name;
    if (node === owner.name)
      throw new PgClusterError('NODE_IS_ACTIVE', `${node} runs role "${group}": it is not the standby node`, {
        where: node,
        hint: `switch the role away first (Move-PgClusterRole -Name ${group}), then maintain ${node}`,
      });
  } else {
    const candidates = opts.phase === 'start' ? others : others.filter((n) => n.state === 'Down');
    if (opts.phase === 'stop' && candidates.length === 0)
      return [{ kind: 'wsfc.manual', text: `No node is stopped for maintenance; nothing to do.` }];
    if (candidates.length !== 1)
      throw new PgClusterError(
        'NODE_AMBIGUOUS',
        `${candidates.length} nodes could be the standby node: ${candidates.map((n) => n.name).join(', ')}`,
        { hint: 'name the node to maintain with -Node' },
      );
    node = candidates[0]!.name;
  }
  if (opts.phase === 'start')
    return [
      { kind: 'wsfc.nodeStop', node },
      {
        kind: 'wsfc.manual',
        text:
          `${node} is out of the cluster; ${group} keeps running on ${owner.name}. Maintain ${node}` +
          ` (patches, hardware), then run Stop-PgClusterMaintenance -Name ${group} ${m} -Node ${node} -SwitchRole.`,
      },
    ];
  const ops: RoleActionOperation[] = [{ kind: 'wsfc.nodeStart', node }];
  if (opts.switchRole) {
    ops.push(
      { kind: 'wsfc.groupMove', group, node },
      {
        kind: 'wsfc.manual',
        text: `${group} now runs on ${node}. To maintain ${owner.name}: Start-PgClusterMaintenance -Name ${group} ${m} -Node ${owner.name}.`,
      },
    );
  } else {
    ops.push({
      kind: 'wsfc.manual',
      text: `${node} is back. Next (§5.4.2.4): Move-PgClusterRole -Name ${group} -Node ${node}, then maintain ${owner.name} the same way.`,
    });
  }
  return ops;
}

/**
 * Plans that act on a role that exists, decided from what the cluster reports (ObservedRole):
 * removing it without losing a disk, switching it to another node (manual 000 §5.1), and the
 * checking operation of §3.5 (move it, connect through the access point, move it back).
 */
import { PgClusterError } from '../errors.js';
import { byName, DISK_TYPE, roleDisks, type ObservedRole } from './observedRole.js';
import type { RoleActionOperation } from './operations.js';

export const AVAILABLE_STORAGE = 'Available Storage';

function requireRole(o: ObservedRole): void {
  if (!o.exists)
    throw new PgClusterError('ROLE_NOT_FOUND', `the cluster has no role named "${o.role}"`, {
      where: o.role,
      hint: 'Get-PgClusterRole lists the PostgreSQL roles; create one with New-PgClusterRole',
    });
}

/** The node a move goes to: the one asked for (checked), or the only other node that is up. */
function targetNode(o: ObservedRole, asked: string | undefined, purpose: string): string | null {
  if (asked !== undefined) {
    const node = o.nodes.find((n) => n.name.toLowerCase() === asked.toLowerCase());
    if (!node)
      throw new PgClusterError('NODE_NOT_FOUND', `"${asked}" is not a node of this cluster`, {
        where: asked,
        hint: `the nodes are ${o.nodes.map((n) => n.name).join(', ')}`,
      });
    if (node.state !== 'Up')
      throw new PgClusterError(
        'NODE_NOT_UP',
        `node ${node.name} is ${node.state}: the role cannot ${purpose} there`,
        {
          where: node.name,
          hint:
            node.state === 'Paused'
              ? `resume it first: Resume-ClusterNode -Name ${node.name}`
              : `start its Cluster service first: Start-ClusterNode -Name ${node.name} (or Stop-PgClusterMaintenance)`,
        },
      );
    return node.name;
  }
  const others = o.nodes.filter((n) => n.name !== o.ownerNode && n.state === 'Up');
  if (others.length === 0)
    throw new PgClusterError(
      'NO_STANDBY_NODE',
      `no other node is up to take role "${o.role}" (owner: ${o.ownerNode ?? 'none'})`,
      {
        hint: `the nodes: ${o.nodes.map((n) => `${n.name} ${n.state}`).join(', ')}; start or resume one first`,
      },
    );
  // With more than one candidate the cluster picks the best possible node, as the GUI does.
  return others.length === 1 ? others[0]!.name : null;
}

/**
 * Removal keeps the data: the role is taken offline, its own resources are removed dependents
 * first, its disks go back to Available Storage, then the empty role is removed.
 */
export function planRoleRemoval(o: ObservedRole): RoleActionOperation[] {
  if (!o.exists) return [];
  const group = o.role;
  const ops: RoleActionOperation[] = [{ kind: 'wsfc.groupStop', group }];
  const removable = o.resources.filter((r) => r.type !== DISK_TYPE);
  const removed = new Set<string>();
  // Dependents first: a resource goes once nothing left in the role depends on it.
  while (removed.size < removable.length) {
    const next = removable.filter(
      (r) =>
        !removed.has(r.name) &&
        !removable.some((other) => !removed.has(other.name) && other.dependsOn.includes(r.name)),
    );
    // A dependency cycle cannot be made in WSFC; if the report holds one, take the rest in order.
    const batch = (next.length ? next : removable.filter((r) => !removed.has(r.name))).sort(byName);
    for (const r of batch) {
      ops.push({ kind: 'wsfc.resourceRemove', group, resource: r.name });
      removed.add(r.name);
    }
  }
  for (const disk of roleDisks(o))
    ops.push({ kind: 'wsfc.diskRelease', group, disk: disk.name, toGroup: AVAILABLE_STORAGE });
  ops.push({ kind: 'wsfc.groupRemove', group });
  return ops;
}

/** Switching (manual 000 §5.1): the role to the node asked for, or to the other node. */
export function planRoleMove(o: ObservedRole, node?: string): RoleActionOperation[] {
  requireRole(o);
  if (node !== undefined && o.ownerNode?.toLowerCase() === node.toLowerCase())
    return [{ kind: 'wsfc.groupMove', group: o.role, node: o.ownerNode }];
  return [{ kind: 'wsfc.groupMove', group: o.role, node: targetNode(o, node, 'move') }];
}

export interface FailoverCheckOptions {
  port: number;
  /** Where clients connect; default: the role's network name. */
  host?: string;
  node?: string;
  /** Leave the role on the other node instead of moving it back. */
  stay?: boolean;
}

/**
 * The checking operation of manual 000 §3.5: the role online, a client connects through the
 * access point, the role moves to the other node, a client connects again, and it moves back.
 */
export function planFailoverCheck(o: ObservedRole, opts: FailoverCheckOptions): RoleActionOperation[] {
  requireRole(o);
  if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535)
    throw new PgClusterError('USAGE', `port ${opts.port} is not a TCP port`, {
      hint: "give the instance's port (the port line of its postgresql.conf)",
    });
  const host = opts.host ?? o.accessPoint;
  if (!host)
    throw new PgClusterError('NO_ACCESS_POINT', `role "${o.role}" has no Network Name resource`, {
      hint: 'give -HostName, or repair the role with New-PgClusterRole',
    });
  const home = o.ownerNode;
  const target = targetNode(o, opts.node, 'fail over');
  if (home !== null && target?.toLowerCase() === home.toLowerCase())
    throw new PgClusterError('SAME_NODE', `role "${o.role}" already runs on ${home}`, {
      hint: 'name another node with -Node: the check moves the role away and back',
    });
  const probe = (expectNode: string | null): RoleActionOperation => ({
    kind: 'wsfc.probe',
    group: o.role,
    host,
    port: opts.port,
    expectNode,
  });
  const ops: RoleActionOperation[] = [
    { kind: 'wsfc.groupStart', group: o.role },
    probe(home),
    { kind: 'wsfc.groupMove', group: o.role, node: target },
    probe(target),
  ];
  if (!opts.stay && home !== null)
    ops.push({ kind: 'wsfc.groupMove', group: o.role, node: home }, probe(home));
  return ops;
}

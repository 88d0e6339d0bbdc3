/**
 * What the cluster says about a role right now: written by Get-PgClusterRole (FailoverClusters
 * cmdlets) as JSON and read here, checked field by field, so the plans that act on a running
 * role (remove, move, maintenance, failover check) are decided in TypeScript from facts.
 */
import { PgClusterError } from '../errors.js';
import { JsonFields } from './jsonFields.js';

export type NodeState = 'Up' | 'Down' | 'Paused' | 'Joining' | 'Unknown';

export interface ObservedResource {
  name: string;
  /** The cluster resource type: "Physical Disk", "IP Address", "Network Name", "Generic Service", … */
  type: string;
  state: string;
  dependsOn: string[];
}

export interface ObservedRole {
  role: string;
  /** False when the cluster has no group of that name (nothing to remove, nothing to move). */
  exists: boolean;
  /** Online, Offline, Failed, PartialOnline, Pending … as Get-ClusterGroup reports it. */
  state: string;
  ownerNode: string | null;
  nodes: { name: string; state: NodeState }[];
  resources: ObservedResource[];
  /** The DNS name of the role's Network Name resource: where clients connect. */
  accessPoint: string | null;
}

export const DISK_TYPE = 'Physical Disk';
// The cluster lists resources in no set order; sorting makes the same role give the same plan.
export const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

/** The role's disk resources, by name. */
export const roleDisks = (o: ObservedRole): ObservedResource[] =>
  o.resources.filter((r) => r.type === DISK_TYPE).sort(byName);

const NODE_STATES: readonly NodeState[] = ['Up', 'Down', 'Paused', 'Joining', 'Unknown'];

export function parseObservedRole(text: string, file: string): ObservedRole {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new PgClusterError('ROLE_STATE_INVALID', `${file} is not JSON: ${(e as Error).message}`, {
      where: file,
      hint: 'the file is written by Get-PgClusterRole | ConvertTo-Json; write it again',
    });
  }
  const f = new JsonFields();
  const { problems } = f;
  const obj = f.obj.bind(f);
  const str = f.str.bind(f);
  const list = (o: Record<string, unknown>, key: string, at: string) => f.list(o, key, at, true);
  const top = obj(raw, '$');
  const exists = top.exists;
  if (typeof exists !== 'boolean') problems.push('$.exists: true or false is expected');
  const nodes = list(top, 'nodes', '$').map((n, i) => {
    const o = obj(n, `$.nodes[${i}]`);
    const state = str(o, 'state', `$.nodes[${i}]`) ?? '';
    if (state && !NODE_STATES.includes(state as NodeState))
      problems.push(`$.nodes[${i}].state: one of ${NODE_STATES.join(', ')} is expected, not "${state}"`);
    return { name: str(o, 'name', `$.nodes[${i}]`) ?? '', state: state as NodeState };
  });
  const resources = list(top, 'resources', '$').map((r, i) => {
    const at = `$.resources[${i}]`;
    const o = obj(r, at);
    const dependsOn = list(o, 'dependsOn', at).map((d, j) => {
      if (typeof d !== 'string') problems.push(`${at}.dependsOn[${j}]: a resource name is expected`);
      return String(d);
    });
    return {
      name: str(o, 'name', at) ?? '',
      type: str(o, 'type', at) ?? '',
      state: str(o, 'state', at) ?? '',
      dependsOn,
    };
  });
  const observed: ObservedRole = {
    role: str(top, 'role', '$') ?? '',
    exists: exists === true,
    state: str(top, 'state', '$', true) ?? 'Unknown',
    ownerNode: str(top, 'ownerNode', '$', true),
    nodes,
    resources,
    accessPoint: str(top, 'accessPoint', '$', true),
  };
  if (observed.exists && nodes.length === 0) problems.push('$.nodes: the cluster nodes are missing');
  if (problems.length)
    throw new PgClusterError(
      'ROLE_STATE_INVALID',
      `${file} has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`,
      {
        where: file,
        hint: 'the file is written by Get-PgClusterRole | ConvertTo-Json -Depth 5; do not edit it by hand',
      },
    );
  return observed;
}

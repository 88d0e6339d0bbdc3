/**
 * The Generic Service role of an instance as a plan (manual 000 §3.2 / §4.2): the role (group),
 * its shared disks, a client access point if used (a network name on one or more IP addresses:
 * static IPv4, IPv6 or DHCP, several for multi-subnet), the Generic Service resource running the
 * instance's service, the preferred owners, and dependencies so that the disks and the access
 * point are online before PostgreSQL starts. Pure and ordered; the FailoverClusters cmdlets carry
 * it out, and for Windows Server 2003 the same plan renders as a cluster.exe script.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { PgClusterError } from '../errors.js';
import type { RoleOperation } from './operations.js';

export type { RoleOperation } from './operations.js';

/** The client access point as the administrator gives it (New-PgClusterRole's parameters). */
export interface AccessPointInput {
  /** The network name (NetBIOS). */
  name: string;
  /** Static addresses, one per network: IPv4 (mask from subnetMasks or /n) or IPv6 with /prefix. */
  addresses?: string[];
  /** IPv4 subnet masks, one per address, or one for every IPv4 address. */
  subnetMasks?: string[];
  /** The cluster networks, in the order of the addresses; with DHCP one DHCP address per network. */
  networks: string[];
  dhcp?: boolean;
}

export interface RoleDescription {
  role: string;
  serviceName: string;
  /** Cluster disk resources, e.g. "Cluster Disk 1" (MSCS: "Disk E:"). */
  disks: string[];
  /** Optional: the manual creates one "if used"; without it clients connect to a node's name. */
  accessPoint?: AccessPointInput;
  /** Preferred owners in order; none = leave the cluster's setting alone. */
  preferredOwners?: string[];
  /** Generic Service resource name; default: the role name + " PostgreSQL". */
  resourceName?: string;
}

type IpOperation = Extract<RoleOperation, { kind: 'wsfc.ipAddress' }>;

const NETBIOS = /^[A-Za-z0-9][A-Za-z0-9-]{0,14}$/;
const NAME = /^[^"\\[\]]{1,128}$/;

function maskFromBits(bits: number): string {
  const n = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

function isSubnetMask(mask: string): boolean {
  if (!isIPv4(mask)) return false;
  const bits = mask.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  return /^1+0*$/.test(bits.toString(2).padStart(32, '0'));
}

/** The IP resources' properties, or the problems of the access point (each naming its field). */
function addressResources(
  group: string,
  ap: AccessPointInput,
  problems: string[],
): Omit<IpOperation, 'kind' | 'group'>[] {
  const addresses = ap.addresses ?? [];
  const masks = ap.subnetMasks ?? [];
  if (!NETBIOS.test(ap.name))
    problems.push(`accessPoint.name "${ap.name}": 1-15 letters, digits or hyphens (a NetBIOS name)`);
  if (ap.networks.length === 0)
    problems.push(
      'accessPoint.networks: the cluster network of each address (-Network), e.g. Cluster Network 1',
    );
  for (const n of ap.networks)
    if (!NAME.test(n)) problems.push(`accessPoint.networks: "${n}" is not a cluster network name`);
  if (ap.dhcp && addresses.length) {
    problems.push(
      'accessPoint: DHCP together with static addresses; give either -Dhcp or -StaticAddress, not both',
    );
    return [];
  }
  if (!ap.dhcp && addresses.length === 0) {
    problems.push(
      'accessPoint.addresses: no address; give -StaticAddress, or -Dhcp to lease one per network',
    );
    return [];
  }
  if (ap.dhcp && masks.length)
    problems.push('accessPoint.subnetMasks: DHCP leases the mask too; leave -SubnetMask out');
  const numbered = (i: number, count: number) =>
    count === 1 ? `${group} IP Address` : `${group} IP Address ${i + 1}`;
  if (ap.dhcp)
    return ap.networks.map((network, i) => ({
      resource: numbered(i, ap.networks.length),
      resourceType: 'IP Address' as const,
      parameters: { EnableDhcp: 1, Network: network },
    }));
  if (addresses.length !== ap.networks.length) {
    problems.push(
      `accessPoint: ${addresses.length} address(es) but ${ap.networks.length} network(s); give one -Network per -StaticAddress, in the same order`,
    );
    return [];
  }
  if (masks.length > 1 && masks.length !== addresses.length)
    problems.push(
      `accessPoint.subnetMasks: ${masks.length} masks for ${addresses.length} addresses; give one per address, or one for all`,
    );
  const ops: Omit<IpOperation, 'kind' | 'group'>[] = [];
  addresses.forEach((given, i) => {
    const [address = '', prefix, extra] = given.split('/');
    const bits = prefix === undefined ? undefined : Number(prefix);
    const network = ap.networks[i]!;
    const resource = numbered(i, addresses.length);
    if (extra !== undefined || (prefix !== undefined && !/^\d{1,3}$/.test(prefix))) {
      problems.push(`accessPoint.addresses "${given}": an address, optionally with /prefix-length`);
    } else if (isIPv4(address)) {
      const mask =
        bits !== undefined
          ? bits >= 1 && bits <= 32
            ? maskFromBits(bits)
            : ''
          : (masks[i] ?? (masks.length === 1 ? masks[0]! : undefined));
      if (mask === undefined)
        problems.push(
          `accessPoint.addresses "${given}": the subnet mask is missing; give -SubnetMask (e.g. 255.255.255.0) or write ${address}/24`,
        );
      else if (!isSubnetMask(mask))
        problems.push(
          `accessPoint.subnetMasks "${mask || given}": a subnet mask such as 255.255.255.0 (or /1 to /32)`,
        );
      else
        ops.push({
          resource,
          resourceType: 'IP Address',
          parameters: { Address: address, SubnetMask: mask, Network: network, EnableDhcp: 0 },
        });
    } else if (isIPv6(address)) {
      if (bits === undefined || bits < 1 || bits > 128)
        problems.push(
          `accessPoint.addresses "${given}": an IPv6 address needs its prefix length, e.g. ${address}/64`,
        );
      else
        ops.push({
          resource,
          resourceType: 'IPv6 Address',
          parameters: { Address: address, PrefixLength: bits, Network: network },
        });
    } else {
      problems.push(`accessPoint.addresses "${given}": not an IPv4 or IPv6 address`);
    }
  });
  return ops;
}

function invalid(problems: string[]): PgClusterError {
  return new PgClusterError(
    'ROLE_INVALID',
    `the role description has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`,
    { hint: 'fix the fields listed; names are the ones Failover Cluster Manager shows; nothing was changed' },
  );
}

/** Checks a description and plans it; every problem at once, each naming its field. */
export function planRole(d: RoleDescription): RoleOperation[] {
  const problems: string[] = [];
  if (!NAME.test(d.role))
    problems.push(`role "${d.role}": 1-128 characters, no quotes, brackets or backslashes`);
  if (!/^[A-Za-z0-9_.-]{1,256}$/.test(d.serviceName))
    problems.push(`serviceName "${d.serviceName}": a Windows service name`);
  if (d.disks.length === 0) problems.push('disks: at least one shared disk resource');
  for (const disk of d.disks) if (!NAME.test(disk)) problems.push(`disks: "${disk}" is not a resource name`);
  const owners = d.preferredOwners ?? [];
  for (const node of owners)
    if (!NETBIOS.test(node)) problems.push(`preferredOwners: "${node}" is not a node name`);
  if (new Set(owners.map((n) => n.toLowerCase())).size !== owners.length)
    problems.push('preferredOwners: a node is named twice');
  const group = d.role;
  const ips = d.accessPoint ? addressResources(group, d.accessPoint, problems) : [];
  if (problems.length) throw invalid(problems);

  const svc = d.resourceName ?? `${group} PostgreSQL`;
  const nn = `${group} Network Name`;
  const ops: RoleOperation[] = [
    { kind: 'wsfc.group', group },
    ...d.disks.map((disk): RoleOperation => ({ kind: 'wsfc.disk', group, disk })),
  ];
  if (d.accessPoint) {
    ops.push(...ips.map((ip): RoleOperation => ({ kind: 'wsfc.ipAddress', group, ...ip })));
    ops.push({ kind: 'wsfc.networkName', group, resource: nn, dnsName: d.accessPoint.name });
    // Multi-subnet: the name is online when any one of its addresses is (an OR group).
    ops.push({ kind: 'wsfc.dependency', resource: nn, dependsOn: [ips.map((ip) => ip.resource)] });
  }
  ops.push({ kind: 'wsfc.genericService', group, resource: svc, serviceName: d.serviceName });
  // Disks and the access point online before the service: the manual's dependency order.
  ops.push({
    kind: 'wsfc.dependency',
    resource: svc,
    dependsOn: [...d.disks, ...(d.accessPoint ? [nn] : [])].map((n) => [n]),
  });
  if (owners.length) ops.push({ kind: 'wsfc.ownerNodes', group, nodes: owners });
  return ops;
}

/** Set-ClusterResourceDependency's expression: "[A] and ([B] or [C])". */
export function dependencyExpression(groups: string[][]): string {
  return groups
    .map((g) => (g.length === 1 ? `[${g[0]}]` : `(${g.map((n) => `[${n}]`).join(' or ')})`))
    .join(' and ');
}

/**
 * Reads a dependency expression as Get-ClusterResourceDependency returns it, e.g.
 * "([IP Address 10.0.0.5] or [IP Address 2001::5]) and [Cluster Disk 1]", into its AND groups
 * of OR'ed names; null when it is not of that form.
 */
export function parseDependencyExpression(expression: string): string[][] | null {
  const text = expression.trim();
  if (text === '') return [];
  const groups: string[][] = [];
  const term = /^\s*(?:\(\s*((?:\[[^\]]+\]\s*(?:or\s*)?)+)\)|\[([^\]]+)\])\s*(and\b|$)/i;
  let rest = text;
  while (rest.length) {
    const m = term.exec(rest);
    if (!m) return null;
    if (m[2] !== undefined) groups.push([m[2]]);
    else {
      const inner = m[1]!.trim();
      if (!/^\[[^\]]+\](\s+or\s+\[[^\]]+\])*$/i.test(inner)) return null;
      groups.push([...inner.matchAll(/\[([^\]]+)\]/g)].map((x) => x[1]!));
    }
    rest = rest.slice(m[0].length);
    if (m[3] && !rest.trim()) return null;
  }
  return groups;
}

/** Same dependencies: equal as a set of OR groups, each a set of names (case-insensitive). */
export function sameDependencies(a: string[][], b: string[][]): boolean {
  const key = (g: string[][]) =>
    [...new Set(g.map((or) => [...new Set(or.map((n) => n.toLowerCase()))].sort().join('\n')))]
      .sort()
      .join('\0');
  return key(a) === key(b);
}

const q = (s: string) => `"${s}"`;

/** The same plan for MSCS (Windows Server 2003): a cluster.exe batch file that can be run again. */
export function renderMscsScript(plan: RoleOperation[], cluster?: string): string {
  const c = cluster ? `cluster /cluster:${q(cluster)}` : 'cluster';
  const lines = [
    '@echo off',
    'rem Written by PgCluster (Export-PgMscsScript): the PostgreSQL role for MSCS, Windows Server 2003.',
    'rem Run it on one node as a cluster administrator; it stops at the first failing command.',
    'rem It can be run again: what exists already is not created twice.',
  ];
  const run = (cmd: string) => lines.push(cmd, 'if errorlevel 1 goto :failed');
  // "cluster ... /status" fails for a name that does not exist: create only then.
  const create = (what: 'group' | 'resource', name: string, options: string) =>
    lines.push(
      `${c} ${what} ${q(name)} /status >nul 2>&1`,
      `if errorlevel 1 ${c} ${what} ${q(name)} ${options}`,
      'if errorlevel 1 goto :failed',
    );
  // /listdep lists the resource's dependencies; /adddep of one it has already fails.
  const addDependency = (resource: string, dep: string) =>
    lines.push(
      `${c} resource ${q(resource)} /listdep | findstr /i /l /c:${q(dep)} >nul`,
      `if errorlevel 1 ${c} resource ${q(resource)} /adddep:${q(dep)}`,
      'if errorlevel 1 goto :failed',
    );
  let group = '';
  for (const op of plan) {
    switch (op.kind) {
      case 'wsfc.group':
        group = op.group;
        create('group', op.group, '/create');
        break;
      case 'wsfc.disk':
        // The status line names the disk's group: move it only when it is elsewhere.
        lines.push(
          `${c} resource ${q(op.disk)} /status | findstr /i /l /c:${q(op.group)} >nul`,
          `if errorlevel 1 ${c} resource ${q(op.disk)} /moveto:${q(op.group)}`,
          'if errorlevel 1 goto :failed',
        );
        break;
      case 'wsfc.ipAddress': {
        const p = op.parameters;
        if (op.resourceType !== 'IP Address' || p.EnableDhcp === 1)
          throw new PgClusterError(
            'MSCS_UNSUPPORTED',
            `${op.resource}: MSCS takes a static IPv4 address only`,
            {
              where: op.resource,
              hint: 'give one static IPv4 address with its subnet mask for Windows Server 2003',
            },
          );
        create('resource', op.resource, `/create /group:${q(op.group)} /type:"IP Address"`);
        run(
          `${c} resource ${q(op.resource)} /priv Address=${p.Address} SubnetMask=${p.SubnetMask} Network=${q(String(p.Network))} EnableNetBIOS=1`,
        );
        break;
      }
      case 'wsfc.networkName':
        create('resource', op.resource, `/create /group:${q(op.group)} /type:"Network Name"`);
        run(`${c} resource ${q(op.resource)} /priv Name=${q(op.dnsName)}`);
        break;
      case 'wsfc.genericService':
        create('resource', op.resource, `/create /group:${q(op.group)} /type:"Generic Service"`);
        run(`${c} resource ${q(op.resource)} /priv ServiceName=${q(op.serviceName)}`);
        break;
      case 'wsfc.dependency':
        if (op.dependsOn.some((g) => g.length > 1))
          throw new PgClusterError('MSCS_UNSUPPORTED', `${op.resource}: MSCS has no OR dependencies`, {
            where: op.resource,
            hint: 'multi-subnet access points need Windows Server 2008 or later: use New-PgClusterRole',
          });
        for (const [dep] of op.dependsOn) addDependency(op.resource, dep!);
        break;
      case 'wsfc.ownerNodes':
        run(`${c} group ${q(op.group)} /setowners:${op.nodes.join(',')}`);
        break;
    }
  }
  if (group) run(`${c} group ${q(group)} /online /wait:120`);
  lines.push(
    'echo The PostgreSQL role is online.',
    'exit /b 0',
    ':failed',
    'echo FAILED: the command above did not succeed; fix it and run this script again. 1>&2',
    'exit /b 1',
    '',
  );
  return lines.join('\r\n');
}

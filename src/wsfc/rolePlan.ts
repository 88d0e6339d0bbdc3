/**
 * The Generic Service role of an instance as a plan (manual 000 §3.2 / §4.2): the role (group),
 * its shared disks, a client access point (IP address + network name), the Generic Service
 * resource running the instance's service, and its dependencies so that the disks and the
 * access point are online before PostgreSQL starts. Pure and ordered; the FailoverClusters
 * cmdlets carry it out, and for Windows Server 2003 the same plan renders as a cluster.exe script.
 */
import { isIPv4 } from 'node:net';
import { PgClusterError } from '../errors.js';
import type { RoleOperation } from './operations.js';

export type { RoleOperation } from './operations.js';

export interface RoleDescription {
  role: string;
  serviceName: string;
  /** Cluster disk resources, e.g. "Cluster Disk 1" (MSCS: "Disk E:"). */
  disks: string[];
  accessPoint: { name: string; address: string; subnetMask: string; network: string };
  /** Generic Service resource name; default: the role name + " PostgreSQL". */
  resourceName?: string;
}

const NETBIOS = /^[A-Za-z0-9][A-Za-z0-9-]{0,14}$/;

/** Checks a description; every problem at once, each naming its field. */
export function checkRoleDescription(d: RoleDescription): void {
  const problems: string[] = [];
  const name = /^[^"\\[\]]{1,128}$/;
  if (!name.test(d.role))
    problems.push(`role "${d.role}": 1-128 characters, no quotes, brackets or backslashes`);
  if (!/^[A-Za-z0-9_.-]{1,256}$/.test(d.serviceName))
    problems.push(`serviceName "${d.serviceName}": a Windows service name`);
  if (d.disks.length === 0) problems.push('disks: at least one shared disk resource');
  for (const disk of d.disks) if (!name.test(disk)) problems.push(`disks: "${disk}" is not a resource name`);
  if (!NETBIOS.test(d.accessPoint.name))
    problems.push(
      `accessPoint.name "${d.accessPoint.name}": 1-15 letters, digits or hyphens (a NetBIOS name)`,
    );
  if (!isIPv4(d.accessPoint.address))
    problems.push(`accessPoint.address "${d.accessPoint.address}": an IPv4 address`);
  const mask = d.accessPoint.subnetMask;
  const bits = isIPv4(mask) ? mask.split('.').reduce((n, o) => n * 256 + Number(o), 0) : -1;
  const contiguous = bits >= 0 && /^1*0*$/.test(bits.toString(2).padStart(32, '0'));
  if (!contiguous) problems.push(`accessPoint.subnetMask "${mask}": a subnet mask such as 255.255.255.0`);
  if (!name.test(d.accessPoint.network))
    problems.push(`accessPoint.network "${d.accessPoint.network}": a cluster network name`);
  if (problems.length)
    throw new PgClusterError(
      'ROLE_INVALID',
      `the role description has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`,
      {
        hint: 'fix the fields listed; names are the ones Failover Cluster Manager shows',
      },
    );
}

export function planRole(d: RoleDescription): RoleOperation[] {
  checkRoleDescription(d);
  const group = d.role;
  const ip = `${group} IP Address`;
  const nn = `${group} Network Name`;
  const svc = d.resourceName ?? `${group} PostgreSQL`;
  const { address, subnetMask, network, name: dnsName } = d.accessPoint;
  return [
    { kind: 'wsfc.group', group },
    ...d.disks.map((disk): RoleOperation => ({ kind: 'wsfc.disk', group, disk })),
    { kind: 'wsfc.ipAddress', group, resource: ip, address, subnetMask, network },
    { kind: 'wsfc.networkName', group, resource: nn, dnsName, dependsOn: ip },
    { kind: 'wsfc.genericService', group, resource: svc, serviceName: d.serviceName },
    // Disks and the access point online before the service: the manual's dependency order.
    { kind: 'wsfc.dependency', resource: svc, dependsOn: [...d.disks, nn] },
  ];
}

/** Set-ClusterResourceDependency's expression: "[A] and [B]". */
export function dependencyExpression(names: string[]): string {
  return names.map((n) => `[${n}]`).join(' and ');
}

const q = (s: string) => `"${s}"`;

/** The same plan for MSCS (Windows Server 2003): a cluster.exe batch file. */
export function renderMscsScript(plan: RoleOperation[], cluster?: string): string {
  const c = cluster ? `cluster /cluster:${q(cluster)}` : 'cluster';
  const lines = [
    '@echo off',
    'rem Written by PgCluster (Export-PgMscsScript): the PostgreSQL role for MSCS, Windows Server 2003.',
    'rem Run it on one node as a cluster administrator; it stops at the first failing command.',
  ];
  const run = (cmd: string) => lines.push(cmd, 'if errorlevel 1 goto :failed');
  let group = '';
  for (const op of plan) {
    switch (op.kind) {
      case 'wsfc.group':
        group = op.group;
        run(`${c} group ${q(op.group)} /create`);
        break;
      case 'wsfc.disk':
        run(`${c} resource ${q(op.disk)} /moveto:${q(op.group)}`);
        break;
      case 'wsfc.ipAddress':
        run(`${c} resource ${q(op.resource)} /create /group:${q(op.group)} /type:"IP Address"`);
        run(
          `${c} resource ${q(op.resource)} /priv Address=${op.address} SubnetMask=${op.subnetMask} Network=${q(op.network)} EnableNetBIOS=1`,
        );
        break;
      case 'wsfc.networkName':
        run(`${c} resource ${q(op.resource)} /create /group:${q(op.group)} /type:"Network Name"`);
        run(`${c} resource ${q(op.resource)} /priv Name=${q(op.dnsName)}`);
        run(`${c} resource ${q(op.resource)} /adddep:${q(op.dependsOn)}`);
        break;
      case 'wsfc.genericService':
        run(`${c} resource ${q(op.resource)} /create /group:${q(op.group)} /type:"Generic Service"`);
        run(`${c} resource ${q(op.resource)} /priv ServiceName=${q(op.serviceName)}`);
        break;
      case 'wsfc.dependency':
        for (const dep of op.dependsOn) run(`${c} resource ${q(op.resource)} /adddep:${q(dep)}`);
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

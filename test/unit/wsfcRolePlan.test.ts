import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  dependencyExpression,
  planRole,
  renderMscsScript,
  type RoleDescription,
} from '../../src/wsfc/rolePlan.js';
import { PgClusterError } from '../../src/errors.js';

const role: RoleDescription = {
  role: 'PGSQL',
  serviceName: 'inst1',
  disks: ['Cluster Disk 1', 'Cluster Disk 2'],
  accessPoint: {
    name: 'PGSQLVS',
    address: '10.0.0.50',
    subnetMask: '255.255.255.0',
    network: 'Cluster Network 1',
  },
};

describe('the Generic Service role as a plan', () => {
  it('orders role, disks, access point, service, then the dependencies the manual asks for', () => {
    assert.deepEqual(planRole(role), [
      { kind: 'wsfc.group', group: 'PGSQL' },
      { kind: 'wsfc.disk', group: 'PGSQL', disk: 'Cluster Disk 1' },
      { kind: 'wsfc.disk', group: 'PGSQL', disk: 'Cluster Disk 2' },
      {
        kind: 'wsfc.ipAddress',
        group: 'PGSQL',
        resource: 'PGSQL IP Address',
        address: '10.0.0.50',
        subnetMask: '255.255.255.0',
        network: 'Cluster Network 1',
      },
      {
        kind: 'wsfc.networkName',
        group: 'PGSQL',
        resource: 'PGSQL Network Name',
        dnsName: 'PGSQLVS',
        dependsOn: 'PGSQL IP Address',
      },
      { kind: 'wsfc.genericService', group: 'PGSQL', resource: 'PGSQL PostgreSQL', serviceName: 'inst1' },
      {
        kind: 'wsfc.dependency',
        resource: 'PGSQL PostgreSQL',
        dependsOn: ['Cluster Disk 1', 'Cluster Disk 2', 'PGSQL Network Name'],
      },
    ]);
    assert.equal(
      dependencyExpression(['Cluster Disk 1', 'PGSQL Network Name']),
      '[Cluster Disk 1] and [PGSQL Network Name]',
    );
  });

  it('refuses a bad description, naming every field at once', () => {
    assert.throws(
      () =>
        planRole({
          role: 'PG"SQL',
          serviceName: 'inst 1',
          disks: [],
          accessPoint: {
            name: 'a-much-too-long-netbios-name',
            address: '10.0.0.500',
            subnetMask: '255.0.255.0',
            network: '',
          },
        }),
      (e: unknown) =>
        e instanceof PgClusterError &&
        e.code === 'ROLE_INVALID' &&
        [
          'role "PG"SQL"',
          'serviceName "inst 1"',
          'disks: at least one',
          'accessPoint.name',
          'accessPoint.address',
          'accessPoint.subnetMask',
          'accessPoint.network',
        ].every((p) => e.message.includes(p)),
    );
  });

  it('renders the cluster.exe script for MSCS, stopping at the first failure, with CRLF', () => {
    const script = renderMscsScript(planRole({ ...role, disks: ['Disk E:'] }), 'PGCLUS');
    const lines = script.split('\r\n');
    assert.ok(!script.replace(/\r\n/g, '').includes('\n'), 'CRLF line ends only');
    const commands = lines.filter((l) => l.startsWith('cluster '));
    assert.deepEqual(commands, [
      'cluster /cluster:"PGCLUS" group "PGSQL" /create',
      'cluster /cluster:"PGCLUS" resource "Disk E:" /moveto:"PGSQL"',
      'cluster /cluster:"PGCLUS" resource "PGSQL IP Address" /create /group:"PGSQL" /type:"IP Address"',
      'cluster /cluster:"PGCLUS" resource "PGSQL IP Address" /priv Address=10.0.0.50 SubnetMask=255.255.255.0 Network="Cluster Network 1" EnableNetBIOS=1',
      'cluster /cluster:"PGCLUS" resource "PGSQL Network Name" /create /group:"PGSQL" /type:"Network Name"',
      'cluster /cluster:"PGCLUS" resource "PGSQL Network Name" /priv Name="PGSQLVS"',
      'cluster /cluster:"PGCLUS" resource "PGSQL Network Name" /adddep:"PGSQL IP Address"',
      'cluster /cluster:"PGCLUS" resource "PGSQL PostgreSQL" /create /group:"PGSQL" /type:"Generic Service"',
      'cluster /cluster:"PGCLUS" resource "PGSQL PostgreSQL" /priv ServiceName="inst1"',
      'cluster /cluster:"PGCLUS" resource "PGSQL PostgreSQL" /adddep:"Disk E:"',
      'cluster /cluster:"PGCLUS" resource "PGSQL PostgreSQL" /adddep:"PGSQL Network Name"',
      'cluster /cluster:"PGCLUS" group "PGSQL" /online /wait:120',
    ]);
    // Every command is followed by the stop-on-failure line.
    for (const c of commands) assert.equal(lines[lines.indexOf(c) + 1], 'if errorlevel 1 goto :failed');
    assert.deepEqual(lines.slice(-4), [
      ':failed',
      'echo FAILED: the command above did not succeed; fix it and run this script again. 1>&2',
      'exit /b 1',
      '',
    ]);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  dependencyExpression,
  parseDependencyExpression,
  planRole,
  renderMscsScript,
  sameDependencies,
  type RoleDescription,
} from '../../src/wsfc/rolePlan.js';
import { PgClusterError } from '../../src/errors.js';

const role: RoleDescription = {
  role: 'PGSQL',
  serviceName: 'inst1',
  disks: ['Cluster Disk 1', 'Cluster Disk 2'],
  accessPoint: {
    name: 'PGSQLVS',
    addresses: ['10.0.0.50'],
    subnetMasks: ['255.255.255.0'],
    networks: ['Cluster Network 1'],
  },
};

/** The ROLE_INVALID message, or a failure when the plan was made. */
function problems(d: RoleDescription): string {
  try {
    planRole(d);
  } catch (e) {
    assert.ok(e instanceof PgClusterError && e.code === 'ROLE_INVALID', String(e));
    return e.message;
  }
  assert.fail('the description was accepted');
}

const ipOps = (d: RoleDescription) => planRole(d).filter((o) => o.kind === 'wsfc.ipAddress');

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
        resourceType: 'IP Address',
        parameters: {
          Address: '10.0.0.50',
          SubnetMask: '255.255.255.0',
          Network: 'Cluster Network 1',
          EnableDhcp: 0,
        },
      },
      { kind: 'wsfc.networkName', group: 'PGSQL', resource: 'PGSQL Network Name', dnsName: 'PGSQLVS' },
      { kind: 'wsfc.dependency', resource: 'PGSQL Network Name', dependsOn: [['PGSQL IP Address']] },
      { kind: 'wsfc.genericService', group: 'PGSQL', resource: 'PGSQL PostgreSQL', serviceName: 'inst1' },
      {
        kind: 'wsfc.dependency',
        resource: 'PGSQL PostgreSQL',
        dependsOn: [['Cluster Disk 1'], ['Cluster Disk 2'], ['PGSQL Network Name']],
      },
    ]);
  });

  it('plans a role without a client access point: no address, no name, the service on the disks only', () => {
    const { accessPoint: _, ...bare } = role;
    const plan = planRole(bare);
    assert.deepEqual(
      plan.map((o) => o.kind),
      ['wsfc.group', 'wsfc.disk', 'wsfc.disk', 'wsfc.genericService', 'wsfc.dependency'],
    );
    assert.deepEqual(plan.at(-1), {
      kind: 'wsfc.dependency',
      resource: 'PGSQL PostgreSQL',
      dependsOn: [['Cluster Disk 1'], ['Cluster Disk 2']],
    });
  });

  it('plans DHCP, IPv6 and a multi-subnet name whose addresses are OR dependencies', () => {
    const dhcp = ipOps({
      ...role,
      accessPoint: { name: 'PGSQLVS', dhcp: true, networks: ['Cluster Network 1'] },
    });
    assert.deepEqual(dhcp, [
      {
        kind: 'wsfc.ipAddress',
        group: 'PGSQL',
        resource: 'PGSQL IP Address',
        resourceType: 'IP Address',
        parameters: { EnableDhcp: 1, Network: 'Cluster Network 1' },
      },
    ]);
    const multi: RoleDescription = {
      ...role,
      accessPoint: {
        name: 'PGSQLVS',
        addresses: ['10.0.0.50/24', '2001:db8::50/64'],
        networks: ['Site A', 'Site B'],
      },
    };
    assert.deepEqual(
      ipOps(multi).map((o) => [o.resource, o.resourceType, o.parameters]),
      [
        [
          'PGSQL IP Address 1',
          'IP Address',
          { Address: '10.0.0.50', SubnetMask: '255.255.255.0', Network: 'Site A', EnableDhcp: 0 },
        ],
        [
          'PGSQL IP Address 2',
          'IPv6 Address',
          { Address: '2001:db8::50', PrefixLength: 64, Network: 'Site B' },
        ],
      ],
    );
    const nameDependency = planRole(multi).find(
      (o) => o.kind === 'wsfc.dependency' && o.resource === 'PGSQL Network Name',
    );
    assert.deepEqual(nameDependency, {
      kind: 'wsfc.dependency',
      resource: 'PGSQL Network Name',
      dependsOn: [['PGSQL IP Address 1', 'PGSQL IP Address 2']],
    });
  });

  it('refuses a bad access point before anything is changed, saying where and what to do', () => {
    const ap = (a: Partial<NonNullable<RoleDescription['accessPoint']>>) =>
      problems({ ...role, accessPoint: { name: 'PGSQLVS', networks: ['Cluster Network 1'], ...a } });
    assert.match(
      ap({ addresses: ['10.0.0.50'] }),
      /"10\.0\.0\.50": the subnet mask is missing; give -SubnetMask/,
    );
    assert.match(
      ap({ addresses: ['10.0.0.500'], subnetMasks: ['255.255.255.0'] }),
      /"10\.0\.0\.500": not an IPv4 or IPv6/,
    );
    assert.match(ap({ addresses: ['2001:db8::50'] }), /needs its prefix length, e\.g\. 2001:db8::50\/64/);
    assert.match(
      ap({ dhcp: true, addresses: ['10.0.0.50/24'] }),
      /DHCP together with static addresses; give either -Dhcp or -StaticAddress/,
    );
    assert.match(ap({}), /no address; give -StaticAddress, or -Dhcp/);
    assert.match(
      ap({ addresses: ['10.0.0.50/24', '10.1.0.50/24'] }),
      /2 address\(es\) but 1 network\(s\); give one -Network per -StaticAddress/,
    );
    assert.match(
      ap({ addresses: ['10.0.0.50'], subnetMasks: ['255.0.255.0'] }),
      /subnetMasks "255\.0\.255\.0": a subnet mask/,
    );
    assert.match(ap({ dhcp: true, subnetMasks: ['255.255.255.0'] }), /DHCP leases the mask too/);
    assert.match(
      ap({ addresses: ['10.0.0.50/24'], networks: [] }),
      /accessPoint\.networks: the cluster network/,
    );
  });

  it('refuses a bad description, naming every field at once', () => {
    const m = problems({
      role: 'PG"SQL',
      serviceName: 'inst 1',
      disks: [],
      accessPoint: {
        name: 'a-much-too-long-netbios-name',
        addresses: ['10.0.0.5/24'],
        networks: ['Cluster Network 1'],
      },
      preferredOwners: ['NODE1', 'node1'],
    });
    for (const p of [
      'role "PG"SQL"',
      'serviceName "inst 1"',
      'disks: at least one',
      'accessPoint.name',
      'preferredOwners: a node is named twice',
    ])
      assert.ok(m.includes(p), `${p} in ${m}`);
  });

  it('sets the preferred owners last, in the order given', () => {
    assert.deepEqual(planRole({ ...role, preferredOwners: ['NODE2', 'NODE1'] }).at(-1), {
      kind: 'wsfc.ownerNodes',
      group: 'PGSQL',
      nodes: ['NODE2', 'NODE1'],
    });
    assert.ok(!planRole(role).some((o) => o.kind === 'wsfc.ownerNodes'), 'none given: left alone');
  });
});

describe('dependency expressions', () => {
  it('writes AND groups of OR names as Set-ClusterResourceDependency takes them', () => {
    assert.equal(
      dependencyExpression([['Cluster Disk 1'], ['IP 1', 'IP 2']]),
      '[Cluster Disk 1] and ([IP 1] or [IP 2])',
    );
  });

  it('reads what Get-ClusterResourceDependency returns, parenthesised or not', () => {
    assert.deepEqual(
      parseDependencyExpression('([IP Address 10.0.0.5] or [IP Address 2001::5]) and [Cluster Disk 1]'),
      [['IP Address 10.0.0.5', 'IP Address 2001::5'], ['Cluster Disk 1']],
    );
    assert.deepEqual(parseDependencyExpression('([Cluster Disk 1]) and ([pgnet])'), [
      ['Cluster Disk 1'],
      ['pgnet'],
    ]);
    assert.deepEqual(parseDependencyExpression(''), []);
    assert.equal(parseDependencyExpression('[a] and'), null);
    assert.equal(parseDependencyExpression('[a] or [b]'), null);
  });

  it('compares as sets: order, parentheses and case do not matter, structure does', () => {
    const read = (e: string) => parseDependencyExpression(e)!;
    assert.ok(sameDependencies(read('([pgnet]) and ([Cluster Disk 1])'), [['Cluster Disk 1'], ['PGNET']]));
    assert.ok(sameDependencies(read('([b] or [a])'), [['a', 'b']]));
    assert.ok(!sameDependencies(read('([a] or [b])'), [['a'], ['b']]), 'OR is not AND');
    assert.ok(!sameDependencies(read('[a]'), [['a'], ['b']]));
  });
});

describe('the MSCS cluster.exe script', () => {
  const mscs = (d: RoleDescription) => renderMscsScript(planRole({ ...d, disks: ['Disk E:'] }), 'PGCLUS');

  it('creates only what does not exist, so it can be run again as its failure text says', () => {
    const script = mscs({ ...role, preferredOwners: ['NODE1', 'NODE2'] });
    assert.ok(!script.replace(/\r\n/g, '').includes('\n'), 'CRLF line ends only');
    const lines = script.split('\r\n');
    const c = 'cluster /cluster:"PGCLUS"';
    const at = (l: string) => {
      const i = lines.indexOf(l);
      assert.ok(i >= 0, `missing: ${l}`);
      return lines.slice(i, i + 3);
    };
    assert.deepEqual(at(`${c} group "PGSQL" /status >nul 2>&1`), [
      `${c} group "PGSQL" /status >nul 2>&1`,
      `if errorlevel 1 ${c} group "PGSQL" /create`,
      'if errorlevel 1 goto :failed',
    ]);
    for (const [name, type] of [
      ['PGSQL IP Address', 'IP Address'],
      ['PGSQL Network Name', 'Network Name'],
      ['PGSQL PostgreSQL', 'Generic Service'],
    ])
      assert.deepEqual(at(`${c} resource "${name}" /status >nul 2>&1`).slice(1), [
        `if errorlevel 1 ${c} resource "${name}" /create /group:"PGSQL" /type:"${type}"`,
        'if errorlevel 1 goto :failed',
      ]);
    assert.deepEqual(at(`${c} resource "Disk E:" /status | findstr /i /l /c:"PGSQL" >nul`).slice(1, 2), [
      `if errorlevel 1 ${c} resource "Disk E:" /moveto:"PGSQL"`,
    ]);
    for (const [res, dep] of [
      ['PGSQL Network Name', 'PGSQL IP Address'],
      ['PGSQL PostgreSQL', 'Disk E:'],
      ['PGSQL PostgreSQL', 'PGSQL Network Name'],
    ])
      assert.deepEqual(at(`${c} resource "${res}" /listdep | findstr /i /l /c:"${dep}" >nul`).slice(1, 2), [
        `if errorlevel 1 ${c} resource "${res}" /adddep:"${dep}"`,
      ]);
    // No create or adddep runs without its existence check on the line before.
    lines.forEach((l, i) => {
      if (/\/create|\/adddep|\/moveto/.test(l)) assert.match(l, /^if errorlevel 1 cluster /);
      if (l.startsWith('if errorlevel 1 cluster')) assert.match(lines[i - 1]!, /\/status|\/listdep/);
    });
    assert.ok(
      lines.includes(
        `${c} resource "PGSQL IP Address" /priv Address=10.0.0.50 SubnetMask=255.255.255.0 Network="Cluster Network 1" EnableNetBIOS=1`,
      ),
    );
    assert.ok(lines.includes(`${c} group "PGSQL" /setowners:NODE1,NODE2`));
    assert.deepEqual(lines.slice(-4), [
      ':failed',
      'echo FAILED: the command above did not succeed; fix it and run this script again. 1>&2',
      'exit /b 1',
      '',
    ]);
  });

  it('has no access point when none is used, and refuses what MSCS cannot do', () => {
    const { accessPoint: _, ...bare } = role;
    assert.ok(!/Network Name|IP Address/.test(mscs(bare)));
    const refused = (d: RoleDescription) =>
      assert.throws(
        () => mscs(d),
        (e: unknown) => e instanceof PgClusterError && e.code === 'MSCS_UNSUPPORTED',
      );
    refused({ ...role, accessPoint: { name: 'PGSQLVS', dhcp: true, networks: ['Public'] } });
    refused({
      ...role,
      accessPoint: { name: 'PGSQLVS', addresses: ['2001:db8::5/64'], networks: ['Public'] },
    });
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PgClusterError } from '../../src/errors.js';
import { planMaintenance } from '../../src/wsfc/maintenance.js';
import { parseObservedRole, type ObservedRole } from '../../src/wsfc/observedRole.js';
import { planFailoverCheck, planRoleMove, planRoleRemoval } from '../../src/wsfc/roleActions.js';

// The role New-PgClusterRole builds, running on NODE1 of a two-node cluster.
const role = (over: Partial<ObservedRole> = {}): ObservedRole => ({
  role: 'PGSQL',
  exists: true,
  state: 'Online',
  ownerNode: 'NODE1',
  nodes: [
    { name: 'NODE1', state: 'Up' },
    { name: 'NODE2', state: 'Up' },
  ],
  resources: [
    { name: 'Cluster Disk 1', type: 'Physical Disk', state: 'Online', dependsOn: [] },
    { name: 'Cluster Disk 2', type: 'Physical Disk', state: 'Online', dependsOn: [] },
    { name: 'PGSQL IP Address', type: 'IP Address', state: 'Online', dependsOn: [] },
    { name: 'PGSQL Network Name', type: 'Network Name', state: 'Online', dependsOn: ['PGSQL IP Address'] },
    {
      name: 'PGSQL PostgreSQL',
      type: 'Generic Service',
      state: 'Online',
      dependsOn: ['Cluster Disk 1', 'Cluster Disk 2', 'PGSQL Network Name'],
    },
  ],
  accessPoint: 'PGSQLVS',
  ...over,
});

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof PgClusterError, String(e));
    return e.code;
  }
  assert.fail('no error');
};

describe('the observed role (Get-PgClusterRole | ConvertTo-Json)', () => {
  it('reads what ConvertTo-Json writes, single-element lists as objects and empty ones as null', () => {
    const text = JSON.stringify({
      role: 'PGSQL',
      exists: true,
      state: 'Online',
      ownerNode: 'NODE1',
      nodes: [
        { name: 'NODE1', state: 'Up' },
        { name: 'NODE2', state: 'Down' },
      ],
      resources: { name: 'Cluster Disk 1', type: 'Physical Disk', state: 'Online', dependsOn: null },
      accessPoint: null,
    });
    const o = parseObservedRole(`\uFEFF${text}`, 'state.json');
    assert.deepEqual(o.resources, [
      { name: 'Cluster Disk 1', type: 'Physical Disk', state: 'Online', dependsOn: [] },
    ]);
    assert.equal(o.accessPoint, null);
    assert.equal(o.nodes[1]!.state, 'Down');
  });

  it('names every problem by its JSON path', () => {
    const text = JSON.stringify({ role: '', exists: 'yes', nodes: [{ name: 'N1', state: 'Sleeping' }] });
    assert.throws(
      () => parseObservedRole(text, 'state.json'),
      (e: PgClusterError) =>
        e.code === 'ROLE_STATE_INVALID' &&
        e.message.includes('$.exists: true or false') &&
        e.message.includes('$.role: a non-empty string') &&
        e.message.includes('$.nodes[0].state: one of Up, Down') &&
        e.where === 'state.json',
    );
    assert.equal(
      code(() => parseObservedRole('{', 'state.json')),
      'ROLE_STATE_INVALID',
    );
  });
});

describe('removing a role', () => {
  it('stops it, removes its resources dependents first, gives the disks back, then removes it', () => {
    assert.deepEqual(planRoleRemoval(role()), [
      { kind: 'wsfc.groupStop', group: 'PGSQL' },
      { kind: 'wsfc.resourceRemove', group: 'PGSQL', resource: 'PGSQL PostgreSQL' },
      { kind: 'wsfc.resourceRemove', group: 'PGSQL', resource: 'PGSQL Network Name' },
      { kind: 'wsfc.resourceRemove', group: 'PGSQL', resource: 'PGSQL IP Address' },
      { kind: 'wsfc.diskRelease', group: 'PGSQL', disk: 'Cluster Disk 1', toGroup: 'Available Storage' },
      { kind: 'wsfc.diskRelease', group: 'PGSQL', disk: 'Cluster Disk 2', toGroup: 'Available Storage' },
      { kind: 'wsfc.groupRemove', group: 'PGSQL' },
    ]);
  });

  it('has nothing to do for a role that is gone (a second run)', () => {
    assert.deepEqual(planRoleRemoval(role({ exists: false, resources: [] })), []);
  });

  it('finishes a half-removed role', () => {
    const half = role({ resources: role().resources.filter((r) => r.type === 'Physical Disk') });
    assert.deepEqual(
      planRoleRemoval(half).map((op) => op.kind),
      ['wsfc.groupStop', 'wsfc.diskRelease', 'wsfc.diskRelease', 'wsfc.groupRemove'],
    );
  });
});

describe('switching a role (Move-PgClusterRole)', () => {
  it('goes to the other node when none is named', () => {
    assert.deepEqual(planRoleMove(role()), [{ kind: 'wsfc.groupMove', group: 'PGSQL', node: 'NODE2' }]);
  });

  it('leaves the choice to the cluster when several nodes could take it', () => {
    const three = role({ nodes: [...role().nodes, { name: 'NODE3', state: 'Up' }] });
    assert.deepEqual(planRoleMove(three), [{ kind: 'wsfc.groupMove', group: 'PGSQL', node: null }]);
  });

  it('names the node it already runs on as the target (nothing to change)', () => {
    assert.deepEqual(planRoleMove(role(), 'node1'), [
      { kind: 'wsfc.groupMove', group: 'PGSQL', node: 'NODE1' },
    ]);
  });

  it('refuses a node that is down, paused, unknown, or no other node up, and a missing role', () => {
    const down = role({ nodes: [role().nodes[0]!, { name: 'NODE2', state: 'Down' }] });
    assert.equal(
      code(() => planRoleMove(down, 'NODE2')),
      'NODE_NOT_UP',
    );
    assert.equal(
      code(() => planRoleMove(down)),
      'NO_STANDBY_NODE',
    );
    assert.equal(
      code(() => planRoleMove(role(), 'NODE9')),
      'NODE_NOT_FOUND',
    );
    assert.equal(
      code(() => planRoleMove(role({ exists: false }))),
      'ROLE_NOT_FOUND',
    );
    const paused = role({ nodes: [role().nodes[0]!, { name: 'NODE2', state: 'Paused' }] });
    assert.throws(
      () => planRoleMove(paused, 'NODE2'),
      (e: PgClusterError) => e.hint!.includes('Resume-ClusterNode -Name NODE2'),
    );
  });
});

describe('the checking operation (Test-PgClusterFailover)', () => {
  it('connects, moves the role over, connects, moves it back, connects', () => {
    const probe = (expectNode: string) => ({
      kind: 'wsfc.probe',
      group: 'PGSQL',
      host: 'PGSQLVS',
      port: 26500,
      expectNode,
    });
    assert.deepEqual(planFailoverCheck(role(), { port: 26500 }), [
      { kind: 'wsfc.groupStart', group: 'PGSQL' },
      probe('NODE1'),
      { kind: 'wsfc.groupMove', group: 'PGSQL', node: 'NODE2' },
      probe('NODE2'),
      { kind: 'wsfc.groupMove', group: 'PGSQL', node: 'NODE1' },
      probe('NODE1'),
    ]);
  });

  it('stays on the other node with stay, and uses the host given', () => {
    const plan = planFailoverCheck(role(), { port: 5432, host: '10.0.0.50', stay: true });
    assert.equal(plan.length, 4);
    assert.deepEqual(plan[3], {
      kind: 'wsfc.probe',
      group: 'PGSQL',
      host: '10.0.0.50',
      port: 5432,
      expectNode: 'NODE2',
    });
  });

  it('refuses a bad port, no access point, the node it runs on', () => {
    assert.equal(
      code(() => planFailoverCheck(role(), { port: 70000 })),
      'USAGE',
    );
    assert.equal(
      code(() => planFailoverCheck(role({ accessPoint: null }), { port: 5432 })),
      'NO_ACCESS_POINT',
    );
    assert.equal(
      code(() => planFailoverCheck(role(), { port: 5432, node: 'NODE1' })),
      'SAME_NODE',
    );
  });
});

describe('maintenance workflows (manual 000 §5.4)', () => {
  it('BothNodes: the role offline, the other node out, disks online when asked, then the admin works', () => {
    const plan = planMaintenance(role(), { mode: 'BothNodes', phase: 'start', diskAccess: true });
    assert.deepEqual(plan.slice(0, 4), [
      { kind: 'wsfc.groupStop', group: 'PGSQL' },
      { kind: 'wsfc.nodeStop', node: 'NODE2' },
      { kind: 'wsfc.resourceStart', resource: 'Cluster Disk 1' },
      { kind: 'wsfc.resourceStart', resource: 'Cluster Disk 2' },
    ]);
    assert.equal(plan[4]!.kind, 'wsfc.manual');
    assert.match(JSON.stringify(plan[4]), /Stop-PgClusterMaintenance -Name PGSQL -Mode BothNodes/);
    assert.equal(planMaintenance(role(), { mode: 'BothNodes', phase: 'start' }).length, 3);
  });

  it('BothNodes release: the role online, then the other nodes back', () => {
    const stopped = role({ state: 'Offline', nodes: [role().nodes[0]!, { name: 'NODE2', state: 'Down' }] });
    assert.deepEqual(
      planMaintenance(stopped, { mode: 'BothNodes', phase: 'stop' }).map((op) => op.kind),
      ['wsfc.groupStart', 'wsfc.nodeStart', 'wsfc.manual'],
    );
  });

  it('StandbyNode: stops only the node that does not run the role', () => {
    const plan = planMaintenance(role(), { mode: 'StandbyNode', phase: 'start' });
    assert.deepEqual(plan[0], { kind: 'wsfc.nodeStop', node: 'NODE2' });
    assert.equal(
      code(() => planMaintenance(role(), { mode: 'StandbyNode', phase: 'start', node: 'NODE1' })),
      'NODE_IS_ACTIVE',
    );
  });

  it('StandbyNode release: the stopped node back, then (when asked) the switch to it', () => {
    const out = role({ nodes: [role().nodes[0]!, { name: 'NODE2', state: 'Down' }] });
    assert.deepEqual(
      planMaintenance(out, { mode: 'StandbyNode', phase: 'stop', switchRole: true }).slice(0, 2),
      [
        { kind: 'wsfc.nodeStart', node: 'NODE2' },
        { kind: 'wsfc.groupMove', group: 'PGSQL', node: 'NODE2' },
      ],
    );
    // Already released: nothing to start, said so.
    assert.deepEqual(
      planMaintenance(role(), { mode: 'StandbyNode', phase: 'stop' }).map((op) => op.kind),
      ['wsfc.manual'],
    );
  });

  it('asks which node when several could be the standby, and refuses when the active node is down', () => {
    const three = role({ nodes: [...role().nodes, { name: 'NODE3', state: 'Up' }] });
    assert.equal(
      code(() => planMaintenance(three, { mode: 'StandbyNode', phase: 'start' })),
      'NODE_AMBIGUOUS',
    );
    assert.deepEqual(planMaintenance(three, { mode: 'StandbyNode', phase: 'start', node: 'node3' })[0], {
      kind: 'wsfc.nodeStop',
      node: 'NODE3',
    });
    const ownerDown = role({ nodes: [{ name: 'NODE1', state: 'Down' }, role().nodes[1]!] });
    assert.equal(
      code(() => planMaintenance(ownerDown, { mode: 'BothNodes', phase: 'start' })),
      'ACTIVE_NODE_DOWN',
    );
    assert.equal(
      code(() => planMaintenance(role({ exists: false }), { mode: 'BothNodes', phase: 'start' })),
      'ROLE_NOT_FOUND',
    );
  });
});

/**
 * pgcluster wsfc-preflight against a real instance's files: the data directory, WAL, a real
 * tablespace and the backup area checked against the role's disks (directories standing in for
 * the shared disks), and restart_after_crash as PostgreSQL reads it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestInstance, ownedTempDir } from '../support/instance.js';

const HELPER = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'bin',
  'pgcluster.js',
);

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(process.execPath, [HELPER, ...args], (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    ),
  );
}

describe('pgcluster wsfc-preflight on a real instance', () => {
  let inst: TestInstance;
  let clusterFile: string;
  let backupDisk: string;
  let tsDisk: string;

  before(async () => {
    inst = await TestInstance.create('wsfc');
    backupDisk = ownedTempDir('diskF');
    tsDisk = ownedTempDir('diskG');
    await inst.start();
    await inst.sql(`CREATE TABLESPACE ts LOCATION '${tsDisk}'`);
    await inst.stop('fast');
    clusterFile = path.join(ownedTempDir('cluster'), 'cluster.json');
    const node = (name: string) => ({
      name,
      servicesFilePorts: [inst.port],
      service: { name: 'inst1', account: 'CONTOSO\\symfo', startType: 'Demand' },
      localPaths: {},
    });
    writeFileSync(
      clusterFile,
      JSON.stringify({
        platform: 'posix',
        role: 'PGSQL',
        serviceName: 'inst1',
        sharedDisks: [
          { name: 'Cluster Disk 1', root: inst.baseDir },
          { name: 'Cluster Disk 2', root: backupDisk },
          { name: 'Cluster Disk 3', root: tsDisk },
        ],
        nodes: [node('NODE1'), node('NODE2')],
      }),
    );
  });
  after(async () => {
    await inst?.stop('immediate').catch(() => undefined);
  });

  it('reports restart_after_crash left on and the missing backup area, with where and how to fix', async () => {
    const r = await run(['wsfc-preflight', '-D', inst.dataDir, '--cluster', clusterFile]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stdout,
      /^ERROR: \[restart_after_crash\] restart_after_crash is not set \(on by default\)/m,
    );
    assert.match(r.stdout, /fix: set restart_after_crash = off in postgresql.conf/);
    assert.match(r.stdout, /^WARNING: \[backup\]/m);
    assert.match(r.stdout, /^WARNING: \[wal-disk\] WAL and data share the disk Cluster Disk 1/m);
    assert.match(r.stdout, /wsfc-preflight: 1 error\(s\), 2 warning\(s\)/);
  });

  it('passes (warnings only) once restart_after_crash is off and backups go to another shared disk', async () => {
    inst.appendConf({ restart_after_crash: 'off', 'pgcluster.backup_destination': `'${backupDisk}/inst1'` });
    const r = await run(['wsfc-preflight', '-D', inst.dataDir, '--cluster', clusterFile, '--json']);
    assert.equal(r.code, 0, r.stdout);
    const answer = JSON.parse(r.stdout) as { passed: boolean; findings: { check: string }[] };
    assert.equal(answer.passed, true);
    assert.deepEqual(
      answer.findings.map((f) => f.check),
      ['wal-disk'],
    );
    // The instance really starts with that setting (stock PostgreSQL accepts the prefixed name).
    await inst.start();
  });

  it('a bad cluster file or a missing option is a clear error', async () => {
    writeFileSync(`${clusterFile}.bad`, '{"role": "PGSQL"}');
    let r = await run(['wsfc-preflight', '-D', inst.dataDir, '--cluster', `${clusterFile}.bad`]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /has \d problem\(s\):[\s\S]*\$\.nodes: a list is expected/);
    r = await run(['wsfc-preflight', '-D', inst.dataDir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /needs -D <datadir> and --cluster <file.json>/);
  });

  it('wsfc-plan prints the role plan and writes the MSCS script; a bad role file is named', async () => {
    const dir = ownedTempDir('role');
    const roleFile = path.join(dir, 'role.json');
    writeFileSync(
      roleFile,
      JSON.stringify({
        role: 'PGSQL',
        serviceName: 'inst1',
        disks: ['Cluster Disk 1'],
        accessPoint: {
          name: 'PGSQLVS',
          address: '10.0.0.50',
          subnetMask: '255.255.255.0',
          network: 'Cluster Network 1',
        },
      }),
    );
    let r = await run(['wsfc-plan', '--role', roleFile, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      (JSON.parse(r.stdout) as { plan: { kind: string }[] }).plan.map((o) => o.kind),
      [
        'wsfc.group',
        'wsfc.disk',
        'wsfc.ipAddress',
        'wsfc.networkName',
        'wsfc.dependency',
        'wsfc.genericService',
        'wsfc.dependency',
      ],
    );
    const script = path.join(dir, 'pgsql-role.cmd');
    r = await run(['wsfc-plan', '--role', roleFile, '--mscs-script', script]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      readFileSync(script, 'utf8'),
      /^cluster group "PGSQL" \/status >nul 2>&1\r\nif errorlevel 1 cluster group "PGSQL" \/create\r\nif errorlevel 1 goto :failed\r\n/m,
    );
    writeFileSync(roleFile, JSON.stringify({ role: 'PGSQL' }));
    r = await run(['wsfc-plan', '--role', roleFile]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /the role description has \d+ problem\(s\):[\s\S]*serviceName/);
  });

  it('wsfc-preflight --needs names the port and the paths every node must have', async () => {
    const r = await run(['wsfc-preflight', '-D', inst.dataDir, '--needs', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const needs = JSON.parse(r.stdout) as { port: number; localPaths: string[] };
    assert.equal(needs.port, inst.port);
    assert.ok(Array.isArray(needs.localPaths));
  });

  it('wsfc-plan --action plans from the observed role; a wrong action, mode or state file is named', async () => {
    const dir = ownedTempDir('state');
    const state = path.join(dir, 'state.json');
    // As Get-PgClusterRole writes it: one-element lists collapse to the element.
    writeFileSync(
      state,
      JSON.stringify({
        role: 'PGSQL',
        exists: true,
        state: 'Online',
        ownerNode: 'NODE1',
        nodes: [
          { name: 'NODE1', state: 'Up' },
          { name: 'NODE2', state: 'Up' },
        ],
        resources: { name: 'Cluster Disk 1', type: 'Physical Disk', state: 'Online', dependsOn: null },
        accessPoint: 'PGSQLVS',
      }),
    );
    const plan = async (...args: string[]) => {
      const r = await run(['wsfc-plan', '--state', state, '--json', ...args]);
      assert.equal(r.code, 0, r.stderr);
      return (JSON.parse(r.stdout) as { plan: Record<string, unknown>[] }).plan;
    };
    assert.deepEqual(await plan('--action', 'move'), [
      { kind: 'wsfc.groupMove', group: 'PGSQL', node: 'NODE2' },
    ]);
    assert.deepEqual(
      (await plan('--action', 'maintenance-start', '--mode', 'StandbyNode')).map((o) => o.kind),
      ['wsfc.nodeStop', 'wsfc.manual'],
    );
    assert.equal((await plan('--action', 'failover-check', '--port', '26500'))[1]!.host, 'PGSQLVS');
    let r = await run(['wsfc-plan', '--state', state, '--action', 'explode']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown action "explode"[\s\S]*remove, move, maintenance-start/);
    r = await run(['wsfc-plan', '--state', state, '--action', 'maintenance-stop']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /needs --mode BothNodes or --mode StandbyNode/);
    r = await run(['wsfc-plan', '--action', 'move']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /needs --state <file.json>/);
    writeFileSync(state, JSON.stringify({ role: 'PGSQL', exists: true, nodes: 'NODE1' }));
    r = await run(['wsfc-plan', '--state', state, '--action', 'move']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /\$\.nodes\[0\]: an object is expected/);
  });
});

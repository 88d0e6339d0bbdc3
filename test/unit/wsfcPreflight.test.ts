import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diskOf, preflight, type ClusterFacts, type InstanceFacts } from '../../src/wsfc/preflight.js';
import { parseClusterFacts } from '../../src/wsfc/facts.js';
import { PgClusterError } from '../../src/errors.js';

const cluster = (over: Partial<ClusterFacts> = {}): ClusterFacts => ({
  platform: 'windows',
  role: 'PGSQL',
  serviceName: 'inst1',
  sharedDisks: [
    { name: 'Cluster Disk 1', root: 'E:\\' },
    { name: 'Cluster Disk 2', root: 'F:\\' },
    { name: 'Cluster Disk 3', root: 'G:\\' },
  ],
  nodes: ['NODE1', 'NODE2'].map((name) => ({
    name,
    service: { name: 'inst1', account: 'CONTOSO\\symfo', startType: 'Demand' },
    servicesFilePorts: [26500],
    localPaths: { 'C:\\keystore': true },
  })),
  ...over,
});

const good: InstanceFacts = {
  dataDir: 'E:\\database\\inst1',
  walDir: 'G:\\wal\\inst1',
  tablespaces: { '16400': 'E:\\tblspc\\ts1' },
  backupDestination: 'F:\\backup\\inst1',
  restartAfterCrash: 'off',
  port: 26500,
  keystoreLocation: 'C:\\keystore',
  where: { restart_after_crash: 'E:\\database\\inst1\\postgresql.conf:700' },
};

const checks = (f: InstanceFacts, c: ClusterFacts = cluster()) =>
  preflight(f, c).map((x) => `${x.severity}:${x.check}`);

describe('shared-disk preflight', () => {
  it('passes a layout as the manual wants it', () => {
    assert.deepEqual(preflight(good, cluster()), []);
  });

  it('finds the shared disk of a path case-insensitively on Windows, the longest root first', () => {
    const c = cluster({
      sharedDisks: [
        { name: 'Disk E', root: 'E:\\' },
        { name: 'Mount', root: 'E:\\mnt\\data' },
      ],
    });
    assert.equal(diskOf('e:\\MNT\\data\\x', c)?.name, 'Mount');
    assert.equal(diskOf('E:\\other', c)?.name, 'Disk E');
    assert.equal(diskOf('C:\\local', c), undefined);
  });

  it('restart_after_crash must be off (not set means on)', () => {
    assert.deepEqual(checks({ ...good, restartAfterCrash: 'on' }), ['error:restart_after_crash']);
    const { restartAfterCrash: _omit, ...unset } = good;
    const [f] = preflight(unset, cluster());
    assert.match(f!.what, /not set \(on by default\)/);
    assert.deepEqual(checks({ ...good, restartAfterCrash: 'false' }), []);
  });

  it('every directory must be on a shared disk; backup apart from data is an error, WAL apart a warning', () => {
    assert.deepEqual(checks({ ...good, tablespaces: { '16400': 'C:\\ts' } }), ['error:shared-disk']);
    assert.deepEqual(checks({ ...good, backupDestination: 'E:\\backup' }), ['error:backup-disk']);
    assert.deepEqual(checks({ ...good, walDir: 'E:\\database\\inst1\\pg_wal' }), ['warning:wal-disk']);
    const { backupDestination: _b, ...noBackup } = good;
    assert.deepEqual(checks(noBackup), ['warning:backup']);
  });

  it('keystore_location and core_directory: local, and present on every node', () => {
    assert.deepEqual(checks({ ...good, keystoreLocation: 'F:\\keystore' }), ['error:keystore_location']);
    const c = cluster();
    c.nodes[1]!.localPaths = {};
    const f = preflight(good, c);
    assert.deepEqual(
      f.map((x) => x.where),
      ['node NODE2'],
    );
    assert.match(f[0]!.what, /does not exist on node NODE2 \(not checked there\)/);
    assert.deepEqual(checks({ ...good, coreDirectory: 'D:\\core' }), [
      'error:core_directory',
      'error:core_directory',
    ]);
  });

  it('every node: the port in its services file, the same service name, demand start, the same domain user', () => {
    const c = cluster();
    c.nodes[0]!.servicesFilePorts = [];
    c.nodes[1]!.service = { name: 'inst1b', account: 'CONTOSO\\other', startType: 'Auto' };
    assert.deepEqual(checks(good, c), [
      'error:services-file',
      'error:service',
      'error:service-start',
      'error:service-account',
    ]);
    const local = cluster();
    for (const n of local.nodes) n.service!.account = '.\\symfo';
    assert.deepEqual(checks(good, local), ['error:service-account']);
    const missing = cluster();
    delete missing.nodes[0]!.service;
    const [f] = preflight(good, missing);
    assert.match(f!.fix, /Register-PgInstanceService -Name inst1/);
  });
});

describe('cluster description file', () => {
  it('reads a good file', () => {
    const c = parseClusterFacts(
      JSON.stringify({
        role: 'PGSQL',
        serviceName: 'inst1',
        sharedDisks: [{ name: 'Cluster Disk 1', root: 'E:\\' }],
        nodes: [
          {
            name: 'N1',
            servicesFilePorts: [26500],
            service: { name: 'inst1', account: 'D\\u', startType: 'Demand' },
          },
          { name: 'N2', servicesFilePorts: [26500], localPaths: { 'C:\\k': true } },
        ],
      }),
      'c.json',
    );
    assert.equal(c.platform, 'windows');
    assert.equal(c.nodes[1]!.service, undefined);
    assert.deepEqual(c.nodes[1]!.localPaths, { 'C:\\k': true });
  });

  it('names every problem by its JSON path at once', () => {
    assert.throws(
      () =>
        parseClusterFacts(
          JSON.stringify({
            platform: 'mac',
            sharedDisks: [{ name: 'd' }],
            nodes: [{ name: 'N1', servicesFilePorts: [70000] }],
          }),
          'c.json',
        ),
      (e: unknown) =>
        e instanceof PgClusterError &&
        e.code === 'CLUSTER_FILE_INVALID' &&
        [
          '$.platform: "windows" or "posix" is expected',
          '$.sharedDisks[0].root: a non-empty string is expected',
          '$.nodes[0].servicesFilePorts[0]: a port number is expected',
          '$.nodes: a failover cluster has at least two nodes',
          '$.role: a non-empty string is expected',
          '$.serviceName: a non-empty string is expected',
        ].every((p) => e.message.includes(p)),
    );
    assert.throws(() => parseClusterFacts('{', 'c.json'), /c\.json is not JSON/);
  });
});

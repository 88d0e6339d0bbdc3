import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadMcDirectory, type LoadMcDirectoryOptions } from '../../src/config/mcDirectory.js';
import { PgClusterError } from '../../src/errors.js';

const isRoot = process.geteuid?.() === 0;

function errorOf(fn: () => void): PgClusterError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof PgClusterError, String(e));
    return e;
  }
  assert.fail('expected a PgClusterError');
}

const TWO_HOSTS = 'server1 192.0.2.100 26540\nserver2 192.0.2.110 26540\n';
const SAME_HOST = 'server1 192.0.2.100 26540\nserver2 192.0.2.100 26541\n';
const CONF1 = "db_instance = '/db/inst1'\n";
const CONF2 = "db_instance = '/db/inst2'\nheartbeat_retry = 0\n";

describe('MC management directory', { skip: process.platform === 'win32' }, () => {
  let mcDir: string;
  beforeEach(() => {
    mcDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgcluster-mcdir-'));
  });
  afterEach(() => fs.rmSync(mcDir, { recursive: true, force: true }));

  function put(name: string, content: string, mode = 0o600): string {
    const f = path.join(mcDir, name);
    fs.writeFileSync(f, content);
    fs.chmodSync(f, mode);
    return f;
  }

  const onServer1: LoadMcDirectoryOptions = {
    platform: 'linux',
    localAddresses: ['192.0.2.100'],
    hostname: 'db1',
  };

  it('knows the arbiter of network.conf, and refuses a second one given as etcd', () => {
    put('network.conf', `${TWO_HOSTS}arb 192.0.2.200 26541 arbiter\n`);
    put('server1.conf', CONF1);
    assert.equal(loadMcDirectory(mcDir, onServer1).arbiter?.id, 'arb');
    put(
      'server1.conf',
      `${CONF1}arbiter_etcd_endpoints = 'http://192.0.2.50:2379'\narbiter_etcd_prefix = '/pgcluster/p1'\n`,
    );
    const e = errorOf(() => loadMcDirectory(mcDir, onServer1));
    assert.equal(e.code, 'CONFIG_INVALID');
    assert.match(
      e.message,
      /two arbiters are configured: "arb" in network\.conf \(line 3\) and arbiter_etcd_endpoints/,
    );
    assert.equal(e.where, path.join(mcDir, 'server1.conf'));
    assert.match(e.hint ?? '', /keep one/);
  });

  it('finds the local server by address and loads both configuration files', () => {
    put('network.conf', TWO_HOSTS);
    put('server1.conf', CONF1);
    put('server2.conf', CONF2);
    const d = loadMcDirectory(mcDir, onServer1);
    assert.equal(d.mcDir, mcDir);
    assert.equal(d.sameHost, false);
    assert.equal(d.network.length, 2);
    assert.equal(d.local.entry.id, 'server1');
    assert.equal(d.local.conf.dbInstance, '/db/inst1');
    assert.equal(d.local.conf.coreFilePath, mcDir);
    assert.equal(d.local.conf.detectionWindowMs, 3600);
    assert.equal(d.peer.entry.id, 'server2');
    assert.equal(d.peer.conf?.dbInstance, '/db/inst2');
    assert.equal(d.peer.conf?.heartbeatRetry, 0);
    assert.deepEqual(d.warnings, []);
  });

  it('finds the local server by host name, short or fully qualified', () => {
    put('network.conf', 'server1 db1.example.com 26540\nserver2 db2.example.com 26540\n');
    put('server2.conf', CONF2);
    const opts = { platform: 'linux' as const, localAddresses: ['10.0.0.9'] };
    assert.equal(loadMcDirectory(mcDir, { ...opts, hostname: 'db2' }).local.entry.id, 'server2');
    assert.equal(loadMcDirectory(mcDir, { ...opts, hostname: 'DB2.example.com' }).local.entry.id, 'server2');
  });

  it('uses the machine addresses by default (127.0.0.1 is always local)', () => {
    put('network.conf', 'server1 127.0.0.1 26540\nserver2 192.0.2.250 26540\n');
    put('server1.conf', CONF1);
    assert.equal(
      loadMcDirectory(mcDir, { platform: 'linux', hostname: 'nowhere-xyz' }).local.entry.id,
      'server1',
    );
  });

  it('works without the peer .conf', () => {
    put('network.conf', TWO_HOSTS);
    put('server2.conf', CONF2);
    const d = loadMcDirectory(mcDir, { ...onServer1, localAddresses: ['192.0.2.110'] });
    assert.equal(d.local.entry.id, 'server2');
    assert.equal(d.peer.entry.id, 'server1');
    assert.equal(d.peer.conf, undefined);
  });

  it('collects warnings from all files', () => {
    put('network.conf', 'server1 192.0.2.100 40000\nserver2 192.0.2.110 26540\n');
    put('server1.conf', `${CONF1}heartbeat_retry = 1\nheartbeat_retry = 3\n`);
    const d = loadMcDirectory(mcDir, onServer1);
    assert.equal(d.warnings.length, 2);
    assert.match(d.warnings[0]!, /ephemeral/);
    assert.match(d.warnings[1]!, /heartbeat_retry is set on line 2 and again on line 3/);
  });

  describe('same-host pairs', () => {
    it('refuses a call without --local-server as ambiguous, listing the ids', () => {
      put('network.conf', SAME_HOST);
      put('server1.conf', CONF1);
      const e = errorOf(() => loadMcDirectory(mcDir, onServer1));
      assert.equal(e.code, 'LOCAL_SERVER_AMBIGUOUS');
      assert.match(e.hint ?? '', /--local-server <id> with one of: server1, server2/);
    });

    it('loads the server named by --local-server', () => {
      put('network.conf', SAME_HOST);
      put('server1.conf', CONF1);
      put('server2.conf', CONF2);
      const d = loadMcDirectory(mcDir, { ...onServer1, localServer: 'server2' });
      assert.equal(d.sameHost, true);
      assert.equal(d.local.entry.id, 'server2');
      assert.equal(d.local.entry.port, 26541);
      assert.equal(d.local.conf.dbInstance, '/db/inst2');
      assert.equal(d.local.conf.mcServiceName, 'Mirroring_Controller_server2');
      assert.equal(d.peer.conf?.mcServiceName, 'Mirroring_Controller_server1');
    });

    it('refuses an unknown --local-server, listing the known ids', () => {
      put('network.conf', SAME_HOST);
      const e = errorOf(() => loadMcDirectory(mcDir, { ...onServer1, localServer: 'server3' }));
      assert.equal(e.code, 'LOCAL_SERVER_UNKNOWN');
      assert.match(e.message, /server3/);
      assert.equal(e.hint, 'Use one of: server1, server2');
    });
  });

  it('refuses when neither or both entries are this machine', () => {
    put('network.conf', TWO_HOSTS);
    let e = errorOf(() =>
      loadMcDirectory(mcDir, { platform: 'linux', localAddresses: ['10.1.1.1'], hostname: 'x' }),
    );
    assert.equal(e.code, 'LOCAL_SERVER_NOT_FOUND');
    assert.match(e.hint ?? '', /--local-server/);
    e = errorOf(() =>
      loadMcDirectory(mcDir, {
        platform: 'linux',
        localAddresses: ['192.0.2.100', '192.0.2.110'],
        hostname: 'x',
      }),
    );
    assert.equal(e.code, 'LOCAL_SERVER_AMBIGUOUS');
  });

  describe('missing pieces', () => {
    it('reports a missing MC directory', () => {
      const e = errorOf(() => loadMcDirectory(path.join(mcDir, 'nope'), onServer1));
      assert.equal(e.code, 'MCDIR_NOT_FOUND');
      assert.match(e.hint ?? '', /chmod 600/);
    });

    it('reports a path that is a file, not a directory', () => {
      const f = put('plainfile', 'x');
      assert.equal(errorOf(() => loadMcDirectory(f, onServer1)).code, 'MCDIR_NOT_FOUND');
    });

    it('reports a missing network.conf with how to create it', () => {
      const e = errorOf(() => loadMcDirectory(mcDir, onServer1));
      assert.equal(e.code, 'CONFIG_NOT_FOUND');
      assert.equal(e.where, path.join(mcDir, 'network.conf'));
      assert.match(e.hint ?? '', /mc_network\.conf\.sample.*chmod 600/);
    });

    it('reports a missing local <id>.conf', () => {
      put('network.conf', TWO_HOSTS);
      put('server2.conf', CONF2);
      const e = errorOf(() => loadMcDirectory(mcDir, onServer1));
      assert.equal(e.code, 'CONFIG_NOT_FOUND');
      assert.equal(e.where, path.join(mcDir, 'server1.conf'));
      assert.match(e.hint ?? '', /mc_server\.conf\.sample.*chmod 600/);
    });
  });

  describe('validation and permissions', () => {
    it('passes network.conf errors through', () => {
      put('network.conf', `${'s'.repeat(65)} 192.0.2.100 26540\nserver2 192.0.2.110 26540\n`);
      const e = errorOf(() => loadMcDirectory(mcDir, onServer1));
      assert.equal(e.code, 'CONFIG_INVALID');
    });

    it('passes errors of the local and the peer .conf through', () => {
      put('network.conf', TWO_HOSTS);
      put('server1.conf', `${CONF1}heartbeat_interval = 0\n`);
      assert.equal(errorOf(() => loadMcDirectory(mcDir, onServer1)).code, 'CONFIG_INVALID');
      put('server1.conf', CONF1);
      put('server2.conf', 'heartbeat_timeout = 0\n');
      const e = errorOf(() => loadMcDirectory(mcDir, onServer1));
      assert.equal(e.code, 'CONFIG_INVALID');
      assert.equal(e.where, path.join(mcDir, 'server2.conf'));
    });

    it('refuses a network.conf that others can read, before parsing it', () => {
      const f = put('network.conf', 'garbage', 0o644);
      const e = errorOf(() => loadMcDirectory(mcDir, onServer1));
      assert.equal(e.code, 'CONFIG_PERMISSIONS');
      assert.equal(e.where, f);
    });

    it('refuses a local or peer .conf that others can read', () => {
      put('network.conf', TWO_HOSTS);
      const local = put('server1.conf', CONF1, 0o640);
      assert.equal(errorOf(() => loadMcDirectory(mcDir, onServer1)).where, local);
      put('server1.conf', CONF1);
      const peer = put('server2.conf', CONF2, 0o604);
      const e = errorOf(() => loadMcDirectory(mcDir, onServer1));
      assert.equal(e.code, 'CONFIG_PERMISSIONS');
      assert.equal(e.where, peer);
    });

    it('refuses a .conf owned by another user', { skip: !isRoot && 'needs root to chown' }, () => {
      put('network.conf', TWO_HOSTS);
      const f = put('server1.conf', CONF1);
      fs.chownSync(f, 65534, 65534);
      const e = errorOf(() => loadMcDirectory(mcDir, onServer1));
      assert.equal(e.code, 'CONFIG_PERMISSIONS');
      assert.match(e.message, /owned by uid 65534/);
    });
  });
});

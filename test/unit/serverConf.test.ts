import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { editDistance, parseServerConf, type ServerConfOptions } from '../../src/config/serverConf.js';
import { PgClusterError } from '../../src/errors.js';

const FILE = '/mc/server1.conf';
const LINUX: ServerConfOptions = { serverId: 'server1', mcDir: '/mc', platform: 'linux' };
const WIN: ServerConfOptions = { serverId: 'server1', mcDir: 'C:\\mc', platform: 'win32' };
const BASE = "db_instance = '/var/lib/pgsql/data'\n";

function parse(text: string, opts: ServerConfOptions = LINUX) {
  return parseServerConf(text, FILE, opts);
}

function invalid(text: string, opts: ServerConfOptions = LINUX): PgClusterError {
  try {
    parseServerConf(text, FILE, opts);
  } catch (e) {
    assert.ok(e instanceof PgClusterError);
    assert.equal(e.code, 'CONFIG_INVALID');
    assert.equal(e.where, FILE);
    assert.ok(e.hint && e.hint.length > 0);
    return e;
  }
  assert.fail('expected a CONFIG_INVALID error');
}

function problems(e: PgClusterError): string[] {
  return e.message.split('\n').slice(1);
}

describe('<serverIdentifier>.conf', () => {
  describe('defaults', () => {
    it('uses 800 ms / 1 s / 2, giving a 3.6 s detection window', () => {
      const { conf, warnings } = parse(BASE);
      assert.deepEqual(warnings, []);
      assert.deepEqual(conf, {
        dbInstance: '/var/lib/pgsql/data',
        remoteCallTimeoutMs: 70000,
        coreFilePath: '/mc',
        mcServiceName: 'Mirroring_Controller_server1',
        eventSource: 'MirroringControllerOpen',
        heartbeatIntervalMs: 800,
        heartbeatTimeoutS: 1,
        heartbeatRetry: 2,
        detectionWindowMs: 3600,
        fencingCommandTimeoutS: 60,
        replicationSlotMaxWalMb: 1024,
        decisionRecordMaxSizeMb: 0,
      });
      assert.equal(conf.dbInstanceUser, undefined);
      assert.equal(conf.dbInstancePassword, undefined);
      assert.equal(conf.dbInstanceServiceName, undefined);
    });

    it('treats heartbeat_retry = 0 as one probe in the detection window', () => {
      const { conf } = parse(`${BASE}heartbeat_retry = 0\nheartbeat_interval = 500\nheartbeat_timeout = 2\n`);
      assert.equal(conf.heartbeatRetry, 0);
      assert.equal(conf.detectionWindowMs, 2500);
      assert.equal(parse(`${BASE}heartbeat_retry = 3\n`).conf.detectionWindowMs, 5400);
    });
  });

  describe('all parameters', () => {
    it('reads every parameter, quoted or bare', () => {
      const text = [
        "db_instance = '/srv/pg/inst1'",
        "db_instance_service_name = 'pgsvc'",
        "db_instance_password = 'pa''ss'",
        'db_instance_user = symfo',
        "remote_call_timeout = '0'",
        "core_file_path = '/var/crash' # trailing comment",
        "mc_service_name = 'MC_one'",
        "event_source = 'MCsrc'",
        'heartbeat_interval 1000',
        "heartbeat_timeout = '3'",
        'heartbeat_retry = 4',
        "fencing_command = '/usr/local/sbin/fence'",
        'fencing_command_timeout = 9',
        'replication_slot_max_wal = 256',
        'decision_record_max_size = 5',
        '',
      ].join('\r\n');
      const { conf, warnings } = parse(text);
      assert.deepEqual(warnings, []);
      assert.deepEqual(conf, {
        dbInstance: '/srv/pg/inst1',
        dbInstanceServiceName: 'pgsvc',
        dbInstancePassword: "pa'ss",
        dbInstanceUser: 'symfo',
        remoteCallTimeoutMs: 0,
        coreFilePath: '/var/crash',
        mcServiceName: 'MC_one',
        eventSource: 'MCsrc',
        heartbeatIntervalMs: 1000,
        heartbeatTimeoutS: 3,
        heartbeatRetry: 4,
        detectionWindowMs: 16000,
        fencingCommand: '/usr/local/sbin/fence',
        fencingCommandTimeoutS: 9,
        replicationSlotMaxWalMb: 256,
        decisionRecordMaxSizeMb: 5,
      });
    });

    it('accepts the bounds of each integer range', () => {
      const { conf } = parse(
        `${BASE}heartbeat_interval = 1\nheartbeat_timeout = 2147483647\nheartbeat_retry = 2147483647\nremote_call_timeout = 2147483647\n`,
      );
      assert.equal(conf.heartbeatIntervalMs, 1);
      assert.equal(conf.heartbeatTimeoutS, 2147483647);
      assert.equal(conf.remoteCallTimeoutMs, 2147483647);
      assert.equal(parse(`${BASE}remote_call_timeout = 0\n`).conf.remoteCallTimeoutMs, 0);
    });

    it('matches parameter names case-insensitively, as PostgreSQL does', () => {
      assert.equal(parse(`${BASE}Heartbeat_Interval = 900\n`).conf.heartbeatIntervalMs, 900);
    });

    it('ignores commented-out settings and tolerates a byte order mark', () => {
      const { conf } = parse(`\uFEFF${BASE}#heartbeat_interval = 0\n# note\n`);
      assert.equal(conf.heartbeatIntervalMs, 800);
    });
  });

  describe('db_instance', () => {
    it('is required', () => {
      const e = invalid('# empty\nheartbeat_retry = 1\n');
      assert.match(
        e.message,
        /\/mc\/server1\.conf:2: db_instance is not set; allowed: an absolute ASCII path/,
      );
    });

    it('must be absolute', () => {
      assert.match(
        invalid("db_instance = 'data/inst1'\n").message,
        /:1: db_instance = 'data\/inst1' is not an absolute path/,
      );
      assert.match(invalid("db_instance = ''\n").message, /:1: db_instance is empty/);
      assert.match(
        invalid("db_instance = '/data'\ndb_instance_service_name = 's'\n", WIN).message,
        /is not an absolute path; allowed: .*D:/,
      );
    });

    it("resolves 'D:\\\\database1\\\\inst1' on Windows to D:\\database1\\inst1", () => {
      const { conf } = parse(
        "db_instance = 'D:\\\\database1\\\\inst1'\ndb_instance_service_name = 'inst1'\n",
        WIN,
      );
      assert.equal(conf.dbInstance, 'D:\\database1\\inst1');
      assert.equal(conf.coreFilePath, 'C:\\mc');
    });

    it('accepts UNC paths on Windows and explains single backslashes', () => {
      const { conf } = parse(
        "db_instance = '\\\\\\\\nas\\\\share\\\\inst1'\ndb_instance_service_name = 's'\n",
        WIN,
      );
      assert.equal(conf.dbInstance, '\\\\nas\\share\\inst1');
      // 'D:\database1' loses its backslash to escape processing: D:database1 is drive-relative.
      const e = invalid("db_instance = 'D:\\database1'\ndb_instance_service_name = 's'\n", WIN);
      assert.match(e.message, /db_instance = 'D:database1' is not an absolute path; .*write each \\ as \\\\/);
    });

    it('must be ASCII', () => {
      const e = invalid("db_instance = '/data/dé'\n");
      assert.match(
        e.message,
        /:1: db_instance = '\/data\/dé' contains a non-ASCII character at position 8; allowed:/,
      );
    });
  });

  describe('db_instance_service_name', () => {
    it('is required on Windows only', () => {
      const e = invalid("db_instance = 'C:\\\\d'\n", WIN);
      assert.match(e.message, /db_instance_service_name is not set \(it is required on Windows\); allowed:/);
      assert.match(
        invalid("db_instance = 'C:\\\\d'\ndb_instance_service_name = ''\n", WIN).message,
        /:2: db_instance_service_name is empty/,
      );
      assert.equal(parse(BASE).conf.dbInstanceServiceName, undefined);
    });

    it('must be ASCII', () => {
      assert.match(invalid(`${BASE}db_instance_service_name = 'sé'\n`).message, /:2: .*non-ASCII/);
    });
  });

  describe('integers', () => {
    const cases: [string, string, RegExp][] = [
      ['heartbeat_interval', '0', /allowed: an integer from 1 to 2147483647 milliseconds$/],
      ['heartbeat_timeout', '0', /allowed: an integer from 1 to 2147483647 seconds$/],
      ['heartbeat_retry', '-1', /allowed: an integer from 0 to 2147483647 \(count\)$/],
      [
        'remote_call_timeout',
        '-1',
        /allowed: an integer from 0 to 2147483647 milliseconds \(0 = no timeout\)$/,
      ],
      ['heartbeat_interval', '2147483648', /allowed: an integer from 1 to/],
      ['heartbeat_retry', "'-1'", /allowed: an integer from 0 to/],
    ];
    for (const [name, value, allowed] of cases) {
      it(`rejects ${name} = ${value} with its range`, () => {
        const e = invalid(`${BASE}${name} = ${value}\n`);
        const [p] = problems(e);
        assert.ok(
          p!.startsWith(`/mc/server1.conf:2: ${name} = ${value.replace(/'/g, '')} is out of range; `),
          p,
        );
        assert.match(p!, allowed);
      });
    }

    it('rejects units, signs, hex and decimals as not plain decimal', () => {
      for (const v of ["'800ms'", '1s', '+5', '0x10', '1.5', '1e3', "''"]) {
        const e = invalid(`${BASE}heartbeat_interval = ${v}\n`);
        assert.match(e.message, /:2: heartbeat_interval = '.*' is not a whole number/, v);
        assert.match(e.message, /allowed: an integer from 1 to 2147483647 milliseconds/, v);
      }
    });
  });

  describe('names and event source', () => {
    it('rejects mc_service_name with / or \\ or over 124 bytes', () => {
      assert.match(
        invalid(`${BASE}mc_service_name = 'mc/1'\n`).message,
        /:2: mc_service_name = 'mc\/1' contains "\/"; allowed: ASCII text, without \/ or \\, at most 124 bytes/,
      );
      assert.match(invalid(`${BASE}mc_service_name = 'mc\\\\1'\n`).message, /contains "\\"/);
      assert.match(
        invalid(`${BASE}mc_service_name = '${'m'.repeat(125)}'\n`).message,
        /:2: mc_service_name is 125 bytes long; allowed: .*at most 124 bytes/,
      );
      assert.equal(parse(`${BASE}mc_service_name = '${'m'.repeat(124)}'\n`).conf.mcServiceName.length, 124);
      assert.match(invalid(`${BASE}mc_service_name = ''\n`).message, /mc_service_name is empty/);
    });

    it('rejects event_source over 255 bytes or non-ASCII', () => {
      assert.match(
        invalid(`${BASE}event_source = '${'e'.repeat(256)}'\n`).message,
        /:2: event_source is 256 bytes long; allowed: ASCII text, at most 255 bytes/,
      );
      assert.equal(parse(`${BASE}event_source = '${'e'.repeat(255)}'\n`).conf.eventSource.length, 255);
      assert.match(invalid(`${BASE}event_source = 'ü'\n`).message, /non-ASCII/);
    });

    it('allows a non-ASCII database user name', () => {
      assert.equal(parse(`${BASE}db_instance_user = 'jürgen'\n`).conf.dbInstanceUser, 'jürgen');
    });

    it('reads the fencing command (an absolute path) and its timeout in seconds', () => {
      const { conf } = parse(
        `${BASE}fencing_command = '/usr/local/sbin/fence-peer'\nfencing_command_timeout = 15\n`,
      );
      assert.equal(conf.fencingCommand, '/usr/local/sbin/fence-peer');
      assert.equal(conf.fencingCommandTimeoutS, 15);
      assert.match(
        invalid(`${BASE}fencing_command = 'fence.sh'\n`).message,
        /:2: fencing_command = 'fence.sh' is not an absolute path/,
      );
      assert.match(
        invalid(`${BASE}fencing_command_timeout = 0\n`).message,
        /:2: fencing_command_timeout = 0 is out of range; allowed: an integer from 1 to 2147483647 seconds/,
      );
    });

    it('reads the slot limit in megabytes: 1024 unless set, 0 for no slot, a unit refused', () => {
      assert.equal(parse(BASE).conf.replicationSlotMaxWalMb, 1024);
      assert.equal(parse(`${BASE}replication_slot_max_wal = 0\n`).conf.replicationSlotMaxWalMb, 0);
      assert.match(
        invalid(`${BASE}replication_slot_max_wal = '2GB'\n`).message,
        /:2: replication_slot_max_wal = '2GB' is not a whole number.*megabytes \(0 = no replication slot for the standby\)/,
      );
    });

    it('refuses a slot limit below 64 MB, which would drop the slot a fresh setup has just made', () => {
      assert.equal(parse(`${BASE}replication_slot_max_wal = 64\n`).conf.replicationSlotMaxWalMb, 64);
      assert.match(
        invalid(`${BASE}replication_slot_max_wal = 16\n`).message,
        /:2: replication_slot_max_wal = 16 is too small: the slot setup makes would be dropped before the standby starts; allowed: 0 \(no slot\) or at least 64 megabytes/,
      );
    });

    it('reads etcd as the arbiter: URLs and a prefix, which is then required', () => {
      const { conf } = parse(
        `${BASE}arbiter_etcd_endpoints = 'http://192.0.2.50:2379, https://etcd2.example.com:2379'\narbiter_etcd_prefix = '/pgcluster/pair1'\n`,
      );
      assert.deepEqual(conf.arbiterEtcd, {
        endpoints: ['http://192.0.2.50:2379', 'https://etcd2.example.com:2379'],
        prefix: '/pgcluster/pair1',
      });
      assert.match(
        invalid(`${BASE}arbiter_etcd_endpoints = 'http://192.0.2.50:2379'\n`).message,
        /:2: arbiter_etcd_endpoints is set but arbiter_etcd_prefix is not; allowed: arbiter_etcd_prefix: the pair's key prefix/,
      );
      assert.match(
        invalid(`${BASE}arbiter_etcd_endpoints = '192.0.2.50:2379'\narbiter_etcd_prefix = '/p'\n`).message,
        /:2: arbiter_etcd_endpoints: "192\.0\.2\.50:2379" is not an http:\/\/ or https:\/\/ URL of host and port/,
      );
      assert.match(
        invalid(`${BASE}arbiter_etcd_endpoints = 'http://h:2379/v3'\narbiter_etcd_prefix = '/p'\n`).message,
        /is not an http:\/\/ or https:\/\/ URL of host and port/,
      );
      assert.match(
        invalid(`${BASE}arbiter_etcd_endpoints = 'http://h:2379'\narbiter_etcd_prefix = 'pair1/'\n`).message,
        /:3: arbiter_etcd_prefix = 'pair1\/' is not a key prefix/,
      );
    });

    it('requires an absolute ASCII core_file_path', () => {
      assert.match(
        invalid(`${BASE}core_file_path = 'cores'\n`).message,
        /:2: core_file_path = 'cores' is not an absolute path/,
      );
    });
  });

  describe('unknown and repeated parameters', () => {
    it('suggests a close known name', () => {
      const e = invalid(`${BASE}heartbeat_intervl = 800\n`);
      assert.match(
        e.message,
        /:2: unknown parameter "heartbeat_intervl" \(did you mean "heartbeat_interval"\?\); allowed: db_instance, /,
      );
      assert.match(invalid(`${BASE}hartbeat_retri = 1\n`).message, /did you mean "heartbeat_retry"/);
    });

    it('gives no suggestion for a name far from every known one', () => {
      const e = invalid(`${BASE}shared_buffers = 128MB\n`);
      assert.match(e.message, /unknown parameter "shared_buffers"; allowed:/);
      assert.doesNotMatch(e.message, /did you mean/);
    });

    it('uses the last value of a repeated parameter and warns with both lines', () => {
      const { conf, warnings } = parse(`${BASE}heartbeat_interval = 500\n# x\nheartbeat_interval = 700\n`);
      assert.equal(conf.heartbeatIntervalMs, 700);
      assert.deepEqual(warnings, [
        '/mc/server1.conf:4: heartbeat_interval is set on line 2 and again on line 4; the value on line 4 is used',
      ]);
    });

    it('reports syntax errors with the expected form', () => {
      const e = invalid(`${BASE}heartbeat_retry = 'unterminated\n`);
      assert.match(
        e.message,
        /:2: unterminated quoted value for "heartbeat_retry"; allowed: one setting per line/,
      );
    });
  });

  describe('all errors at once', () => {
    it('collects every problem into one error, each with its allowed rule', () => {
      const e = invalid(
        'heartbeat_interval = 0\nheartbeat_timeout = 0\nheartbeat_retry = -1\nremote_call_timeout = -1\nbogus = 1\n',
      );
      const list = problems(e);
      assert.equal(list.length, 6);
      assert.match(e.message, /^server configuration is invalid \(6 problems\):/);
      for (const p of list) assert.match(p, /^\/mc\/server1\.conf:\d+: .+; allowed: .+/);
    });
  });

  describe('the password never appears in messages', () => {
    const secret = 'Tr0ub4dor&3';
    it('is not shown in errors or warnings', () => {
      const cases = [
        `${BASE}db_instance_password = '${secret}é'\n`,
        `${BASE}db_instance_password = ${secret} extra\n`,
        `${BASE}db_instance_pasword = ${secret} extra\n`,
        `${BASE}db_instance_pasword = '${secret}'\n`,
        `${BASE}db_instance_password = '${secret}\n`,
      ];
      for (const text of cases) {
        const e = invalid(text);
        assert.ok(!e.message.includes(secret), e.message);
        assert.ok(!e.describe().includes('Tr0ub'), e.describe());
        assert.ok(!JSON.stringify(e.toJSON()).includes('Tr0ub'));
      }
      const { warnings, conf } = parse(
        `${BASE}db_instance_password = 'first'\ndb_instance_password = '${secret}'\n`,
      );
      assert.equal(conf.dbInstancePassword, secret);
      assert.equal(warnings.length, 1);
      assert.ok(!warnings[0]!.includes(secret) && !warnings[0]!.includes('first'));
    });

    it('treats an empty password as none', () => {
      assert.equal(parse(`${BASE}db_instance_password = ''\n`).conf.dbInstancePassword, undefined);
    });
  });

  it('computes edit distances', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('same', 'same'), 0);
  });
});

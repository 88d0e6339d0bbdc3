/**
 * The per-server installation plan (manual §8.2–8.4) for Windows and POSIX targets, built from
 * hand-made facts: which operations, in which order, with which parameters, and which notes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { McDirectory } from '../../src/config/mcDirectory.js';
import type { ServerEntry } from '../../src/config/networkConf.js';
import { parseServerConf } from '../../src/config/serverConf.js';
import {
  firewallRuleName,
  mirroringServiceOp,
  planMirroringInstall,
  servicesFileName,
  type MirroringFacts,
} from '../../src/plan/mirroringPlan.js';
import {
  OPERATION_KINDS,
  UNDO_POLICY,
  describeOperation,
  operationId,
  undoPolicy,
  type Operation,
} from '../../src/plan/operations.js';

const S1: ServerEntry = { id: 'server1', host: '192.0.2.100', port: 26540, line: 1 };
const S2: ServerEntry = { id: 'server2', host: '192.0.2.110', port: 26541, line: 2 };

/** A management directory as loadMcDirectory returns it, with server1.conf parsed from `confText`. */
function mcDirectory(mcDir: string, confText: string, platform: NodeJS.Platform): McDirectory {
  const { conf } = parseServerConf(confText, `${mcDir}/server1.conf`, {
    serverId: 'server1',
    mcDir,
    platform,
  });
  return {
    mcDir,
    network: [S1, S2],
    local: { entry: S1, conf },
    peer: { entry: S2 },
    sameHost: false,
    warnings: [],
  };
}

const WIN_MCDIR = 'D:\\mcdir';
// In the file, backslashes inside quotes are doubled.
const WIN_CONF = [
  "db_instance = 'D:\\\\database\\\\inst1'",
  "db_instance_service_name = 'pgsql-inst1'",
  "event_source = 'MC inst1'",
  '',
].join('\n');

function windowsFacts(over: Partial<MirroringFacts> = {}, confText = WIN_CONF): MirroringFacts {
  return {
    dir: mcDirectory(WIN_MCDIR, confText, 'win32'),
    target: 'windows',
    account: 'DOM\\symfo',
    start: 'demand',
    failover: false,
    pgBinDir: 'C:\\Program Files\\PostgreSQL\\17\\bin',
    node: 'C:\\Program Files\\nodejs\\node.exe',
    controllerScript: 'C:\\Program Files\\PgCluster\\dist\\src\\controller\\main.js',
    mcCtlScript: 'C:\\Program Files\\PgCluster\\bin\\mc_ctl.js',
    protectedFiles: ['D:\\mcdir\\network.conf', 'D:\\mcdir\\server1.conf', 'D:\\mcdir\\mc.key'],
    instancePort: 27500,
    instanceExists: true,
    ...over,
  };
}

const POSIX_CONF = "db_instance = '/srv/pg/inst1'\n";

function posixFacts(over: Partial<MirroringFacts> = {}, confText = POSIX_CONF): MirroringFacts {
  return {
    dir: mcDirectory('/srv/mc', confText, 'linux'),
    target: 'posix',
    account: 'postgres',
    start: 'demand',
    failover: false,
    pgBinDir: '',
    node: '/usr/bin/node',
    controllerScript: '/opt/pgcluster/dist/src/controller/main.js',
    mcCtlScript: '/opt/pgcluster/bin/mc_ctl.js',
    protectedFiles: ['/srv/mc/network.conf', '/srv/mc/server1.conf'],
    instancePort: 27500,
    instanceExists: true,
    ...over,
  };
}

const kinds = (ops: Operation[]) => ops.map((o) => o.kind);
const ofKind = <K extends Operation['kind']>(ops: Operation[], kind: K) =>
  ops.filter((o): o is Extract<Operation, { kind: K }> => o.kind === kind);

describe('planMirroringInstall for Windows', () => {
  it('plans every operation of a full installation, in order', () => {
    const plan = planMirroringInstall(windowsFacts());
    assert.equal(plan.title, 'Mirroring Controller of server server1 installed (D:\\mcdir)');
    assert.equal(plan.target, 'windows');
    assert.deepEqual(plan.notes, []);
    const dll = 'C:\\Program Files\\PostgreSQL\\17\\lib\\pgevent.dll';
    assert.deepEqual(plan.operations, [
      { kind: 'eventSource.register', source: 'MirroringControllerOpen', dll },
      { kind: 'eventSource.register', source: 'MC inst1', dll },
      { kind: 'logonRight.grant', account: 'DOM\\symfo' },
      {
        kind: 'servicesFile.entry',
        service: 'pgcluster-mc-server1',
        port: 26540,
        comment: 'PgCluster Mirroring Controller server1',
      },
      {
        kind: 'servicesFile.entry',
        service: 'pgcluster-pg-server1',
        port: 27500,
        comment: 'PostgreSQL instance of PgCluster server server1',
      },
      { kind: 'fileAcl.ownerOnly', path: 'D:\\mcdir\\network.conf', account: 'DOM\\symfo' },
      { kind: 'fileAcl.ownerOnly', path: 'D:\\mcdir\\server1.conf', account: 'DOM\\symfo' },
      { kind: 'fileAcl.ownerOnly', path: 'D:\\mcdir\\mc.key', account: 'DOM\\symfo' },
      {
        kind: 'firewall.allowTcp',
        name: 'PgCluster-MC-server1-TCP-In',
        displayName: 'PgCluster Mirroring Controller server1',
        port: 26540,
      },
      {
        kind: 'firewall.allowTcp',
        name: 'PgCluster-PG-server1-TCP-In',
        displayName: 'PgCluster PostgreSQL server1',
        port: 27500,
      },
      {
        kind: 'service.instance',
        name: 'pgsql-inst1',
        dataDir: 'D:\\database\\inst1',
        account: 'DOM\\symfo',
        pgCtl: 'C:\\Program Files\\PostgreSQL\\17\\bin\\pg_ctl.exe',
      },
      {
        kind: 'service.mirroring',
        name: 'Mirroring_Controller_server1',
        description: 'PgCluster Mirroring Controller of server server1 (D:\\mcdir)',
        account: 'DOM\\symfo',
        command: [
          'C:\\Program Files\\nodejs\\node.exe',
          'C:\\Program Files\\PgCluster\\dist\\src\\controller\\main.js',
          '-M',
          'D:\\mcdir',
          '--local-server',
          'server1',
        ],
        stopCommand: [
          'C:\\Program Files\\nodejs\\node.exe',
          'C:\\Program Files\\PgCluster\\bin\\mc_ctl.js',
          'stop',
          '-M',
          'D:\\mcdir',
          '--local-server',
          'server1',
        ],
        start: 'demand',
      },
    ]);
  });

  it('finds pgevent.dll in ../lib of the bin folder, by Windows path rules', () => {
    const dllFor = (pgBinDir: string) =>
      ofKind(planMirroringInstall(windowsFacts({ pgBinDir })).operations, 'eventSource.register').map(
        (o) => o.dll,
      );
    assert.deepEqual(dllFor('C:\\pg\\bin'), ['C:\\pg\\lib\\pgevent.dll', 'C:\\pg\\lib\\pgevent.dll']);
    assert.deepEqual(dllFor('C:\\pg\\bin\\'), ['C:\\pg\\lib\\pgevent.dll', 'C:\\pg\\lib\\pgevent.dll']);
    assert.deepEqual(dllFor('C:/pg/bin'), ['C:\\pg\\lib\\pgevent.dll', 'C:\\pg\\lib\\pgevent.dll']);
    assert.deepEqual(dllFor('\\\\fs1\\share\\pg17\\bin'), [
      '\\\\fs1\\share\\pg17\\lib\\pgevent.dll',
      '\\\\fs1\\share\\pg17\\lib\\pgevent.dll',
    ]);
    const ctl = ofKind(
      planMirroringInstall(windowsFacts({ pgBinDir: 'C:\\pg\\bin\\' })).operations,
      'service.instance',
    );
    assert.deepEqual(
      ctl.map((o) => o.pgCtl),
      ['C:\\pg\\bin\\pg_ctl.exe'],
    );
  });

  it('registers a second event source only when event_source is not the default', () => {
    const sources = (confText: string) =>
      ofKind(planMirroringInstall(windowsFacts({}, confText)).operations, 'eventSource.register').map(
        (o) => o.source,
      );
    const base = "db_instance = 'D:\\\\database\\\\inst1'\ndb_instance_service_name = 'pgsql-inst1'\n";
    assert.deepEqual(sources(base), ['MirroringControllerOpen']);
    assert.deepEqual(sources(`${base}event_source = 'MirroringControllerOpen'\n`), [
      'MirroringControllerOpen',
    ]);
    assert.deepEqual(sources(`${base}event_source = 'MC inst1'\n`), ['MirroringControllerOpen', 'MC inst1']);
  });

  it('registers the instance service only when it is named and the instance exists, and says why not', () => {
    // A Windows server1.conf must name the service (parseServerConf refuses it otherwise), so a
    // plan without one comes from a configuration read on POSIX: `pgcluster plan --target windows`.
    const fromPosix = (confText: string) =>
      planMirroringInstall(windowsFacts({ dir: mcDirectory('/srv/mc', confText, 'linux') }));
    const noName = fromPosix(POSIX_CONF);
    assert.deepEqual(ofKind(noName.operations, 'service.instance'), []);
    assert.deepEqual(noName.notes, [
      'db_instance_service_name is not set in server1.conf: the instance service is not registered',
    ]);
    // Set but empty counts as not set.
    const empty = fromPosix(`${POSIX_CONF}db_instance_service_name = ''\n`);
    assert.deepEqual(ofKind(empty.operations, 'service.instance'), []);
    assert.deepEqual(empty.notes, noName.notes);
    assert.deepEqual(
      ofKind(
        fromPosix(`${POSIX_CONF}db_instance_service_name = 'pg-inst1'\n`).operations,
        'service.instance',
      ),
      [
        {
          kind: 'service.instance',
          name: 'pg-inst1',
          dataDir: '/srv/pg/inst1',
          account: 'DOM\\symfo',
          pgCtl: 'C:\\Program Files\\PostgreSQL\\17\\bin\\pg_ctl.exe',
        },
      ],
    );

    const noInstance = planMirroringInstall(windowsFacts({ instanceExists: false }));
    assert.deepEqual(ofKind(noInstance.operations, 'service.instance'), []);
    assert.deepEqual(noInstance.notes, [
      'no instance in D:\\database\\inst1 yet: after mc_ctl setup creates it, run the installation again to register its service',
    ]);
    // The rest of the plan is unchanged.
    assert.deepEqual(kinds(noInstance.operations), [
      'eventSource.register',
      'eventSource.register',
      'logonRight.grant',
      'servicesFile.entry',
      'servicesFile.entry',
      'fileAcl.ownerOnly',
      'fileAcl.ownerOnly',
      'fileAcl.ownerOnly',
      'firewall.allowTcp',
      'firewall.allowTcp',
      'service.mirroring',
    ]);
  });

  it('reserves and opens the instance port only when it is known', () => {
    const { instancePort: _known, ...rest } = windowsFacts();
    const plan = planMirroringInstall(rest);
    assert.deepEqual(kinds(plan.operations), [
      'eventSource.register',
      'eventSource.register',
      'logonRight.grant',
      'servicesFile.entry',
      'fileAcl.ownerOnly',
      'fileAcl.ownerOnly',
      'fileAcl.ownerOnly',
      'firewall.allowTcp',
      'service.instance',
      'service.mirroring',
    ]);
    assert.deepEqual(
      ofKind(plan.operations, 'servicesFile.entry').map((o) => [o.service, o.port]),
      [['pgcluster-mc-server1', 26540]],
    );
    assert.deepEqual(
      ofKind(plan.operations, 'firewall.allowTcp').map((o) => [o.name, o.port]),
      [['PgCluster-MC-server1-TCP-In', 26540]],
    );
    assert.equal(plan.notes.length, 1);
    assert.match(
      plan.notes[0]!,
      /^the instance port is unknown \(D:\\database\\inst1.postgresql\.conf unreadable\): not reserved$/,
    );
  });

  it('protects exactly the files it is given, in order', () => {
    const plan = planMirroringInstall(windowsFacts({ protectedFiles: [] }));
    assert.deepEqual(ofKind(plan.operations, 'fileAcl.ownerOnly'), []);
  });
});

describe('planMirroringInstall for POSIX', () => {
  it('plans the services file, the file modes and the systemd service, with a firewall note', () => {
    const plan = planMirroringInstall(posixFacts());
    assert.equal(plan.title, 'Mirroring Controller of server server1 installed (/srv/mc)');
    assert.equal(plan.target, 'posix');
    assert.deepEqual(kinds(plan.operations), [
      'servicesFile.entry',
      'servicesFile.entry',
      'fileAcl.ownerOnly',
      'fileAcl.ownerOnly',
      'service.mirroring',
    ]);
    assert.deepEqual(plan.operations.slice(0, 4), [
      {
        kind: 'servicesFile.entry',
        service: 'pgcluster-mc-server1',
        port: 26540,
        comment: 'PgCluster Mirroring Controller server1',
      },
      {
        kind: 'servicesFile.entry',
        service: 'pgcluster-pg-server1',
        port: 27500,
        comment: 'PostgreSQL instance of PgCluster server server1',
      },
      { kind: 'fileAcl.ownerOnly', path: '/srv/mc/network.conf', account: 'postgres' },
      { kind: 'fileAcl.ownerOnly', path: '/srv/mc/server1.conf', account: 'postgres' },
    ]);
    assert.deepEqual(plan.notes, [
      "open TCP 26540 (controller) and 27500 (instance) to the peer in this host's firewall if one is enabled: firewalls are not managed on Linux",
    ]);
  });

  it('never plans a Windows-only kind, even with an instance service name and a custom event source', () => {
    const conf = `${POSIX_CONF}db_instance_service_name = 'pg-inst1'\nevent_source = 'MC inst1'\n`;
    const plan = planMirroringInstall(posixFacts({}, conf));
    for (const k of ['eventSource.register', 'logonRight.grant', 'firewall.allowTcp', 'service.instance'])
      assert.equal(plan.operations.filter((o) => o.kind === k).length, 0, k);
    assert.equal(plan.operations.length, 5);
  });

  it('notes the unknown instance port and opens only the controller port', () => {
    const { instancePort: _known, ...rest } = posixFacts();
    const plan = planMirroringInstall(rest);
    assert.deepEqual(kinds(plan.operations), [
      'servicesFile.entry',
      'fileAcl.ownerOnly',
      'fileAcl.ownerOnly',
      'service.mirroring',
    ]);
    assert.deepEqual(plan.notes, [
      "open TCP 26540 (controller) to the peer in this host's firewall if one is enabled: firewalls are not managed on Linux",
      'the instance port is unknown (/srv/pg/inst1/postgresql.conf unreadable): not reserved',
    ]);
  });

  it('is plain data (what the PowerShell module reads as JSON)', () => {
    const plan = planMirroringInstall(posixFacts());
    assert.deepEqual(JSON.parse(JSON.stringify(plan)), plan);
  });
});

describe('mirroringServiceOp', () => {
  it('runs the controller in the foreground, with -f only for failover, and stops it with mc_ctl stop', () => {
    const plain = mirroringServiceOp(posixFacts());
    assert.deepEqual(plain, {
      kind: 'service.mirroring',
      name: 'Mirroring_Controller_server1',
      description: 'PgCluster Mirroring Controller of server server1 (/srv/mc)',
      account: 'postgres',
      command: [
        '/usr/bin/node',
        '/opt/pgcluster/dist/src/controller/main.js',
        '-M',
        '/srv/mc',
        '--local-server',
        'server1',
      ],
      stopCommand: [
        '/usr/bin/node',
        '/opt/pgcluster/bin/mc_ctl.js',
        'stop',
        '-M',
        '/srv/mc',
        '--local-server',
        'server1',
      ],
      start: 'demand',
    });
    const failover = mirroringServiceOp(posixFacts({ failover: true, start: 'auto' }));
    assert.ok(failover.kind === 'service.mirroring');
    assert.deepEqual(failover.command, [...(plain.kind === 'service.mirroring' ? plain.command : []), '-f']);
    assert.equal(failover.start, 'auto');
    assert.equal(failover.stopCommand.includes('-f'), false, 'stop takes no -f');
  });

  it('uses mc_service_name when it is set', () => {
    const op = mirroringServiceOp(posixFacts({}, `${POSIX_CONF}mc_service_name = 'mc-inst1'\n`));
    assert.equal(op.kind === 'service.mirroring' && op.name, 'mc-inst1');
  });

  it('is the last operation of the installation plan', () => {
    const f = windowsFacts({ failover: true });
    const ops = planMirroringInstall(f).operations;
    assert.deepEqual(ops[ops.length - 1], mirroringServiceOp(f));
  });
});

describe('operations of a plan', () => {
  it('have distinct ids, so reports and undo name each one once', () => {
    for (const plan of [
      planMirroringInstall(windowsFacts()),
      planMirroringInstall(windowsFacts({ failover: true, start: 'auto' })),
      planMirroringInstall(posixFacts()),
    ]) {
      const ids = plan.operations.map(operationId);
      assert.equal(new Set(ids).size, ids.length, ids.join('\n'));
    }
    assert.deepEqual(planMirroringInstall(windowsFacts()).operations.map(operationId), [
      'eventSource.register:MirroringControllerOpen',
      'eventSource.register:MC inst1',
      'logonRight.grant:DOM\\symfo',
      'servicesFile.entry:pgcluster-mc-server1',
      'servicesFile.entry:pgcluster-pg-server1',
      'fileAcl.ownerOnly:D:\\mcdir\\network.conf',
      'fileAcl.ownerOnly:D:\\mcdir\\server1.conf',
      'fileAcl.ownerOnly:D:\\mcdir\\mc.key',
      'firewall.allowTcp:PgCluster-MC-server1-TCP-In',
      'firewall.allowTcp:PgCluster-PG-server1-TCP-In',
      'service.instance:pgsql-inst1',
      'service.mirroring:Mirroring_Controller_server1',
    ]);
  });

  it('are described for -WhatIf as a target and an action', () => {
    const d = planMirroringInstall(windowsFacts()).operations.map(describeOperation);
    assert.deepEqual(d[0], {
      target: 'Event Log source "MirroringControllerOpen"',
      action: 'register with C:\\Program Files\\PostgreSQL\\17\\lib\\pgevent.dll',
    });
    assert.deepEqual(d[2], { target: 'DOM\\symfo', action: 'grant "Log on as a service"' });
    assert.deepEqual(d[3], {
      target: 'services file entry "pgcluster-mc-server1"',
      action: 'reserve 26540/tcp',
    });
    assert.deepEqual(d[5], { target: 'D:\\mcdir\\network.conf', action: 'allow access by DOM\\symfo only' });
    assert.deepEqual(d[8], {
      target: 'firewall rule "PgCluster-MC-server1-TCP-In"',
      action: 'allow inbound TCP 26540',
    });
    assert.deepEqual(d[10], {
      target: 'service "pgsql-inst1"',
      action: 'register the instance D:\\database\\inst1 (demand start, runs as DOM\\symfo)',
    });
    assert.deepEqual(d[11], {
      target: 'service "Mirroring_Controller_server1"',
      action: 'register the Mirroring Controller (demand start, runs as DOM\\symfo)',
    });
  });

  it('every kind has an undo policy; only file ACLs and the logon right are kept', () => {
    assert.deepEqual(Object.keys(UNDO_POLICY).sort(), [...OPERATION_KINDS].sort());
    assert.deepEqual(
      OPERATION_KINDS.filter((k) => UNDO_POLICY[k] === 'keep'),
      ['fileAcl.ownerOnly', 'logonRight.grant'],
    );
  });

  it('keeps the default event source, shared by every server on the host, and removes any other', () => {
    const dll = 'C:\\pg\\lib\\pgevent.dll';
    assert.equal(
      undoPolicy({ kind: 'eventSource.register', source: 'MirroringControllerOpen', dll }),
      'keep',
    );
    assert.equal(undoPolicy({ kind: 'eventSource.register', source: 'MC inst1', dll }), 'remove');
    assert.deepEqual(
      planMirroringInstall(windowsFacts()).operations.map((op) => `${operationId(op)} ${undoPolicy(op)}`),
      [
        'eventSource.register:MirroringControllerOpen keep',
        'eventSource.register:MC inst1 remove',
        'logonRight.grant:DOM\\symfo keep',
        'servicesFile.entry:pgcluster-mc-server1 remove',
        'servicesFile.entry:pgcluster-pg-server1 remove',
        'fileAcl.ownerOnly:D:\\mcdir\\network.conf keep',
        'fileAcl.ownerOnly:D:\\mcdir\\server1.conf keep',
        'fileAcl.ownerOnly:D:\\mcdir\\mc.key keep',
        'firewall.allowTcp:PgCluster-MC-server1-TCP-In remove',
        'firewall.allowTcp:PgCluster-PG-server1-TCP-In remove',
        'service.instance:pgsql-inst1 remove',
        'service.mirroring:Mirroring_Controller_server1 remove',
      ],
    );
  });

  it('names services-file entries and firewall rules after the server', () => {
    assert.equal(servicesFileName('mc', 'inst-a'), 'pgcluster-mc-inst-a');
    assert.equal(firewallRuleName('PG', 'inst-a'), 'PgCluster-PG-inst-a-TCP-In');
  });

  // On Windows the instance service and the controller's service would be the same service: the
  // second operation would find the first's service "different" and re-register it as the controller.
  it('refuses db_instance_service_name equal to mc_service_name', () => {
    const conf = [
      "db_instance = 'D:\\\\database\\\\inst1'",
      "db_instance_service_name = 'inst1'",
      "mc_service_name = 'inst1'",
      '',
    ].join('\n');
    assert.throws(() => planMirroringInstall(windowsFacts({}, conf)), { name: 'PgClusterError' });
  });
});

/**
 * mc_arbiter register's plan, its systemd unit and its usage errors, without a service manager.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  arbiterServiceName,
  arbiterServiceOp,
  planArbiterService,
  type ArbiterFacts,
} from '../../src/plan/arbiterPlan.js';
import { describeOperation, operationId, undoPolicy } from '../../src/plan/operations.js';
import { renderUnit } from '../../src/platform/posix/systemd.js';
import {
  arbiterPlanAnswer,
  foregroundRefusal,
  registerArbiterOnWindows,
  unregisterArbiterOnWindows,
} from '../../src/cli/arbiterService.js';
import { parseArbiterArgs } from '../../src/cli/mc_arbiter.js';
import { PgClusterError } from '../../src/errors.js';

const posix: ArbiterFacts = {
  dir: '/srv/arb dir',
  arbiterId: 'arb',
  target: 'posix',
  account: 'pgarb',
  start: 'auto',
  node: '/usr/bin/node',
  arbiterScript: '/opt/pgcluster/bin/mc_arbiter.js',
  recordExists: true,
};
const windows: ArbiterFacts = {
  ...posix,
  dir: 'D:\\arbiter',
  target: 'windows',
  account: 'CONTOSO\\pgarb',
  node: 'C:\\Program Files\\PgCluster\\node\\node.exe',
  arbiterScript: 'C:\\Program Files\\PgCluster\\app\\bin\\mc_arbiter.js',
};

function refusal(f: () => unknown): PgClusterError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof PgClusterError, String(e));
    return e;
  }
  assert.fail('expected a refusal');
}

describe('the arbiter service plan', () => {
  it('runs mc_arbiter run -M <dir> as the account, stopped by mc_arbiter stop', () => {
    assert.deepEqual(arbiterServiceOp(posix), {
      kind: 'service.arbiter',
      name: 'mc_arbiter_arb',
      description: 'PgCluster arbiter arb (/srv/arb dir)',
      account: 'pgarb',
      command: ['/usr/bin/node', '/opt/pgcluster/bin/mc_arbiter.js', 'run', '-M', '/srv/arb dir'],
      stopCommand: ['/usr/bin/node', '/opt/pgcluster/bin/mc_arbiter.js', 'stop', '-M', '/srv/arb dir'],
      start: 'auto',
    });
  });

  it('is the service alone on POSIX; on Windows the logon right comes first and is kept on undo', () => {
    assert.deepEqual(
      planArbiterService(posix).operations.map((o) => o.kind),
      ['service.arbiter'],
    );
    const win = planArbiterService(windows);
    assert.equal(win.title, 'arbiter arb service (D:\\arbiter)');
    assert.deepEqual(win.operations[0], { kind: 'logonRight.grant', account: 'CONTOSO\\pgarb' });
    assert.equal(win.operations[1]!.kind, 'service.arbiter');
    assert.deepEqual(
      arbiterPlanAnswer(win).steps.map((s) => [s.id, s.undo]),
      [
        ['logonRight.grant:CONTOSO\\pgarb', 'keep'],
        ['service.arbiter:mc_arbiter_arb', 'remove'],
      ],
    );
    assert.deepEqual(describeOperation(win.operations[1]!), {
      target: 'service "mc_arbiter_arb"',
      action: 'register the arbiter (auto start, runs as CONTOSO\\pgarb)',
    });
    assert.deepEqual(JSON.parse(JSON.stringify(win)), win, 'plain data, as the module reads it');
  });

  it('notes that the first start needs --init when there is no record yet, in the target path style', () => {
    assert.deepEqual(planArbiterService(posix).notes, []);
    assert.deepEqual(planArbiterService({ ...windows, recordExists: false }).notes, [
      'no record yet (D:\\arbiter\\arb.arbiter.state): run mc_arbiter run -M D:\\arbiter --init once, stop it, then start the service',
    ]);
  });

  it('takes --service-name, and refuses names a service manager could not take', () => {
    const op = arbiterServiceOp({ ...posix, serviceName: 'pair1-arbiter' });
    assert.equal(operationId(op), 'service.arbiter:pair1-arbiter');
    assert.equal(undoPolicy(op), 'remove');
    let e = refusal(() => arbiterServiceName('arb', 'my arbiter'));
    assert.equal(e.code, 'SERVICE_NAME_INVALID');
    assert.equal(e.where, '--service-name');
    assert.match(e.message, /"my arbiter" cannot be a service name/);
    e = refusal(() => arbiterServiceName('arb(1)'));
    assert.equal(e.where, 'network.conf (arbiter line)');
    assert.match(e.message, /the arbiter identifier "arb\(1\)" cannot be part of a service name/);
    assert.match(e.hint ?? '', /--service-name/);
    assert.throws(() => arbiterServiceName('arb', 'x'.repeat(81)), PgClusterError);
    assert.throws(() => arbiterServiceName('arb', 'a\\b'), PgClusterError);
    assert.equal(arbiterServiceName('arb', 'x'.repeat(80)).length, 80);
  });
});

describe("the arbiter's systemd unit", () => {
  const op = arbiterServiceOp(posix);
  assert.ok(op.kind === 'service.arbiter');
  const text = renderUnit({
    name: op.name,
    description: op.description,
    user: op.account,
    execStart: op.command,
    execStop: op.stopCommand,
    startType: op.start,
    role: 'arbiter',
  });

  it('runs as the owner, restarts on failure, and names mc_arbiter as its author', () => {
    assert.match(
      text,
      /^# Written by mc_arbiter register \(PgCluster\); remove with mc_arbiter unregister\.$/m,
    );
    assert.match(text, /^User=pgarb$/m);
    assert.match(
      text,
      /^ExecStart=\/usr\/bin\/node \/opt\/pgcluster\/bin\/mc_arbiter\.js run -M "\/srv\/arb dir"$/m,
    );
    assert.match(
      text,
      /^ExecStop=\/usr\/bin\/node \/opt\/pgcluster\/bin\/mc_arbiter\.js stop -M "\/srv\/arb dir"$/m,
    );
    assert.match(text, /^Restart=on-failure$/m);
    assert.match(text, /^RestartSec=10$/m);
    assert.doesNotMatch(text, /KillMode|Restart=no/);
    assert.match(text, /^WantedBy=multi-user\.target$/m);
  });

  it("leaves the controller's unit as it was (an existing unit stays unchanged)", () => {
    const ctl = renderUnit({
      ...{ name: 'x', description: 'd', user: 'u', execStart: ['a'], execStop: ['b'] },
      startType: 'auto',
    });
    assert.match(ctl, /^# Written by mc_ctl register/);
    assert.match(ctl, /\nKillMode=process\nTimeoutStopSec=600\nRestart=no\n/);
  });
});

describe('mc_arbiter unregister and an arbiter started by hand', () => {
  const base = { dir: '/srv/arb', service: 'mc_arbiter_arb' };
  it('refuses only when the arbiter answers while its service is not running', () => {
    assert.equal(foregroundRefusal({ ...base, serviceActive: true, answering: true }), undefined);
    assert.equal(foregroundRefusal({ ...base, serviceActive: false, answering: false }), undefined);
    assert.equal(foregroundRefusal({ ...base, serviceActive: true, answering: false }), undefined);
    const e = foregroundRefusal({ ...base, serviceActive: false, answering: true });
    assert.equal(e?.code, 'ARBITER_RUNNING');
    assert.equal(e.message, 'the arbiter of /srv/arb is running, but not as the service mc_arbiter_arb');
    assert.match(e.hint ?? '', /mc_arbiter stop -M \/srv\/arb/);
  });
});

describe('mc_arbiter usage errors', () => {
  const usage = (argv: string[]) => {
    const e = refusal(() => parseArbiterArgs(argv));
    assert.equal(e.code, 'USAGE');
    return `${e.message} | ${e.hint ?? ''}`;
  };
  it('names the mode, the option and what to do', () => {
    assert.match(
      usage(['install', '-M', 'd']),
      /^unknown mode "install" \| use run, status, stop, register, unregister, plan/,
    );
    assert.match(usage(['register']), /^register: -M <dir> is required/);
    assert.match(usage(['register', '-M', 'd', '--init']), /^register: --init goes with run only/);
    assert.match(
      usage(['unregister', '-M', 'd', '-S', 'auto']),
      /^unregister: --start-type goes with register and plan only/,
    );
    assert.match(
      usage(['unregister', '-M', 'd', '-P', '-']),
      /^unregister: --password goes with register only/,
    );
    assert.match(
      usage(['run', '-M', 'd', '--service-name', 'x']),
      /^run: --service-name goes with register, unregister and plan only/,
    );
    assert.match(
      usage(['register', '-M', 'd', '-S', 'boot']),
      /^register: -S boot is not a start type \| use -S auto/,
    );
    assert.match(usage(['plan', '-M', 'd', '--target', 'mac']), /^plan: --target mac is not a platform/);
    assert.match(usage(['register', '-M', 'd', '--service-name', '']), /^register: --service-name is empty/);
    assert.match(usage(['register', '-M', 'd', '--bogus']), /^register: Unknown option '--bogus'/);
  });
  it('accepts what each mode takes', () => {
    const r = parseArbiterArgs([
      'register',
      '-M',
      'd',
      '-S',
      'demand',
      '--service-name',
      'a1',
      '-P',
      '-',
      '--json',
    ]);
    assert.equal(r.mode, 'register');
    assert.equal(r.values['start-type'], 'demand');
    assert.equal(r.values.password, '-');
    assert.ok(r.dir.endsWith('d'));
    assert.equal(parseArbiterArgs(['run', '-M', 'd', '--init']).values.init, true);
  });
});

describe('mc_arbiter register / unregister on Windows', () => {
  const env = { USERDOMAIN: 'CONTOSO', USERNAME: 'pgarb' };
  it('calls Register-PgArbiterService with the options and the -P password as the credential', async () => {
    const calls: unknown[] = [];
    const said: string[] = [];
    await registerArbiterOnWindows(
      { dir: 'D:\\arbiter', start: 'demand', serviceName: 'pair1-arbiter', password: 'pw' },
      (t) => said.push(t),
      (command, params, opts) => {
        calls.push({ command, params, opts });
        return Promise.resolve([
          { Kind: 'logonRight.grant', Outcome: 'created', Target: 'CONTOSO\\pgarb' },
          { Kind: 'service.arbiter', Outcome: 'unchanged', Target: 'service "pair1-arbiter"' },
        ]);
      },
      env,
    );
    assert.deepEqual(calls, [
      {
        command: 'Register-PgArbiterService',
        params: { ConfigPath: 'D:\\arbiter', ServiceName: 'pair1-arbiter', StartMode: 'Demand', Force: true },
        opts: { credential: { user: 'CONTOSO\\pgarb', password: 'pw' } },
      },
    ]);
    assert.deepEqual(said, ['already registered, unchanged: service "pair1-arbiter"']);
  });

  it('needs a password, and says where to give it', async () => {
    await assert.rejects(
      registerArbiterOnWindows(
        { dir: 'D:\\arbiter', start: 'auto' },
        () => undefined,
        () => Promise.resolve([]),
        env,
      ),
      (e: unknown) =>
        e instanceof PgClusterError &&
        e.code === 'PASSWORD_REQUIRED' &&
        /-P - \(the service runs as CONTOSO\\pgarb\)/.test(e.hint ?? ''),
    );
  });

  it('calls Unregister-PgArbiterService and reports what it found', async () => {
    const said: string[] = [];
    await unregisterArbiterOnWindows(
      { dir: 'D:\\arbiter', start: 'auto' },
      (t) => said.push(t),
      (command, params) => {
        assert.equal(command, 'Unregister-PgArbiterService');
        assert.deepEqual(params, { ConfigPath: 'D:\\arbiter', Force: true });
        return Promise.resolve([
          { Kind: 'service.arbiter', Outcome: 'removed', Target: 'service "mc_arbiter_arb"' },
        ]);
      },
    );
    assert.deepEqual(said, ['unregistered: service "mc_arbiter_arb"']);
  });
});

/**
 * The pgcluster helper CLI over a real management directory and a real initdb'd instance, and the
 * POSIX executor applying and undoing the real installation plan on real files. The executor runs
 * against a copy of /etc/services and a temporary unit directory, so the machine is left as it was;
 * the CLI itself only reads /etc/services (plan, test, --what-if).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestInstance, ownedTempDir, testRoot, writeOwnedFile } from '../support/instance.js';
import { instanceUser } from '../support/osuser.js';
import { freePort } from '../support/ports.js';
import { runAsInstanceUser, type RunResult } from '../support/processes.js';
import { PgClusterError } from '../../src/errors.js';
import { formatServicesLine, parseServicesFile } from '../../src/config/servicesFile.js';
import { gatherMirroringFacts } from '../../src/cli/facts.js';
import { applyPlan, testPlan, undoPlan, type PlanReport, type StepReport } from '../../src/plan/apply.js';
import { planMirroringInstall } from '../../src/plan/mirroringPlan.js';
import type { Operation, Plan } from '../../src/plan/operations.js';
import { PosixExecutor } from '../../src/platform/posix/executor.js';
import { SystemdServices, renderUnit } from '../../src/platform/posix/systemd.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const PGCLUSTER = path.join(REPO, 'bin', 'pgcluster.js');
const asRoot = process.geteuid?.() === 0;
const UNIT = 'Mirroring_Controller_server1.service';

interface CliJson {
  ok: boolean;
  plan?: Plan;
  /** plan: id, target, action and undo policy; test: step reports. */
  steps?: (StepReport & { undo?: 'remove' | 'keep' })[];
  compliant?: boolean;
  report?: PlanReport;
  error?: { code: string; message: string; where?: string; hint?: string };
}

interface CliResult extends RunResult {
  json: CliJson | undefined;
}

function parseJson(r: RunResult, args: string[]): CliResult {
  let json: CliJson | undefined;
  if (args.includes('--json')) {
    try {
      json = JSON.parse(r.stdout) as CliJson;
    } catch {
      json = undefined;
    }
  }
  return { ...r, json };
}

/** `node bin/pgcluster.js ...` as the user running the tests (root here), from the repository. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [PGCLUSTER, ...args],
      { cwd: REPO, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve(parseJson({ code, stdout, stderr }, args));
      },
    );
  });
}

/** A systemd that is never running, so no test ever calls systemctl on this machine. */
class OfflineSystemd extends SystemdServices {
  override running(): boolean {
    return false;
  }
}

function reservedPorts(): Set<number> {
  return new Set(parseServicesFile(readFileSync('/etc/services', 'utf8')).map((e) => e.port));
}

async function unreservedPort(avoid: Set<number>): Promise<number> {
  for (;;) {
    const p = await freePort();
    if (!avoid.has(p)) return p;
  }
}

const mode = (file: string) => statSync(file).mode & 0o777;
const outcomesOf = (steps: StepReport[]) => steps.map((s) => s.outcome);

describe('pgcluster CLI and the POSIX executor', { skip: process.platform === 'win32' }, () => {
  const user = instanceUser();
  let inst: TestInstance;
  let mcDir: string;
  let mcPort: number;
  let instancePort: number;
  /** Scratch directories of this file (services copies, unit directories). */
  let scratch: string;
  let unitDir: string;
  let at: string[];

  before(async () => {
    inst = await TestInstance.create('pgc-cli');
    const reserved = reservedPorts();
    instancePort = inst.port;
    if (reserved.has(instancePort)) {
      // Keep this host's /etc/services out of the way of the test's own ports.
      instancePort = await unreservedPort(reserved);
      inst.appendConf({ port: instancePort });
    }
    mcPort = await unreservedPort(new Set([...reserved, instancePort]));
    mcDir = ownedTempDir('pgc-mcdir');
    writeOwnedFile(
      path.join(mcDir, 'network.conf'),
      `# written by pgclusterCli.test\nserver1 127.0.0.1 ${mcPort}\nserver2 192.0.2.110 ${mcPort}\n`,
    );
    writeOwnedFile(path.join(mcDir, 'server1.conf'), `db_instance = '${inst.dataDir}'\n`);
    writeOwnedFile(path.join(mcDir, 'server1.pgpass'), `127.0.0.1:*:*:${user.name}:secret\n`);
    scratch = mkdtempSync(path.join(testRoot(), 'pgc-cli-scratch-'));
    unitDir = mkdtempSync(path.join(scratch, 'units-'));
    at = ['-M', mcDir, '--local-server', 'server1'];
  });

  after(() => {
    // The instance is never started, so its directory can simply go.
    for (const d of [scratch, mcDir, inst?.baseDir]) if (d) rmSync(d, { recursive: true, force: true });
  });

  const env = () => ({ PGCLUSTER_SYSTEMD_UNIT_DIR: unitDir });
  const protectedFiles = () =>
    ['network.conf', 'server1.conf', 'server1.pgpass'].map((f) => path.join(mcDir, f));

  describe('plan', () => {
    it('--json: the operations in order, their descriptions and the notes', async () => {
      const r = await cli(['plan', ...at, '--json'], env());
      assert.equal(r.code, 0, r.stderr);
      const j = r.json!;
      assert.equal(j.ok, true);
      const plan = j.plan!;
      assert.equal(plan.target, 'posix');
      assert.equal(plan.title, `Mirroring Controller of server server1 installed (${mcDir})`);
      assert.deepEqual(plan.operations, [
        {
          kind: 'servicesFile.entry',
          service: 'pgcluster-mc-server1',
          port: mcPort,
          comment: 'PgCluster Mirroring Controller server1',
        },
        {
          kind: 'servicesFile.entry',
          service: 'pgcluster-pg-server1',
          port: instancePort,
          comment: 'PostgreSQL instance of PgCluster server server1',
        },
        ...protectedFiles().map((p) => ({ kind: 'fileAcl.ownerOnly', path: p, account: user.name })),
        {
          kind: 'service.mirroring',
          name: 'Mirroring_Controller_server1',
          description: `PgCluster Mirroring Controller of server server1 (${mcDir})`,
          account: user.name,
          command: [
            process.execPath,
            path.join(REPO, 'dist', 'src', 'controller', 'main.js'),
            '-M',
            mcDir,
            '--local-server',
            'server1',
          ],
          stopCommand: [
            process.execPath,
            path.join(REPO, 'bin', 'mc_ctl.js'),
            'stop',
            '-M',
            mcDir,
            '--local-server',
            'server1',
          ],
          start: 'demand',
        },
      ]);
      assert.deepEqual(plan.notes, [
        `open TCP ${mcPort} (controller) and ${instancePort} (instance) to the peer in this host's firewall if one is enabled: firewalls are not managed on Linux`,
      ]);
      assert.deepEqual(j.steps, [
        {
          id: 'servicesFile.entry:pgcluster-mc-server1',
          target: 'services file entry "pgcluster-mc-server1"',
          action: `reserve ${mcPort}/tcp`,
          undo: 'remove',
        },
        {
          id: 'servicesFile.entry:pgcluster-pg-server1',
          target: 'services file entry "pgcluster-pg-server1"',
          action: `reserve ${instancePort}/tcp`,
          undo: 'remove',
        },
        ...protectedFiles().map((p) => ({
          id: `fileAcl.ownerOnly:${p}`,
          target: p,
          action: `allow access by ${user.name} only`,
          undo: 'keep',
        })),
        {
          id: 'service.mirroring:Mirroring_Controller_server1',
          target: 'service "Mirroring_Controller_server1"',
          action: `register the Mirroring Controller (demand start, runs as ${user.name})`,
          undo: 'remove',
        },
      ]);
    });

    it('-f and --start-type auto reach the service operation', async () => {
      const r = await cli(['plan', ...at, '-f', '--start-type', 'a', '--json'], env());
      assert.equal(r.code, 0, r.stderr);
      const svc = r.json!.plan!.operations.at(-1)!;
      assert.ok(svc.kind === 'service.mirroring');
      assert.equal(svc.start, 'auto');
      assert.deepEqual(svc.command.slice(2), ['-M', mcDir, '--local-server', 'server1', '-f']);
    });

    it('prints a numbered list without --json', async () => {
      const r = await cli(['plan', ...at], env());
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.split('\n');
      assert.equal(lines[0], `Mirroring Controller of server server1 installed (${mcDir})`);
      assert.equal(lines[1], `  1. services file entry "pgcluster-mc-server1": reserve ${mcPort}/tcp`);
      assert.equal(
        lines[6],
        `  6. service "Mirroring_Controller_server1": register the Mirroring Controller (demand start, runs as ${user.name})`,
      );
      assert.match(lines[7] ?? '', /^ {2}note: open TCP /);
    });

    it('--target windows plans for Windows with the given account and bin folder', async () => {
      const r = await cli(
        [
          'plan',
          ...at,
          '--target',
          'windows',
          '--account',
          'DOM\\symfo',
          '--pg-bin',
          'C:\\pg\\bin',
          '--json',
        ],
        env(),
      );
      assert.equal(r.code, 0, r.stderr);
      const plan = r.json!.plan!;
      assert.equal(plan.target, 'windows');
      assert.deepEqual(
        plan.operations.map((o) => o.kind),
        [
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
        ],
      );
      assert.deepEqual(plan.operations.slice(0, 2), [
        { kind: 'eventSource.register', source: 'MirroringControllerOpen', dll: 'C:\\pg\\lib\\pgevent.dll' },
        { kind: 'logonRight.grant', account: 'DOM\\symfo' },
      ]);
      assert.deepEqual(
        plan.operations.filter((o) => o.kind === 'firewall.allowTcp'),
        [
          {
            kind: 'firewall.allowTcp',
            name: 'PgCluster-MC-server1-TCP-In',
            displayName: 'PgCluster Mirroring Controller server1',
            port: mcPort,
          },
          {
            kind: 'firewall.allowTcp',
            name: 'PgCluster-PG-server1-TCP-In',
            displayName: 'PgCluster PostgreSQL server1',
            port: instancePort,
          },
        ],
      );
      for (const op of plan.operations)
        if ('account' in op) assert.equal(op.account, 'DOM\\symfo', `${op.kind} runs as the given account`);
      // The default event source is shared by every server on the host: uninstall keeps it.
      assert.deepEqual(
        r.json!.steps!.map((st, i) => `${plan.operations[i]!.kind} ${st.undo}`),
        [
          'eventSource.register keep',
          'logonRight.grant keep',
          'servicesFile.entry remove',
          'servicesFile.entry remove',
          'fileAcl.ownerOnly keep',
          'fileAcl.ownerOnly keep',
          'fileAcl.ownerOnly keep',
          'firewall.allowTcp remove',
          'firewall.allowTcp remove',
          'service.mirroring remove',
        ],
      );
      assert.deepEqual(plan.notes, [
        'db_instance_service_name is not set in server1.conf: the instance service is not registered',
      ]);
    });

    it(
      'refuses a POSIX plan for a directory owned by root, but plans for Windows',
      { skip: asRoot ? false : 'needs root' },
      async () => {
        const rootDir = mkdtempSync(path.join(scratch, 'rootmc-'));
        for (const f of ['network.conf', 'server1.conf'])
          writeFileSync(path.join(rootDir, f), readFileSync(path.join(mcDir, f)), { mode: 0o600 });
        const r = await cli(['plan', '-M', rootDir, '--local-server', 'server1', '--json'], env());
        assert.equal(r.code, 1, r.stdout);
        assert.deepEqual(r.json!.error, {
          code: 'ROOT_OWNED_CONFIG',
          message: 'the management directory is owned by root, but PostgreSQL cannot run as root',
          where: rootDir,
          hint: 'give the files to the instance administrator (chown) and run it again',
        });
        const win = await cli(
          [
            'plan',
            '-M',
            rootDir,
            '--local-server',
            'server1',
            '--target',
            'windows',
            '--pg-bin',
            'C:\\pg\\bin',
            '--json',
          ],
          env(),
        );
        assert.equal(win.code, 0, win.stdout);
        assert.equal(win.json!.plan!.target, 'windows');
      },
    );

    it('refuses to install or test a Windows plan here', async () => {
      const r = await cli(['test', ...at, '--target', 'windows', '--pg-bin', 'C:\\pg\\bin'], env());
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        /^pgcluster: ERROR: test of a Windows plan is run by the PgCluster PowerShell module\n/,
      );
      assert.match(r.stderr, new RegExp(`HINT: run: Test-PgMirroring -ConfigPath ${mcDir}`));
    });
  });

  describe('test', () => {
    it('exits 1 before the installation, saying what is missing', async () => {
      const r = await cli(['test', ...at, '--json'], env());
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.json!.ok, true);
      assert.equal(r.json!.compliant, false);
      assert.deepEqual(
        r.json!.steps!.map((s) => [s.id, s.before, s.outcome]),
        [
          ['servicesFile.entry:pgcluster-mc-server1', 'absent', 'would create'],
          ['servicesFile.entry:pgcluster-pg-server1', 'absent', 'would create'],
          ...protectedFiles().map((p) => [`fileAcl.ownerOnly:${p}`, 'present', 'unchanged']),
          ['service.mirroring:Mirroring_Controller_server1', 'absent', 'would create'],
        ],
      );
      const text = await cli(['test', ...at], env());
      assert.equal(text.code, 1);
      assert.match(text.stdout, /: NOT in place\n/);
      assert.match(text.stdout, /^ {2}would create {2}service "Mirroring_Controller_server1": /m);
    });

    it(
      'runs as the unprivileged instance administrator too',
      { skip: asRoot ? false : 'needs root' },
      async () => {
        const r = await runAsInstanceUser(process.execPath, [PGCLUSTER, 'test', ...at, '--json'], {
          env: env(),
          cwd: REPO,
        });
        assert.equal(r.code, 1, r.stderr);
        assert.equal((JSON.parse(r.stdout) as CliJson).compliant, false);
      },
    );
  });

  describe('usage errors exit 2 with the reason', () => {
    const cases: [string, string[], RegExp][] = [
      ['an unknown command', ['frobnicate', '-M', '/x'], /^pgcluster: ERROR: unknown command "frobnicate"\n/],
      [
        'an unknown option',
        ['plan', '-M', '/x', '--bogus'],
        /^pgcluster: ERROR: plan: Unknown option '--bogus'/,
      ],
      [
        'a bad --target',
        ['plan', '-M', '/x', '--target', 'macos'],
        /^pgcluster: ERROR: plan: --target macos is not a platform: use windows or posix\n/,
      ],
      [
        'a bad --start-type',
        ['install', '-M', '/x', '--start-type', 'sometimes'],
        /^pgcluster: ERROR: install: --start-type sometimes is not a start type: use auto or demand\n/,
      ],
      [
        '--what-if with plan',
        ['plan', '-M', '/x', '--what-if'],
        /^pgcluster: ERROR: plan: --what-if goes with install and uninstall only\n/,
      ],
      [
        '--what-if with test',
        ['test', '-M', '/x', '--what-if'],
        /^pgcluster: ERROR: test: --what-if goes with install and uninstall only\n/,
      ],
      ['a missing -M', ['install'], /^pgcluster: ERROR: install: -M <mcdir> is required \(the Mirroring/],
      [
        'a stray argument',
        ['plan', '-M', '/x', 'extra'],
        /^pgcluster: ERROR: plan: Unexpected argument 'extra'/,
      ],
    ];
    for (const [what, args, message] of cases) {
      it(what, async () => {
        const r = await cli(args, env());
        assert.equal(r.code, 2, `${r.stdout}${r.stderr}`);
        assert.match(r.stderr, message);
        assert.match(r.stderr, /HINT: run 'pgcluster --help' for the commands and options\n$/);
        assert.equal(r.stdout, '');
      });
    }

    it('as JSON on stdout with --json', async () => {
      const r = await cli(['plan', '-M', '/x', '--target', 'macos', '--json'], env());
      assert.equal(r.code, 2);
      assert.equal(r.stderr, '');
      assert.deepEqual(r.json, {
        ok: false,
        error: {
          code: 'USAGE',
          message: 'plan: --target macos is not a platform: use windows or posix',
          hint: "run 'pgcluster --help' for the commands and options",
        },
      });
    });

    it('no command prints the help and exits 2; --help exits 0', async () => {
      const none = await cli([], env());
      assert.equal(none.code, 2);
      assert.match(none.stdout, /^pgcluster — plans and applies/);
      const help = await cli(['--help'], env());
      assert.equal(help.code, 0);
      assert.equal(help.stdout, none.stdout);
    });

    it('a missing management directory is an error of the directory, exit 1', async () => {
      const r = await cli(['plan', '-M', path.join(scratch, 'nope'), '--json'], env());
      assert.equal(r.code, 1);
      assert.equal(r.json!.error!.code, 'MCDIR_NOT_FOUND');
    });
  });

  describe('install / uninstall through the CLI', { skip: asRoot ? false : 'needs root' }, () => {
    it('install --what-if reports and changes nothing', async () => {
      const services = readFileSync('/etc/services');
      const servicesMtime = statSync('/etc/services').mtimeMs;
      const modes = protectedFiles().map(mode);
      const r = await cli(['install', ...at, '--what-if', '--json'], env());
      assert.equal(r.code, 0, r.stderr);
      const report = r.json!.report!;
      assert.equal(report.whatIf, true);
      assert.equal(report.changed, false);
      assert.deepEqual(outcomesOf(report.steps), [
        'would create',
        'would create',
        'unchanged',
        'unchanged',
        'unchanged',
        'would create',
      ]);
      assert.deepEqual(readFileSync('/etc/services'), services);
      assert.equal(statSync('/etc/services').mtimeMs, servicesMtime);
      assert.deepEqual(readdirSync(unitDir), []);
      assert.deepEqual(protectedFiles().map(mode), modes);

      const text = await cli(['install', ...at, '--what-if'], env());
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /^What if: Mirroring Controller of server server1 installed/);
    });

    it('uninstall --what-if reports everything absent or kept', async () => {
      const r = await cli(['uninstall', ...at, '--what-if', '--json'], env());
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(outcomesOf(r.json!.report!.steps), [
        'absent',
        'kept',
        'kept',
        'kept',
        'absent',
        'absent',
      ]);
      assert.deepEqual(readdirSync(unitDir), []);
    });

    it('install as the unprivileged instance administrator is refused', async () => {
      const r = await runAsInstanceUser(process.execPath, [PGCLUSTER, 'install', ...at], {
        env: env(),
        cwd: REPO,
      });
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        /^pgcluster: ERROR: install changes system files \(services file, systemd units\) and must run as root\nHINT: run: sudo pgcluster install /,
      );
    });
  });

  describe('the POSIX executor on real files', () => {
    let servicesFile: string;
    let original: string;
    let exec: PosixExecutor;
    let plan: Plan;
    let units: string;

    before(() => {
      const dir = mkdtempSync(path.join(scratch, 'exec-'));
      servicesFile = path.join(dir, 'services');
      original = readFileSync('/etc/services', 'utf8');
      writeFileSync(servicesFile, original, { mode: 0o644 });
      units = mkdtempSync(path.join(dir, 'units-'));
      exec = new PosixExecutor({ servicesFile, systemd: new OfflineSystemd(units) });
      plan = planMirroringInstall(gatherMirroringFacts({ mcDir, localServer: 'server1' }));
    });

    const svc = () => plan.operations.at(-1) as Extract<Operation, { kind: 'service.mirroring' }>;
    const unitFile = () => path.join(units, UNIT);
    const ourLines = () =>
      `${formatServicesLine({ service: 'pgcluster-mc-server1', port: mcPort, comment: 'PgCluster Mirroring Controller server1' })}\n` +
      `${formatServicesLine({ service: 'pgcluster-pg-server1', port: instancePort, comment: 'PostgreSQL instance of PgCluster server server1' })}\n`;

    it('install reserves both ports, keeps the files private and writes the unit', async () => {
      assert.deepEqual(
        plan.operations.map((o) => o.kind),
        [
          'servicesFile.entry',
          'servicesFile.entry',
          'fileAcl.ownerOnly',
          'fileAcl.ownerOnly',
          'fileAcl.ownerOnly',
          'service.mirroring',
        ],
      );
      const r = await applyPlan(plan, exec);
      assert.deepEqual(outcomesOf(r.steps), [
        'created',
        'created',
        'unchanged',
        'unchanged',
        'unchanged',
        'created',
      ]);
      assert.equal(r.changed, true);
      assert.equal(readFileSync(servicesFile, 'utf8'), `${original}${ourLines()}`);
      assert.equal(mode(servicesFile), 0o644, 'the services file stays world-readable');
      const unit = readFileSync(unitFile(), 'utf8');
      assert.equal(
        unit,
        renderUnit({
          name: svc().name,
          description: svc().description,
          user: user.name,
          execStart: svc().command,
          execStop: svc().stopCommand,
          startType: 'demand',
        }),
      );
      assert.match(unit, new RegExp(`^User=${user.name}$`, 'm'));
    });

    it('test is then compliant', async () => {
      const t = await testPlan(plan, exec);
      assert.equal(t.compliant, true, JSON.stringify(t.steps, null, 2));
    });

    it('install again changes nothing and rewrites nothing', async () => {
      const servicesBefore = statSync(servicesFile).mtimeMs;
      const unitBefore = statSync(unitFile()).mtimeMs;
      const r = await applyPlan(plan, exec);
      assert.deepEqual(
        outcomesOf(r.steps),
        plan.operations.map(() => 'unchanged'),
      );
      assert.equal(r.changed, false);
      assert.equal(readFileSync(servicesFile, 'utf8'), `${original}${ourLines()}`);
      assert.equal(statSync(servicesFile).mtimeMs, servicesBefore);
      assert.equal(statSync(unitFile()).mtimeMs, unitBefore);
    });

    it('finds a group-readable file different and makes it owner-only again', async () => {
      const conf = path.join(mcDir, 'server1.conf');
      chmodSync(conf, 0o640);
      try {
        const t = await testPlan(plan, exec);
        assert.equal(t.compliant, false);
        const s = t.steps.find((x) => x.target === conf)!;
        assert.equal(s.before, 'different');
        assert.equal(s.outcome, 'would change');
        assert.equal(s.detail, 'mode 640 lets others in');
        const r = await applyPlan(plan, exec);
        assert.deepEqual(
          r.steps.filter((x) => x.outcome !== 'unchanged').map((x) => [x.target, x.outcome]),
          [[conf, 'changed']],
        );
        assert.equal(mode(conf), 0o600);
        assert.equal(statSync(conf).uid, user.uid);
        assert.equal((await testPlan(plan, exec)).compliant, true);
      } finally {
        chmodSync(conf, 0o600);
      }
    });

    it(
      'finds a file owned by someone else different and gives it back',
      { skip: asRoot ? false : 'needs root' },
      async () => {
        const pgpass = path.join(mcDir, 'server1.pgpass');
        chownSync(pgpass, 0, 0);
        try {
          const t = await testPlan(plan, exec);
          const s = t.steps.find((x) => x.target === pgpass)!;
          assert.equal(s.before, 'different');
          assert.equal(s.detail, `owned by uid 0, not ${user.name}`);
          await applyPlan(plan, exec);
          assert.equal(statSync(pgpass).uid, user.uid);
          assert.equal(statSync(pgpass).gid, 0, 'the group is left as it was');
          assert.equal(mode(pgpass), 0o600);
        } finally {
          chownSync(pgpass, user.uid, user.gid);
        }
      },
    );

    it('uninstall removes the services lines and the unit, in reverse, and keeps the file modes', async () => {
      const r = await undoPlan(plan, exec);
      assert.deepEqual(
        r.steps.map((s) => [s.kind, s.outcome]),
        [
          ['service.mirroring', 'removed'],
          ['fileAcl.ownerOnly', 'kept'],
          ['fileAcl.ownerOnly', 'kept'],
          ['fileAcl.ownerOnly', 'kept'],
          ['servicesFile.entry', 'removed'],
          ['servicesFile.entry', 'removed'],
        ],
      );
      assert.equal(readFileSync(servicesFile, 'utf8'), original);
      assert.equal(existsSync(unitFile()), false);
      for (const f of protectedFiles()) {
        assert.equal(mode(f), 0o600, f);
        assert.equal(statSync(f).uid, user.uid, f);
      }
    });

    it('uninstall again reports everything absent and changes nothing', async () => {
      const r = await undoPlan(plan, exec);
      assert.deepEqual(outcomesOf(r.steps), ['absent', 'kept', 'kept', 'kept', 'absent', 'absent']);
      assert.equal(r.changed, false);
      assert.equal(readFileSync(servicesFile, 'utf8'), original);
    });

    describe('a services-file port clash', () => {
      let clashFile: string;
      let clashUnits: string;
      let clashExec: PosixExecutor;
      let withClash: string;

      before(() => {
        const dir = mkdtempSync(path.join(scratch, 'clash-'));
        clashFile = path.join(dir, 'services');
        withClash = `${original}other-db\t${instancePort}/tcp\t\t# someone else's database\n`;
        writeFileSync(clashFile, withClash, { mode: 0o644 });
        clashUnits = mkdtempSync(path.join(dir, 'units-'));
        clashExec = new PosixExecutor({ servicesFile: clashFile, systemd: new OfflineSystemd(clashUnits) });
      });

      it('makes install fail with SERVICES_PORT_TAKEN and undoes the entry it had added', async () => {
        let err: unknown;
        await applyPlan(plan, clashExec).catch((e: unknown) => (err = e));
        assert.ok(err instanceof PgClusterError, String(err));
        assert.equal(err.code, 'SERVICES_PORT_TAKEN');
        assert.equal(
          err.message,
          `services file entry "pgcluster-pg-server1": port ${instancePort}/tcp is already reserved for "other-db"`,
        );
        assert.equal(err.where, plan.title);
        assert.equal(
          err.hint,
          'another program expects that port: choose another port for pgcluster-pg-server1 (network.conf or postgresql.conf), or remove that line if it is stale; what this run had created was undone (servicesFile.entry:pgcluster-mc-server1); fix the cause and run it again',
        );
        const steps = (err.cause as { steps: StepReport[] }).steps;
        assert.deepEqual(outcomesOf(steps), ['rolled back', 'failed']);
        const line = original.split('\n').length;
        assert.match(steps[1]!.detail ?? '', new RegExp(`^${clashFile}:${line}: port ${instancePort}/tcp`));
        assert.equal(readFileSync(clashFile, 'utf8'), withClash, 'the services file is as it was');
        assert.deepEqual(readdirSync(clashUnits), [], 'no unit was written');
      });

      // The unit comes last in the installation plan, so a clash stops the plan before it; this
      // runs the service first to check that a unit this run wrote is removed by the rollback.
      it('rolls back a unit this run had written before the clash', async () => {
        const pgEntry = plan.operations[1]!;
        const reordered: Plan = { ...plan, operations: [svc(), pgEntry] };
        let err: unknown;
        await applyPlan(reordered, clashExec).catch((e: unknown) => (err = e));
        assert.ok(err instanceof PgClusterError, String(err));
        assert.equal(err.code, 'SERVICES_PORT_TAKEN');
        assert.deepEqual(outcomesOf((err.cause as { steps: StepReport[] }).steps), ['rolled back', 'failed']);
        assert.deepEqual(readdirSync(clashUnits), []);
        assert.equal(readFileSync(clashFile, 'utf8'), withClash);
      });

      it('leaves a unit that was there before the failed run', async () => {
        await applyPlan({ ...plan, operations: [svc()] }, clashExec);
        const before = readFileSync(path.join(clashUnits, UNIT), 'utf8');
        await assert.rejects(applyPlan(plan, clashExec), { code: 'SERVICES_PORT_TAKEN' });
        assert.equal(readFileSync(path.join(clashUnits, UNIT), 'utf8'), before);
        await undoPlan({ ...plan, operations: [svc()] }, clashExec);
        assert.deepEqual(readdirSync(clashUnits), []);
      });
    });

    // renderUnit records the start type, so the executor's Test finds a demand-start unit
    // "different" for an auto-start plan, and Set runs systemctl enable.
    it('sees a changed start type as different', async () => {
      const demand = planMirroringInstall(gatherMirroringFacts({ mcDir, localServer: 'server1' }));
      const auto = planMirroringInstall(
        gatherMirroringFacts({ mcDir, localServer: 'server1', start: 'auto' }),
      );
      const only = (p: Plan): Plan => ({ ...p, operations: [p.operations.at(-1)!] });
      try {
        await applyPlan(only(demand), exec);
        const t = await testPlan(only(auto), exec);
        assert.equal(t.compliant, false, 'an auto-start plan over a demand-start unit is not in place');
        assert.deepEqual(
          t.steps.map((s) => [s.before, s.outcome, s.detail]),
          [['different', 'would change', `${unitFile()} differs from what would be written`]],
        );
      } finally {
        await undoPlan(only(demand), exec);
      }
    });

    // Another program reserving our port after the installation must not stop the uninstall: Test
    // only looks at our own lines, and the clash is refused only when writing (Set).
    it('uninstall removes our entry even when another line has taken its port since', async () => {
      await applyPlan(plan, exec);
      writeFileSync(servicesFile, `${readFileSync(servicesFile, 'utf8')}late-comer ${mcPort}/tcp\n`);
      try {
        await undoPlan(plan, exec);
        assert.doesNotMatch(readFileSync(servicesFile, 'utf8'), /pgcluster-mc-server1/);
      } finally {
        writeFileSync(servicesFile, original);
        rmSync(unitFile(), { force: true });
      }
    });
  });
});

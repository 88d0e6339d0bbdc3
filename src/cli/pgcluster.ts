/**
 * pgcluster: the JSON helper behind the PowerShell module and the installer. It plans the
 * per-server installation of a Mirroring Controller as operations (plan), applies or undoes it
 * on POSIX hosts (install, uninstall), checks it (test), and shows the validated configuration
 * (config). On Windows the module executes the same plans natively.
 */
import { parseArgs } from 'node:util';
import { PgClusterError, isPgClusterError } from '../errors.js';
import { applyPlan, testPlan, undoPlan, type PlanReport, type StepReport } from '../plan/apply.js';
import { planMirroringInstall } from '../plan/mirroringPlan.js';
import { describeOperation, operationId, undoPolicy } from '../plan/operations.js';
import { PosixExecutor } from '../platform/posix/executor.js';
import { gatherMirroringFacts, loadDirectoryAsAdmin } from './facts.js';
import { VERSION } from '../version.js';
import { wsfcPlanCommand, wsfcPreflightCommand } from './wsfc.js';
import { clientCommand, probeCommand } from './client.js';
import { fileAccessCommand } from './fileAccess.js';

const COMMANDS = ['plan', 'install', 'uninstall', 'test', 'config'] as const;
type Command = (typeof COMMANDS)[number];

export const HELP = `pgcluster — plans and applies the per-server set-up of a Mirroring Controller

Usage:
  pgcluster plan      -M <mcdir> [options]   the operations, in order (nothing is changed)
  pgcluster install   -M <mcdir> [options]   make them true (POSIX); --what-if shows what would change
  pgcluster uninstall -M <mcdir> [options]   undo them in reverse order
  pgcluster test      -M <mcdir> [options]   exit 0 when everything is in place, 1 when not
  pgcluster config    -M <mcdir> [--local-server <id>]   the validated configuration
  pgcluster wsfc-preflight -D <datadir> --cluster <file.json>   shared-disk failover checks (docs/wsfc.md)
  pgcluster wsfc-plan --role <file.json> [--mscs-script <file.cmd>]   the role's resources, in order
  pgcluster wsfc-plan --action remove|move|maintenance-start|maintenance-stop|failover-check --state <file.json>
  pgcluster file-access --account <user> --file <path> [--file <path>]...   Windows: is each file
                            private to the instance administrator (as mc_ctl judges it)
  pgcluster client --host h:p[,h:p] [...]   keeps committing through a failover (docs/client-behaviour.md)
  pgcluster probe  --host h:p [--timeout s]  connects and runs SELECT 1, waiting through a failover

Options:
  --local-server <id>       which server of network.conf this is (needed when both are on one host)
  --target windows|posix    the platform to plan for (default: this one)
  --account <user>          the instance administrator who runs the services (default: owner of the files)
  --start-type auto|demand  start of the controller's service (default demand)
  -f, --failover            the controller's service starts with automatic failover
  --pg-bin <dir>            PostgreSQL's bin folder (default: found as mc_ctl finds it)
  --what-if                 with install/uninstall: report, change nothing
  --json                    machine-readable output (what the PowerShell module reads)
`;

interface Io {
  out(text: string): void;
  err(text: string): void;
}

const consoleIo: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

function usage(what: string): PgClusterError {
  return new PgClusterError('USAGE', what, { hint: "run 'pgcluster --help' for the commands and options" });
}

function parse(argv: string[]) {
  const [command, ...rest] = argv;
  if (!COMMANDS.includes(command as Command))
    throw usage(command ? `unknown command "${command}"` : 'no command given');
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: false,
      options: {
        mcdir: { type: 'string', short: 'M' },
        'local-server': { type: 'string' },
        target: { type: 'string' },
        account: { type: 'string' },
        'start-type': { type: 'string' },
        failover: { type: 'boolean', short: 'f' },
        'pg-bin': { type: 'string' },
        'what-if': { type: 'boolean' },
        json: { type: 'boolean' },
      },
    }));
  } catch (e) {
    throw usage(`${command}: ${(e as Error).message}`);
  }
  if (!values.mcdir)
    throw usage(`${command}: -M <mcdir> is required (the Mirroring Controller management directory)`);
  if (values.target !== undefined && values.target !== 'windows' && values.target !== 'posix')
    throw usage(`${command}: --target ${values.target} is not a platform: use windows or posix`);
  const start = values['start-type'];
  if (start !== undefined && !['auto', 'a', 'demand', 'd'].includes(start))
    throw usage(`${command}: --start-type ${start} is not a start type: use auto or demand`);
  if (values['what-if'] && command !== 'install' && command !== 'uninstall')
    throw usage(`${command}: --what-if goes with install and uninstall only`);
  return { command: command as Command, values };
}

function table(steps: StepReport[]): string {
  const w = Math.max(...steps.map((s) => s.outcome.length), 7);
  return steps
    .map((s) => `  ${s.outcome.padEnd(w)}  ${s.target}: ${s.action}${s.detail ? ` (${s.detail})` : ''}\n`)
    .join('');
}

function reportText(r: PlanReport): string {
  return `${r.whatIf ? 'What if: ' : ''}${r.title}\n${table(r.steps)}${r.notes.map((n) => `  note: ${n}\n`).join('')}`;
}

export async function main(argv: string[], io: Io = consoleIo): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
    io.out(HELP);
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === '--version') {
    io.out(`pgcluster (PgCluster) ${VERSION}\n`);
    return 0;
  }
  let json = argv.includes('--json');
  try {
    if (argv[0] === 'wsfc-preflight') return wsfcPreflightCommand(argv.slice(1), (t) => io.out(t));
    if (argv[0] === 'wsfc-plan') return wsfcPlanCommand(argv.slice(1), (t) => io.out(t));
    if (argv[0] === 'file-access') return fileAccessCommand(argv.slice(1), (t) => io.out(t));
    if (argv[0] === 'client') return await clientCommand(argv.slice(1), io);
    if (argv[0] === 'probe') return await probeCommand(argv.slice(1), io);
    const { command, values } = parse(argv);
    json = !!values.json;
    const print = (payload: Record<string, unknown>, text: string) =>
      io.out(json ? `${JSON.stringify({ ok: true, ...payload }, null, 2)}\n` : text);

    if (command === 'config') {
      const { dir } = loadDirectoryAsAdmin(values.mcdir!, values['local-server']);
      const { dbInstancePassword: _secret, ...conf } = dir.local.conf;
      print(
        {
          mcDir: dir.mcDir,
          sameHost: dir.sameHost,
          local: { ...dir.local.entry, conf },
          peer: dir.peer.entry,
          warnings: dir.warnings,
        },
        `${dir.mcDir}: server ${dir.local.entry.id} (${dir.local.entry.host}:${dir.local.entry.port}), peer ${dir.peer.entry.id} (${dir.peer.entry.host}:${dir.peer.entry.port})\n`,
      );
      return 0;
    }

    const facts = gatherMirroringFacts({
      mcDir: values.mcdir!,
      ...(values['local-server'] ? { localServer: values['local-server'] } : {}),
      ...(values.target ? { target: values.target as 'windows' | 'posix' } : {}),
      ...(values.account ? { account: values.account } : {}),
      start: values['start-type']?.startsWith('a') ? 'auto' : 'demand',
      failover: !!values.failover,
      ...(values['pg-bin'] ? { pgBin: values['pg-bin'] } : {}),
    });
    const plan = planMirroringInstall(facts);
    if (command === 'plan') {
      const steps = plan.operations.map((op) => ({
        id: operationId(op),
        ...describeOperation(op),
        undo: undoPolicy(op),
      }));
      print(
        { plan, steps },
        `${plan.title}\n${steps.map((s, i) => `  ${i + 1}. ${s.target}: ${s.action}\n`).join('')}${plan.notes.map((n) => `  note: ${n}\n`).join('')}`,
      );
      return 0;
    }
    if (plan.target === 'windows')
      throw new PgClusterError(
        'USE_POWERSHELL',
        `${command} of a Windows plan is run by the PgCluster PowerShell module`,
        {
          hint: `run: ${command === 'install' ? 'Install' : command === 'uninstall' ? 'Uninstall' : 'Test'}-PgMirroring -ConfigPath ${facts.dir.mcDir}`,
        },
      );
    // Reading is enough for test and --what-if; changing /etc/services and units needs root.
    if (process.geteuid?.() !== 0 && command !== 'test' && !values['what-if'])
      throw new PgClusterError(
        'NEEDS_ROOT',
        `${command} changes system files (services file, systemd units) and must run as root`,
        {
          hint: `run: sudo pgcluster ${argv.join(' ')}`,
        },
      );
    const exec = new PosixExecutor();
    if (command === 'test') {
      const r = await testPlan(plan, exec);
      print(
        { compliant: r.compliant, steps: r.steps },
        `${plan.title}: ${r.compliant ? 'in place' : 'NOT in place'}\n${table(r.steps)}`,
      );
      return r.compliant ? 0 : 1;
    }
    const whatIf = !!values['what-if'];
    const r =
      command === 'install'
        ? await applyPlan(plan, exec, { whatIf })
        : await undoPlan(plan, exec, { whatIf });
    print({ report: r }, reportText(r));
    return 0;
  } catch (e) {
    const err = isPgClusterError(e) ? e : new PgClusterError('INTERNAL', (e as Error).message ?? String(e));
    const steps = (err.cause as { steps?: StepReport[] } | undefined)?.steps;
    if (json)
      io.out(`${JSON.stringify({ ok: false, error: err.toJSON(), ...(steps ? { steps } : {}) }, null, 2)}\n`);
    else io.err(`pgcluster: ERROR: ${err.describe()}\n${steps ? table(steps) : ''}`);
    return err.code === 'USAGE' ? 2 : 1;
  }
}

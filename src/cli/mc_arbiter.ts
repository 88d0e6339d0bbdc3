/**
 * mc_arbiter: the arbiter (witness) for a pair of Mirroring Controllers, run on a third machine.
 *   mc_arbiter run -M <dir>      answer both controllers until stopped (what its service runs)
 *   mc_arbiter status -M <dir>   what the running arbiter has on record and when it saw each server
 *   mc_arbiter stop -M <dir>     asks it to stop (its Windows service's stop command)
 *   mc_arbiter register / unregister / plan   the arbiter as an operating-system service
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PgClusterError, isPgClusterError } from '../errors.js';
import { AdminClient } from '../controller/adminNet.js';
import { loadArbiterDirectory, type ArbiterDirectory } from '../arbiter/directory.js';
import { planArbiterService } from '../plan/arbiterPlan.js';
import {
  arbiterPlanAnswer,
  gatherArbiterFacts,
  registerArbiter,
  unregisterArbiter,
} from './arbiterService.js';
import { startArbiter } from '../arbiter/main.js';
import type { ArbiterStatus } from '../arbiter/service.js';
import { VERSION } from '../version.js';

interface Io {
  out(text: string): void;
  err(text: string): void;
}

const consoleIo: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

export const ARBITER_HELP = `mc_arbiter: the arbiter for a pair of Mirroring Controllers (PgCluster)

Usage:
  mc_arbiter run        -M <dir> [--init] [--event-source <name>]
  mc_arbiter status     -M <dir> [--json]
  mc_arbiter stop       -M <dir>
  mc_arbiter register   -M <dir> [--service-name <name>] [-S auto|demand] [-P -]
  mc_arbiter unregister -M <dir> [--service-name <name>]
  mc_arbiter plan       -M <dir> [--target windows|posix] [--account <user>] [--service-name <name>] [-S ...]
  mc_arbiter --version

<dir> holds the pair's network.conf, with a line "arbiterIdentifier host port arbiter",
and the pair's mc.key, both readable by this account only. The arbiter keeps its record
(<arbiterIdentifier>.arbiter.state) and log there. "run" stays in the foreground; --init is for
the first start, when there is no record yet; without it a missing record is refused (a lost
record could let a replaced primary back). "stop" asks a running arbiter to stop.

"register" makes "run" a service started with the machine (-S auto, the default) or by hand
(-S demand), named mc_arbiter_<arbiterIdentifier> unless --service-name says otherwise (give
unregister the same name): a systemd unit running as the owner of <dir>, restarted when it
fails (as root), or a Windows service running as you, whose password -P - reads from standard
input (or PGPASSWORD). "unregister" stops the service and removes it. "plan" shows the
operations register performs (the PowerShell module reads them with --json).
`;

const MODES = ['run', 'status', 'stop', 'register', 'unregister', 'plan'] as const;
type Mode = (typeof MODES)[number];

/** The options each mode takes besides -M and --json; any other is a usage error. */
const MODE_OPTIONS: Record<Mode, string[]> = {
  run: ['init', 'event-source'],
  status: [],
  stop: [],
  register: ['service-name', 'start-type', 'password'],
  unregister: ['service-name'],
  plan: ['service-name', 'start-type', 'target', 'account'],
};

const OPTIONS = {
  mcdir: { type: 'string', short: 'M' },
  json: { type: 'boolean' },
  init: { type: 'boolean' },
  'event-source': { type: 'string' },
  'service-name': { type: 'string' },
  'start-type': { type: 'string', short: 'S' },
  password: { type: 'string', short: 'P' },
  target: { type: 'string' },
  account: { type: 'string' },
} as const;

type Values = {
  [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};

function usage(what: string, hint = 'mc_arbiter --help shows the modes and their options'): PgClusterError {
  return new PgClusterError('USAGE', what, { hint });
}

/** Parses and checks the command line; pure, so every usage error is unit-tested. */
export function parseArbiterArgs(argv: string[]): { mode: Mode; values: Values; dir: string } {
  const mode = argv[0] as Mode;
  if (!MODES.includes(mode))
    throw usage(`unknown mode "${argv[0]}"`, `use ${MODES.join(', ')}; mc_arbiter --help shows them`);
  let values: Values;
  try {
    ({ values } = parseArgs({ args: argv.slice(1), options: OPTIONS, strict: true }));
  } catch (e) {
    throw usage(`${mode}: ${(e as Error).message}`);
  }
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || name === 'mcdir' || name === 'json' || MODE_OPTIONS[mode].includes(name))
      continue;
    const modes = MODES.filter((m) => MODE_OPTIONS[m].includes(name));
    throw usage(
      `${mode}: --${name} goes with ${modes.length > 1 ? `${modes.slice(0, -1).join(', ')} and ${modes.at(-1)!}` : modes[0]!} only`,
    );
  }
  if (!values.mcdir)
    throw usage(`${mode}: -M <dir> is required (the arbiter's directory, holding network.conf and mc.key)`);
  const start = values['start-type'];
  if (start !== undefined && !['auto', 'a', 'demand', 'd'].includes(start))
    throw usage(
      `${mode}: -S ${start} is not a start type`,
      'use -S auto (start with the machine, the default) or -S demand',
    );
  if (values.target !== undefined && values.target !== 'windows' && values.target !== 'posix')
    throw usage(
      `${mode}: --target ${values.target} is not a platform`,
      'use --target windows or --target posix',
    );
  if (values['service-name'] === '')
    throw usage(
      `${mode}: --service-name is empty`,
      'leave it out for mc_arbiter_<arbiterIdentifier>, or give a name',
    );
  return { mode, values, dir: path.resolve(values.mcdir) };
}

export async function main(argv: string[], io: Io = consoleIo): Promise<number> {
  const mode = argv[0];
  if (mode === undefined || mode === '--help' || mode === 'help') {
    io.out(ARBITER_HELP);
    return mode === undefined ? 2 : 0;
  }
  if (mode === '--version' || mode === '-V') {
    io.out(`mc_arbiter (PgCluster) ${VERSION}\n`);
    return 0;
  }
  let json = argv.includes('--json');
  try {
    const { mode: parsed, values, dir } = parseArbiterArgs(argv);
    json = values.json === true;
    const say = (t: string) => {
      if (!json) io.out(`${t}\n`);
    };
    const print = (payload: Record<string, unknown>) => {
      if (json) io.out(`${JSON.stringify({ ok: true, ...payload }, null, 2)}\n`);
    };
    const service = {
      dir,
      start: (values['start-type'] ?? 'auto').startsWith('d') ? ('demand' as const) : ('auto' as const),
      ...(values['service-name'] ? { serviceName: values['service-name'] } : {}),
      ...(values.target ? { target: values.target as 'windows' | 'posix' } : {}),
      ...(values.account ? { account: values.account } : {}),
      ...(values.password !== undefined ? { password: values.password } : {}),
    };
    switch (parsed) {
      case 'run': {
        let stopRequested = (): void => undefined;
        const stopped = new Promise<void>((resolve) => {
          stopRequested = resolve;
          for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => resolve());
        });
        const running = await startArbiter(dir, {
          console: true,
          init: values.init === true,
          onStopRequest: () => stopRequested(),
          ...(values['event-source'] ? { eventSource: values['event-source'] } : {}),
        });
        await stopped;
        await running.stop();
        return 0;
      }
      case 'status': {
        const status = await queryStatus(dir);
        if (json) print(status as unknown as Record<string, unknown>);
        else io.out(renderArbiterStatus(status));
        return 0;
      }
      case 'stop': {
        const stopped = await stopArbiter(dir);
        say(stopped ? 'stopped' : 'not running');
        print({ stopped });
        return 0;
      }
      case 'register':
        print(await registerArbiter(service, say, (t) => io.err(`mc_arbiter: WARNING: ${t}\n`)));
        return 0;
      case 'unregister':
        print(await unregisterArbiter(service, say, answers));
        return 0;
      case 'plan': {
        const { facts } = gatherArbiterFacts(service);
        const answer = arbiterPlanAnswer(planArbiterService(facts));
        print(answer);
        say(answer.plan.title);
        answer.steps.forEach((st, i) => say(`  ${i + 1}. ${st.target}: ${st.action}`));
        answer.plan.notes.forEach((n) => say(`  note: ${n}`));
        return 0;
      }
    }
  } catch (e) {
    const err = isPgClusterError(e) ? e : new PgClusterError('INTERNAL', (e as Error).message ?? String(e));
    if (json) io.out(`${JSON.stringify({ ok: false, error: err.toJSON() }, null, 2)}\n`);
    else io.err(`mc_arbiter: ERROR: ${err.describe()}\n`);
    return err.code === 'USAGE' ? 2 : 1;
  }
}

/** A client of the arbiter as its own identity (status, stop, and unregister's check). */
function ownClient(conf: ArbiterDirectory): { client: AdminClient; host: string } {
  const id = conf.arbiter.id;
  // A local client may not reach a wildcard listen address by that address.
  const host =
    conf.arbiter.host === '0.0.0.0' ? '127.0.0.1' : conf.arbiter.host === '::' ? '::1' : conf.arbiter.host;
  return {
    client: new AdminClient({ host, port: conf.arbiter.port, key: conf.key, selfId: id, peerId: id }),
    host,
  };
}

/** Whether the arbiter of this directory answers (anything else at its address is not it). */
async function answers(conf: ArbiterDirectory): Promise<boolean> {
  const { client } = ownClient(conf);
  try {
    await client.call('arb_status', {}, 5000);
    return true;
  } catch {
    return false;
  } finally {
    client.close();
  }
}

/** Asks the arbiter to stop and waits until it no longer answers; false when it was not running. */
async function stopArbiter(dir: string): Promise<boolean> {
  const conf = loadArbiterDirectory(dir);
  const { client } = ownClient(conf);
  try {
    await client.call('arb_stop', {}, 5000);
  } catch (e) {
    if (isPgClusterError(e) && e.code === 'PEER_UNREACHABLE') return false;
    throw e;
  } finally {
    client.close();
  }
  for (let waited = 0; waited < 30_000; waited += 200) {
    if (!(await answers(conf))) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new PgClusterError(
    'ARBITER_STOP_TIMEOUT',
    `the arbiter ${conf.arbiter.id} still answers 30 s after it was asked to stop`,
    {
      where: dir,
      hint: 'look at its log (<arbiterIdentifier>.arbiter.log); end its process if it hangs',
    },
  );
}

async function queryStatus(dir: string): Promise<ArbiterStatus> {
  const conf = loadArbiterDirectory(dir);
  const id = conf.arbiter.id;
  const { client, host } = ownClient(conf);
  try {
    const r = await client.call('arb_status', {}, 5000);
    return r.result as ArbiterStatus;
  } catch (e) {
    if (isPgClusterError(e) && e.code === 'PEER_UNREACHABLE') {
      throw new PgClusterError(
        'ARBITER_NOT_RUNNING',
        `the arbiter ${id} does not answer at ${host}:${conf.arbiter.port}`,
        {
          where: path.join(dir, 'network.conf'),
          hint: 'start it with mc_arbiter run -M <dir> (or its service), on the host its network.conf line names',
          cause: e,
        },
      );
    }
    throw e;
  } finally {
    client.close();
  }
}

export function renderArbiterStatus(s: ArbiterStatus): string {
  const r = s.record;
  const lines = [
    `arbiter ${s.arbiterId}: up ${Math.round(s.upMs / 1000)} s, record epoch ${r.epoch}`,
    `primary on record: ${r.primary ?? '(none yet)'}; synchronous standby: ${r.syncStandby ?? '(none)'}; deposed: ${r.deposed.length ? r.deposed.join(', ') : '(none)'}`,
    '',
  ];
  const rows = s.servers.map((v) => [
    v.serverId,
    v.role ?? '-',
    v.healthy === undefined ? '-' : v.healthy ? 'healthy' : 'abnormal',
    v.seenAgoMs === undefined ? 'never' : `${v.seenAgoMs} ms ago`,
  ]);
  const head = ['server', 'role', 'health', 'last heartbeat'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const fmt = (row: string[]) =>
    row
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  lines.push(fmt(head), ...rows.map(fmt), '');
  if (s.flood) lines.push(`warning: ${s.flood}`, '');
  return lines.join('\n');
}

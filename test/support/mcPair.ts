/**
 * A primary + standby pair under two Mirroring Controllers on this host (the manual's Appendix B
 * layout: one management directory, two server identifiers, --local-server on every call), built
 * the way an administrator would: config files, mc_ctl genkey, start, setup, start.
 */
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestInstance, ownedTempDir, superuserPassword, writeOwnedFile } from './instance.js';
import { runAsInstanceUser, runningPids, spawnAsInstanceUser, type RunResult } from './processes.js';
import { freePort } from './ports.js';
import { waitFor } from './wait.js';
import { hostAddress, type Host, type ThreeHosts } from './netns.js';
import type { ServerStatusRow } from '../../src/controller/controller.js';

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bin');
const MC_CTL = path.join(BIN, 'mc_ctl.js');
const MC_ARBITER = path.join(BIN, 'mc_arbiter.js');

export interface McResult extends RunResult {
  json: Record<string, unknown> | undefined;
}

export interface ServerSide {
  id: string;
  /** Admin-network port of its controller. */
  mcPort: number;
  /** Port of its PostgreSQL instance. */
  port: number;
  dataDir: string;
  instance: TestInstance;
}

export type StatusRow = ServerStatusRow;

export interface Status {
  mirroring: string;
  failoverEnabled: boolean;
  servers: StatusRow[];
}

export interface HeartbeatSettings {
  intervalMs?: number;
  timeoutS?: number;
  retry?: number;
  /** More postgresql.conf settings for the primary (setup copies them to the standby). */
  primaryConf?: Record<string, string>;
  /** Name an arbiter ("arb") in network.conf; it runs from the same directory (startArbiter). */
  arbiter?: boolean;
  /**
   * The address a standby streams from (default 127.0.0.1). Another loopback address (with the
   * primary listening on it) lets a test cut the WAL stream alone with iptables.
   */
  replicationHost?: string;
  /** More lines for a server's <id>.conf. */
  serverConf?: Partial<Record<'server1' | 'server2', string[]>>;
  /** Run server1, server2 and the arbiter on hosts a, b and c of these namespaces. */
  hosts?: ThreeHosts;
}

/** Which namespace host runs what, when the pair lives on ThreeHosts. */
const HOST_OF: Record<string, Host> = { server1: 'a', server2: 'b', arb: 'c' };

export class McPair {
  private arbiterProcess: ChildProcess | undefined;
  replicationHost = '127.0.0.1';
  hosts: ThreeHosts | undefined;

  private constructor(
    readonly mcDir: string,
    readonly s1: ServerSide,
    readonly s2: ServerSide,
    /** Admin-network port of the arbiter, when network.conf names one. */
    readonly arbiterPort?: number,
  ) {}

  /** Runs mc_ctl as the instance administrator. `--json` output is parsed when present. */
  static async mcCtl(
    args: string[],
    opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; input?: string } = {},
  ): Promise<McResult> {
    const r = await runAsInstanceUser(process.execPath, [MC_CTL, ...args], {
      timeoutMs: opts.timeoutMs ?? 180_000,
      ...(opts.env ? { env: opts.env } : {}),
      ...(opts.input !== undefined ? { input: opts.input } : {}),
    });
    return withJson(args, r);
  }

  /** Writes the management directory and the primary's instance; nothing is started. */
  static async configure(hb: HeartbeatSettings = {}): Promise<McPair> {
    const mcDir = ownedTempDir('mcdir');
    const primary = await TestInstance.create('server1', {
      conf: {
        synchronous_standby_names: `'server2'`,
        wal_sender_timeout: `'${mcWindowMs(hb)}ms'`,
        archive_mode: 'off',
        // On ThreeHosts each instance listens on its own host's addresses (setup copies this).
        ...(hb.hosts ? { listen_addresses: `'*'` } : {}),
        ...(hb.primaryConf ?? {}),
      },
      ...(hb.hosts ? { hba: ['10.77.0.0/16'] } : {}),
    });
    const standbyBase = ownedTempDir('server2');
    const standbyData = path.join(standbyBase, 'data');
    const s1: ServerSide = {
      id: 'server1',
      mcPort: await freePort(),
      port: primary.port,
      dataDir: primary.dataDir,
      instance: primary,
    };
    const s2Port = await freePort();
    const standby = TestInstance.describe('server2', standbyBase, standbyData, s2Port);
    const s2: ServerSide = {
      id: 'server2',
      mcPort: await freePort(),
      port: s2Port,
      dataDir: standbyData,
      instance: standby,
    };
    const arbiterPort = hb.arbiter ? await freePort() : undefined;
    const addr = (id: string) => (hb.hosts ? hostAddress(HOST_OF[id]!) : '127.0.0.1');
    writeOwnedFile(
      path.join(mcDir, 'network.conf'),
      `# written by the test harness\nserver1 ${addr('server1')} ${s1.mcPort}\nserver2 ${addr('server2')} ${s2.mcPort}\n` +
        (arbiterPort ? `arb ${addr('arb')} ${arbiterPort} arbiter\n` : ''),
    );
    if (hb.hosts) {
      primary.clientHost = addr('server1');
      standby.clientHost = addr('server2');
    }
    for (const s of [s1, s2]) {
      writeOwnedFile(
        path.join(mcDir, `${s.id}.conf`),
        [
          `db_instance = '${s.dataDir}'`,
          `db_instance_password = '${superuserPassword}'`,
          `event_source = 'MirroringControllerOpen_${s.id}'`,
          `heartbeat_interval = ${hb.intervalMs ?? 300}`,
          `heartbeat_timeout = ${hb.timeoutS ?? 1}`,
          `heartbeat_retry = ${hb.retry ?? 2}`,
          ...(hb.serverConf?.[s.id as 'server1' | 'server2'] ?? []),
          '',
        ].join('\n'),
      );
    }
    const pair = new McPair(mcDir, s1, s2, arbiterPort);
    if (hb.replicationHost) pair.replicationHost = hb.replicationHost;
    if (hb.hosts) {
      pair.hosts = hb.hosts;
      pair.replicationHost = addr('server1');
    }
    await pair.must(['genkey', '-M', mcDir, '--json']);
    if (arbiterPort) await pair.startArbiter();
    return pair;
  }

  /** configure + start server1 + setup server2 + start server2, then wait for `switchable`. */
  static async build(hb: HeartbeatSettings & { failover?: boolean } = {}): Promise<McPair> {
    const pair = await McPair.configure(hb);
    const f = hb.failover ? ['-f'] : [];
    await pair.must(['start', ...pair.at('server1'), '-w', ...f]);
    await pair.setup('server2', 'server1');
    await pair.must(['start', ...pair.at('server2'), '-w', ...f]);
    await pair.waitMirroring('switchable');
    return pair;
  }

  side(id: string): ServerSide {
    return id === this.s1.id ? this.s1 : this.s2;
  }

  other(id: string): ServerSide {
    return id === this.s1.id ? this.s2 : this.s1;
  }

  /** `-M <dir> --local-server <id>` */
  at(id: string): string[] {
    return ['-M', this.mcDir, '--local-server', id];
  }

  /** mc_ctl for this pair: on the host of the --local-server it names, when the pair has hosts. */
  async mc(args: string[], opts: { timeoutMs?: number; input?: string } = {}): Promise<McResult> {
    if (!this.hosts) return McPair.mcCtl(args, opts);
    if (opts.input !== undefined)
      throw new Error('standard input is not passed to mc_ctl on a pair with hosts');
    const i = args.indexOf('--local-server');
    const host = HOST_OF[i >= 0 ? (args[i + 1] ?? '') : 'server1'] ?? 'a';
    const r = await this.hosts.run(host, process.execPath, [MC_CTL, ...args], {
      timeoutMs: opts.timeoutMs ?? 180_000,
    });
    return withJson(args, r);
  }

  async must(args: string[], opts: { input?: string } = {}): Promise<McResult> {
    const r = await this.mc(args, opts);
    if (r.code !== 0)
      throw new Error(
        `mc_ctl ${args.join(' ')} exited ${r.code}\n${r.stdout}${r.stderr}${serverLogTail(r.stderr)}`,
      );
    return r;
  }

  /**
   * Builds `id` as a standby of `primaryId` with mc_ctl setup: the password as `-P <password>`,
   * or with `passwordOnStdin` as `-P -` and the password on standard input.
   */
  async setup(
    id: string,
    primaryId: string,
    extra: string[] = [],
    o: { passwordOnStdin?: boolean } = {},
  ): Promise<McResult> {
    const stdin = o.passwordOnStdin === true;
    return this.must(
      this.setupArgs(id, primaryId, extra, stdin),
      stdin ? { input: `${superuserPassword}\n` } : {},
    );
  }

  /** The mc_ctl setup arguments of setup(), for a test that expects it to fail. */
  setupArgs(id: string, primaryId: string, extra: string[] = [], passwordOnStdin = false): string[] {
    return [
      'setup',
      ...this.at(id),
      '-r',
      'standby',
      '-h',
      this.replicationHost,
      '-p',
      String(this.side(primaryId).port),
      '-U',
      this.side(primaryId).instance.user,
      '-P',
      passwordOnStdin ? '-' : superuserPassword,
      `--instance-port=${this.side(id).port}`,
      ...extra,
    ];
  }

  async status(id: string): Promise<Status> {
    const r = await this.statusRun(id, '--json');
    return (r.json as { status: Status }).status;
  }

  /**
   * mc_ctl status from one server. Its exit status is the pair's health (0 healthy, 1 degraded,
   * 3 no answer), so only another code is a failure of the command itself.
   */
  async statusRun(id: string, ...extra: string[]): Promise<McResult> {
    const args = ['status', ...this.at(id), ...extra];
    const r = await this.mc(args);
    if (![0, 1, 3].includes(r.code))
      throw new Error(`mc_ctl ${args.join(' ')} exited ${r.code}\n${r.stdout}${r.stderr}`);
    return r;
  }

  row(st: Status, id: string): StatusRow {
    const r = st.servers.find((s) => s.serverId === id);
    if (!r) throw new Error(`no status row for ${id}`);
    return r;
  }

  async waitMirroring(want: string, from = this.s1.id, timeoutMs = 30_000): Promise<Status> {
    return waitFor(
      `mirroring status ${want} (seen from ${from})`,
      async () => {
        const st = await this.status(from);
        return st.mirroring === want ? st : undefined;
      },
      { timeoutMs, intervalMs: 150 },
    );
  }

  /** The controller's log file of a server (the manual's message format). */
  log(id: string): string {
    try {
      return readFileSync(path.join(this.mcDir, `${id}.mc.log`), 'utf8');
    } catch {
      return '';
    }
  }

  /** PID of a server's running controller, from its pid file. */
  controllerPid(id: string): number | undefined {
    try {
      const pid = (
        JSON.parse(readFileSync(path.join(this.mcDir, `.mc_${id}.pid`), 'utf8')) as { pid: number }
      ).pid;
      process.kill(pid, 0);
      return pid;
    } catch {
      return undefined;
    }
  }

  /** kill -9 of a whole server side at once: its controller, its postmaster and every child. */
  killSide(id: string): void {
    const pids = [this.controllerPid(id), ...descendants(this.side(id).instance.pid())].filter(
      (p): p is number => p !== undefined,
    );
    for (const p of pids) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }

  /** SIGSTOP of a whole server side (a frozen host); returns the PIDs to thaw. */
  freezeSide(id: string): number[] {
    const pids = [this.controllerPid(id), ...descendants(this.side(id).instance.pid())].filter(
      (p): p is number => p !== undefined,
    );
    // A backend listed a moment ago may have exited since: only what was really stopped is thawed.
    return pids.filter((p) => {
      try {
        process.kill(p, 'SIGSTOP');
        return true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
        throw e;
      }
    });
  }

  thaw(pids: number[]): void {
    for (const p of pids) {
      try {
        process.kill(p, 'SIGCONT');
      } catch {
        /* gone */
      }
    }
  }

  /** The status JSON (with last error) as seen from one server. */
  async statusJson(
    id: string,
  ): Promise<Status & { lastError?: { server: string; resource: string; action: string } }> {
    const r = await this.statusRun(id, '--json');
    return (
      r.json as { status: Status & { lastError?: { server: string; resource: string; action: string } } }
    ).status;
  }

  /** PIDs of running processes whose command line mentions this pair's directory. */
  processes(): number[] {
    return runningPids(this.mcDir);
  }

  private arbiterStarted = false;

  /** Starts `mc_arbiter run` on the pair's directory (--init the first time) and waits until it answers. */
  async startArbiter(): Promise<void> {
    const args = [MC_ARBITER, 'run', '-M', this.mcDir, ...(this.arbiterStarted ? [] : ['--init'])];
    this.arbiterStarted = true;
    this.arbiterProcess = this.hosts
      ? this.hosts.spawn('c', process.execPath, args)
      : spawnAsInstanceUser(process.execPath, args, { stdio: 'ignore' });
    await waitFor('the arbiter to answer', async () => (await this.arbiterStatus()) !== undefined, {
      timeoutMs: 15_000,
      intervalMs: 100,
    });
  }

  /** kill -9 of the arbiter (a lost third machine). */
  killArbiter(): void {
    this.arbiterProcess?.kill('SIGKILL');
    this.arbiterProcess = undefined;
  }

  /** What `mc_arbiter status --json` says, or undefined when it does not answer. */
  async arbiterStatus(): Promise<
    | {
        record: { epoch: number; primary?: string; syncStandby?: string; deposed: string[] };
        servers: { serverId: string; role?: string; connected?: boolean }[];
      }
    | undefined
  > {
    const args = [MC_ARBITER, 'status', '-M', this.mcDir, '--json'];
    const r = this.hosts
      ? await this.hosts.run('c', process.execPath, args, { timeoutMs: 15_000 })
      : await runAsInstanceUser(process.execPath, args, { timeoutMs: 15_000 });
    if (r.code !== 0) return undefined;
    return JSON.parse(r.stdout) as Awaited<ReturnType<McPair['arbiterStatus']>>;
  }

  /** What plain `mc_arbiter status` prints (throws when it does not answer). */
  async arbiterStatusText(): Promise<string> {
    const args = [MC_ARBITER, 'status', '-M', this.mcDir];
    const r = this.hosts
      ? await this.hosts.run('c', process.execPath, args, { timeoutMs: 15_000 })
      : await runAsInstanceUser(process.execPath, args, { timeoutMs: 15_000 });
    if (r.code !== 0) throw new Error(`mc_arbiter status exited ${r.code}\n${r.stdout}${r.stderr}`);
    return r.stdout;
  }

  /** The arbiter's log file. */
  arbiterLog(): string {
    try {
      return readFileSync(path.join(this.mcDir, 'arb.arbiter.log'), 'utf8');
    } catch {
      return '';
    }
  }

  /** Stops everything, whatever state the pair is in. */
  async teardown(): Promise<void> {
    this.killArbiter();
    for (const id of [this.s2.id, this.s1.id]) {
      await this.mc(['stop', ...this.at(id)], { timeoutMs: 60_000 }).catch(() => undefined);
    }
    for (const id of [this.s2.id, this.s1.id]) {
      await this.mc(['stop', ...this.at(id), '-e'], { timeoutMs: 30_000 }).catch(() => undefined);
      const inst = this.side(id).instance;
      if (inst.pid()) await inst.stop('immediate').catch(() => undefined);
    }
  }
}

/** mc_ctl's result, with its --json output parsed when it was asked for. */
function withJson(args: string[], r: RunResult): McResult {
  let json: Record<string, unknown> | undefined;
  if (args.includes('--json')) {
    try {
      json = JSON.parse(r.stdout) as Record<string, unknown>;
    } catch {
      json = undefined;
    }
  }
  return { ...r, json };
}

/** (interval + timeout) × max(retry, 1), as the controller computes it. */
export function mcWindowMs(hb: HeartbeatSettings): number {
  return ((hb.intervalMs ?? 300) + (hb.timeoutS ?? 1) * 1000) * Math.max(hb.retry ?? 2, 1);
}

/** A process and all its children (Linux /proc), for killing a server side at once. */
function descendants(root: number | undefined): number[] {
  if (root === undefined) return [];
  const byParent = new Map<number, number[]>();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      byParent.set(ppid, [...(byParent.get(ppid) ?? []), Number(e)]);
    } catch {
      /* gone */
    }
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(byParent.get(out[i]!) ?? []));
  return out;
}

/**
 * The end of the PostgreSQL log an error points to ("see the server log F"): the harness removes
 * the directory afterwards, so a failed start must carry its cause in the message.
 */
function serverLogTail(stderr: string): string {
  const file = /see the server log (\S+)/.exec(stderr)?.[1];
  if (!file) return '';
  try {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').slice(-15);
    return `\n--- last lines of ${file}:\n${lines.join('\n')}\n`;
  } catch {
    return '';
  }
}

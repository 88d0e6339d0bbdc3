/**
 * mc_ctl: the administrator's command. Each mode is a short function; the work is done by the
 * controller (through the local control channel) or by the modules it names.
 */
import { spawn } from 'node:child_process';
import { existsSync, closeSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PgClusterError, isPgClusterError } from '../errors.js';
import { loadMcDirectory, type McDirectory } from '../config/mcDirectory.js';
import {
  checkOwnerOnly,
  openPrivateAppendFile,
  userName,
  writeOwnerOnlyFile,
} from '../config/permissions.js';
import { renderFsm, hostRoleLabel, type FsmFormat } from '../controller/fsm.js';
import { renderReplay, replay } from '../controller/replay.js';
import { KEY_FILE_NAME, formatKeyFile, generateKey, parseKeyFile } from '../controller/keyFile.js';
import { readKey } from '../controller/keyStore.js';
import { localCall, localControlPath } from '../controller/localControl.js';
import { AdminClient } from '../controller/adminNet.js';
import { etcdArbiterName } from '../controller/etcdArbiter.js';
import { runningControllerPid, tryLock, unlock } from '../controller/pidFile.js';
import { loadState } from '../controller/state.js';
import { preflight } from '../controller/preflight.js';
import type { StatusReport } from '../controller/controller.js';
import { findPgBinaries } from '../postgres/binaries.js';
import { configuredInstance } from '../postgres/instance.js';
import { HELP, parseCommandLine, type Parsed } from './options.js';
import { NO_ARBITER_NOTE, renderArbiterSection, renderStatus } from './statusView.js';
import { judgeStatus, pairMirroring } from '../controller/statusVerdict.js';
import { setupStandby } from './setup.js';
import { register, unregister } from './register.js';
import { traced } from './trace.js';

import { VERSION } from '../version.js';

export { VERSION };

interface Io {
  out(text: string): void;
  err(text: string): void;
}

const consoleIo: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** Runs mc_ctl with the given arguments; returns the exit status (0 ok, 1 failure, 2 usage). */
export async function main(argv: string[], io: Io = consoleIo): Promise<number> {
  if (argv[0] === '--help' || argv[0] === 'help' || argv.length === 0) {
    io.out(HELP);
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === '--version' || argv[0] === '-V') {
    io.out(`mc_ctl (PgCluster) ${VERSION}\n`);
    return 0;
  }
  let cmd: Parsed | undefined;
  try {
    cmd = parseCommandLine(argv);
    const result = await run(cmd, io);
    if (cmd.json) io.out(`${JSON.stringify({ ok: true, ...(result ?? {}) }, null, 2)}\n`);
    // status answers with the pair's health (0 healthy, 1 degraded, 3 no answer); other modes 0.
    return typeof result?.exitCode === 'number' ? result.exitCode : 0;
  } catch (e) {
    const err = isPgClusterError(e) ? e : new PgClusterError('INTERNAL', (e as Error).message ?? String(e));
    if (cmd?.json) io.out(`${JSON.stringify({ ok: false, error: err.toJSON() }, null, 2)}\n`);
    else io.err(`mc_ctl: ERROR: ${err.describe()}\n`);
    if (!isPgClusterError(e) && process.env.MC_CTL_DEBUG) io.err(`${(e as Error).stack}\n`);
    return err.code === 'USAGE' ? 2 : 1;
  }
}

async function run(cmd: Parsed, io: Io): Promise<Record<string, unknown> | undefined> {
  const say = (t: string) => {
    if (!cmd.json) io.out(`${t}\n`);
  };
  if (cmd.mode === 'fsm') {
    io.out(renderFsm((cmd.values.format ?? 'markdown') as FsmFormat));
    return undefined;
  }
  if (cmd.mode === 'replay') {
    const file = path.resolve(cmd.values.file!);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new PgClusterError('RECORDING_UNREADABLE', `cannot read the recording: ${(e as Error).message}`, {
        where: file,
        hint: 'record with decision_record_max_size = <MB> in the server .conf; the file is <server>.decisions.jsonl in the management directory',
      });
    }
    const report = replay(text, file, cmd.flags.all === true);
    if (!cmd.json) io.out(renderReplay(report, cmd.flags.all === true));
    // 1 when the table now decides otherwise than the controller did: a changed behaviour.
    return { ...(cmd.json ? report : {}), exitCode: report.differences === 0 ? 0 : 1 };
  }
  const warn = (t: string) => {
    if (!cmd.json) io.err(`mc_ctl: WARNING: ${t}\n`);
  };
  const mcDir = path.resolve(cmd.mcDir);
  if (cmd.mode === 'register') return register(cmd, say, warn);
  if (cmd.mode === 'unregister') return unregister(cmd, say);
  refuseNonAdministrator(cmd.mode, mcDir);
  if (cmd.mode === 'genkey') return genkey(mcDir, cmd.flags.force === true, say);
  const dir = loadMcDirectory(mcDir, cmd.localServer ? { localServer: cmd.localServer } : {});
  for (const w of dir.warnings) warn(w);

  if (cmd.mode === 'status') return status(dir, cmd, io);

  // Every other mode changes something: it leaves a trace in the log and the system log.
  return traced(dir, cmd.mode, warn, () => locked(dir, cmd, mcDir, say, warn));
}

/**
 * Every mode but register/unregister runs as the instance administrator, who owns the
 * management directory: as root, PostgreSQL refuses to start and the files mc_ctl writes would
 * belong to root and break the next, correct try with EACCES; as anyone else, every file is
 * someone else's. Said before anything is read or written, naming who must run it. (Windows
 * judges the files by their ACLs instead; a directory owned by root is left to the file checks.)
 */
function refuseNonAdministrator(mode: string, mcDir: string): void {
  const euid = process.geteuid?.();
  if (process.platform === 'win32' || euid === undefined) return;
  let owner: number | undefined;
  try {
    owner = statSync(mcDir).uid;
  } catch {
    owner = undefined; // a missing directory is reported by the mode itself
  }
  const name = owner !== undefined && owner !== 0 ? (userName(owner) ?? String(owner)) : undefined;
  if (euid === 0) {
    throw new PgClusterError(
      'NOT_INSTANCE_ADMINISTRATOR',
      `mc_ctl ${mode} must run as the instance administrator, not as root: PostgreSQL does not run as root, and files written as root would break the next try`,
      {
        where: mcDir,
        hint: name
          ? `run it as ${name}, who owns ${mcDir}: sudo -u ${name} mc_ctl ${mode} -M ${mcDir} ...`
          : `run it as the instance administrator who owns the data directory (sudo -u <that user> mc_ctl ${mode} ...); ${mcDir} should belong to that user too`,
      },
    );
  }
  if (name !== undefined && owner !== euid) {
    const me = userName(euid) ?? String(euid);
    throw new PgClusterError(
      'NOT_INSTANCE_ADMINISTRATOR',
      `mc_ctl ${mode} must run as the instance administrator ${name}, who owns the management directory, not as ${me}`,
      {
        where: mcDir,
        hint: `run it as ${name}: sudo -u ${name} mc_ctl ${mode} -M ${mcDir} ... (if ${me} is the instance administrator, the directory and its files must belong to ${me}: chown -R ${me} ${mcDir})`,
      },
    );
  }
}

/** One changing mode at a time per server; a crashed holder does not block. */
async function locked(
  dir: McDirectory,
  cmd: Parsed,
  mcDir: string,
  say: (t: string) => void,
  warn: (t: string) => void,
): Promise<Record<string, unknown> | undefined> {
  const lockFile = path.join(mcDir, `.mc_ctl_${dir.local.entry.id}.lock`);
  const holder = tryLock(lockFile, cmd.mode);
  if (holder) {
    throw new PgClusterError(
      'MC_CTL_RUNNING',
      `another mc_ctl (${holder.what}, pid ${holder.pid}, since ${holder.since}) is running for server ${dir.local.entry.id}`,
      {
        where: mcDir,
        hint: 'wait for it to finish; if that process is hung, end it and run this command again',
      },
    );
  }
  try {
    switch (cmd.mode) {
      case 'start':
        return await start(dir, cmd, say, warn);
      case 'stop':
        return await stop(dir, cmd, say);
      case 'switch':
        return await switchOver(dir, cmd, say);
      case 'enable-failover':
      case 'disable-failover':
        return await setFailover(dir, cmd.mode === 'enable-failover', say);
      case 'setup':
        return await setupStandby(dir, cmd, say);
    }
  } finally {
    unlock(lockFile);
  }
  return undefined;
}

function genkey(mcDir: string, force: boolean, say: (t: string) => void) {
  const file = path.join(mcDir, KEY_FILE_NAME);
  if (existsSync(file) && !force) {
    checkOwnerOnly(file);
    parseKeyFile(readFileSync(file, 'utf8'), file);
    say(`${file} already exists and is valid; left as it is (use --force to replace it)`);
    return { keyFile: file, created: false };
  }
  writeOwnerOnlyFile(file, formatKeyFile(generateKey()));
  say(`wrote ${file}: copy it to the other server's management directory (owner-only, like network.conf)`);
  return { keyFile: file, created: true };
}

function controllerEntry(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'controller', 'main.js');
}

async function start(dir: McDirectory, cmd: Parsed, say: (t: string) => void, warn: (t: string) => void) {
  const id = dir.local.entry.id;
  const running = runningControllerPid(dir.mcDir, id);
  if (running) {
    throw new PgClusterError(
      'CONTROLLER_RUNNING',
      `the Mirroring Controller of server ${id} is already running (pid ${running})`,
      {
        hint: 'mc_ctl status shows it; mc_ctl stop stops it',
      },
    );
  }
  readKey(dir.mcDir);
  const instance = configuredInstance(dir.local.conf, findPgBinaries());
  instance.assertIsDataDirectory();
  await instance.assertService(); // Windows: a wrong db_instance_service_name stops here, before anything runs
  if (cmd.flags['mc-only'] && !instance.isRunning()) {
    throw new PgClusterError(
      'INSTANCE_NOT_RUNNING',
      `--mc-only needs the instance running, but no postmaster runs in ${instance.dataDir}`,
      {
        hint: 'start both with mc_ctl start (without --mc-only)',
      },
    );
  }
  const bin = findPgBinaries();
  for (const w of preflight(dir, { pgMajor: bin.major, translate: !cmd.flags['mc-only'] })) warn(w);
  const outFile = path.join(dir.mcDir, `${id}.controller.out`);
  // Owner-only like every file the controller writes; never through a link planted in its place.
  const { fd } = openPrivateAppendFile(outFile, "the controller's output");
  const args = [controllerEntry(), '-M', dir.mcDir, '--local-server', id];
  if (cmd.flags.failover) args.push('-f');
  if (cmd.flags['mc-only']) args.push('--mc-only');
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', fd, fd],
    env: process.env,
  });
  closeSync(fd);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  child.on('error', () => (exited = null));
  child.unref();
  say(`starting the Mirroring Controller of server ${id} (pid ${child.pid})`);

  const ctl = localControlPath(dir.mcDir, id);
  const deadline = Date.now() + 10 * 60_000;
  // How long -w waits for a standby to stream from a primary that answers: a few detection windows.
  const streamDeadline = Date.now() + Math.max(15_000, 3 * dir.local.conf.detectionWindowMs);
  for (;;) {
    if (exited !== undefined) throw startFailure(outFile, exited);
    try {
      const ready = (await localCall(ctl, 'ready', {}, 2000)) as {
        phase?: string;
        role?: string;
        peerRefused?: string;
        cannotCatchUp?: string;
        streamPending?: boolean;
      };
      if (ready.phase === 'running' && ready.cannotCatchUp) {
        // Running, and retrying for ever for WAL that is gone: no successful start either.
        throw new PgClusterError('STANDBY_CANNOT_CATCH_UP', ready.cannotCatchUp, {
          hint: `stop it (mc_ctl stop), run mc_ctl setup for server ${id}, then start it again`,
        });
      }
      if (cmd.flags.wait && ready.phase === 'running' && ready.streamPending && Date.now() < streamDeadline) {
        // A standby counts as started once it streams, or once it is clear why it cannot.
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      if (ready.phase === 'running' && ready.peerRefused) {
        // Running, but blind: never reported as a successful start.
        throw new PgClusterError(
          'PEER_KEY_MISMATCH',
          `server ${id} started as ${hostRoleLabel((ready.role ?? 'unknown') as never)}, but ${ready.peerRefused}`,
          { where: path.join(dir.mcDir, KEY_FILE_NAME) },
        );
      }
      if (ready.phase === 'running' || (!cmd.flags.wait && ready.phase)) {
        const role = hostRoleLabel((ready.role ?? 'unknown') as never);
        say(
          ready.phase === 'running'
            ? `server ${id} started as ${role}`
            : `server ${id} is starting as ${role}: its checks passed and its instance is being started (mc_ctl status shows when it is up; -w waits)`,
        );
        return { server: id, pid: child.pid, role: ready.role, phase: ready.phase };
      }
    } catch (e) {
      if (!isPgClusterError(e) || (e.code !== 'CONTROLLER_NOT_RUNNING' && e.code !== 'CONTROLLER_TIMEOUT'))
        throw e;
    }
    if (Date.now() > deadline)
      throw new PgClusterError('START_TIMEOUT', `server ${id} did not finish starting in 10 minutes`, {
        hint: `see ${outFile}`,
      });
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The controller prints its start error as one JSON line; show it as ours. */
function startFailure(outFile: string, code: number | null): PgClusterError {
  const text = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
  const line = text
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('MC_START_ERROR '));
  if (line) {
    const e = JSON.parse(line.slice('MC_START_ERROR '.length)) as {
      code: string;
      message: string;
      where?: string;
      hint?: string;
    };
    return new PgClusterError(e.code, e.message, {
      ...(e.where ? { where: e.where } : {}),
      ...(e.hint ? { hint: e.hint } : {}),
    });
  }
  return new PgClusterError(
    'START_FAILED',
    `the Mirroring Controller exited with status ${code} while starting`,
    {
      hint: `see ${outFile}: ${text.split('\n').filter(Boolean).slice(-3).join(' | ')}`,
    },
  );
}

async function waitControllerGone(dir: McDirectory, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!runningControllerPid(dir.mcDir, dir.local.entry.id)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** A controller that is hung (or SIGSTOPped) accepts the connection and never answers. */
const RESPONSIVE_MS = 10_000;

/**
 * A long request (stop, switch) only once the controller has answered a cheap one within
 * RESPONSIVE_MS (or remote_call_timeout, when shorter): a hung controller is reported, with the
 * way out, instead of leaving mc_ctl waiting for minutes.
 */
async function callResponsive(
  dir: McDirectory,
  op: string,
  args: unknown,
  timeoutMs: number,
): Promise<unknown> {
  const id = dir.local.entry.id;
  const ctl = localControlPath(dir.mcDir, id);
  const bound = Math.min(RESPONSIVE_MS, dir.local.conf.remoteCallTimeoutMs || RESPONSIVE_MS);
  try {
    await localCall(ctl, 'ready', {}, bound);
  } catch (e) {
    if (!isPgClusterError(e) || e.code !== 'CONTROLLER_TIMEOUT') throw e;
    const pid = runningControllerPid(dir.mcDir, id);
    throw new PgClusterError(
      'CONTROLLER_HUNG',
      `the Mirroring Controller of server ${id}${pid ? ` (pid ${pid})` : ''} does not answer within ${bound} ms: it is hung or stopped`,
      {
        where: ctl,
        hint: `mc_ctl stop -M ${dir.mcDir}${dir.sameHost ? ` --local-server ${id}` : ''} -e ends it (the instance is left as it is); then mc_ctl start --mc-only`,
      },
    );
  }
  return localCall(ctl, op, args, timeoutMs);
}

async function stop(dir: McDirectory, cmd: Parsed, say: (t: string) => void) {
  const id = dir.local.entry.id;
  if (cmd.flags.force) {
    const pid = runningControllerPid(dir.mcDir, id);
    if (pid) {
      process.kill(pid, 'SIGKILL');
      await waitControllerGone(dir, 10_000);
      say(
        `Mirroring Controller of server ${id} (pid ${pid}) forcibly stopped; the instance was left as it is`,
      );
    } else say(`the Mirroring Controller of server ${id} is not running`);
    return { server: id, forced: true };
  }
  try {
    const r = (await callResponsive(
      dir,
      'stop',
      { all: cmd.flags.all === true, mcOnly: cmd.flags['mc-only'] === true },
      10 * 60_000,
    )) as {
      stopped: string[];
    };
    if (!(await waitControllerGone(dir, 60_000))) {
      throw new PgClusterError('STOP_TIMEOUT', `the Mirroring Controller of server ${id} did not exit`, {
        hint: `mc_ctl stop -M ${dir.mcDir} -e forces it`,
      });
    }
    say(
      `stopped: ${r.stopped.join(', ')}${cmd.flags['mc-only'] ? ' (Mirroring Controller only; the instance keeps running)' : ''}`,
    );
    return { stopped: r.stopped };
  } catch (e) {
    if (!isPgClusterError(e) || e.code !== 'CONTROLLER_NOT_RUNNING') throw e;
  }
  // No controller: still stop what this server runs, so `stop` always leaves it stopped.
  const instance = configuredInstance(dir.local.conf, findPgBinaries());
  if (!cmd.flags['mc-only'] && instance.isRunning()) {
    await instance.stop('fast');
    say(`the Mirroring Controller of server ${id} was not running; its instance was stopped`);
    return { stopped: [id], controllerWasRunning: false };
  }
  say(`server ${id}: nothing to stop`);
  return { stopped: [], controllerWasRunning: false };
}

async function switchOver(dir: McDirectory, cmd: Parsed, say: (t: string) => void) {
  const r = (await callResponsive(dir, 'switch', { force: cmd.flags.force === true }, 10 * 60_000).catch(
    (e: unknown) => {
      if (isPgClusterError(e) && e.code === 'CONTROLLER_NOT_RUNNING') {
        throw new PgClusterError(
          'CONTROLLER_NOT_RUNNING',
          `the Mirroring Controller of server ${dir.local.entry.id} is not running`,
          {
            hint: 'start it with mc_ctl start --mc-only (the instance keeps running), or run mc_ctl switch on the other server',
          },
        );
      }
      throw e;
    },
  )) as { newPrimary: string };
  say(`switch completed: ${r.newPrimary} is the primary`);
  return r;
}

async function setFailover(dir: McDirectory, enable: boolean, say: (t: string) => void) {
  const r = (await localCall(
    localControlPath(dir.mcDir, dir.local.entry.id),
    enable ? 'enable-failover' : 'disable-failover',
    {},
    10_000,
  )) as {
    failoverEnabled: boolean;
  };
  say(`automatic failover ${r.failoverEnabled ? 'enabled' : 'disabled'} on server ${dir.local.entry.id}`);
  return r;
}

/** Status from the local controller; when it is down, from the peer and what is on disk here. */
async function status(dir: McDirectory, cmd: Parsed, io: Io) {
  const id = dir.local.entry.id;
  let report: StatusReport | undefined;
  try {
    report = (await localCall(localControlPath(dir.mcDir, id), 'status', {}, 5000)) as StatusReport;
  } catch (e) {
    if (!isPgClusterError(e) || e.code !== 'CONTROLLER_NOT_RUNNING') throw e;
    report = await statusWithoutController(dir);
  }
  const verdict = judgeStatus(report);
  // localServer: which row is this machine (scripts cannot tell from the rows alone).
  if (cmd.json) return { localServer: id, status: report, ...verdict };
  io.out(renderStatus(report, verdict));
  const etcd = dir.local.conf.arbiterEtcd;
  const arbiterId =
    report.arbiter?.id ?? dir.arbiter?.id ?? (etcd ? etcdArbiterName(etcd.prefix) : undefined);
  if (!cmd.flags.arbiter && !arbiterId) io.out(`\n${NO_ARBITER_NOTE}\n`);
  if (cmd.flags.arbiter) {
    io.out(
      renderArbiterSection(
        report,
        dir.network.map((e) => e.id),
        arbiterId,
      ),
    );
  }
  return { exitCode: verdict.exitCode };
}

async function statusWithoutController(dir: McDirectory): Promise<StatusReport> {
  const id = dir.local.entry.id;
  const state = loadState(dir.mcDir, id);
  const instance = configuredInstance(dir.local.conf, findPgBinaries());
  let peerView: StatusReport | undefined;
  try {
    const client = new AdminClient({
      host: dir.peer.entry.host,
      port: dir.peer.entry.port,
      key: readKey(dir.mcDir),
      selfId: id,
      peerId: dir.peer.entry.id,
    });
    try {
      peerView = (await client.call('status', {}, dir.local.conf.heartbeatTimeoutS * 1000 + 1000))
        .result as StatusReport;
    } finally {
      client.close();
    }
  } catch {
    peerView = undefined;
  }
  const own = {
    serverId: id,
    hostRole: hostRoleLabel(state.role),
    host: dir.local.entry.host,
    hostStatus: 'unknown',
    dbProcStatus: instance.isRunning() ? 'unknown' : 'abnormal(postmaster)',
    diskStatus: 'unknown',
  };
  const servers = dir.network.map((e) =>
    e.id === id
      ? own
      : (peerView?.servers.find((s) => s.serverId === e.id) ?? {
          serverId: e.id,
          hostRole: 'unknown',
          host: e.host,
          hostStatus: 'unknown',
          dbProcStatus: 'unknown',
          diskStatus: 'unknown',
        }),
  );
  const report: StatusReport = {
    // The peer's word when it answers; alone, what this server's files can still promise.
    mirroring:
      peerView?.mirroring ?? pairMirroring({ role: state.role, stored: state.mirroring, peerFresh: false }),
    failoverEnabled: state.failoverEnabled,
    detectionWindowMs: dir.local.conf.detectionWindowMs,
    servers,
    answeredBy: peerView ? dir.peer.entry.id : `${id} (files only)`,
    controllers: { [id]: 'stopped', [dir.peer.entry.id]: peerView ? 'running' : 'unreachable' },
  };
  const lastError = state.lastError ?? peerView?.lastError;
  if (lastError) report.lastError = lastError;
  return report;
}

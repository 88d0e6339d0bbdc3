/**
 * The controller's handle on its PostgreSQL instance: start, stop, promote, reload, and what can be
 * read without a connection (is a postmaster running, is it configured as a standby).
 * On Linux this drives pg_ctl directly; on Windows the instance runs as the service named by
 * db_instance_service_name, which the platform layer controls.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PgClusterError } from '../errors.js';
import type { PgBinaries } from './binaries.js';
import { processAlive, runCommand } from '../platform/process.js';
import {
  assertInstanceService,
  queryService,
  startService,
  stopService,
} from '../platform/windows/service.js';

export type StopMode = 'smart' | 'fast' | 'immediate';

export type { CommandResult } from '../platform/process.js';

/** PID from postmaster.pid if that process is alive. A frozen (SIGSTOP) postmaster still counts as alive. */
export function livePostmasterPid(dataDir: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(text.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return processAlive(pid) ? pid : undefined;
}

/**
 * The cluster state recorded in global/pg_control, as pg_ctl reads it: the DBState enum right
 * after the system identifier and the two version numbers (offset 16), in the machine's byte order.
 */
const DB_STATES = [
  'starting up',
  'shut down',
  'shut down in recovery',
  'shutting down',
  'in crash recovery',
  'in archive recovery',
  'in production',
] as const;
export type DbState = (typeof DB_STATES)[number] | 'unknown';

export function dbStateFromControlFile(buf: Buffer, endianness: 'LE' | 'BE' = os.endianness()): DbState {
  if (buf.length < 20) return 'unknown';
  const n = endianness === 'LE' ? buf.readInt32LE(16) : buf.readInt32BE(16);
  return DB_STATES[n] ?? 'unknown';
}

/** How often the waits below look: pg_ctl -w looks every 100 ms, too coarse for a failover. */
const POLL_MS = 5;

/** The postmaster's own word in postmaster.pid (line 8): "ready" or "standby" once it takes connections. */
export function postmasterStatus(pidFileText: string): string | undefined {
  return pidFileText.split('\n')[7]?.trim() || undefined;
}

export class Instance {
  /**
   * `serviceName`: the Windows service that runs this instance (db_instance_service_name); it is
   * then started and fast-stopped through the Service Control Manager, never behind its back.
   */
  constructor(
    readonly dataDir: string,
    readonly bin: PgBinaries,
    readonly logFile: string,
    readonly serviceName?: string,
  ) {}

  postmasterPid(): number | undefined {
    return livePostmasterPid(this.dataDir);
  }

  isRunning(): boolean {
    return this.postmasterPid() !== undefined;
  }

  /** standby.signal present: the instance will start (or is running) in recovery as a standby. */
  isStandbyConfigured(): boolean {
    return existsSync(path.join(this.dataDir, 'standby.signal'));
  }

  assertIsDataDirectory(): void {
    if (!existsSync(path.join(this.dataDir, 'PG_VERSION'))) {
      throw new PgClusterError(
        'NOT_A_DATA_DIRECTORY',
        `${this.dataDir} is not a PostgreSQL data directory (no PG_VERSION)`,
        {
          where: 'db_instance',
          hint: 'set db_instance in the server configuration file to the data directory of the instance, or build it with mc_ctl setup',
        },
      );
    }
  }

  private async pgCtl(args: string[], what: string, timeoutS: number): Promise<void> {
    const r = await runCommand(this.bin.tool('pg_ctl'), ['-D', this.dataDir, ...args], {
      timeoutMs: (timeoutS + 10) * 1000,
    });
    if (r.code !== 0) {
      throw new PgClusterError(
        'INSTANCE_COMMAND_FAILED',
        `could not ${what} the instance: ${lastLines(r.output)}`,
        {
          where: this.dataDir,
          hint: `see the server log ${this.logFile}`,
        },
      );
    }
  }

  async start(timeoutS = 300): Promise<void> {
    this.assertIsDataDirectory();
    if (this.serviceName) return this.startService(this.serviceName, timeoutS);
    await this.pgCtl(['-l', this.logFile, '-w', '-t', String(timeoutS), 'start'], 'start', timeoutS);
  }

  /** The service must exist and run `pg_ctl runservice -D <this data directory>`. */
  async assertService(): Promise<void> {
    if (this.serviceName) await assertInstanceService(this.serviceName, this.dataDir);
  }

  /** Through the SCM, then as pg_ctl -w would: until postmaster.pid says it takes connections. */
  private async startService(name: string, timeoutS: number): Promise<void> {
    await this.assertService();
    try {
      await startService(name);
    } catch (e) {
      // sc start also fails when the SCM gave up waiting for the service to report in (1053),
      // though it goes on starting: only a stopped service has failed.
      if ((await queryService(name)).state === 'stopped') throw e;
    }
    const deadline = Date.now() + timeoutS * 1000;
    for (;;) {
      const pid = this.postmasterPid();
      if (pid !== undefined) {
        const status = postmasterStatus(readFileSync(path.join(this.dataDir, 'postmaster.pid'), 'utf8'));
        if (status === 'ready' || status === 'standby') return;
      }
      const s = await queryService(name);
      if (s.state === 'stopped')
        throw new PgClusterError(
          'INSTANCE_COMMAND_FAILED',
          `the service "${name}" stopped while starting the instance (exit codes ${s.win32ExitCode}/${s.serviceExitCode})`,
          {
            where: this.dataDir,
            hint: "see the Application log (Event Viewer) for PostgreSQL's message",
          },
        );
      if (Date.now() > deadline)
        throw new PgClusterError(
          'INSTANCE_COMMAND_FAILED',
          `the instance of service "${name}" does not take connections after ${timeoutS} s (service ${s.state})`,
          { where: this.dataDir, hint: "see the Application log (Event Viewer) for PostgreSQL's message" },
        );
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Stops the instance; a fast stop that does not finish in time is escalated to immediate. */
  async stop(mode: StopMode = 'fast', timeoutS = 60): Promise<StopMode> {
    if (!this.isRunning()) return mode;
    const pid = this.postmasterPid();
    if (pid) {
      try {
        process.kill(pid, 'SIGCONT'); // a frozen postmaster cannot act on a stop request
      } catch {
        /* gone */
      }
    }
    // Signal, then watch the postmaster go at our own pace (a fence waits on this).
    const stopped = async (m: StopMode): Promise<boolean> => {
      try {
        // A fast stop goes through the SCM, so the service is STOPPED, not "failed"; an immediate
        // one cannot (the SCM has no such control): the service follows its postmaster down.
        if (this.serviceName && m === 'fast') await stopService(this.serviceName);
        else await this.pgCtl(['-m', m, '-W', 'stop'], 'stop', timeoutS);
      } catch (e) {
        if (this.isRunning()) throw e; // otherwise it went away on its own meanwhile
      }
      return this.waitFor(() => !this.isRunning(), timeoutS);
    };
    if (await stopped(mode)) return mode;
    if (mode !== 'immediate' && (await stopped('immediate'))) return 'immediate';
    throw new PgClusterError(
      'INSTANCE_COMMAND_FAILED',
      `could not stop the instance: its postmaster is still running after ${timeoutS} s`,
      {
        where: this.dataDir,
        hint: `see the server log ${this.logFile}; the process may be hung in the kernel`,
      },
    );
  }

  dbState(): DbState {
    try {
      return dbStateFromControlFile(readFileSync(path.join(this.dataDir, 'global', 'pg_control')));
    } catch {
      return 'unknown';
    }
  }

  /** Promotes and waits until pg_control says the cluster is in production (read-write). */
  async promote(timeoutS = 60): Promise<void> {
    await this.pgCtl(['-W', 'promote'], 'promote', timeoutS);
    if (!(await this.waitFor(() => this.dbState() === 'in production', timeoutS)))
      throw new PgClusterError(
        'INSTANCE_COMMAND_FAILED',
        `could not promote the instance: it is still ${this.dbState()} after ${timeoutS} s`,
        { where: this.dataDir, hint: `see the server log ${this.logFile}` },
      );
  }

  private async waitFor(done: () => boolean, timeoutS: number): Promise<boolean> {
    const deadline = Date.now() + timeoutS * 1000;
    while (!done()) {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    return true;
  }

  async reload(): Promise<void> {
    await this.pgCtl(['reload'], 'reload', 10);
  }
}

function lastLines(text: string, n = 5): string {
  return text.split('\n').filter(Boolean).slice(-n).join(' | ');
}

/** The instance of a server's configuration: on Windows run by its service, elsewhere by pg_ctl. */
export function configuredInstance(
  conf: { dbInstance: string; dbInstanceServiceName?: string },
  bin: PgBinaries,
  logFile = '',
  platform: NodeJS.Platform = process.platform,
): Instance {
  return new Instance(
    conf.dbInstance,
    bin,
    logFile,
    platform === 'win32' ? conf.dbInstanceServiceName : undefined,
  );
}

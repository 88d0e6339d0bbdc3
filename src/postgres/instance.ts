/**
 * The controller's handle on its PostgreSQL instance: start, stop, promote, reload, and what can be
 * read without a connection (is a postmaster running, is it configured as a standby).
 * On Linux this drives pg_ctl directly; on Windows the instance runs as the service named by
 * db_instance_service_name, which the platform layer controls.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PgClusterError } from '../errors.js';
import type { PgBinaries } from './binaries.js';
import { processAlive, runCommand } from '../platform/process.js';

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

export class Instance {
  constructor(
    readonly dataDir: string,
    readonly bin: PgBinaries,
    readonly logFile: string,
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
    await this.pgCtl(['-l', this.logFile, '-w', '-t', String(timeoutS), 'start'], 'start', timeoutS);
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
    try {
      await this.pgCtl(['-m', mode, '-w', '-t', String(timeoutS), 'stop'], 'stop', timeoutS);
      return mode;
    } catch (e) {
      if (mode === 'immediate') throw e;
      await this.pgCtl(['-m', 'immediate', '-w', '-t', String(timeoutS), 'stop'], 'stop', timeoutS);
      return 'immediate';
    }
  }

  async promote(timeoutS = 60): Promise<void> {
    await this.pgCtl(['-w', '-t', String(timeoutS), 'promote'], 'promote', timeoutS);
  }

  async reload(): Promise<void> {
    await this.pgCtl(['reload'], 'reload', 10);
  }
}

function lastLines(text: string, n = 5): string {
  return text.split('\n').filter(Boolean).slice(-n).join(' | ');
}

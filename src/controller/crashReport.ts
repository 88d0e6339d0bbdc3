/**
 * What a controller leaves behind when it crashes: the manual's core file, for a Node process.
 * An exception nobody caught (or a rejected promise nobody awaited) writes a report into
 * core_file_path (default: the management directory) — the error and its stack plus Node's
 * diagnostic report (JavaScript and native stacks, heap, resource usage, libuv handles) — owner-only,
 * then says where it is in the log and the system log, and the process exits for its service
 * manager or mc_ctl start to bring it back. The report leaves out the environment: it can hold
 * passwords (PGPASSWORD) that a support case must not carry.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PgClusterError } from '../errors.js';
import { writeOwnerOnlyFile } from '../config/permissions.js';
import type { McLogger } from '../log/logger.js';

/** `server1.mc.crash.20261207T031502Z.4242.json`: sorts by time, and names the server and process. */
export function crashReportName(serverId: string, at: Date, pid: number): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return `${serverId}.mc.crash.${stamp}.${pid}.json`;
}

export interface CrashFacts {
  serverId: string;
  at: Date;
  pid: number;
  error: unknown;
  /** Node's diagnostic report (process.report.getReport), when it could be produced. */
  diagnostic?: Record<string, unknown>;
}

/** The report's content: the error first (what a reader wants), the diagnostic without the environment. */
export function crashReportBody(f: CrashFacts): string {
  const err = f.error instanceof Error ? f.error : undefined;
  const diagnostic = f.diagnostic ? { ...f.diagnostic } : undefined;
  if (diagnostic) delete diagnostic.environmentVariables;
  return `${JSON.stringify(
    {
      server: f.serverId,
      time: f.at.toISOString(),
      pid: f.pid,
      error: err ? { name: err.name, message: err.message, stack: err.stack } : { value: String(f.error) },
      ...(diagnostic ? { diagnostic } : {}),
    },
    null,
    2,
  )}\n`;
}

/** Refuses a core_file_path that cannot take a report, before the controller starts anything. */
export function checkCoreFilePath(dir: string, confFile: string): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch {
    throw new PgClusterError('CONFIG_INVALID', `core_file_path ${dir} does not exist`, {
      where: confFile,
      hint: `create the directory (writable by the instance administrator) or remove core_file_path to use the management directory`,
    });
  }
  if (!st.isDirectory()) {
    throw new PgClusterError('CONFIG_INVALID', `core_file_path ${dir} is not a directory`, {
      where: confFile,
      hint: 'set core_file_path to a directory, or remove it to use the management directory',
    });
  }
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new PgClusterError('CONFIG_INVALID', `core_file_path ${dir} is not writable by this user`, {
      where: confFile,
      hint: 'give the instance administrator write access to it, or remove core_file_path to use the management directory',
    });
  }
}

/**
 * Installs the crash handlers of this process. `exit` is process.exit, replaceable for a test
 * process that wants to look around first.
 */
export function armCrashReports(o: {
  dir: string;
  serverId: string;
  logger: McLogger;
  exit?: (code: number) => void;
}): void {
  let crashed = false;
  const onCrash = (error: unknown) => {
    if (crashed) return; // a second failure while reporting the first: the first one matters
    crashed = true;
    const at = new Date();
    const file = path.join(o.dir, crashReportName(o.serverId, at, process.pid));
    let written = file;
    try {
      let diagnostic: Record<string, unknown> | undefined;
      try {
        diagnostic = process.report.getReport(
          error instanceof Error ? error : undefined,
        ) as unknown as Record<string, unknown>;
      } catch {
        diagnostic = undefined;
      }
      writeOwnerOnlyFile(
        file,
        crashReportBody({ serverId: o.serverId, at, pid: process.pid, error, diagnostic }),
      );
    } catch (e) {
      written = `nowhere (${(e as Error).message})`;
    }
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    // Also on stderr: mc_ctl start keeps it in <id>.controller.out when the log itself is the problem.
    process.stderr.write(`Mirroring Controller crashed: ${detail}; crash report: ${written}\n`);
    o.logger.emit('MCA00010', { detail, file: written });
    const exit = o.exit ?? ((code: number) => process.exit(code));
    // The logger's transports are asynchronous: give them a moment, bounded, to write the line.
    void Promise.race([o.logger.close(), new Promise((r) => setTimeout(r, 2000))]).finally(() => exit(70));
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
}

/**
 * The trace an mc_ctl operation leaves: "mc_ctl <mode> started by <user>" (MCA00501) and, when it
 * fails, why (MCA00502), in the local server's controller log and in the system log (syslog,
 * or the Windows Event Log under the server's event_source), so an operator reading either at
 * 3 a.m. sees who started, stopped or switched what. The log is appended to, never rotated
 * (the controller rotates it). A trace that cannot be written warns and never blocks the
 * operation: an emergency stop must not fail on its log.
 */
import os from 'node:os';
import path from 'node:path';
import { isPgClusterError } from '../errors.js';
import type { McDirectory } from '../config/mcDirectory.js';
import { createLogger, type McLogger } from '../log/logger.js';
import { syslogSink } from '../platform/posix/syslog.js';
import { eventLogSink } from '../platform/windows/eventLog.js';

/** Who runs the command, as an administrator would write the account: DOMAIN\user on Windows. */
export function operatorName(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  user: () => string = () => os.userInfo().username,
): string {
  if (platform === 'win32' && env.USERNAME)
    return env.USERDOMAIN ? `${env.USERDOMAIN}\\${env.USERNAME}` : env.USERNAME;
  try {
    return user();
  } catch {
    return env.USER ?? env.LOGNAME ?? 'unknown user';
  }
}

/** How long mc_ctl waits for its trace to reach the system log before it exits anyway. */
const CLOSE_WAIT_MS = 5000;

export async function traced<T>(
  dir: McDirectory,
  mode: string,
  warn: (text: string) => void,
  fn: () => Promise<T>,
): Promise<T> {
  const id = dir.local.entry.id;
  const source = dir.local.conf.eventSource;
  let logger: McLogger | undefined;
  try {
    logger = createLogger({
      source,
      file: path.join(dir.mcDir, `${id}.mc.log`),
      appendOnly: true,
      systemLog: process.platform === 'win32' ? eventLogSink(source) : syslogSink(source),
    });
  } catch (e) {
    warn(
      `this operation is not recorded in the log: ${isPgClusterError(e) ? e.describe() : (e as Error).message}`,
    );
  }
  logger?.emit('MCA00501', { mode, user: operatorName() });
  try {
    return await fn();
  } catch (e) {
    logger?.emit('MCA00502', { mode, detail: (e as Error).message });
    throw e;
  } finally {
    if (logger)
      await Promise.race([logger.close(), new Promise((r) => setTimeout(r, CLOSE_WAIT_MS).unref())]);
  }
}

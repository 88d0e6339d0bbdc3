/**
 * System log on Linux through util-linux's `logger`, so the syslog line reads exactly as the
 * manual's display format: `source[pid]: TYPE: text (number)`. Messages are rare (state changes,
 * failures), so one short-lived process per message is cheap and needs no native module.
 */
import { execFile } from 'node:child_process';
import type { MessageType } from '../../log/catalog.js';

const PRIORITY: Record<MessageType, string> = {
  INFO: 'info',
  LOG: 'info',
  NOTICE: 'notice',
  WARNING: 'warning',
  ERROR: 'err',
  FATAL: 'crit',
  PANIC: 'alert',
};

export interface SystemLogSink {
  write(type: MessageType, body: string): void;
  /** Ends whatever the sink keeps open (the Event Log's PowerShell process). */
  close?(): Promise<void>;
}

export function syslogSink(source: string, pid = process.pid): SystemLogSink {
  return {
    write(type, body) {
      execFile('logger', ['-t', source, `--id=${pid}`, '-p', `user.${PRIORITY[type]}`, '--', body], () => {
        /* no syslog daemon is not an error for the controller */
      });
    },
  };
}

/**
 * The controller's and mc_ctl's logger: catalog messages in the manual's display format, written
 * through winston to a log file (and the console for commands), and to the system log.
 */
import fs from 'node:fs';
import winston from 'winston';
import Transport from 'winston-transport';
import { accessChecker, openPrivateAppendFile } from '../config/permissions.js';
import { CATALOG, formatDisplay, renderMessage, type MessageId, type MessageType } from './catalog.js';
import type { SystemLogSink } from '../platform/posix/syslog.js';

const LEVEL: Record<MessageType, 'error' | 'warn' | 'info'> = {
  INFO: 'info',
  LOG: 'info',
  NOTICE: 'info',
  WARNING: 'warn',
  ERROR: 'error',
  FATAL: 'error',
  PANIC: 'error',
};

type Args = Record<string, string | number | boolean>;

export interface McLogger {
  /** A catalog message: the log file, the console (if any) and the system log. */
  emit(id: MessageId, args?: Args): void;
  /** Diagnostic detail for the log file only. */
  debug(text: string): void;
  close(): Promise<void>;
}

class SystemLogTransport extends Transport {
  constructor(private readonly sink: SystemLogSink) {
    super({ level: 'info' });
  }
  override log(info: { mcType?: MessageType; mcBody?: string }, next: () => void): void {
    if (info.mcType && info.mcBody) this.sink.write(info.mcType, info.mcBody);
    next();
  }
}

export interface LoggerOptions {
  source: string;
  file?: string;
  console?: boolean;
  systemLog?: SystemLogSink;
  debug?: boolean;
  /** The size at which the file is rotated (tests make it small); 20 MB. */
  rotateBytes?: number;
  /**
   * Append to the file without ever rotating it: for a short-lived process (mc_ctl) writing into
   * the controller's log, which the controller alone rotates.
   */
  appendOnly?: boolean;
}

/** `<ISO time> <the manual's display format>`, one line per message. */
const LINE_FORMAT = winston.format.combine(
  winston.format.timestamp(),
  winston.format.printf((i) => `${String(i.timestamp)} ${String(i.message)}`),
);

/**
 * The log file, readable by the instance administrator only: a link planted where it goes is
 * refused (it would redirect the controller's writes into another file), a new file is created
 * owner-only (mode 0600; an explicit owner-only DACL on Windows), and so is each file that
 * rotation starts. An existing log keeps the permissions its administrator gave it.
 */
function privateFileTransport(file: string, debug: boolean, rotateBytes: number): winston.transport {
  fs.closeSync(openPrivateAppendFile(file, 'the log').fd);
  // O_NOFOLLOW (absent on Windows, where the private directory keeps links out) for every later open.
  const { O_WRONLY, O_APPEND, O_CREAT, O_NOFOLLOW = 0 } = fs.constants;
  const transport = new winston.transports.File({
    filename: file,
    level: debug ? 'debug' : 'info',
    maxsize: rotateBytes,
    maxFiles: 5,
    tailable: true,
    options: { flags: O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW, mode: 0o600 },
    format: LINE_FORMAT,
  });
  let opens = 0;
  transport.on('open', (fullpath: string) => {
    // The first open is the file checked above; later ones are new files after a rotation.
    if (opens++ === 0) return;
    try {
      accessChecker().restrictNewFile(fullpath);
    } catch (e) {
      process.stderr.write(`cannot make the new log file ${fullpath} owner-only: ${(e as Error).message}\n`);
    }
  });
  return transport;
}

/** One append-mode descriptor, opened as privately as the rotating file (a planted link refused). */
function appendOnlyTransport(file: string): winston.transport {
  const { fd } = openPrivateAppendFile(file, 'the log');
  return new winston.transports.Stream({
    stream: fs.createWriteStream('', { fd, flags: 'a' }),
    level: 'info',
    format: LINE_FORMAT,
  });
}

export function createLogger(opts: LoggerOptions): McLogger {
  const transports: winston.transport[] = [];
  if (opts.file && opts.appendOnly) transports.push(appendOnlyTransport(opts.file));
  else if (opts.file)
    transports.push(
      privateFileTransport(opts.file, opts.debug === true, opts.rotateBytes ?? 20 * 1024 * 1024),
    );
  if (opts.console) {
    transports.push(
      new winston.transports.Console({
        level: 'info',
        stderrLevels: ['error', 'warn'],
        format: winston.format.printf((i) => String(i.message)),
      }),
    );
  }
  if (opts.systemLog) transports.push(new SystemLogTransport(opts.systemLog));
  const logger = winston.createLogger({ levels: winston.config.npm.levels, transports, exitOnError: false });
  return {
    emit(id, args = {}) {
      const type = CATALOG[id].type;
      logger.log({
        level: LEVEL[type],
        message: formatDisplay(opts.source, process.pid, id, args),
        mcType: type,
        mcBody: `${type}: ${renderMessage(id, args)} (${id})`,
      });
    },
    debug(text) {
      logger.debug(`${opts.source}[${process.pid}]: DEBUG: ${text}`);
    },
    async close() {
      await new Promise<void>((resolve) => {
        logger.on('finish', () => resolve());
        logger.end();
        setTimeout(resolve, 500).unref();
      });
      await opts.systemLog?.close?.();
    },
  };
}

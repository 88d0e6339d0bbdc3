/**
 * The controller's and mc_ctl's logger: catalog messages in the manual's display format, written
 * through winston to a log file (and the console for commands), and to the system log.
 */
import winston from 'winston';
import Transport from 'winston-transport';
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
}

export function createLogger(opts: LoggerOptions): McLogger {
  const transports: winston.transport[] = [];
  if (opts.file) {
    transports.push(
      new winston.transports.File({
        filename: opts.file,
        level: opts.debug ? 'debug' : 'info',
        maxsize: 20 * 1024 * 1024,
        maxFiles: 5,
        tailable: true,
        format: winston.format.combine(
          winston.format.timestamp(),
          winston.format.printf((i) => `${String(i.timestamp)} ${String(i.message)}`),
        ),
      }),
    );
  }
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

/**
 * The arbiter process (`mc_arbiter run`): answers both controllers on the admin network until it
 * is stopped (SIGTERM, SIGINT, or its service stopping). It holds no database.
 */
import { summarizeRejections } from '../log/repeats.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { AdminServer } from '../controller/adminNet.js';
import { floodReason } from '../controller/admission.js';
import { formatAddress } from '../controller/protocol.js';
import { createLogger, type McLogger } from '../log/logger.js';
import { syslogSink } from '../platform/posix/syslog.js';
import { eventLogSink } from '../platform/windows/eventLog.js';
import { loadArbiterDirectory } from './directory.js';
import { ArbiterService } from './service.js';
import { loadRecord, recordFile, saveRecord } from './store.js';

export const DEFAULT_EVENT_SOURCE = 'MirroringControllerOpen';

export interface RunningArbiter {
  address: { host: string; port: number };
  service: ArbiterService;
  stop(): Promise<void>;
}

/** Starts the arbiter of the directory `dir`; resolves once it listens. */
export async function startArbiter(
  dir: string,
  o: {
    eventSource?: string;
    console?: boolean;
    logger?: McLogger;
    init?: boolean;
    /** Called when `mc_arbiter stop` asks (the stop command of its Windows service). */
    onStopRequest?: () => void;
  } = {},
): Promise<RunningArbiter> {
  const conf = loadArbiterDirectory(path.resolve(dir));
  const id = conf.arbiter.id;
  // Everything that can refuse the start comes before the logger, so a refusal leaves nothing open.
  const file = recordFile(conf.dir, id);
  const record = loadRecord(file, o.init === true);
  // A first start writes its empty record at once, so the next start (its service's) needs no --init.
  if (o.init === true && !existsSync(file)) saveRecord(file, record);
  const source = o.eventSource ?? DEFAULT_EVENT_SOURCE;
  const logger =
    o.logger ??
    createLogger({
      source,
      file: path.join(conf.dir, `${id}.arbiter.log`),
      console: o.console === true,
      systemLog: process.platform === 'win32' ? eventLogSink(source) : syslogSink(source),
    });
  for (const w of conf.warnings) logger.emit('MCA00301', { what: w });
  const service = new ArbiterService({
    arbiterId: id,
    servers: conf.servers.map((s) => s.id),
    record,
    save: (r) => saveRecord(file, r),
    logger,
  });
  const rejections = summarizeRejections(logger); // one line per source and minute
  const server: AdminServer = new AdminServer({
    host: conf.arbiter.host,
    port: conf.arbiter.port,
    key: conf.key,
    selfId: id,
    // The arbiter's own identity may connect too, for mc_arbiter status only.
    allowedPeers: [...conf.servers.map((s) => s.id), id],
    // arb_stop is the arbiter's own (mc_arbiter stop); only its own identity, holding the key, may ask.
    // Its servers, and itself for mc_arbiter status and stop, keep their room during a flood.
    trustedHosts: [...conf.servers.map((s) => s.host), conf.arbiter.host],
    handler: (peerId, op, args): Promise<unknown> => {
      if (op === 'arb_status') {
        const flood = server.flood();
        const where = formatAddress(conf.arbiter.host, conf.arbiter.port);
        return Promise.resolve({
          ...service.status(),
          ...(flood ? { flood: floodReason(flood, where) } : {}),
        });
      }
      if (op !== 'arb_stop' || peerId !== id || !o.onStopRequest) return service.handle(peerId, op, args);
      setImmediate(o.onStopRequest); // after this answer is on its way
      return Promise.resolve({ stopping: true });
    },
    onConnected: service.connected,
    onDisconnected: service.disconnected,
    onRejected: rejections.onRejected,
  });
  let address: { host: string; port: number };
  try {
    address = await server.listen();
  } catch (e) {
    rejections.close();
    if (!o.logger) await logger.close(); // an open log file would keep the process from exiting
    throw e;
  }
  logger.emit('MCA00601', {
    arbiter: id,
    address: formatAddress(address.host, address.port),
    servers: conf.servers.map((s) => s.id).join(', '),
    epoch: record.epoch,
    primary: record.primary ?? 'not known yet',
  });
  return {
    address,
    service,
    async stop() {
      await server.close();
      rejections.close();
      logger.emit('MCA00602', { arbiter: id });
      if (!o.logger) await logger.close();
    },
  };
}

/**
 * The Mirroring Controller process, started detached by `mc_ctl start` (or by its service):
 * `node main.js -M <dir> --local-server <id> [-f] [--mc-only]`.
 * A start failure is printed as one `MC_START_ERROR {json}` line for mc_ctl to show.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PgClusterError, isPgClusterError } from '../errors.js';
import { loadMcDirectory } from '../config/mcDirectory.js';
import { createLogger } from '../log/logger.js';
import { syslogSink } from '../platform/posix/syslog.js';
import { eventLogSink } from '../platform/windows/eventLog.js';
import { readEventSource } from '../platform/windows/registry.js';
import { readKey } from './keyStore.js';
import { MirroringController } from './controller.js';
import { armCrashReports, checkCoreFilePath } from './crashReport.js';

const { values } = parseArgs({
  options: {
    mcdir: { type: 'string', short: 'M' },
    'local-server': { type: 'string' },
    failover: { type: 'boolean', short: 'f' },
    'mc-only': { type: 'boolean' },
  },
  strict: true,
});

async function run(): Promise<void> {
  if (!values.mcdir) throw new PgClusterError('USAGE', 'controller: -M is required');
  const mcDir = path.resolve(values.mcdir);
  const dir = loadMcDirectory(mcDir, values['local-server'] ? { localServer: values['local-server'] } : {});
  const id = dir.local.entry.id;
  const source = dir.local.conf.eventSource;
  checkCoreFilePath(dir.local.conf.coreFilePath, path.join(mcDir, `${id}.conf`));
  const logger = createLogger({
    source,
    file: path.join(mcDir, `${id}.mc.log`),
    debug: process.env.MC_DEBUG === '1',
    systemLog:
      process.platform === 'win32'
        ? // Reported once, asynchronously: by then the logger exists to say so in the file.
          eventLogSink(source, {
            onError: (e) =>
              logger.emit('MCA00301', {
                what: `the Event Log source "${source}" cannot be written (${e.message}); messages go to the log file only. Register it: Register-PgEventSource -Name '${source}' -DllPath <PostgreSQL>\\lib\\pgevent.dll`,
              }),
          })
        : syslogSink(source),
  });
  if (process.platform === 'win32' && !(await readEventSource(source).catch(() => ({ source })))) {
    logger.emit('MCA00301', {
      what: `the Event Log source "${source}" is not registered, so Event Viewer cannot show its messages. Register it: Register-PgEventSource -Name '${source}' -DllPath <PostgreSQL>\\lib\\pgevent.dll`,
    });
  }
  armCrashReports({ dir: dir.local.conf.coreFilePath, serverId: id, logger });
  for (const w of dir.warnings) logger.emit('MCA00301', { what: w });
  const controller = new MirroringController(dir, {
    failover: values.failover === true,
    mcOnly: values['mc-only'] === true,
    key: readKey(mcDir),
    logger,
  });
  try {
    await controller.start();
  } catch (e) {
    // mc_ctl shows the refusal; the log and the system log keep it for whoever looks later.
    logger.emit('MCA00302', {
      what: `Mirroring Controller of server ${id} did not start: ${isPgClusterError(e) ? e.describe().replace(/\n/g, ' ') : String(e)}`,
    });
    await logger.close();
    throw e;
  }
  for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => void controller.shutdown());
  await controller.whenDone();
  await logger.close();
}

run().then(
  () => process.exit(0),
  (e: unknown) => {
    const err = isPgClusterError(e) ? e : new PgClusterError('INTERNAL', (e as Error).stack ?? String(e));
    process.stdout.write(`MC_START_ERROR ${JSON.stringify(err.toJSON())}\n`);
    process.exit(1);
  },
);

/**
 * mc_arbiter: the arbiter (witness) for a pair of Mirroring Controllers, run on a third machine.
 *   mc_arbiter run -M <dir>      answer both controllers until stopped (what its service runs)
 *   mc_arbiter status -M <dir>   what the running arbiter has on record and when it saw each server
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PgClusterError, isPgClusterError } from '../errors.js';
import { AdminClient } from '../controller/adminNet.js';
import { loadArbiterDirectory } from '../arbiter/directory.js';
import { startArbiter } from '../arbiter/main.js';
import type { ArbiterStatus } from '../arbiter/service.js';
import { VERSION } from '../version.js';

interface Io {
  out(text: string): void;
  err(text: string): void;
}

const consoleIo: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

export const ARBITER_HELP = `mc_arbiter: the arbiter for a pair of Mirroring Controllers (PgCluster)

Usage:
  mc_arbiter run    -M <dir> [--init] [--event-source <name>]
  mc_arbiter status -M <dir> [--json]
  mc_arbiter --version

<dir> holds the pair's network.conf, with a line "arbiterIdentifier host port arbiter",
and the pair's mc.key, both readable by this account only. The arbiter keeps its record
(<arbiterIdentifier>.arbiter.state) and log there. "run" stays in the foreground: start it
from a Windows service, a systemd unit or a scheduled task. --init is for the first start, when
there is no record yet; without it a missing record is refused (a lost record could let a
replaced primary back).
`;

export async function main(argv: string[], io: Io = consoleIo): Promise<number> {
  const mode = argv[0];
  if (mode === undefined || mode === '--help' || mode === 'help') {
    io.out(ARBITER_HELP);
    return mode === undefined ? 2 : 0;
  }
  if (mode === '--version' || mode === '-V') {
    io.out(`mc_arbiter (PgCluster) ${VERSION}\n`);
    return 0;
  }
  let json = false;
  try {
    if (mode !== 'run' && mode !== 'status') {
      throw new PgClusterError('USAGE', `unknown mode "${mode}"`, {
        hint: 'use run or status; mc_arbiter --help shows both',
      });
    }
    let values: {
      mcdir?: string | undefined;
      json?: boolean | undefined;
      init?: boolean | undefined;
      'event-source'?: string | undefined;
    };
    try {
      ({ values } = parseArgs({
        args: argv.slice(1),
        options: {
          mcdir: { type: 'string', short: 'M' },
          json: { type: 'boolean' },
          init: { type: 'boolean' },
          'event-source': { type: 'string' },
        },
        strict: true,
      }));
    } catch (e) {
      throw new PgClusterError('USAGE', (e as Error).message, {
        hint: 'mc_arbiter --help shows the options',
      });
    }
    json = values.json === true;
    if (!values.mcdir) throw new PgClusterError('USAGE', `${mode}: -M <dir> is required`);
    const dir = path.resolve(values.mcdir);
    if (mode === 'run') {
      const running = await startArbiter(dir, {
        console: true,
        init: values.init === true,
        ...(values['event-source'] ? { eventSource: values['event-source'] } : {}),
      });
      await new Promise<void>((resolve) => {
        for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => resolve());
      });
      await running.stop();
      return 0;
    }
    const status = await queryStatus(dir);
    if (json) io.out(`${JSON.stringify({ ok: true, ...status }, null, 2)}\n`);
    else io.out(renderArbiterStatus(status));
    return 0;
  } catch (e) {
    const err = isPgClusterError(e) ? e : new PgClusterError('INTERNAL', (e as Error).message ?? String(e));
    if (json) io.out(`${JSON.stringify({ ok: false, error: err.toJSON() }, null, 2)}\n`);
    else io.err(`mc_arbiter: ERROR: ${err.describe()}\n`);
    return err.code === 'USAGE' ? 2 : 1;
  }
}

async function queryStatus(dir: string): Promise<ArbiterStatus> {
  const conf = loadArbiterDirectory(dir);
  const id = conf.arbiter.id;
  // A local client may not reach a wildcard listen address by that address.
  const host =
    conf.arbiter.host === '0.0.0.0' ? '127.0.0.1' : conf.arbiter.host === '::' ? '::1' : conf.arbiter.host;
  const client = new AdminClient({ host, port: conf.arbiter.port, key: conf.key, selfId: id, peerId: id });
  try {
    const r = await client.call('arb_status', {}, 5000);
    return r.result as ArbiterStatus;
  } catch (e) {
    if (isPgClusterError(e) && e.code === 'PEER_UNREACHABLE') {
      throw new PgClusterError(
        'ARBITER_NOT_RUNNING',
        `the arbiter ${id} does not answer at ${host}:${conf.arbiter.port}`,
        {
          where: path.join(dir, 'network.conf'),
          hint: 'start it with mc_arbiter run -M <dir> (or its service), on the host its network.conf line names',
          cause: e,
        },
      );
    }
    throw e;
  } finally {
    client.close();
  }
}

export function renderArbiterStatus(s: ArbiterStatus): string {
  const r = s.record;
  const lines = [
    `arbiter ${s.arbiterId}: up ${Math.round(s.upMs / 1000)} s, record epoch ${r.epoch}`,
    `primary on record: ${r.primary ?? '(none yet)'}; synchronous standby: ${r.syncStandby ?? '(none)'}; deposed: ${r.deposed.length ? r.deposed.join(', ') : '(none)'}`,
    '',
  ];
  const rows = s.servers.map((v) => [
    v.serverId,
    v.role ?? '-',
    v.healthy === undefined ? '-' : v.healthy ? 'healthy' : 'abnormal',
    v.seenAgoMs === undefined ? 'never' : `${v.seenAgoMs} ms ago`,
  ]);
  const head = ['server', 'role', 'health', 'last heartbeat'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const fmt = (row: string[]) =>
    row
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  lines.push(fmt(head), ...rows.map(fmt), '');
  return lines.join('\n');
}

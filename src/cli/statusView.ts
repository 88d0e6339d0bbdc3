/** mc_ctl status in the manual's layout: the mirroring status block, then one row per server. */
import type { StatusReport } from '../controller/controller.js';
import type { StatusVerdict } from '../controller/statusVerdict.js';

const COLUMNS = [
  ['server_id', 'serverId'],
  ['host_role', 'hostRole'],
  ['host', 'host'],
  ['host_status', 'hostStatus'],
  ['db_proc_status', 'dbProcStatus'],
  ['disk_status', 'diskStatus'],
] as const;

export function renderStatus(r: StatusReport, verdict?: StatusVerdict): string {
  const widths = COLUMNS.map(([title, key]) =>
    Math.max(title.length, ...r.servers.map((s) => s[key].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]! + 2)))
      .join('')
      .trimEnd();
  const header = line(COLUMNS.map(([t]) => t));
  const out = [
    'mirroring status',
    '-'.repeat('mirroring status'.length),
    r.mirroring,
    header,
    '-'.repeat(header.length),
    ...r.servers.map((s) => line(COLUMNS.map(([, k]) => s[k]))),
  ];
  if (r.lastError) {
    const e = r.lastError;
    out.push(
      '',
      `last error: ${e.at} on server ${e.server}: ${e.resource}: ${e.detail} (action: ${e.action})`,
    );
  }
  if (r.monitoringFailures) {
    const f = r.monitoringFailures;
    out.push('', `monitoring: ${f.count} interval(s) in a row failed on server ${r.answeredBy}: ${f.last}`);
  }
  // Only a pair that is not healthy gets more than the manual's layout: what is wrong, and the exit status.
  if (verdict && verdict.health !== 'healthy') {
    out.push(
      '',
      `${verdict.health === 'noAnswer' ? 'no answer' : 'degraded'} (exit status ${verdict.exitCode}):`,
    );
    for (const reason of verdict.reasons) out.push(`  ${reason}`);
  }
  return `${out.join('\n')}\n`;
}

/** One line under every plain status of a pair without an arbiter. */
export const NO_ARBITER_NOTE =
  'arbiter: none; if the servers lose both the admin network and the WAL stream while both run, both can become primary (mc_ctl status --arbiter)';

/**
 * mc_ctl status --arbiter: each controller's connection to the arbiter, or, without one, which
 * partitions can still leave two primaries.
 */
export function renderArbiterSection(
  r: StatusReport,
  serverIds: string[],
  arbiterId: string | undefined,
): string {
  if (!arbiterId) {
    return [
      '',
      'arbiter: none configured',
      'Without an arbiter, a partition that cuts both the admin network and the WAL stream between two',
      'running servers looks like a server failure to each side: with automatic failover enabled the',
      'standby promotes and the primary stops waiting for it, so both can accept writes. Add an',
      '"arbiterIdentifier host port arbiter" line to network.conf and run mc_arbiter on a third machine.',
      '',
    ].join('\n');
  }
  const out = ['', `arbiter ${arbiterId}`];
  for (const id of serverIds) {
    const l = r.arbiter?.links[id];
    if (!l) {
      out.push(`  ${id}: unknown (its controller did not answer)`);
      continue;
    }
    const contact =
      l.lastContactMsAgo === undefined ? 'never answered' : `last answer ${l.lastContactMsAgo} ms ago`;
    const parts = [
      `${id} -> ${l.address}: ${l.reachable ? 'connected' : `unreachable (${l.misses} missed)`}, ${contact}`,
    ];
    if (l.epoch !== undefined)
      parts.push(`epoch ${l.epoch}, primary on record ${l.primaryOnRecord ?? 'none'}`);
    out.push(`  ${parts.join('; ')}`);
    if (l.lastError && !l.reachable) out.push(`    error: ${l.lastError}`);
    if (l.lastRefusal) out.push(`    last refusal: ${l.lastRefusal}`);
  }
  out.push('');
  return out.join('\n');
}

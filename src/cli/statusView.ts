/** mc_ctl status in the manual's layout: the mirroring status block, then one row per server. */
import type { StatusReport } from '../controller/controller.js';

const COLUMNS = [
  ['server_id', 'serverId'],
  ['host_role', 'hostRole'],
  ['host', 'host'],
  ['host_status', 'hostStatus'],
  ['db_proc_status', 'dbProcStatus'],
  ['disk_status', 'diskStatus'],
] as const;

export function renderStatus(r: StatusReport): string {
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
  return `${out.join('\n')}\n`;
}

/**
 * The shared-disk failover commands of the pgcluster helper:
 *   wsfc-preflight -D <datadir> --cluster <file.json>: the checks of an instance against its role
 *     and nodes; exit 0 when nothing is an error (warnings are shown), 1 when something must be fixed.
 *   wsfc-preflight -D <datadir> --needs: what the nodes must be asked (the port, the local paths).
 *   wsfc-plan --role <file.json> [--mscs-script <file.cmd>]: the role's operations in order (what
 *     New-PgClusterRole carries out), or the equivalent cluster.exe script for Windows Server 2003.
 *   wsfc-plan --action <action> --state <file.json> [options]: the operations on a role that exists,
 *     decided from what Get-PgClusterRole observed: remove, move, maintenance-start,
 *     maintenance-stop, failover-check.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PgClusterError } from '../errors.js';
import { readClusterFacts, readInstanceFacts } from '../wsfc/facts.js';
import { preflight } from '../wsfc/preflight.js';
import { planMaintenance } from '../wsfc/maintenance.js';
import { parseObservedRole, type ObservedRole } from '../wsfc/observedRole.js';
import type { ClusterOperation } from '../wsfc/operations.js';
import { planFailoverCheck, planRoleMove, planRoleRemoval } from '../wsfc/roleActions.js';
import { planRole, renderMscsScript, type RoleDescription } from '../wsfc/rolePlan.js';

export function wsfcPreflightCommand(args: string[], out: (t: string) => void): number {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        pgdata: { type: 'string', short: 'D' },
        cluster: { type: 'string' },
        needs: { type: 'boolean' },
        json: { type: 'boolean' },
      },
    }));
  } catch (e) {
    throw new PgClusterError('USAGE', `wsfc-preflight: ${(e as Error).message}`, {
      hint: "run 'pgcluster --help' for the commands and options",
    });
  }
  if (values.pgdata && values.needs) {
    // What the nodes must be asked (Test-PgClusterPreflight): the port and the paths that must be local.
    const inst = readInstanceFacts(values.pgdata);
    const localPaths = [inst.keystoreLocation, inst.coreDirectory].filter((p): p is string => !!p);
    out(
      values.json
        ? `${JSON.stringify({ ok: true, port: inst.port, localPaths })}\n`
        : `port ${inst.port}; local paths: ${localPaths.join(', ') || 'none'}\n`,
    );
    return 0;
  }
  if (!values.pgdata || !values.cluster)
    throw new PgClusterError('USAGE', 'wsfc-preflight needs -D <datadir> and --cluster <file.json>', {
      hint: 'the cluster file describes the role, its shared disks and the nodes (docs/wsfc.md)',
    });
  const findings = preflight(readInstanceFacts(values.pgdata), readClusterFacts(values.cluster));
  const errors = findings.filter((f) => f.severity === 'error').length;
  if (values.json) out(`${JSON.stringify({ ok: true, passed: errors === 0, findings }, null, 2)}\n`);
  else if (findings.length === 0) out('wsfc-preflight: every check passed\n');
  else
    out(
      findings
        .map(
          (f) =>
            `${f.severity.toUpperCase()}: [${f.check}] ${f.what}\n  where: ${f.where}\n  fix: ${f.fix}\n`,
        )
        .join('') + `wsfc-preflight: ${errors} error(s), ${findings.length - errors} warning(s)\n`,
    );
  return errors === 0 ? 0 : 1;
}

function readRoleDescription(file: string): RoleDescription {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new PgClusterError('ROLE_INVALID', `cannot read ${file}: ${(e as Error).message}`, {
      where: file,
      hint: 'a JSON object with role, serviceName, disks and accessPoint (docs/wsfc.md)',
    });
  }
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  const list = (v: unknown) => (Array.isArray(v) ? v.map(s) : typeof v === 'string' ? [v] : []);
  const ap = o.accessPoint;
  const a = (typeof ap === 'object' && ap !== null ? ap : {}) as Record<string, unknown>;
  return {
    role: s(o.role),
    serviceName: s(o.serviceName),
    disks: list(o.disks),
    // Older files give one address as address/subnetMask/network.
    ...(ap === undefined || ap === null
      ? {}
      : {
          accessPoint: {
            name: s(a.name),
            addresses: list(a.addresses ?? a.address),
            subnetMasks: list(a.subnetMasks ?? a.subnetMask),
            networks: list(a.networks ?? a.network),
            dhcp: a.dhcp === true,
          },
        }),
    ...(o.preferredOwners === undefined ? {} : { preferredOwners: list(o.preferredOwners) }),
    ...(typeof o.resourceName === 'string' ? { resourceName: o.resourceName } : {}),
  };
}

const ACTIONS = ['remove', 'move', 'maintenance-start', 'maintenance-stop', 'failover-check'] as const;
type Action = (typeof ACTIONS)[number];

function readObservedRole(file: string): ObservedRole {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PgClusterError('ROLE_STATE_INVALID', `cannot read ${file}: ${(e as Error).message}`, {
      where: file,
    });
  }
  return parseObservedRole(text, file);
}

function planAction(
  action: Action,
  observed: ObservedRole,
  v: Record<string, string | boolean | undefined>,
): ClusterOperation[] {
  const node = typeof v.node === 'string' ? v.node : undefined;
  switch (action) {
    case 'remove':
      return planRoleRemoval(observed);
    case 'move':
      return planRoleMove(observed, node);
    case 'failover-check': {
      const port = Number(v.port);
      if (v.port === undefined)
        throw new PgClusterError('USAGE', 'failover-check needs --port <port>', {
          hint: "the instance's port, as in its postgresql.conf",
        });
      return planFailoverCheck(observed, {
        port,
        ...(typeof v.host === 'string' ? { host: v.host } : {}),
        ...(node === undefined ? {} : { node }),
        stay: v.stay === true,
      });
    }
    default: {
      const mode = v.mode;
      if (mode !== 'BothNodes' && mode !== 'StandbyNode')
        throw new PgClusterError('USAGE', `${action} needs --mode BothNodes or --mode StandbyNode`, {
          hint: 'BothNodes: recovery or shared-disk work; StandbyNode: patches without stopping the job',
        });
      return planMaintenance(observed, {
        mode,
        phase: action === 'maintenance-start' ? 'start' : 'stop',
        ...(node === undefined ? {} : { node }),
        diskAccess: v['disk-access'] === true,
        switchRole: v['switch-role'] === true,
      });
    }
  }
}

const describeStep = (op: ClusterOperation, i: number) =>
  `${i + 1}. ${op.kind} ${JSON.stringify({ ...op, kind: undefined })}\n`;

export function wsfcPlanCommand(args: string[], out: (t: string) => void): number {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        role: { type: 'string' },
        'mscs-script': { type: 'string' },
        cluster: { type: 'string' },
        action: { type: 'string' },
        state: { type: 'string' },
        node: { type: 'string' },
        mode: { type: 'string' },
        'disk-access': { type: 'boolean' },
        'switch-role': { type: 'boolean' },
        port: { type: 'string' },
        host: { type: 'string' },
        stay: { type: 'boolean' },
        json: { type: 'boolean' },
      },
    }));
  } catch (e) {
    throw new PgClusterError('USAGE', `wsfc-plan: ${(e as Error).message}`, {
      hint: "run 'pgcluster --help'",
    });
  }
  if (values.action !== undefined) {
    if (!ACTIONS.includes(values.action as Action))
      throw new PgClusterError('USAGE', `wsfc-plan: unknown action "${values.action}"`, {
        hint: `the actions are ${ACTIONS.join(', ')}`,
      });
    if (!values.state)
      throw new PgClusterError('USAGE', `wsfc-plan --action ${values.action} needs --state <file.json>`, {
        hint: 'the role as Get-PgClusterRole sees it: Get-PgClusterRole -Name X | ConvertTo-Json -Depth 5',
      });
    const plan = planAction(values.action as Action, readObservedRole(values.state), values);
    out(values.json ? `${JSON.stringify({ ok: true, plan }, null, 2)}\n` : plan.map(describeStep).join(''));
    return 0;
  }
  if (!values.role)
    throw new PgClusterError('USAGE', 'wsfc-plan needs --role <file.json> or --action <action>', {
      hint: 'the role description, or an action on a role that exists (docs/wsfc.md)',
    });
  const plan = planRole(readRoleDescription(values.role));
  if (values['mscs-script']) {
    writeFileSync(values['mscs-script'], renderMscsScript(plan, values.cluster));
    out(
      values.json
        ? `${JSON.stringify({ ok: true, script: values['mscs-script'], plan }, null, 2)}\n`
        : `wrote ${values['mscs-script']}\n`,
    );
    return 0;
  }
  out(values.json ? `${JSON.stringify({ ok: true, plan }, null, 2)}\n` : plan.map(describeStep).join(''));
  return 0;
}

/**
 * Operations: every change PgCluster makes to a machine outside PostgreSQL, as a small
 * JSON-serialisable record. TypeScript plans them; an executor (PowerShell on Windows, TypeScript on
 * POSIX) tests, sets or undoes each one. The same records drive -WhatIf, Group Policy re-runs,
 * installer rollback and uninstall, so their shape is the contract between the two languages:
 * change it here and in ps-module/PgCluster/Private/Invoke-PgOperation.ps1 together.
 */

export type StartMode = 'auto' | 'demand';

export type Operation =
  /** An Event Log source backed by PostgreSQL's pgevent.dll (regsvr32 /n /i:"source"). */
  | { kind: 'eventSource.register'; source: string; dll: string }
  /** Only the owner (the instance administrator) may read or change the file. */
  | { kind: 'fileAcl.ownerOnly'; path: string; account: string }
  /** An inbound TCP allow rule, identified by its unique name. */
  | { kind: 'firewall.allowTcp'; name: string; displayName: string; port: number }
  /** A line `<service> <port>/tcp # <comment>` in the services file, reserving the port. */
  | { kind: 'servicesFile.entry'; service: string; port: number; comment: string }
  /** The "Log on as a service" right for the account that runs the services. */
  | { kind: 'logonRight.grant'; account: string }
  /** The instance's own Windows service (pg_ctl register -S demand -w): the controller starts it. */
  | { kind: 'service.instance'; name: string; dataDir: string; account: string; pgCtl: string }
  /** The Mirroring Controller's service: runs `command` as `account`, started as `start` says. */
  | {
      kind: 'service.mirroring';
      name: string;
      description: string;
      account: string;
      command: string[];
      stopCommand: string[];
      start: StartMode;
    }
  /** The arbiter's service (mc_arbiter run): as service.mirroring, restarted when it fails. */
  | {
      kind: 'service.arbiter';
      name: string;
      description: string;
      account: string;
      command: string[];
      stopCommand: string[];
      start: StartMode;
    };

export type OperationKind = Operation['kind'];

export const OPERATION_KINDS: readonly OperationKind[] = [
  'eventSource.register',
  'fileAcl.ownerOnly',
  'firewall.allowTcp',
  'servicesFile.entry',
  'logonRight.grant',
  'service.instance',
  'service.mirroring',
  'service.arbiter',
];

/** What undoing means per kind; some changes are deliberately left in place (and said so). */
export const UNDO_POLICY: Record<OperationKind, 'remove' | 'keep'> = {
  'eventSource.register': 'remove',
  // The files are the user's; unprotecting them would only weaken them.
  'fileAcl.ownerOnly': 'keep',
  'firewall.allowTcp': 'remove',
  'servicesFile.entry': 'remove',
  // Other services of the same account may need the right.
  'logonRight.grant': 'keep',
  'service.instance': 'remove',
  'service.mirroring': 'remove',
  'service.arbiter': 'remove',
};

/**
 * The undo policy of one operation. The default event source is shared by every server and
 * instance on the host (and by mc_ctl), so uninstalling one server keeps it; the product's
 * uninstaller removes it.
 */
export function undoPolicy(op: Operation): 'remove' | 'keep' {
  // Event source names are case-insensitive on Windows.
  if (op.kind === 'eventSource.register' && op.source.toLowerCase() === 'mirroringcontrolleropen')
    return 'keep';
  return UNDO_POLICY[op.kind];
}

/** One line for -WhatIf and logs: the target and what would be made true of it. */
export function describeOperation(op: Operation): { target: string; action: string } {
  switch (op.kind) {
    case 'eventSource.register':
      return { target: `Event Log source "${op.source}"`, action: `register with ${op.dll}` };
    case 'fileAcl.ownerOnly':
      return { target: op.path, action: `allow access by ${op.account} only` };
    case 'firewall.allowTcp':
      return { target: `firewall rule "${op.name}"`, action: `allow inbound TCP ${op.port}` };
    case 'servicesFile.entry':
      return { target: `services file entry "${op.service}"`, action: `reserve ${op.port}/tcp` };
    case 'logonRight.grant':
      return { target: op.account, action: 'grant "Log on as a service"' };
    case 'service.instance':
      return {
        target: `service "${op.name}"`,
        action: `register the instance ${op.dataDir} (demand start, runs as ${op.account})`,
      };
    case 'service.mirroring':
      return {
        target: `service "${op.name}"`,
        action: `register the Mirroring Controller (${op.start} start, runs as ${op.account})`,
      };
    case 'service.arbiter':
      return {
        target: `service "${op.name}"`,
        action: `register the arbiter (${op.start} start, runs as ${op.account})`,
      };
  }
}

/** A stable identity, so a re-run, a report and an undo all name the same operation. */
export function operationId(op: Operation): string {
  switch (op.kind) {
    case 'eventSource.register':
      return `${op.kind}:${op.source}`;
    case 'fileAcl.ownerOnly':
      return `${op.kind}:${op.path}`;
    case 'firewall.allowTcp':
      return `${op.kind}:${op.name}`;
    case 'servicesFile.entry':
      return `${op.kind}:${op.service}`;
    case 'logonRight.grant':
      return `${op.kind}:${op.account}`;
    case 'service.instance':
    case 'service.mirroring':
    case 'service.arbiter':
      return `${op.kind}:${op.name}`;
  }
}

export interface Plan {
  /** What the plan makes true, e.g. "Mirroring Controller of server1 installed". */
  title: string;
  target: 'windows' | 'posix';
  operations: Operation[];
  /** Things the planner could not plan and the user should know (e.g. no instance yet). */
  notes: string[];
}

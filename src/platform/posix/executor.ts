/**
 * The POSIX executor of operations: owner-only file modes, the services file and systemd units.
 * Event sources and firewall rules have no POSIX counterpart here (syslog needs no registration;
 * Linux firewalls are too varied to manage), so the planner never gives it those kinds.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { PgClusterError } from '../../errors.js';
import { writeFileAtomic } from '../../config/postgresqlConf.js';
import {
  assertPortFree,
  servicesEntryState,
  withServicesEntry,
  withoutServicesEntry,
} from '../../config/servicesFile.js';
import type { OperationExecutor, OperationState } from '../../plan/apply.js';
import type { Operation } from '../../plan/operations.js';
import { SystemdServices, renderUnit, type ServiceSpec } from './systemd.js';

export interface PosixExecutorOptions {
  servicesFile?: string;
  systemd?: SystemdServices;
}

function uidOf(account: string): number {
  try {
    return Number(
      execFileSync('id', ['-u', account], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim(),
    );
  } catch {
    throw new PgClusterError('ACCOUNT_UNKNOWN', `there is no user "${account}" on this machine`, {
      hint: 'name the instance administrator: the OS user that owns the data directory',
    });
  }
}

export class PosixExecutor implements OperationExecutor {
  readonly servicesFile: string;
  readonly systemd: SystemdServices;

  constructor(opts: PosixExecutorOptions = {}) {
    this.servicesFile = opts.servicesFile ?? '/etc/services';
    this.systemd = opts.systemd ?? new SystemdServices();
  }

  // The work is synchronous; a throw becomes a rejection, as callers of an executor expect.
  test(op: Operation): Promise<{ state: OperationState; detail?: string }> {
    return new Promise((resolve) => resolve(this.testSync(op)));
  }

  set(op: Operation): Promise<void> {
    return new Promise((resolve) => resolve(this.setSync(op)));
  }

  undo(op: Operation): Promise<void> {
    return new Promise((resolve) => resolve(this.undoSync(op)));
  }

  private testSync(op: Operation): { state: OperationState; detail?: string } {
    switch (op.kind) {
      case 'fileAcl.ownerOnly': {
        if (!existsSync(op.path))
          throw new PgClusterError('FILE_NOT_FOUND', `${op.path} does not exist`, {
            hint: 'it was there when the plan was made: put it back (or plan again) and re-run',
          });
        const st = statSync(op.path);
        const uid = uidOf(op.account);
        const extra = st.mode & 0o077;
        if (st.uid === uid && extra === 0) return { state: 'present' };
        const why = [
          st.uid !== uid ? `owned by uid ${st.uid}, not ${op.account}` : '',
          extra ? `mode ${(st.mode & 0o777).toString(8)} lets others in` : '',
        ];
        return { state: 'different', detail: why.filter(Boolean).join('; ') };
      }
      case 'servicesFile.entry':
        return servicesEntryState(this.readServices(), op);
      case 'service.mirroring':
      case 'service.arbiter': {
        const file = this.systemd.unitFile(op.name);
        if (!existsSync(file)) return { state: 'absent' };
        return readFileSync(file, 'utf8') === renderUnit(this.unitSpec(op))
          ? { state: 'present' }
          : { state: 'different', detail: `${file} differs from what would be written` };
      }
      default:
        throw this.notHere(op);
    }
  }

  private setSync(op: Operation): void {
    switch (op.kind) {
      case 'fileAcl.ownerOnly': {
        const st = statSync(op.path);
        chownSync(op.path, uidOf(op.account), st.gid);
        chmodSync(op.path, st.isDirectory() ? 0o700 : 0o600);
        return;
      }
      case 'servicesFile.entry': {
        const text = this.readServices();
        assertPortFree(text, op, this.servicesFile);
        this.writeServices(withServicesEntry(text, op));
        return;
      }
      case 'service.mirroring':
      case 'service.arbiter':
        this.systemd.install(this.unitSpec(op));
        return;
      default:
        throw this.notHere(op);
    }
  }

  private undoSync(op: Operation): void {
    switch (op.kind) {
      case 'fileAcl.ownerOnly':
        return;
      case 'servicesFile.entry':
        this.writeServices(withoutServicesEntry(this.readServices(), op.service));
        return;
      case 'service.mirroring':
        this.systemd.uninstall(op.name);
        return;
      case 'service.arbiter':
        this.systemd.uninstall(op.name, { stop: true });
        return;
      default:
        throw this.notHere(op);
    }
  }

  private unitSpec(op: Extract<Operation, { kind: 'service.mirroring' | 'service.arbiter' }>): ServiceSpec {
    return {
      role: op.kind === 'service.arbiter' ? 'arbiter' : 'controller',
      name: op.name,
      description: op.description,
      user: op.account,
      execStart: op.command,
      execStop: op.stopCommand,
      startType: op.start,
    };
  }

  private readServices(): string {
    try {
      return readFileSync(this.servicesFile, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw new PgClusterError(
        'SERVICES_FILE_UNREADABLE',
        `cannot read ${this.servicesFile}: ${(e as Error).message}`,
      );
    }
  }

  private writeServices(text: string): void {
    try {
      if (!existsSync(this.servicesFile)) return writeFileSync(this.servicesFile, text, { mode: 0o644 });
      writeFileAtomic(this.servicesFile, Buffer.from(text, 'utf8'));
    } catch (e) {
      throw new PgClusterError(
        'SERVICES_FILE_UNWRITABLE',
        `cannot write ${this.servicesFile}: ${(e as Error).message}`,
        {
          hint: 'reserving ports in the services file needs root: run it with sudo',
        },
      );
    }
  }

  private notHere(op: Operation): PgClusterError {
    return new PgClusterError(
      'NOT_APPLICABLE',
      `${op.kind} is a Windows operation; this POSIX host cannot perform it`,
      {
        hint: 'plan for this platform (omit --target windows), or run the plan on Windows with the PgCluster module',
      },
    );
  }
}

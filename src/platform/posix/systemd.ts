/**
 * The Mirroring Controller as a systemd service on Linux (what `mc_ctl register` makes; the
 * Windows service comes from the PowerShell module). Rendering the unit is pure; installing is
 * idempotent: the same unit again changes nothing, a different one is replaced.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PgClusterError } from '../../errors.js';

export interface ServiceSpec {
  name: string;
  description: string;
  user: string;
  execStart: string[];
  execStop: string[];
  startType: 'auto' | 'demand';
  /** Default controller. The arbiter holds no instance, so systemd may kill it all and restart it. */
  role?: 'controller' | 'arbiter';
}

/** systemd's command-line quoting: double quotes when needed, and % and $ doubled. */
export function quoteSystemdArg(arg: string): string {
  const escaped = arg.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  return /[\s"'\\]/.test(escaped) ? `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : escaped;
}

export function unitName(service: string): string {
  if (!/^[A-Za-z0-9:_.\\-]+$/.test(service)) {
    throw new PgClusterError('SERVICE_NAME_INVALID', `"${service}" cannot be a systemd unit name`, {
      where: 'mc_service_name',
      hint: 'use letters, digits, "_", "-", "." and ":" only',
    });
  }
  return `${service}.service`;
}

export function renderUnit(spec: ServiceSpec): string {
  const arbiter = spec.role === 'arbiter';
  const tool = arbiter ? 'mc_arbiter' : 'mc_ctl';
  return [
    `# Written by ${tool} register (PgCluster); remove with ${tool} unregister.`,
    // Recorded so that a change of start type is a change of the unit (and enable/disable runs).
    `# Start type: ${spec.startType} (${spec.startType === 'auto' ? 'enabled' : 'not enabled'} at boot)`,
    '[Unit]',
    `Description=${spec.description}`,
    'After=network-online.target',
    'Wants=network-online.target',
    '',
    '[Service]',
    'Type=simple',
    `User=${spec.user}`,
    `ExecStart=${spec.execStart.map(quoteSystemdArg).join(' ')}`,
    `ExecStop=${spec.execStop.map(quoteSystemdArg).join(' ')}`,
    ...(arbiter
      ? // A witness that is down cannot grant anything: bring it back; its record is on disk.
        ['TimeoutStopSec=60', 'Restart=on-failure', 'RestartSec=10']
      : // The instance outlives a controller-only stop (mc_ctl stop --mc-only): kill just the controller.
        ['KillMode=process', 'TimeoutStopSec=600', 'Restart=no']),
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

export class SystemdServices {
  constructor(readonly unitDir = process.env.PGCLUSTER_SYSTEMD_UNIT_DIR ?? '/etc/systemd/system') {}

  /** True where systemd manages the machine (not in containers or sandboxes without it). */
  running(): boolean {
    return existsSync('/run/systemd/system');
  }

  private systemctl(args: string[]): void {
    if (!this.running()) return;
    try {
      execFileSync('systemctl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      const err = e as { stderr?: Buffer };
      throw new PgClusterError(
        'SYSTEMCTL_FAILED',
        `systemctl ${args.join(' ')} failed: ${err.stderr?.toString().trim() ?? String(e)}`,
      );
    }
  }

  unitFile(name: string): string {
    return path.join(this.unitDir, unitName(name));
  }

  install(spec: ServiceSpec): { file: string; changed: boolean; notes: string[] } {
    const file = this.unitFile(spec.name);
    const text = renderUnit(spec);
    const notes: string[] = [];
    const same = existsSync(file) && readFileSync(file, 'utf8') === text;
    if (!same) {
      const tmp = `${file}.tmp-${process.pid}`;
      try {
        writeFileSync(tmp, text, { mode: 0o644 });
        renameSync(tmp, file);
      } catch (e) {
        rmSync(tmp, { force: true });
        throw new PgClusterError('SERVICE_INSTALL_FAILED', `cannot write ${file}: ${(e as Error).message}`, {
          hint: 'registering a service needs root: run mc_ctl register with sudo',
        });
      }
      this.systemctl(['daemon-reload']);
    }
    this.systemctl([spec.startType === 'auto' ? 'enable' : 'disable', unitName(spec.name)]);
    if (!this.running())
      notes.push(
        'systemd is not running on this machine: the unit was written and is used once systemd manages it',
      );
    return { file, changed: !same, notes };
  }

  /** True when systemd runs the unit now (false where systemd does not run). */
  active(name: string): boolean {
    if (!this.running()) return false;
    try {
      execFileSync('systemctl', ['is-active', '--quiet', unitName(name)], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  }

  /** Removes the unit; with stop, stops it first (the arbiter's), else a running one stays running. */
  uninstall(name: string, opts: { stop?: boolean } = {}): { file: string; removed: boolean } {
    const file = this.unitFile(name);
    if (!existsSync(file)) return { file, removed: false };
    if (opts.stop && this.active(name)) this.systemctl(['stop', unitName(name)]);
    this.systemctl(['disable', unitName(name)]);
    try {
      rmSync(file);
    } catch (e) {
      throw new PgClusterError('SERVICE_REMOVE_FAILED', `cannot remove ${file}: ${(e as Error).message}`, {
        hint: 'removing a service needs root: run mc_ctl unregister with sudo',
      });
    }
    this.systemctl(['daemon-reload']);
    return { file, removed: true };
  }
}

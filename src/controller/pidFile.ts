/**
 * Exclusive files that a crash cannot leave stuck: each holds the owner's PID, and a file whose
 * PID is no longer alive is taken over. Used for "one controller per server" and for
 * "one state-changing mc_ctl at a time".
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { PgClusterError } from '../errors.js';
import { processAlive } from '../platform/process.js';

export interface LockInfo {
  pid: number;
  what: string;
  since: string;
}

const alive = processAlive;

export function readLock(file: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
    return Number.isInteger(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the lock or returns the live holder. A dead holder's file is removed and retaken. */
export function tryLock(file: string, what: string): LockInfo | undefined {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, what, since: new Date().toISOString() }));
      closeSync(fd);
      return undefined;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readLock(file);
      if (holder && holder.pid !== process.pid && alive(holder.pid)) return holder;
      try {
        unlinkSync(file); // stale: its owner died without cleaning up
      } catch {
        /* someone else removed it first */
      }
    }
  }
  return readLock(file);
}

export function unlock(file: string): void {
  const holder = readLock(file);
  if (holder && holder.pid !== process.pid) return;
  try {
    unlinkSync(file);
  } catch {
    /* already gone */
  }
}

export function controllerPidFile(mcDir: string, serverId: string): string {
  return path.join(mcDir, `.mc_${serverId}.pid`);
}

export function takePidFile(mcDir: string, serverId: string): void {
  const holder = tryLock(controllerPidFile(mcDir, serverId), 'controller');
  if (holder) {
    throw new PgClusterError(
      'CONTROLLER_RUNNING',
      `the Mirroring Controller of server ${serverId} is already running (pid ${holder.pid})`,
      {
        where: mcDir,
        hint: 'use mc_ctl status to see it, or mc_ctl stop to stop it first',
      },
    );
  }
}

export function releasePidFile(mcDir: string, serverId: string): void {
  unlock(controllerPidFile(mcDir, serverId));
}

/** PID of the running controller of a server, if any. */
export function runningControllerPid(mcDir: string, serverId: string): number | undefined {
  const holder = readLock(controllerPidFile(mcDir, serverId));
  return holder && alive(holder.pid) ? holder.pid : undefined;
}

/**
 * What a controller must remember across restarts and crashes, one JSON file per server in the
 * management directory (`<serverId>.state`), replaced atomically so a crash leaves the old or the
 * new state, never half of one. Status answers from it when the controller is down, and it is how
 * an inactivated primary stays inactivated (safety rule 2).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PgClusterError } from '../errors.js';
import { writeOwnerOnlyFile } from '../config/permissions.js';
import {
  mirroringTransition,
  roleTransition,
  type Mirroring,
  type MirroringTrigger,
  type Role,
  type RoleTrigger,
} from './fsm.js';

export interface LastError {
  at: string;
  server: string;
  resource: string;
  detail: string;
  action: 'switch' | 'disconnect' | 'none';
}

export interface HistoryEntry {
  at: string;
  kind: 'role' | 'mirroring';
  from: string;
  to: string;
  reason: string;
}

export interface ServerState {
  version: 1;
  serverId: string;
  role: Role;
  /** The pair's status as this server last knew it (authoritative on the primary). */
  mirroring: Mirroring;
  failoverEnabled: boolean;
  /** synchronous_standby_names value taken away by a disconnection or switch, to put back later. */
  savedSyncStandbyNames?: string;
  /** Promoted while the arbiter could not record it: asked again until it does. */
  arbiterUnrecorded?: boolean;
  lastError?: LastError;
  history: HistoryEntry[];
  updatedAt: string;
}

const HISTORY_LIMIT = 50;

export function stateFile(mcDir: string, serverId: string): string {
  return path.join(mcDir, `${serverId}.state`);
}

export function initialState(serverId: string): ServerState {
  return {
    version: 1,
    serverId,
    role: 'unset',
    mirroring: 'not-switchable',
    failoverEnabled: false,
    history: [],
    updatedAt: new Date(0).toISOString(),
  };
}

export function loadState(mcDir: string, serverId: string): ServerState {
  const file = stateFile(mcDir, serverId);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return initialState(serverId);
    throw new PgClusterError(
      'STATE_UNREADABLE',
      `cannot read the controller state: ${(e as Error).message}`,
      { where: file },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new PgClusterError('STATE_CORRUPT', 'the controller state file is not valid JSON', {
      where: file,
      hint: 'restore the management directory from its backup, or rebuild this server with mc_ctl setup',
    });
  }
  const s = parsed as Partial<ServerState>;
  if (s.version !== 1 || s.serverId !== serverId || typeof s.role !== 'string') {
    throw new PgClusterError(
      'STATE_CORRUPT',
      `the controller state file does not belong to server ${serverId} or has an unknown version`,
      {
        where: file,
        hint: 'restore the management directory from its backup',
      },
    );
  }
  return { ...initialState(serverId), ...s };
}

export function saveState(mcDir: string, state: ServerState): void {
  state.updatedAt = new Date().toISOString();
  writeOwnerOnlyFile(stateFile(mcDir, state.serverId), `${JSON.stringify(state, null, 2)}\n`);
}

/** Applies a role change allowed by the FSM table; returns the reason for the log. */
export function changeRole(
  state: ServerState,
  trigger: RoleTrigger,
  to?: Role,
): { from: Role; to: Role; reason: string } {
  const row = roleTransition(state.role, trigger, to);
  const from = state.role;
  state.role = row.to;
  pushHistory(state, { kind: 'role', from, to: row.to, reason: row.reason });
  return { from, to: row.to, reason: row.reason };
}

/** Applies a mirroring change if the table has one for this trigger; undefined when nothing changes. */
export function changeMirroring(
  state: ServerState,
  trigger: MirroringTrigger,
): { from: Mirroring; to: Mirroring; reason: string } | undefined {
  const row = mirroringTransition(state.mirroring, trigger);
  if (!row) return undefined;
  const from = state.mirroring;
  state.mirroring = row.to;
  // Whole again: the error that broke the pair is history (and in the log), not a current problem.
  if (row.to === 'switchable') delete state.lastError;
  pushHistory(state, { kind: 'mirroring', from, to: row.to, reason: row.reason });
  return { from, to: row.to, reason: row.reason };
}

function pushHistory(state: ServerState, e: Omit<HistoryEntry, 'at'>): void {
  state.history.push({ at: new Date().toISOString(), ...e });
  if (state.history.length > HISTORY_LIMIT) state.history.splice(0, state.history.length - HISTORY_LIMIT);
}

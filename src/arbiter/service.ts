/**
 * The arbiter's request handler: checks each request from the admin network, applies the pure
 * rules, persists a changed record before answering, and logs what it granted or refused.
 * Requests are handled one at a time to completion (the handler never awaits), so two requests can
 * never both be granted on the same record.
 */
import { PgClusterError } from '../errors.js';
import type { McLogger } from '../log/logger.js';
import {
  decideDetach,
  decidePromotion,
  noteDisconnect,
  noteHeartbeat,
  sinceSeen,
  type ArbiterHeartbeat,
  type ArbiterRecord,
  type ArbiterRole,
  type Clock,
  type Grant,
  type PromotionKind,
  type Sightings,
} from './rules.js';

export const ARBITER_OPS = ['arb_heartbeat', 'arb_promote', 'arb_detach', 'arb_status'] as const;

export interface ArbiterStatus {
  arbiterId: string;
  upMs: number;
  record: ArbiterRecord;
  servers: {
    serverId: string;
    seenAgoMs?: number;
    role?: ArbiterRole;
    healthy?: boolean;
    connected?: boolean;
  }[];
  /** Set while the arbiter's port is flooded (see controller/admission.ts). */
  flood?: string;
}

export interface GrantAnswer {
  granted: boolean;
  epoch: number;
  reason?: string;
}

export interface ArbiterServiceOptions {
  arbiterId: string;
  /** The two database servers of network.conf. */
  servers: string[];
  record: ArbiterRecord;
  /** Persists the record; must throw when it could not (nothing is granted then). */
  save: (record: ArbiterRecord) => void;
  logger: McLogger;
  /** A monotonic clock in ms (default: performance.now), so a wall-clock step is no silence. */
  now?: () => number;
}

const ROLES: readonly ArbiterRole[] = ['primary', 'standby', 'other'];
const KINDS: readonly PromotionKind[] = [
  'planned',
  'forced',
  'forced_unreachable',
  'peer_reported',
  'peer_unreachable',
];

export class ArbiterService {
  private record: ArbiterRecord;
  private sightings: Sightings = {};
  private readonly startedAt: number;
  private readonly now: () => number;
  /** Conflicts already logged, per server, so a lasting one is reported once. */
  private conflicts = new Map<string, string>();
  /** The last refusal logged per server and request, so a lasting one is reported once. */
  private refusals = new Map<string, string>();
  /** Open connections per server: a server is "closed" only when its last one closes. */
  private connections = new Map<string, number>();

  constructor(private readonly opts: ArbiterServiceOptions) {
    this.record = opts.record;
    this.now = opts.now ?? (() => performance.now());
    this.startedAt = this.now();
  }

  get current(): ArbiterRecord {
    return this.record;
  }

  private clock(): Clock {
    return { now: this.now(), startedAt: this.startedAt };
  }

  /**
   * The admin-network handler. `peerId` is the authenticated identity of the caller. Everything
   * happens synchronously, so no other request interleaves; a throw becomes a rejection.
   */
  handle = (peerId: string, op: string, args: unknown): Promise<unknown> => {
    try {
      return Promise.resolve(this.decide(peerId, op, args));
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  };

  private decide(peerId: string, op: string, args: unknown): unknown {
    if (op === 'arb_status') return this.status();
    if (!this.opts.servers.includes(peerId)) {
      throw new PgClusterError(
        'ARBITER_REQUEST_INVALID',
        `only the database servers may ask "${op}", not "${peerId}"`,
      );
    }
    const a = objectArgs(op, args);
    switch (op) {
      case 'arb_heartbeat':
        return this.heartbeat(peerId, a);
      case 'arb_promote':
        return this.promote(peerId, a);
      case 'arb_detach':
        return this.detach(peerId, a);
      default:
        throw new PgClusterError('ARBITER_REQUEST_INVALID', `unknown arbiter request "${op}"`, {
          hint: `the arbiter answers ${ARBITER_OPS.join(', ')}; are both sides the same PgCluster version?`,
        });
    }
  }

  private heartbeat(from: string, a: Record<string, unknown>) {
    const role = oneOf(a, 'role', ROLES, 'arb_heartbeat');
    const hb: ArbiterHeartbeat = { serverId: from, role, healthy: bool(a, 'healthy', 'arb_heartbeat') };
    const sync = optionalServer(a, 'syncStandby', this.opts.servers, 'arb_heartbeat');
    if (sync === from)
      throw new PgClusterError(
        'ARBITER_REQUEST_INVALID',
        'arb_heartbeat: a server cannot be its own synchronous standby',
      );
    if (sync !== undefined) hb.syncStandby = sync;
    if (a.detached === true) hb.detached = true;
    if (a.silenceMs !== undefined) hb.silenceMs = milliseconds(a, 'silenceMs', 'arb_heartbeat');
    const r = noteHeartbeat(this.record, this.sightings, hb, this.clock());
    this.commit(r.record);
    this.sightings = r.sightings;
    if (r.answer.conflictWith) {
      if (this.conflicts.get(from) !== r.answer.conflictWith) {
        this.conflicts.set(from, r.answer.conflictWith);
        this.opts.logger.emit('MCA00607', { server: from, other: r.answer.conflictWith });
      }
    } else this.conflicts.delete(from);
    return r.answer;
  }

  private promote(from: string, a: Record<string, unknown>): GrantAnswer {
    const primary = optionalServer(a, 'primary', this.opts.servers, 'arb_promote');
    if (primary === undefined || primary === from) {
      throw new PgClusterError(
        'ARBITER_REQUEST_INVALID',
        'arb_promote: "primary" must name the other database server',
      );
    }
    const kind = oneOf(a, 'kind', KINDS, 'arb_promote');
    const silenceMs = milliseconds(a, 'silenceMs', 'arb_promote');
    const g = decidePromotion(this.record, this.sightings, { from, primary, kind, silenceMs }, this.clock());
    // A planned switch asks first without committing, so a refusal comes before the fence.
    if (a.dryRun === true)
      return g.granted
        ? { granted: true, epoch: g.epoch }
        : { granted: false, epoch: g.epoch, reason: g.reason };
    if (g.granted) this.opts.logger.emit('MCA00603', { server: from, primary, kind, epoch: g.epoch });
    else if (this.firstRefusal(from, 'promote', g.reason))
      this.opts.logger.emit('MCA00604', { server: from, reason: g.reason });
    return this.answer(g, from, 'promote');
  }

  private detach(from: string, a: Record<string, unknown>): GrantAnswer {
    const standby = optionalServer(a, 'standby', this.opts.servers, 'arb_detach');
    if (standby === undefined || standby === from) {
      throw new PgClusterError(
        'ARBITER_REQUEST_INVALID',
        'arb_detach: "standby" must name the other database server',
      );
    }
    const g = decideDetach(this.record, this.sightings, { from, standby });
    if (g.granted) this.opts.logger.emit('MCA00605', { server: from, standby, epoch: g.epoch });
    else if (this.firstRefusal(from, 'detach', g.reason))
      this.opts.logger.emit('MCA00606', { server: from, standby, reason: g.reason });
    return this.answer(g, from, 'detach');
  }

  /** True the first time a refusal of this kind is given (numbers aside, which change every time). */
  private firstRefusal(from: string, op: string, reason: string): boolean {
    const key = `${from}/${op}`;
    const shape = reason.replace(/\d+/g, '#');
    if (this.refusals.get(key) === shape) return false;
    this.refusals.set(key, shape);
    return true;
  }

  private answer(g: Grant, from: string, op: string): GrantAnswer {
    if (!g.granted) return { granted: false, epoch: g.epoch, reason: g.reason };
    this.commit(g.record);
    this.refusals.delete(`${from}/${op}`);
    return { granted: true, epoch: g.epoch };
  }

  /** Persists first: if the disk refuses, the request fails and nothing was granted. */
  private commit(next: ArbiterRecord): void {
    if (next === this.record) return;
    this.opts.save(next);
    this.record = next;
  }

  /** The admin network's hooks: a server connected, or one of its connections closed. */
  connected = (peerId: string): void => {
    this.connections.set(peerId, (this.connections.get(peerId) ?? 0) + 1);
  };

  disconnected = (peerId: string): void => {
    const open = Math.max(0, (this.connections.get(peerId) ?? 1) - 1);
    this.connections.set(peerId, open);
    // A client that reconnected after a slow answer still has a connection: not gone.
    if (open === 0) this.sightings = noteDisconnect(this.sightings, peerId);
  };

  status(): ArbiterStatus {
    const clock = this.clock();
    return {
      arbiterId: this.opts.arbiterId,
      upMs: Math.round(clock.now - this.startedAt),
      record: this.record,
      servers: this.opts.servers.map((serverId) => {
        const s = this.sightings[serverId];
        return s
          ? {
              serverId,
              seenAgoMs: Math.round(sinceSeen(this.sightings, serverId, clock)),
              role: s.role,
              healthy: s.healthy,
              connected: s.closed !== true,
            }
          : { serverId };
      }),
    };
  }
}

function objectArgs(op: string, args: unknown): Record<string, unknown> {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    throw new PgClusterError('ARBITER_REQUEST_INVALID', `${op}: the arguments must be an object`);
  }
  return args as Record<string, unknown>;
}

function oneOf<T extends string>(
  a: Record<string, unknown>,
  name: string,
  allowed: readonly T[],
  op: string,
): T {
  const v = a[name];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new PgClusterError(
      'ARBITER_REQUEST_INVALID',
      `${op}: "${name}" must be one of ${allowed.join(', ')}`,
    );
  }
  return v as T;
}

function bool(a: Record<string, unknown>, name: string, op: string): boolean {
  const v = a[name];
  if (typeof v !== 'boolean')
    throw new PgClusterError('ARBITER_REQUEST_INVALID', `${op}: "${name}" must be true or false`);
  return v;
}

function optionalServer(
  a: Record<string, unknown>,
  name: string,
  servers: string[],
  op: string,
): string | undefined {
  const v = a[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !servers.includes(v)) {
    throw new PgClusterError(
      'ARBITER_REQUEST_INVALID',
      `${op}: "${name}" must be one of the servers ${servers.join(', ')}`,
    );
  }
  return v;
}

function milliseconds(a: Record<string, unknown>, name: string, op: string): number {
  const v = a[name];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 3_600_000) {
    throw new PgClusterError(
      'ARBITER_REQUEST_INVALID',
      `${op}: "${name}" must be a number of milliseconds from 0 to 3600000`,
    );
  }
  return v;
}

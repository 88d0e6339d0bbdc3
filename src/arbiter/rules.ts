/**
 * The arbiter's decisions, as pure functions of its record, what it has seen and the time.
 *
 * The arbiter is the one place where the two automatic decisions that can contradict each other
 * are taken in turn: the standby's "I promote" and the primary's "I stop waiting for the standby".
 * Whichever is granted first makes the other impossible:
 *  - a promotion deposes the old primary, so its later request to detach the standby is refused
 *    (and its commits keep waiting for a standby that will never confirm them);
 *  - a detachment takes the standby off the record, so its later promotion is refused (it may
 *    lack commits the primary acknowledged alone).
 * Granted decisions are persisted before they are answered (store.ts), so a restarted arbiter
 * does not forget them. Sightings (who was seen when) are kept in memory only; after a restart
 * the arbiter counts from its own start, so it never treats "not seen yet" as "gone".
 */

/** A controller's role as the arbiter needs it. */
export type ArbiterRole = 'primary' | 'standby' | 'other';

export interface ArbiterRecord {
  /** Bumped by every granted decision that changes the record; answers carry it, for the logs. */
  epoch: number;
  /** The server the arbiter knows as the primary (from its heartbeats or a promotion it granted). */
  primary?: string;
  /** The standby the primary last reported streaming in sync: the only server a promotion may go to. */
  syncStandby?: string;
  /** Primaries replaced by a promotion this arbiter granted; they must stay fenced until rebuilt. */
  deposed: string[];
}

export const EMPTY_RECORD: ArbiterRecord = { epoch: 0, deposed: [] };

/** What a controller sends to the arbiter every interval. */
export interface ArbiterHeartbeat {
  serverId: string;
  role: ArbiterRole;
  /** Its instance runs and answers, and its disk probe passes. */
  healthy: boolean;
  /** Primary only: the standby it waits for that streams in sync right now. */
  syncStandby?: string;
  /** Primary only: it waits for no standby at all (synchronous_standby_names is empty). */
  detached?: boolean;
  /** The longest this controller goes between two heartbeats (from its own settings). */
  silenceMs?: number;
}

export interface Sighting {
  at: number;
  role: ArbiterRole;
  healthy: boolean;
  /** Its own silence limit: a standby with shorter settings must not count it gone sooner. */
  silenceMs?: number;
  /**
   * Its connection to the arbiter closed since that heartbeat: its controller process ended (or
   * its host was reset). A controller that is gone cannot free its primary's commits, so its
   * standby need not wait out the silence.
   */
  closed?: boolean;
}

export type Sightings = Readonly<Record<string, Sighting>>;

export interface HeartbeatAnswer {
  epoch: number;
  /** This server was replaced as primary: it must fence itself and be rebuilt. */
  deposed: boolean;
  /** The server the arbiter knows as the primary, if any. */
  primary?: string;
  /** This server says it is a primary, but the arbiter knows another one (logged loudly). */
  conflictWith?: string;
  /**
   * Another server, not deposed, whose latest heartbeat said it is a primary: a primary told this
   * must not resume or stop waiting for its standby until it is sorted out.
   */
  otherPrimary?: string;
  /** How long ago the arbiter last heard from each other server, for mc_ctl status --arbiter. */
  seenAgoMs: Record<string, number>;
}

export interface Clock {
  now: number;
  /** When this arbiter process started: nobody counts as unseen for longer than it has run. */
  startedAt: number;
}

/** Milliseconds since the arbiter last heard from `id` (or since it started, if never). */
export function sinceSeen(sightings: Sightings, id: string, clock: Clock): number {
  return clock.now - Math.max(sightings[id]?.at ?? clock.startedAt, clock.startedAt);
}

/**
 * Records a heartbeat. A primary's heartbeat keeps the record's synchronous standby current (set
 * when one streams in sync, cleared only when it waits for none: a broken stream alone does not
 * free the primary's commits, so the standby still holds all of them). A deposed server seen as a
 * standby has been rebuilt and is deposed no more.
 */
export function noteHeartbeat(
  record: ArbiterRecord,
  sightings: Sightings,
  hb: ArbiterHeartbeat,
  clock: Clock,
): { record: ArbiterRecord; sightings: Sightings; answer: HeartbeatAnswer } {
  const sighting: Sighting = { at: clock.now, role: hb.role, healthy: hb.healthy };
  if (hb.silenceMs !== undefined) sighting.silenceMs = hb.silenceMs;
  const nextSightings = { ...sightings, [hb.serverId]: sighting };
  const seenAgoMs: Record<string, number> = {};
  for (const id of Object.keys(sightings))
    if (id !== hb.serverId) seenAgoMs[id] = sinceSeen(sightings, id, clock);
  const deposed = record.deposed.includes(hb.serverId);
  let next = record;
  let conflictWith: string | undefined;
  if (hb.role === 'standby' && deposed) {
    next = { ...record, deposed: record.deposed.filter((d) => d !== hb.serverId) };
  } else if (hb.role === 'primary' && !deposed) {
    // The recorded primary stepped down without the arbiter (a forced switch while the arbiter
    // was away): its own latest heartbeat says it is no primary any more.
    const recorded = record.primary;
    const recordedSteppedDown =
      recorded !== undefined && sightings[recorded] !== undefined && sightings[recorded].role !== 'primary';
    if (recorded === undefined || recorded === hb.serverId || recordedSteppedDown) {
      next = followPrimary(record, hb);
    } else {
      conflictWith = recorded;
    }
  }
  const otherPrimary = livePrimaryOtherThan(next, sightings, hb.serverId);
  const answer: HeartbeatAnswer = {
    epoch: next.epoch,
    deposed: deposed && hb.role === 'primary',
    seenAgoMs,
    ...(next.primary ? { primary: next.primary } : {}),
    ...(conflictWith ? { conflictWith } : {}),
    ...(otherPrimary ? { otherPrimary } : {}),
  };
  return { record: next, sightings: nextSightings, answer };
}

/** A server other than `self`, not deposed, connected, whose latest heartbeat said primary. */
function livePrimaryOtherThan(record: ArbiterRecord, sightings: Sightings, self: string): string | undefined {
  return Object.entries(sightings).find(
    ([id, s]) => id !== self && s.role === 'primary' && s.closed !== true && !record.deposed.includes(id),
  )?.[0];
}

/** The record as the primary's heartbeat describes it; the same object when nothing changes. */
function followPrimary(record: ArbiterRecord, hb: ArbiterHeartbeat): ArbiterRecord {
  let syncStandby = record.syncStandby;
  if (hb.syncStandby) syncStandby = hb.syncStandby;
  else if (hb.detached) syncStandby = undefined;
  if (record.primary === hb.serverId && record.syncStandby === syncStandby) return record;
  return withSyncStandby({ ...record, primary: hb.serverId }, syncStandby);
}

function withSyncStandby(record: ArbiterRecord, syncStandby: string | undefined): ArbiterRecord {
  const rest: ArbiterRecord = { epoch: record.epoch, deposed: record.deposed };
  if (record.primary !== undefined) rest.primary = record.primary;
  if (syncStandby !== undefined) rest.syncStandby = syncStandby;
  return rest;
}

/** The connection of `id` closed; the next heartbeat clears it. */
export function noteDisconnect(sightings: Sightings, id: string): Sightings {
  const seen = sightings[id];
  return seen ? { ...sightings, [id]: { ...seen, closed: true } } : sightings;
}

/**
 * Why a standby asks to be promoted:
 *  - planned: mc_ctl switch; the old primary was fenced through its controller already;
 *  - forced: mc_ctl switch --force with the old primary fenced through its controller (or a
 *    promotion made while the arbiter was away, recorded afterwards); the operator takes
 *    responsibility for lost commits, nothing is checked;
 *  - forced_unreachable: mc_ctl switch --force while the primary's controller does not answer:
 *    the operator accepts losing commits, but not two primaries, so the primary must be gone for
 *    the arbiter too, as for peer_unreachable;
 *  - peer_reported: the primary's controller itself reported its instance or disk failed (so the
 *    two can talk: no partition), and it will be fenced through it;
 *  - peer_unreachable: the primary's controller stopped answering and no WAL streams: only here
 *    must the arbiter confirm that it lost the primary too.
 */
export type PromotionKind =
  'planned' | 'forced' | 'forced_unreachable' | 'peer_reported' | 'peer_unreachable';

export interface PromotionRequest {
  /** The standby asking to become the primary. */
  from: string;
  /** The primary it replaces. */
  primary: string;
  kind: PromotionKind;
  /** The longest a live controller goes between two heartbeats to the arbiter. */
  silenceMs: number;
}

export interface DetachRequest {
  /** The primary asking to stop waiting for its standby. */
  from: string;
  standby: string;
}

export type Grant =
  { granted: true; epoch: number; record: ArbiterRecord } | { granted: false; reason: string; epoch: number };

/**
 * A standby may become the primary when it is the synchronous standby on record and, when it
 * lost the primary, the primary is gone for the arbiter too: not heard from for longer than a
 * live controller stays silent, its controller's connection closed, or saying its own instance or
 * disk failed. Asking again after a
 * grant (the answer was lost) is granted again, unchanged.
 */
export function decidePromotion(
  record: ArbiterRecord,
  sightings: Sightings,
  req: PromotionRequest,
  clock: Clock,
): Grant {
  const refuse = (reason: string): Grant => ({ granted: false, reason, epoch: record.epoch });
  if (record.primary === req.from && record.deposed.includes(req.primary))
    return { granted: true, epoch: record.epoch, record };
  const forced = req.kind === 'forced' || req.kind === 'forced_unreachable';
  if (!forced) {
    if (record.deposed.includes(req.from))
      return refuse(`${req.from} was deposed as primary and must be rebuilt before it can take over`);
    if (record.primary !== undefined && record.primary !== req.primary)
      return refuse(`the arbiter knows ${record.primary} as the primary, not ${req.primary}`);
    if (record.syncStandby !== req.from) {
      return refuse(
        record.syncStandby === undefined
          ? `${req.primary} last reported that it waits for no standby (it was detached), so ${req.from} may lack acknowledged commits`
          : `${req.primary} last reported ${record.syncStandby} as its synchronous standby, not ${req.from}`,
      );
    }
  }
  if (req.kind === 'peer_unreachable' || req.kind === 'forced_unreachable') {
    const silent = sinceSeen(sightings, req.primary, clock);
    const seen = sightings[req.primary];
    const reportsFailure =
      seen !== undefined && seen.at >= clock.startedAt && (!seen.healthy || seen.closed === true);
    const limit = Math.max(req.silenceMs, seen?.silenceMs ?? 0);
    if (silent <= limit && !reportsFailure)
      return refuse(`the arbiter heard from ${req.primary} ${silent} ms ago and it reports itself healthy`);
  }
  const next: ArbiterRecord = {
    epoch: record.epoch + 1,
    primary: req.from,
    deposed: [...record.deposed.filter((d) => d !== req.primary && d !== req.from), req.primary],
  };
  return { granted: true, epoch: next.epoch, record: next };
}

/**
 * A primary may stop waiting for its standby unless it was deposed (the standby was promoted
 * first). Granting takes the standby off the record, so it cannot be promoted until the primary
 * reports it in sync again.
 */
export function decideDetach(record: ArbiterRecord, sightings: Sightings, req: DetachRequest): Grant {
  const refuse = (reason: string): Grant => ({ granted: false, reason, epoch: record.epoch });
  if (record.deposed.includes(req.from))
    return refuse(`${req.from} was deposed: ${record.primary ?? 'another server'} was promoted`);
  if (record.primary !== undefined && record.primary !== req.from)
    return refuse(`the arbiter knows ${record.primary} as the primary, not ${req.from}`);
  // Its standby says it is a primary itself (promoted while the arbiter could not record it):
  // detaching would let both acknowledge commits.
  const other = livePrimaryOtherThan(record, sightings, req.from);
  if (other !== undefined)
    return refuse(`${other} also says it is a primary; the two must be sorted out first`);
  if (record.primary === req.from && record.syncStandby === undefined)
    return { granted: true, epoch: record.epoch, record }; // already detached: the answer was lost
  const next = withSyncStandby({ ...record, epoch: record.epoch + 1, primary: req.from }, undefined);
  return { granted: true, epoch: next.epoch, record: next };
}

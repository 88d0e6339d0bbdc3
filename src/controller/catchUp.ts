/**
 * Can the standby still catch up by streaming? Pure: the standby's position and walreceiver, the
 * primary's oldest WAL file and its replication slots in, a verdict out. A standby that needs WAL
 * the primary has already removed (and has no archive to restore it from) retries for ever while
 * every probe stays normal, so this is the only place that can say it must be set up again.
 */

/** What a primary reads about its WAL when its standby is not streaming (DatabaseProbe.walRetention). */
export interface WalRetention {
  /** The oldest WAL file still in pg_wal (24 hex digits), when there is one. */
  oldestFile?: string;
  segmentBytes: number;
  /** wal_keep_size as the server shows it ('0', '512MB'), for the message. */
  walKeepSize: string;
  slots: SlotRow[];
}

export interface SlotRow {
  name: string;
  active: boolean;
  /** pg_replication_slots.wal_status: reserved, extended, unreserved or lost. */
  walStatus: string | null;
  /** Bytes of WAL the slot holds back (current LSN − restart_lsn); null when it holds none. */
  retainedBytes: number | null;
}

export interface StandbyPosition {
  /** pg_stat_wal_receiver.status, or undefined when no walreceiver runs. */
  walReceiver?: string;
  /** pg_last_wal_replay_lsn(): where its replay stands, so what it must be sent next. */
  replayLsn?: string;
  /** A restore_command is set: the archive may still hold what the primary removed. */
  restoreCommand?: boolean;
  /** Its application_name towards the primary (its slot's name derives from it). */
  standbyName?: string;
}

export interface CannotCatchUp {
  /** The WAL file the standby needs next. */
  needed: string;
  /** The oldest the primary still has, or undefined when its slot was lost. */
  oldest?: string;
  /** The standby's slot, when it had one and PostgreSQL invalidated it. */
  lostSlot?: string;
  walKeepSize: string;
}

/** Prefix of the slots setup creates: the controller drops only these. */
export const SLOT_PREFIX = 'pgcluster_';

/** A physical slot name PostgreSQL accepts (lower-case letters, digits, underscore; at most 63). */
export function slotNameFor(standbyName: string): string {
  return `${SLOT_PREFIX}${standbyName.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 63);
}

/** 'X/Y' → bytes. */
export function lsnBytes(lsn: string): bigint {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(lsn);
  if (!m) throw new Error(`not an LSN: ${lsn}`);
  return (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`);
}

/** Segment number of a WAL file name (the timeline, its first 8 digits, does not count). */
export function segmentOfFile(name: string, segmentBytes: number): bigint {
  const perLog = 0x100000000n / BigInt(segmentBytes);
  return BigInt(`0x${name.slice(8, 16)}`) * perLog + BigInt(`0x${name.slice(16, 24)}`);
}

/** The WAL file name holding a byte position, on a given timeline. */
export function fileOfSegment(timeline: string, segment: bigint, segmentBytes: number): string {
  const perLog = 0x100000000n / BigInt(segmentBytes);
  const hex = (n: bigint) => n.toString(16).toUpperCase().padStart(8, '0');
  return `${timeline}${hex(segment / perLog)}${hex(segment % perLog)}`;
}

export function catchUpVerdict(
  standby: StandbyPosition,
  primary: WalRetention | undefined,
): CannotCatchUp | undefined {
  // Streaming is proof enough; without the primary's figures or the standby's position, no verdict.
  if (standby.walReceiver === 'streaming' || standby.restoreCommand || !primary || !standby.replayLsn)
    return undefined;
  let needSegment: bigint;
  try {
    needSegment = lsnBytes(standby.replayLsn) / BigInt(primary.segmentBytes);
  } catch {
    return undefined;
  }
  const timeline = primary.oldestFile?.slice(0, 8) ?? '00000001';
  const needed = fileOfSegment(timeline, needSegment, primary.segmentBytes);
  const slot = standby.standbyName
    ? primary.slots.find((s) => s.name === slotNameFor(standby.standbyName!))
    : undefined;
  if (slot?.walStatus === 'lost') return { needed, lostSlot: slot.name, walKeepSize: primary.walKeepSize };
  if (!primary.oldestFile) return undefined;
  if (needSegment >= segmentOfFile(primary.oldestFile, primary.segmentBytes)) return undefined;
  return { needed, oldest: primary.oldestFile, walKeepSize: primary.walKeepSize };
}

/** The status reason (and the Event Log text) for a standby that cannot catch up. */
export function cannotCatchUpReason(v: CannotCatchUp, standbyId: string, primaryId: string): string {
  const why = v.lostSlot
    ? `its replication slot ${v.lostSlot} on ${primaryId} was invalidated (max_slot_wal_keep_size) and ${primaryId} no longer has WAL file ${v.needed}`
    : `it needs WAL file ${v.needed}, but ${primaryId} already removed it (its oldest is ${v.oldest}; wal_keep_size = ${v.walKeepSize})`;
  return `standby ${standbyId} can never catch up: ${why}; rebuild it with mc_ctl setup on ${standbyId}, and keep more WAL on ${primaryId} for the next outage (a larger replication_slot_max_wal in ${primaryId}.conf, or wal_keep_size)`;
}

/**
 * Slots of ours that hold more WAL than the limit while nobody uses them: a standby that is gone
 * must not fill the primary's disk. limitBytes 0: slots are not used, nothing is ours to judge.
 */
export function slotsToDrop(slots: SlotRow[], limitBytes: number): SlotRow[] {
  if (limitBytes <= 0) return [];
  return slots.filter(
    (s) => s.name.startsWith(SLOT_PREFIX) && !s.active && (s.retainedBytes ?? 0) > limitBytes,
  );
}

/**
 * The arbiter's record on disk (`<arbiterId>.arbiter.state` in its management directory), replaced
 * atomically and synced before any grant is answered: a restarted arbiter never grants what
 * contradicts an answer it already gave.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PgClusterError } from '../errors.js';
import { writeOwnerOnlyFile } from '../config/permissions.js';
import { EMPTY_RECORD, type ArbiterRecord } from './rules.js';

export function recordFile(dir: string, arbiterId: string): string {
  return path.join(dir, `${arbiterId}.arbiter.state`);
}

/**
 * The record on disk. A missing file is accepted only on a first start (`firstStart`): at any
 * other time it means the record was lost, and an arbiter that forgot whom it deposed could let a
 * deposed primary back.
 */
export function loadRecord(file: string, firstStart = false): ArbiterRecord {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      if (firstStart) return EMPTY_RECORD;
      throw new PgClusterError('ARBITER_RECORD_MISSING', "the arbiter's record is missing", {
        where: file,
        hint: 'on the first start of this arbiter run: mc_arbiter run -M <dir> --init. If the record was lost, first make sure no server that was replaced as primary can start as one (rebuild it with mc_ctl setup), then start with --init',
      });
    }
    throw new PgClusterError(
      'STATE_UNREADABLE',
      `cannot read the arbiter's record: ${(e as Error).message}`,
      {
        where: file,
      },
    );
  }
  const corrupt = (what: string) =>
    new PgClusterError('STATE_CORRUPT', `the arbiter's record ${what}`, {
      where: file,
      hint: 'restore it from a backup; deleting it makes the arbiter forget which primary it deposed, so rebuild any inactivated primary before starting the arbiter again',
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw corrupt('is not valid JSON');
  }
  const record = parseRecord(parsed);
  if (!record)
    throw corrupt('has an unknown version or malformed fields (epoch, primary, syncStandby, deposed)');
  return record;
}

/** The record in a parsed JSON value, or undefined when it is not one (also for etcd's copy). */
export function parseRecord(parsed: unknown): ArbiterRecord | undefined {
  const r = (parsed ?? {}) as Partial<ArbiterRecord> & { version?: unknown };
  const isId = (v: unknown) => typeof v === 'string' && v !== '';
  if (
    r.version !== 1 ||
    !Number.isSafeInteger(r.epoch) ||
    (r.epoch as number) < 0 ||
    !Array.isArray(r.deposed) ||
    !r.deposed.every(isId) ||
    (r.primary !== undefined && !isId(r.primary)) ||
    (r.syncStandby !== undefined && !isId(r.syncStandby))
  ) {
    return undefined;
  }
  const record: ArbiterRecord = { epoch: r.epoch as number, deposed: [...r.deposed] };
  if (r.primary !== undefined) record.primary = r.primary;
  if (r.syncStandby !== undefined) record.syncStandby = r.syncStandby;
  return record;
}

export function saveRecord(file: string, record: ArbiterRecord): void {
  writeOwnerOnlyFile(
    file,
    `${JSON.stringify({ version: 1, ...record, savedAt: new Date().toISOString() }, null, 2)}\n`,
  );
}

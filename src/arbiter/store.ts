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

export function loadRecord(file: string): ArbiterRecord {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_RECORD;
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
  const r = parsed as Partial<ArbiterRecord> & { version?: unknown };
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
    throw corrupt('has an unknown version or malformed fields (epoch, primary, syncStandby, deposed)');
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

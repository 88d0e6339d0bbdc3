/** WAL positions ("16/B374D848") compared as 64-bit numbers, and the last checkpoint of a stopped instance. */
import { execFile } from 'node:child_process';
import type { Instance } from './instance.js';

export function parseLsn(lsn: string): bigint {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(lsn.trim());
  if (!m) throw new Error(`not a WAL position: ${lsn}`);
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

export function lsnAtLeast(a: string, b: string): boolean {
  return parseLsn(a) >= parseLsn(b);
}

/** "Latest checkpoint location" from pg_controldata (after a clean stop: the shutdown checkpoint). */
export function checkpointLsn(instance: Instance): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      instance.bin.tool('pg_controldata'),
      ['-D', instance.dataDir],
      { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } },
      (err, out) => {
        if (err) return resolve(undefined);
        resolve(/^Latest checkpoint location:\s+(\S+)/m.exec(out)?.[1]);
      },
    );
  });
}

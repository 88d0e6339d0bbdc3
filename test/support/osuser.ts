/**
 * The OS user that owns test PostgreSQL instances (the "instance administrator").
 * PostgreSQL refuses to run as root, so when the suite runs as root it creates and uses an
 * unprivileged account; otherwise it is the current user.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';

export const TEST_OS_USER = process.env.PGCLUSTER_TEST_USER ?? 'pgcluster';

export interface OsUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  /** True when processes must be spawned with uid/gid switched (the suite runs as root). */
  readonly switched: boolean;
}

let cached: OsUser | undefined;

function lookup(name: string): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(
      execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    );
    const gid = Number(
      execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    );
    return { uid, gid };
  } catch {
    return undefined;
  }
}

export function instanceUser(): OsUser {
  if (cached) return cached;
  const me = os.userInfo();
  if (me.uid !== 0) {
    cached = { name: me.username, uid: me.uid, gid: me.gid, switched: false };
    return cached;
  }
  let ids = lookup(TEST_OS_USER);
  if (!ids) {
    execFileSync(
      'useradd',
      [
        '--system',
        '--user-group',
        '--no-create-home',
        '--home-dir',
        '/nonexistent',
        '--shell',
        '/usr/sbin/nologin',
        TEST_OS_USER,
      ],
      { stdio: 'inherit' },
    );
    ids = lookup(TEST_OS_USER);
    if (!ids) throw new Error(`created OS user ${TEST_OS_USER} but cannot look it up`);
  }
  cached = { name: TEST_OS_USER, ...ids, switched: true };
  return cached;
}

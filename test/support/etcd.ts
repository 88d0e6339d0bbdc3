/**
 * A real etcd (Debian's etcd-server) for the tests that use it as the arbiter: one member on
 * loopback, free ports, its data in a temporary directory, run as the instance user and stopped
 * with the test process.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { ownedTempDir } from './instance.js';
import { freePort } from './ports.js';
import { spawnAsInstanceUser } from './processes.js';
import { waitFor } from './wait.js';

export const ETCD = ['/usr/bin/etcd', '/usr/local/bin/etcd'].find((f) => existsSync(f));

export class TestEtcd {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(): Promise<TestEtcd> {
    if (!ETCD) throw new Error('etcd is not installed (Debian package etcd-server)');
    const dir = ownedTempDir('etcd');
    const [client, peer] = [await freePort(), await freePort()];
    const url = `http://127.0.0.1:${client}`;
    const child = spawnAsInstanceUser(
      ETCD,
      [
        '--name',
        'test',
        '--data-dir',
        path.join(dir, 'data'),
        '--listen-client-urls',
        url,
        '--advertise-client-urls',
        url,
        '--listen-peer-urls',
        `http://127.0.0.1:${peer}`,
        '--initial-advertise-peer-urls',
        `http://127.0.0.1:${peer}`,
        '--initial-cluster',
        `test=http://127.0.0.1:${peer}`,
        '--log-level',
        'error',
      ],
      { stdio: 'ignore', env: { ETCD_UNSUPPORTED_ARCH: process.arch === 'x64' ? '' : process.arch } },
    );
    const etcd = new TestEtcd(url, child);
    await waitFor(
      'etcd to answer',
      async () => {
        try {
          const r = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
          return r.ok;
        } catch {
          return false;
        }
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    return etcd;
  }

  /** kill -9 (a lost etcd). */
  kill(): void {
    this.child.kill('SIGKILL');
  }

  stop(): void {
    this.child.kill('SIGTERM');
  }
}

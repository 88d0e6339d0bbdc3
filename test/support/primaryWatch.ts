/**
 * Samples both servers continuously during a chaos test and records any moment at which both
 * accepted a new writable session: the "never two primaries" check.
 */
import pg from 'pg';
import type { TestInstance } from './instance.js';
import { sleep } from './wait.js';

async function writable(i: TestInstance): Promise<boolean> {
  const c = new pg.Client({ ...i.connectionConfig(), connectionTimeoutMillis: 300, query_timeout: 300 });
  c.on('error', () => undefined);
  try {
    await c.connect();
    const r = await c.query<{ ro: string }>("SELECT current_setting('transaction_read_only') AS ro");
    return r.rows[0]?.ro === 'off';
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export class PrimaryWatch {
  readonly bothWritableAt: number[] = [];
  samples = 0;
  private running = true;
  private readonly loop: Promise<void>;

  constructor(private readonly servers: [TestInstance, TestInstance]) {
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (this.running) {
      const [a, b] = await Promise.all(this.servers.map(writable));
      this.samples += 1;
      if (a && b) this.bothWritableAt.push(Date.now());
      await sleep(30);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

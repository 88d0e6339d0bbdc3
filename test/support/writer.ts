/**
 * A client that commits one row after another to whichever server accepts writes, the way an
 * application with a multi-host connection string (target_session_attrs=read-write) would, and
 * records every commit the server acknowledged. After a switch, every acknowledged id must be on
 * the new primary: that is the "no committed transaction lost" check.
 */
import pg from 'pg';
import type { TestInstance } from './instance.js';
import { sleep } from './wait.js';

/** What the writer needs of a server: a TestInstance, or a Windows server under Wine. */
export type WriterServer = Pick<TestInstance, 'port' | 'connectionConfig' | 'sql'>;

export class Writer {
  readonly acknowledged: number[] = [];
  /** When each acknowledgement arrived (Date.now()) and from which port: for the benchmarks. */
  readonly acks: { id: number; at: number; port: number }[] = [];
  readonly errors: string[] = [];
  /** Longest time between two acknowledged commits while running. */
  longestGapMs = 0;
  private running = false;
  private loop: Promise<void> | undefined;
  private next = 1;

  constructor(
    private readonly servers: WriterServer[],
    private readonly table = 'writer_log',
    private readonly pauseMs = 10,
  ) {}

  async prepare(): Promise<void> {
    const c = await this.connectWritable(10_000);
    try {
      await c.query(
        `CREATE TABLE IF NOT EXISTS ${this.table} (id int primary key, at timestamptz default clock_timestamp())`,
      );
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async connectWritable(timeoutMs: number): Promise<pg.Client & { port: number }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const s of this.servers) {
        const c = new pg.Client({
          ...s.connectionConfig(),
          connectionTimeoutMillis: 1000,
          query_timeout: 5000,
        });
        c.on('error', () => undefined);
        try {
          await c.connect();
          const r = await c.query<{ ro: string }>("SELECT current_setting('transaction_read_only') AS ro");
          if (r.rows[0]?.ro === 'off') return Object.assign(c, { port: s.port });
        } catch {
          /* try the next server */
        }
        await c.end().catch(() => undefined);
      }
      if (Date.now() > deadline) throw new Error('no writable server');
      await sleep(20);
    }
  }

  private async run(): Promise<void> {
    let client: (pg.Client & { port: number }) | undefined;
    let lastAck = Date.now();
    while (this.running) {
      try {
        client ??= await this.connectWritable(60_000);
        const id = this.next++;
        await client.query(`INSERT INTO ${this.table} (id) VALUES ($1)`, [id]);
        this.acknowledged.push(id);
        const now = Date.now();
        this.acks.push({ id, at: now, port: client.port });
        this.longestGapMs = Math.max(this.longestGapMs, now - lastAck);
        lastAck = now;
      } catch (e) {
        this.errors.push((e as Error).message);
        await client?.end().catch(() => undefined);
        client = undefined;
      }
      await sleep(this.pauseMs);
    }
    await client?.end().catch(() => undefined);
  }

  /** Acknowledged ids missing on `server` (must be empty after any switch). */
  async missingOn(server: WriterServer): Promise<number[]> {
    const rows = await server.sql<{ id: number }>(`SELECT id FROM ${this.table}`);
    const have = new Set(rows.map((r) => r.id));
    return this.acknowledged.filter((id) => !have.has(id));
  }
}

/**
 * Real PostgreSQL instances for tests: initdb into a temporary directory, a free loopback port,
 * password (SCRAM) authentication everywhere, run as the instance user. Nothing is mocked.
 */
import { chownSync, mkdirSync, mkdtempSync, writeFileSync, appendFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { findPgBinaries, type PgBinaries } from '../../src/postgres/binaries.js';
import { instanceUser } from './osuser.js';
import { installExitHooks, mustRun, postmasterPid, registerDataDir, registerSweepPath } from './processes.js';
import { freePort } from './ports.js';
import { waitFor } from './wait.js';

/** Root of everything this test process creates; scripts/test sets it so it can sweep afterwards. */
export function testRoot(): string {
  const root = process.env.PGCLUSTER_TEST_ROOT ?? path.join(os.tmpdir(), `pgcluster-test-${process.pid}`);
  mkdirSync(root, { recursive: true, mode: 0o755 });
  return root;
}

/** A fresh directory owned by the instance user. */
export function ownedTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(testRoot(), `${prefix}-`));
  registerSweepPath(dir);
  const u = instanceUser();
  if (u.switched) chownSync(dir, u.uid, u.gid);
  return dir;
}

/** Writes a file owned by the instance user with the given mode (default owner-only). */
export function writeOwnedFile(file: string, content: string, mode = 0o600): void {
  writeFileSync(file, content, { mode });
  const u = instanceUser();
  if (u.switched) chownSync(file, u.uid, u.gid);
}

/** Credentials shared by every instance of one test process. */
export const superuserPassword = randomBytes(12).toString('hex');

export interface InstanceOptions {
  /** Extra postgresql.conf lines. */
  conf?: Record<string, string | number>;
  /** More networks (CIDR) allowed in pg_hba.conf besides loopback. */
  hba?: string[];
}

export class TestInstance {
  readonly user = instanceUser().name;
  /** The address the test process connects to (another host's address in network-namespace tests). */
  clientHost = '127.0.0.1';

  private constructor(
    readonly name: string,
    readonly baseDir: string,
    readonly dataDir: string,
    readonly port: number,
    readonly bin: PgBinaries,
  ) {}

  get logFile(): string {
    return path.join(this.baseDir, 'server.log');
  }

  get passFile(): string {
    return path.join(this.baseDir, 'pgpass');
  }

  /** initdb a new cluster (not started). */
  static async create(name: string, opts: InstanceOptions = {}): Promise<TestInstance> {
    installExitHooks();
    const bin = findPgBinaries();
    const baseDir = ownedTempDir(name);
    const dataDir = path.join(baseDir, 'data');
    const inst = new TestInstance(name, baseDir, dataDir, await freePort(), bin);
    const pwFile = path.join(baseDir, 'pwfile');
    writeOwnedFile(pwFile, `${superuserPassword}\n`);
    await mustRun(bin.tool('initdb'), [
      '-D',
      dataDir,
      '-U',
      inst.user,
      '--pwfile',
      pwFile,
      '--auth=scram-sha-256',
      '-E',
      'UTF8',
      '--no-locale',
      '--no-sync',
    ]);
    rmSync(pwFile);
    inst.writePassFile();
    inst.appendConf({ ...TestInstance.baseConf(inst), ...(opts.conf ?? {}) });
    writeOwnedFile(
      path.join(dataDir, 'pg_hba.conf'),
      [
        '# written by the PgCluster test harness',
        'local   all          all                  scram-sha-256',
        'host    all          all   127.0.0.0/8    scram-sha-256',
        'host    replication  all   127.0.0.0/8    scram-sha-256',
        ...(opts.hba ?? []).flatMap((net) => [
          `host    all          all   ${net}    scram-sha-256`,
          `host    replication  all   ${net}    scram-sha-256`,
        ]),
        '',
      ].join('\n'),
    );
    return inst;
  }

  /** A handle on a data directory that something else (mc_ctl setup) will create, on a chosen port. */
  static describe(name: string, baseDir: string, dataDir: string, port: number): TestInstance {
    installExitHooks();
    registerDataDir(dataDir);
    const inst = new TestInstance(name, baseDir, dataDir, port, findPgBinaries());
    inst.writePassFile();
    return inst;
  }

  /** Adopts a data directory made by someone else (pg_basebackup), on its own port. */
  static async adopt(name: string, baseDir: string, dataDir: string): Promise<TestInstance> {
    installExitHooks();
    const inst = new TestInstance(name, baseDir, dataDir, await freePort(), findPgBinaries());
    inst.writePassFile();
    inst.appendConf({ port: inst.port, unix_socket_directories: `'${baseDir}'` });
    return inst;
  }

  private static baseConf(inst: TestInstance): Record<string, string | number> {
    return {
      port: inst.port,
      listen_addresses: `'127.0.0.1'`,
      unix_socket_directories: `'${inst.baseDir}'`,
      max_connections: 40,
      shared_buffers: `'16MB'`,
      wal_level: 'replica',
      max_wal_senders: 4,
      wal_keep_size: `'64MB'`,
      hot_standby: 'on',
      fsync: 'on',
      logging_collector: 'off',
      log_line_prefix: `'%m [%p] '`,
    };
  }

  private writePassFile(): void {
    writeOwnedFile(this.passFile, `*:*:*:${this.user}:${superuserPassword}\n`);
  }

  appendConf(settings: Record<string, string | number>): void {
    const lines = Object.entries(settings).map(([k, v]) => `${k} = ${v}`);
    appendFileSync(path.join(this.dataDir, 'postgresql.conf'), `\n# test harness\n${lines.join('\n')}\n`);
  }

  async start(): Promise<void> {
    registerDataDir(this.dataDir);
    await mustRun(this.bin.tool('pg_ctl'), [
      '-D',
      this.dataDir,
      '-l',
      this.logFile,
      '-w',
      '-t',
      '60',
      'start',
    ]);
  }

  async stop(mode: 'smart' | 'fast' | 'immediate' = 'fast'): Promise<void> {
    await mustRun(this.bin.tool('pg_ctl'), ['-D', this.dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  /** A live (not zombie) postmaster. pg_ctl status would count a zombie as running. */
  isRunning(): Promise<boolean> {
    return Promise.resolve(this.pid() !== undefined);
  }

  /** PID of the running postmaster, or undefined. */
  pid(): number | undefined {
    return postmasterPid(this.dataDir);
  }

  private requirePid(): number {
    const pid = this.pid();
    if (!pid) throw new Error(`${this.name}: postmaster is not running`);
    return pid;
  }

  /** kill -9 of the postmaster (its backends notice and exit on their own, like a real crash). */
  kill9(): number {
    const pid = this.requirePid();
    process.kill(pid, 'SIGKILL');
    return pid;
  }

  freeze(): void {
    process.kill(this.requirePid(), 'SIGSTOP');
  }

  thaw(pid = this.requirePid()): void {
    process.kill(pid, 'SIGCONT');
  }

  connectionConfig(database = 'postgres'): pg.ClientConfig {
    return {
      host: this.clientHost,
      port: this.port,
      user: this.user,
      password: superuserPassword,
      database,
      connectionTimeoutMillis: 5000,
    };
  }

  async connect(database = 'postgres'): Promise<pg.Client> {
    const c = new pg.Client(this.connectionConfig(database));
    c.on('error', () => undefined); // a killed server must not crash the test process
    await c.connect();
    return c;
  }

  /** Runs one statement on a fresh connection and returns its rows. */
  async sql<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    params: unknown[] = [],
  ): Promise<R[]> {
    const c = await this.connect();
    try {
      return (await c.query<R>(text, params)).rows;
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  async inRecovery(): Promise<boolean> {
    const [row] = await this.sql<{ r: boolean }>('SELECT pg_is_in_recovery() AS r');
    return row?.r === true;
  }

  async waitReady(timeoutMs = 30_000): Promise<void> {
    await waitFor(
      `${this.name} to accept connections`,
      async () => (await this.sql('SELECT 1')).length === 1,
      {
        timeoutMs,
      },
    );
  }
}

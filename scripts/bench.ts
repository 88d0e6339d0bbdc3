/**
 * Benchmarks on real PostgreSQL pairs under Mirroring Controllers (same-host layout). Not a test:
 * it measures and prints, it never asserts a time.
 *
 *   failover:   a fault on the primary (kill -9 of the postmaster, SIGSTOP of the postmaster,
 *               kill -9 of the whole side, a failing disk probe), then the time until the first
 *               write acknowledged by the new primary (the client tries both servers, as a
 *               multi-host connection string with target_session_attrs=read-write would), and
 *               acknowledged writes lost (must be 0);
 *   switchover: mc_ctl switch under the same client: the longest gap between two acknowledged
 *               writes, and the time from the command to the first write on the new primary;
 *   standby:    kill -9 of the standby's postmaster: how long commits on the primary wait until
 *               the controller disconnects the standby;
 *   overhead:   pgbench TPS on the synchronous pair with and without the controllers, alternated;
 *   footprint:  controller RSS and CPU at idle and under pgbench, mc_ctl status latency;
 *   setup:      mc_ctl setup of a standby from a primary holding about 1 GB.
 *
 * Usage: node dist/scripts/bench.js [--runs N] [--rounds N] [--only a,b,...] [--faults postmaster,sigstop,side,disk] [--arbiter]
 * Prints tables and writes JSON into bench-results/.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findPgBinaries } from '../src/postgres/binaries.js';
import { superuserPassword, type TestInstance } from '../test/support/instance.js';
import { McPair, mcWindowMs, type HeartbeatSettings } from '../test/support/mcPair.js';
import { runAsInstanceUser } from '../test/support/processes.js';
import { Writer } from '../test/support/writer.js';
import { sleep, waitFor } from '../test/support/wait.js';

const PARTS = ['failover', 'switchover', 'standby', 'overhead', 'footprint', 'setup'] as const;
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '8' },
    only: { type: 'string' },
    faults: { type: 'string' },
    // Every pair gets a real mc_arbiter, which the controllers must ask before acting.
    arbiter: { type: 'boolean', default: false },
  },
});
const ARBITER = values.arbiter === true;
const RUNS = Number(values.runs);
const ROUNDS = Number(values.rounds);
const only = new Set(values.only ? values.only.split(',') : PARTS);
for (const p of only)
  if (!PARTS.includes(p as (typeof PARTS)[number])) {
    console.error(`bench: unknown part '${p}'; the parts are ${PARTS.join(', ')}`);
    process.exit(2);
  }

const DEFAULT: HeartbeatSettings = { intervalMs: 800, timeoutS: 1, retry: 2 };
const TUNED: HeartbeatSettings = { intervalMs: 100, timeoutS: 1, retry: 1 };
const label = (hb: HeartbeatSettings) =>
  (hb === DEFAULT ? 'defaults (800 ms / 1 s / 2)' : 'tuned (100 ms / 1 s / 1)') +
  (ARBITER ? ', with an arbiter' : '');

interface Stats {
  min: number;
  median: number;
  max: number;
}
function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length / 2;
  const median = s.length % 2 ? s[Math.floor(mid)]! : (s[mid - 1]! + s[mid]!) / 2; // even count: mean of the middle two
  return { min: s[0] ?? NaN, median: s.length ? median : NaN, max: s[s.length - 1] ?? NaN };
}
const fmt = (s: Stats | undefined, digits = 0) =>
  s ? [s.min, s.median, s.max].map((x) => x.toFixed(digits)).join(' / ') : '';

const json: Record<string, unknown> = {};
const tables: string[] = [];

/** Runs `once` RUNS times, each on a fresh pair, and keeps every sample. */
async function repeat<T>(name: string, once: () => Promise<T>, show: (t: T) => string): Promise<T[]> {
  const samples: T[] = [];
  for (let i = 0; i < RUNS; i++) {
    samples.push(await once());
    process.stderr.write(`${name}: run ${i + 1}/${RUNS}: ${show(samples[i]!)}\n`);
  }
  return samples;
}

/** A pair with a committing client on it, commits flowing; the caller faults it. */
async function withWriter<T>(
  hb: HeartbeatSettings,
  body: (pair: McPair, writer: Writer) => Promise<T>,
  targets: (pair: McPair) => TestInstance[] = (p) => [p.s1.instance, p.s2.instance],
): Promise<T> {
  const pair = await McPair.build({ ...hb, failover: true, arbiter: ARBITER });
  const writer = new Writer(targets(pair), 'bench_log', 2);
  try {
    await writer.prepare();
    writer.start();
    await waitFor('commits flowing', () => writer.acknowledged.length > 50);
    return await body(pair, writer);
  } finally {
    await writer.stop();
    await pair.teardown();
  }
}

/** The controller's own breakdown of a promotion (MC_DEBUG), for the JSON. */
function promotionPhases(pair: McPair, id: string): string | undefined {
  return /promotion phases: (.*)/.exec(pair.log(id))?.[1];
}

// ---------------------------------------------------------------------------------------------
// Failover and switchover

type Fault = 'postmaster' | 'sigstop' | 'side' | 'disk';
const FAULTS: Record<Fault, string> = {
  postmaster: 'kill -9 primary postmaster',
  sigstop: 'SIGSTOP primary postmaster',
  side: 'kill -9 whole primary side',
  disk: 'failing disk probe on the primary',
};

interface FailoverSample {
  ms: number;
  lost: number;
  gapMs?: number;
  phases?: string | undefined;
}

function failoverOnce(hb: HeartbeatSettings, fault: Fault): Promise<FailoverSample> {
  return withWriter(hb, async (pair, writer) => {
    let frozen: number[] = [];
    try {
      if (fault === 'disk') {
        // A directory where the probe file goes: every probe write fails (EISDIR), as on a dead disk.
        const target = path.join(pair.s1.dataDir, 'pgsql_tmp_mc_probe_server1');
        await waitFor('the probe file name to be free', async () => {
          const r = await runAsInstanceUser('/bin/mkdir', [target]);
          return r.code === 0;
        });
      }
      const t0 = Date.now();
      if (fault === 'postmaster') pair.s1.instance.kill9();
      else if (fault === 'sigstop') {
        pair.s1.instance.freeze();
        frozen = [pair.s1.instance.pid()!];
      } else if (fault === 'side') pair.killSide('server1');
      const first = await waitFor(
        'first write on the new primary',
        () => writer.acks.find((a) => a.at > t0 && a.port === pair.s2.port),
        { timeoutMs: 60_000, intervalMs: 5 },
      );
      await sleep(200);
      await writer.stop();
      return {
        ms: first.at - t0,
        lost: (await writer.missingOn(pair.s2.instance)).length,
        phases: promotionPhases(pair, 'server2'),
      };
    } finally {
      pair.thaw(frozen);
    }
  });
}

function switchoverOnce(): Promise<FailoverSample> {
  return withWriter(DEFAULT, async (pair, writer) => {
    const before = writer.acks.length;
    const t0 = Date.now();
    await pair.must(['switch', ...pair.at('server1')]);
    const first = await waitFor(
      'first write on the new primary',
      () => writer.acks.find((a) => a.at > t0 && a.port === pair.s2.port),
      { timeoutMs: 60_000, intervalMs: 5 },
    );
    await sleep(200);
    await writer.stop();
    const during = writer.acks.slice(Math.max(0, before - 1));
    let gap = 0;
    for (let i = 1; i < during.length; i++) gap = Math.max(gap, during[i]!.at - during[i - 1]!.at);
    return {
      ms: first.at - t0,
      lost: (await writer.missingOn(pair.s2.instance)).length,
      gapMs: gap,
      phases: promotionPhases(pair, 'server2'),
    };
  });
}

async function benchFailovers(): Promise<void> {
  const rows: string[] = [];
  const record = (name: string, samples: FailoverSample[]) => {
    const gaps = samples.map((s) => s.gapMs).filter((g): g is number => g !== undefined);
    const r = {
      samples,
      firstWriteMs: stats(samples.map((s) => s.ms)),
      ...(gaps.length ? { gapMs: stats(gaps) } : {}),
      lost: samples.reduce((n, s) => n + s.lost, 0),
    };
    json[name] = r;
    rows.push(`| ${name} | ${fmt(r.firstWriteMs)} | ${fmt(r.gapMs)} | ${r.lost} |`);
  };
  if (only.has('failover'))
    for (const hb of [DEFAULT, TUNED])
      for (const fault of (values.faults?.split(',') ?? Object.keys(FAULTS)) as Fault[]) {
        if (!(fault in FAULTS))
          throw new Error(`unknown fault '${fault}': ${Object.keys(FAULTS).join(', ')}`);
        const name = `failover, ${FAULTS[fault]}, ${label(hb)}`;
        record(
          name,
          await repeat(
            name,
            () => failoverOnce(hb, fault),
            (s) => `${s.ms} ms, lost ${s.lost}`,
          ),
        );
      }
  if (only.has('switchover')) {
    const name = `switchover, mc_ctl switch, defaults${ARBITER ? ', with an arbiter' : ''}`;
    record(name, await repeat(name, switchoverOnce, (s) => `${s.ms} ms, gap ${s.gapMs} ms, lost ${s.lost}`));
  }
  if (rows.length)
    tables.push(
      [
        '| scenario | first acknowledged write on the new primary, ms (min / median / max) | longest write gap, ms | acknowledged writes lost |',
        '| --- | --- | --- | --- |',
        ...rows,
      ].join('\n'),
    );
}

// ---------------------------------------------------------------------------------------------
// Standby loss: commits wait for the dead synchronous standby until the controller detaches it.

async function standbyLossOnce(hb: HeartbeatSettings): Promise<{ stallMs: number; lost: number }> {
  return withWriter(
    hb,
    async (pair, writer) => {
      const t0 = Date.now();
      pair.s2.instance.kill9();
      // The stall: from the fault to the first commit acknowledged after the controller acted.
      await waitFor('commits flowing again', () => writer.acks.filter((a) => a.at > t0).length > 20, {
        timeoutMs: 60_000,
        intervalMs: 5,
      });
      await writer.stop();
      const after = writer.acks.filter((a) => a.at >= t0 - 1000);
      let stall = 0;
      for (let i = 1; i < after.length; i++) stall = Math.max(stall, after[i]!.at - after[i - 1]!.at);
      return { stallMs: stall, lost: (await writer.missingOn(pair.s1.instance)).length };
    },
    (p) => [p.s1.instance],
  );
}

async function benchStandbyLoss(): Promise<void> {
  const rows: string[] = [];
  for (const hb of [DEFAULT, TUNED]) {
    const name = `standby lost (kill -9 of its postmaster), ${label(hb)}`;
    const samples = await repeat(
      name,
      () => standbyLossOnce(hb),
      (s) => `${s.stallMs} ms`,
    );
    const r = { samples, stallMs: stats(samples.map((s) => s.stallMs)), windowMs: mcWindowMs(hb) };
    json[name] = r;
    rows.push(`| ${name} | ${fmt(r.stallMs)} | ${r.windowMs} | ${samples.reduce((n, s) => n + s.lost, 0)} |`);
  }
  tables.push(
    [
      '| scenario | longest commit wait on the primary, ms (min / median / max) | detection window, ms | acknowledged writes lost |',
      '| --- | --- | --- | --- |',
      ...rows,
    ].join('\n'),
  );
}

// ---------------------------------------------------------------------------------------------
// Monitoring overhead and footprint: pgbench on the synchronous pair.

const PGBENCH = findPgBinaries().tool('pgbench');

async function pgbench(inst: TestInstance, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const r = await runAsInstanceUser(
    PGBENCH,
    ['-h', '127.0.0.1', '-p', String(inst.port), '-U', inst.user, ...args, 'postgres'],
    { env: { PGPASSWORD: superuserPassword, ...env }, timeoutMs: 3_600_000 },
  );
  if (r.code !== 0) throw new Error(`pgbench ${args.join(' ')} exited ${r.code}\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

async function tps(inst: TestInstance, seconds: number): Promise<number> {
  // Every measurement starts from a fresh checkpoint, so none of them pays for the previous one's writes.
  await inst.sql('CHECKPOINT');
  const out = await pgbench(inst, ['-n', '-c', '4', '-j', '2', '-T', String(seconds)]);
  const m = /tps = ([\d.]+)/.exec(out);
  if (!m) throw new Error(`no tps in pgbench output:\n${out}`);
  return Number(m[1]);
}

/** RSS (MB) now and CPU (% of one core) over `ms`, of one process, from /proc. */
async function usage(pid: number, ms: number): Promise<{ rssMb: number; cpuPct: number }> {
  const ticks = () => {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // utime + stime, in clock ticks (USER_HZ = 100)
  };
  const t0 = ticks();
  const start = Date.now();
  await sleep(ms);
  const cpuPct = ((ticks() - t0) / 100 / ((Date.now() - start) / 1000)) * 100;
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { rssMb: Number(rss?.[1] ?? NaN) / 1024, cpuPct };
}

async function syncState(pair: McPair): Promise<string> {
  const rows = await pair.s1.instance.sql<{ sync_state: string }>(
    'SELECT sync_state FROM pg_stat_replication',
  );
  return rows.map((r) => r.sync_state).join(',') || 'none';
}

async function benchOverheadAndFootprint(): Promise<void> {
  const pair = await McPair.build({ ...DEFAULT, failover: true });
  try {
    await pgbench(pair.s1.instance, ['-i', '-s', '10', '-q']);
    const primary = pair.s1.instance;
    if (only.has('footprint')) {
      const statusMs: number[] = [];
      for (let i = 0; i < 10; i++) {
        const t = Date.now();
        await pair.statusRun('server1');
        statusMs.push(Date.now() - t);
      }
      const pid = pair.controllerPid('server1')!;
      const idle = await usage(pid, 10_000);
      const [load] = await Promise.all([usage(pid, 8_000), tps(primary, 10)]);
      const r = { idle, underLoad: load, statusLatencyMs: stats(statusMs) };
      json.footprint = r;
      tables.push(
        [
          '| controller footprint (primary side) | RSS, MB | CPU, % of one core |',
          '| --- | --- | --- |',
          `| idle | ${idle.rssMb.toFixed(1)} | ${idle.cpuPct.toFixed(2)} |`,
          `| under pgbench (4 clients) | ${load.rssMb.toFixed(1)} | ${load.cpuPct.toFixed(2)} |`,
          `| \`mc_ctl status\` latency, ms (min / median / max of 10, a new process each) | ${fmt(r.statusLatencyMs)} | |`,
        ].join('\n'),
      );
    }
    if (only.has('overhead')) {
      const withMc: number[] = [];
      const without: number[] = [];
      const states: string[] = [];
      let controllersRunning = true;
      const setControllers = async (running: boolean) => {
        controllersRunning = running;
        if (running) {
          for (const id of ['server1', 'server2'])
            await pair.must(['start', ...pair.at(id), '--mc-only', '-w', '-f']);
          await pair.waitMirroring('switchable');
        } else {
          for (const id of ['server2', 'server1']) await pair.must(['stop', ...pair.at(id), '--mc-only']);
          states.push(await syncState(pair)); // replication stays synchronous without the controllers
        }
      };
      await tps(primary, 5); // warm-up, not counted
      // Rounds alternate which comes first (with, without | without, with | ...), so a drift of the
      // machine during the run weighs on both sides alike, and the controllers change state once a round.
      for (let i = 0; i < ROUNDS; i++) {
        const order = i % 2 === 0 ? [true, false] : [false, true];
        for (const running of order) {
          if (running !== controllersRunning) await setControllers(running);
          (running ? withMc : without).push(await tps(primary, 15));
        }
        process.stderr.write(
          `overhead: round ${i + 1}/${ROUNDS}: ${withMc[i]!.toFixed(0)} tps with, ${without[i]!.toFixed(0)} without\n`,
        );
      }
      if (!controllersRunning) await setControllers(true); // teardown stops what runs
      const med = (xs: number[]) => stats(xs).median;
      // Each round's own ratio: both halves ran minutes apart at most, on the same data.
      const perRound = withMc.map((w, i) => ((without[i]! - w) / without[i]!) * 100);
      const overheadPct = med(perRound);
      json.overhead = { withMc, without, perRoundPct: perRound, syncStateWithout: states, overheadPct };
      tables.push(
        [
          `| pgbench TPS, synchronous pair, 4 clients, 15 s, ${ROUNDS} alternated rounds | min / median / max |`,
          '| --- | --- |',
          `| with the controllers (defaults) | ${fmt(stats(withMc))} |`,
          `| without them (replication still ${[...new Set(states)].join('/')}) | ${fmt(stats(without))} |`,
          `| monitoring overhead, per round (min / median / max) | ${fmt(stats(perRound), 2)} % |`,
        ].join('\n'),
      );
    }
  } finally {
    await pair.teardown();
  }
}

// ---------------------------------------------------------------------------------------------
// Standby build time for about 1 GB.

async function benchSetup(): Promise<void> {
  const pair = await McPair.configure(DEFAULT);
  try {
    await pair.must(['start', ...pair.at('server1'), '-w']);
    // Scale 68 is about 1 GB. The primary names its standby-to-be in synchronous_standby_names
    // already, so the load commits locally or it would wait for a standby that does not exist yet.
    await pgbench(pair.s1.instance, ['-i', '-s', '68', '-q'], { PGOPTIONS: '-c synchronous_commit=local' });
    const size = await pair.s1.instance.sql<{ b: string }>(
      'SELECT sum(pg_database_size(datname))::bigint::text AS b FROM pg_database',
    );
    const bytes = Number(size[0]!.b);
    const t = Date.now();
    await pair.setup('server2', 'server1');
    const ms = Date.now() - t;
    json.setup = { bytes, ms };
    tables.push(
      [
        '| standby build | cluster size | time |',
        '| --- | --- | --- |',
        `| \`mc_ctl setup\` (pg_basebackup over the loopback) | ${(bytes / 2 ** 30).toFixed(2)} GiB | ${(ms / 1000).toFixed(1)} s |`,
      ].join('\n'),
    );
  } finally {
    await pair.teardown();
  }
}

// ---------------------------------------------------------------------------------------------

if (only.has('failover') || only.has('switchover')) await benchFailovers();
if (only.has('standby')) await benchStandbyLoss();
if (only.has('overhead') || only.has('footprint')) await benchOverheadAndFootprint();
if (only.has('setup')) await benchSetup();

const machine = `${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
console.log(`\nPgCluster benchmarks, ${RUNS} runs each, on ${machine}, ${new Date().toISOString()}\n`);
console.log(tables.join('\n\n'));
const dir = path.join(process.cwd(), 'bench-results');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify({ machine, runs: RUNS, rounds: ROUNDS, results: json }, null, 2)}\n`);
console.log(`\nJSON: ${file}`);

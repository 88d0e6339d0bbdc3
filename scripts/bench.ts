/**
 * Benchmarks on real PostgreSQL pairs under Mirroring Controllers (same-host layout).
 *
 *   failover: a fault on the primary, then the time until the first write acknowledged by the
 *             new primary (the client tries both servers, as a multi-host connection string with
 *             target_session_attrs=read-write would), and acknowledged writes lost (must be 0);
 *   switchover: mc_ctl switch under the same client: the longest gap between two acknowledged
 *             writes, and the time from the command to the first write on the new primary.
 *
 * Usage: node dist/scripts/bench.js [--runs N] [--only failover|switchover]
 * Prints a table and writes JSON into bench-results/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { McPair, type HeartbeatSettings } from '../test/support/mcPair.js';
import { Writer } from '../test/support/writer.js';
import { sleep, waitFor } from '../test/support/wait.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, only: { type: 'string' } },
});
const RUNS = Number(values.runs);

interface Sample {
  ms: number;
  lost: number;
  gapMs?: number;
}

const DEFAULT: HeartbeatSettings = { intervalMs: 800, timeoutS: 1, retry: 2 };
const TUNED: HeartbeatSettings = { intervalMs: 100, timeoutS: 1, retry: 1 };

type Fault = 'postmaster' | 'side';

async function failoverOnce(hb: HeartbeatSettings, fault: Fault): Promise<Sample> {
  const pair = await McPair.build({ ...hb, failover: true });
  const writer = new Writer([pair.s1.instance, pair.s2.instance], 'bench_log', 2);
  try {
    await writer.prepare();
    writer.start();
    await waitFor('commits flowing', () => writer.acknowledged.length > 50);
    const t0 = Date.now();
    if (fault === 'postmaster') pair.s1.instance.kill9();
    else pair.killSide('server1');
    const first = await waitFor(
      'first write on the new primary',
      () => writer.acks.find((a) => a.at > t0 && a.port === pair.s2.port),
      { timeoutMs: 60_000, intervalMs: 5 },
    );
    await sleep(200);
    await writer.stop();
    return { ms: first.at - t0, lost: (await writer.missingOn(pair.s2.instance)).length };
  } finally {
    await writer.stop();
    await pair.teardown();
  }
}

async function switchoverOnce(): Promise<Sample> {
  const pair = await McPair.build({ ...DEFAULT, failover: true });
  const writer = new Writer([pair.s1.instance, pair.s2.instance], 'bench_log', 2);
  try {
    await writer.prepare();
    writer.start();
    await waitFor('commits flowing', () => writer.acknowledged.length > 50);
    const before = writer.acks.length;
    const t0 = Date.now();
    await pair.must(['switch', ...pair.at('server1')]);
    const first = await waitFor(
      'first write on the new primary',
      () => writer.acks.find((a) => a.at > t0 && a.port === pair.s2.port),
      {
        timeoutMs: 60_000,
        intervalMs: 5,
      },
    );
    await sleep(200);
    await writer.stop();
    const during = writer.acks.slice(Math.max(0, before - 1));
    let gap = 0;
    for (let i = 1; i < during.length; i++) gap = Math.max(gap, during[i]!.at - during[i - 1]!.at);
    return { ms: first.at - t0, lost: (await writer.missingOn(pair.s2.instance)).length, gapMs: gap };
  } finally {
    await writer.stop();
    await pair.teardown();
  }
}

function stats(xs: number[]): { min: number; median: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0] ?? NaN, median: s[Math.floor((s.length - 1) / 2)] ?? NaN, max: s[s.length - 1] ?? NaN };
}

const results: Record<
  string,
  {
    samples: Sample[];
    firstWriteMs: ReturnType<typeof stats>;
    gapMs?: ReturnType<typeof stats>;
    lost: number;
  }
> = {};

async function measure(name: string, once: () => Promise<Sample>): Promise<void> {
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    samples.push(await once());
    process.stderr.write(`${name}: run ${i + 1}/${RUNS}: ${samples[i]!.ms} ms\n`);
  }
  const gaps = samples.map((s) => s.gapMs).filter((g): g is number => g !== undefined);
  results[name] = {
    samples,
    firstWriteMs: stats(samples.map((s) => s.ms)),
    ...(gaps.length ? { gapMs: stats(gaps) } : {}),
    lost: samples.reduce((n, s) => n + s.lost, 0),
  };
}

if (!values.only || values.only === 'failover') {
  await measure('failover, kill -9 primary postmaster, defaults (800 ms / 1 s / 2)', () =>
    failoverOnce(DEFAULT, 'postmaster'),
  );
  await measure('failover, kill -9 whole primary side, defaults', () => failoverOnce(DEFAULT, 'side'));
  await measure('failover, kill -9 primary postmaster, tuned (100 ms / 1 s / 1)', () =>
    failoverOnce(TUNED, 'postmaster'),
  );
  await measure('failover, kill -9 whole primary side, tuned', () => failoverOnce(TUNED, 'side'));
}
if (!values.only || values.only === 'switchover')
  await measure('switchover, mc_ctl switch, defaults', switchoverOnce);

const machine = `${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
console.log(`\nPgCluster benchmarks, ${RUNS} runs each, on ${machine}\n`);
console.log(
  '| scenario | first acknowledged write on the new primary, ms (min / median / max) | longest write gap, ms | acknowledged writes lost |',
);
console.log('| --- | --- | --- | --- |');
for (const [name, r] of Object.entries(results)) {
  const f = r.firstWriteMs;
  const g = r.gapMs ? `${r.gapMs.min} / ${r.gapMs.median} / ${r.gapMs.max}` : '';
  console.log(`| ${name} | ${f.min} / ${f.median} / ${f.max} | ${g} | ${r.lost} |`);
}
const dir = path.join(process.cwd(), 'bench-results');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify({ machine, runs: RUNS, results }, null, 2)}\n`);
console.log(`\nJSON: ${file}`);

/**
 * A recorded incident, replayed: with decision_record_max_size set, each controller writes what
 * its decision step was fed and decided; after a real failover (kill -9 of the primary's
 * postmaster) `mc_ctl replay` on the standby's recording explains the promotion row by row and
 * finds every decision the same as the controller took it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { McPair } from '../support/mcPair.js';

const record = 'decision_record_max_size = 1';

describe('a failover recorded and replayed', () => {
  let pair: McPair;
  let recording: string;
  before(async () => {
    pair = await McPair.build({ failover: true, serverConf: { server1: [record], server2: [record] } });
    recording = path.join(pair.mcDir, 'server2.decisions.jsonl');
  });
  after(async () => {
    await pair?.teardown();
  });

  it('kill -9 of the primary postmaster: the standby is promoted', async () => {
    process.kill(pair.s1.instance.pid()!, 'SIGKILL');
    await pair.waitMirroring('switched', 'server2');
    assert.ok(existsSync(recording), 'the standby recorded its decisions');
  });

  it('mc_ctl replay explains the promotion and finds every decision the same', async () => {
    const r = await McPair.mcCtl(['replay', '--file', recording]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /interval as standby \(switchable\): .*peer server1: primary, postmaster down/);
    assert.match(
      r.stdout,
      /primary failure: the primary failed and this standby was in sync: promote\n\s+→ say MCA00102, promote/,
    );
    assert.match(r.stdout, /result of promote: ok/);
    assert.match(r.stdout, /input\(s\) replayed; every decision is the same as recorded\n$/);
  });

  it('a recording whose decisions the table would now take otherwise is named, exit 1', async () => {
    // The promotion's line, with the controller's recorded actions changed to "nothing".
    const lines = readFileSync(recording, 'utf8').trimEnd().split('\n');
    const i = lines.findIndex((l) => l.includes('"do":"promote"'));
    assert.ok(i >= 0);
    const changed = JSON.parse(lines[i]!) as { actions: unknown[] };
    changed.actions = [];
    lines[i] = JSON.stringify(changed);
    const edited = path.join(pair.mcDir, 'edited.jsonl');
    writeFileSync(edited, `${lines.join('\n')}\n`);
    const r = await McPair.mcCtl(['replay', '--file', edited]);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /DIFFERS: the controller did nothing/);
    assert.match(r.stdout, /1 decided differently now/);
  });

  it('a file that is not a recording is refused with the line that is wrong', async () => {
    const bad = path.join(pair.mcDir, 'bad.jsonl');
    writeFileSync(bad, '{"memory":{}}\nnot json\n');
    const r = await McPair.mcCtl(['replay', '--file', bad]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /line 1 is not a recorded decision/);
  });
});

/**
 * mc_ctl status on a real pair, in the situations where a stored word used to pass for the truth:
 * a primary that set itself up alone, a standby whose primary's controller is gone, a fenced old
 * primary answered from its files, a dead postmaster. Its exit status is what a monitoring script
 * reads: 0 healthy and switchable, 1 degraded, 3 no answer.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { McPair } from '../support/mcPair.js';
import { waitFor } from '../support/wait.js';

describe('mc_ctl status tells the truth, with an exit status scripts can use', () => {
  let pair: McPair;
  before(async () => {
    pair = await McPair.configure();
  });
  after(async () => {
    await pair?.teardown();
  });

  const status = async (id: string) => {
    const r = await pair.statusRun(id);
    return { code: r.code, text: r.stdout };
  };

  it('a primary started with -f before its standby exists is degraded, and says why', async () => {
    await pair.must(['start', ...pair.at('server1'), '-w', '-f']);
    // Its normal set-up: after the detection window it stops waiting for the absent standby.
    await waitFor('the primary to drop the absent standby', () => /\(MCA00203\)/.test(pair.log('server1')), {
      timeoutMs: 20_000,
    });
    const s = await status('server1');
    assert.equal(s.code, 1, s.text);
    assert.match(s.text, /^not-switchable$/m);
    assert.match(s.text, /degraded \(exit status 1\):\n {2}mirroring status is not-switchable/);
    assert.match(s.text, /server2: its Mirroring Controller is (unreachable|stopped)/);
  });

  it('once the standby streams in sync: exit status 0, and no "last error" left from that set-up', async () => {
    await pair.setup('server2', 'server1');
    await pair.must(['start', ...pair.at('server2'), '-w', '-f']);
    await pair.waitMirroring('switchable');
    for (const id of ['server1', 'server2']) {
      const s = await waitFor(`status from ${id} to be healthy`, async () => {
        const x = await status(id);
        return x.code === 0 ? x : undefined;
      });
      assert.doesNotMatch(s.text, /last error/, `${id}:\n${s.text}`);
      assert.doesNotMatch(s.text, /exit status/, 'a healthy pair shows only the manual layout');
      const j = await pair.statusRun(id, '--json');
      assert.equal(j.code, 0);
      assert.equal((j.json as { health: string }).health, 'healthy');
      assert.equal((j.json as { status: { lastError?: unknown } }).status.lastError, undefined);
    }
  });

  it("a standby whose primary's controller is gone is not switchable, whatever it last heard", async () => {
    await pair.must(['stop', ...pair.at('server1'), '--mc-only']);
    const s = await waitFor('the standby to stop promising a switch', async () => {
      const x = await status('server2');
      return /^not-switchable$/m.test(x.text) ? x : undefined;
    });
    assert.equal(s.code, 1, s.text);
    assert.match(s.text, /server1: its Mirroring Controller is (stopped|unreachable)/);
    await pair.must(['start', ...pair.at('server1'), '--mc-only', '-w', '-f']);
    await pair.waitMirroring('switchable', 'server2');
  });

  it('after a switch the fenced old primary says switched from its own files; no controller at all is exit status 3', async () => {
    await pair.must(['switch', ...pair.at('server2')]);
    await pair.waitMirroring('switched', 'server2');
    assert.equal((await status('server2')).code, 1);
    // Stop the new primary's controller (its instance runs on) and the old primary's, if it runs.
    await pair.must(['stop', ...pair.at('server2'), '--mc-only']);
    await pair.mc(['stop', ...pair.at('server1'), '--mc-only']);
    const s = await status('server1');
    assert.equal(s.code, 3, s.text);
    assert.match(s.text, /^switched$/m, `the state file's old "switchable" was shown:\n${s.text}`);
    assert.match(s.text, /^server1\s+none\(inactivated primary\)/m);
    assert.match(s.text, /no answer \(exit status 3\):\n {2}no Mirroring Controller answered/);
    const j = await pair.statusRun('server1', '--json');
    assert.equal(j.code, 3);
    assert.equal((j.json as { health: string }).health, 'noAnswer');
  });

  it('a dead postmaster under a running controller is degraded', async () => {
    await pair.must(['start', ...pair.at('server2'), '--mc-only', '-w']);
    pair.s2.instance.kill9();
    const s = await waitFor('the dead postmaster to show', async () => {
      const x = await status('server2');
      return /abnormal\(postmaster\)/.test(x.text) ? x : undefined;
    });
    assert.equal(s.code, 1, s.text);
    assert.match(s.text, /server2: db_proc_status abnormal\(postmaster\)/);
  });
});

/**
 * etcd as the arbiter, against a real etcd: the controller-side client with two "servers" in one
 * process. The rules themselves are tested in unit/arbiterRules.test.ts; here it is the keys,
 * leases and transactions that carry them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EtcdArbiter } from '../../src/controller/etcdArbiter.js';
import { ETCD, TestEtcd } from '../support/etcd.js';
import { sleep } from '../support/wait.js';

const skip = ETCD ? false : 'etcd is not installed (scripts/test installs etcd-server)';
const T = 2000;
let n = 0;

describe('etcd as the arbiter', { skip }, () => {
  let etcd: TestEtcd;
  before(async () => (etcd = await TestEtcd.start()));
  after(() => etcd?.stop());

  /** Two servers of one pair on a prefix of their own. */
  function pair() {
    const prefix = `/pgcluster/test${++n}`;
    return {
      p: new EtcdArbiter([etcd.url], prefix, 'p', 2),
      s: new EtcdArbiter([etcd.url], prefix, 's', 2),
    };
  }

  it('records the primary and its standby; refuses the promotion while the primary beats, grants it once its key expired', async () => {
    const { p, s } = pair();
    const a = await p.beat({ role: 'primary', healthy: true, syncStandby: 's' }, T);
    assert.equal(a?.primary, 'p');
    assert.equal(a?.deposed, false);
    await s.beat({ role: 'standby', healthy: true }, T);
    const refused = await s.promote('p', 'peer_unreachable', 2800, T);
    assert.equal(refused.granted, false);
    assert.match(refused.granted ? '' : refused.reason, /heard from p .* reports itself healthy/);
    // p stops beating: its lease (2 s) runs out.
    await sleep(3500);
    const granted = await s.promote('p', 'peer_unreachable', 2800, T);
    assert.deepEqual(granted, { granted: true, epoch: 1 });
    const back = await p.beat({ role: 'primary', healthy: true }, T);
    assert.equal(back?.deposed, true, 'the old primary learns it was deposed');
    const d = await p.detach('s', T);
    assert.match(d.granted ? '' : d.reason, /p was deposed: s was promoted/);
  });

  it('grants at once when the primary reports its own failure', async () => {
    const { p, s } = pair();
    await p.beat({ role: 'primary', healthy: true, syncStandby: 's' }, T);
    await p.beat({ role: 'primary', healthy: false }, T);
    assert.equal((await s.promote('p', 'peer_unreachable', 2800, T)).granted, true);
  });

  it('of a detachment and a promotion asked at the same moment, exactly one is granted', async () => {
    for (let i = 0; i < 10; i++) {
      const { p, s } = pair();
      await p.beat({ role: 'primary', healthy: false, syncStandby: 's' }, T);
      const [d, pr] = await Promise.all([p.detach('s', T), s.promote('p', 'peer_unreachable', 2800, T)]);
      assert.equal(
        [d.granted, pr.granted].filter(Boolean).length,
        1,
        `round ${i}: detach ${d.granted}, promote ${pr.granted}`,
      );
    }
  });

  it('an etcd that does not answer grants nothing and counts missed heartbeats', async () => {
    const lost = new EtcdArbiter(['http://127.0.0.1:9'], '/pgcluster/nowhere', 'p', 2);
    assert.equal(await lost.beat({ role: 'primary', healthy: true }, 500), undefined);
    assert.equal(await lost.beat({ role: 'primary', healthy: true }, 500), undefined);
    assert.equal(lost.missed, 2);
    const r = await lost.promote('s', 'planned', 0, 500);
    assert.equal(r.granted, false);
    assert.equal(r.granted ? false : r.unreachable, true);
    assert.match(lost.status().lastError ?? '', /etcd does not answer \(http:\/\/127\.0\.0\.1:9\)/);
  });
});

/**
 * Real network partitions with an arbiter: server1, server2 and the arbiter on three hosts
 * (network namespaces joined by veth links, see support/netns.ts), a client committing
 * continuously from outside. Each case cuts links, waits well past the detection window, checks
 * who is primary, heals, and checks again. Throughout: acknowledged commits come from one server,
 * then (after at most one switch) from the other, never back and forth; none is missing on the
 * final primary.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { McPair } from '../support/mcPair.js';
import { Writer } from '../support/writer.js';
import { ThreeHosts, canMakeHosts, type Host } from '../support/netns.js';
import { sleep, waitFor } from '../support/wait.js';

const WINDOW_MS = 2600;
const skip = canMakeHosts() ? false : 'needs root, iproute2 and iptables (network namespaces)';

interface Case {
  name: string;
  cut: [Host, Host][];
  /** Who is the primary while cut and after healing, and whether writes went on during the cut. */
  primaryAfter: 'server1' | 'server2';
  writesDuringCut: boolean;
  /** What must be in each log by the end of the cut: the evidence that the right side acted. */
  logs: Partial<Record<'server1' | 'server2' | 'arbiter', RegExp[]>>;
}

const CASES: Case[] = [
  {
    name: 'server1 | server2 (both see the arbiter)',
    cut: [['a', 'b']],
    primaryAfter: 'server1',
    writesDuringCut: true,
    logs: {
      arbiter: [/granted primary server1 to stop waiting for standby server2/],
      server2: [/\(MCA00612\)/],
    },
  },
  {
    name: 'server1 | arbiter',
    cut: [['a', 'c']],
    primaryAfter: 'server1',
    writesDuringCut: true,
    logs: { server1: [/the arbiter arb does not answer.*\(MCA00610\)/] },
  },
  {
    name: 'server2 | arbiter',
    cut: [['b', 'c']],
    primaryAfter: 'server1',
    writesDuringCut: true,
    logs: { server2: [/the arbiter arb does not answer.*\(MCA00610\)/] },
  },
  {
    name: 'server1 isolated from both',
    cut: [
      ['a', 'b'],
      ['a', 'c'],
    ],
    primaryAfter: 'server2',
    writesDuringCut: true,
    logs: {
      server1: [/\(MCA00614\)/],
      arbiter: [/granted server server2 the promotion in place of server1 \(peer_unreachable\)/],
    },
  },
  {
    name: 'server2 isolated from both',
    cut: [
      ['a', 'b'],
      ['b', 'c'],
    ],
    primaryAfter: 'server1',
    writesDuringCut: true,
    logs: { arbiter: [/granted primary server1 to stop waiting for standby server2/] },
  },
  {
    name: 'the arbiter isolated from both',
    cut: [
      ['a', 'c'],
      ['b', 'c'],
    ],
    primaryAfter: 'server1',
    writesDuringCut: true,
    logs: { server1: [/\(MCA00610\)/], server2: [/\(MCA00610\)/] },
  },
];

/** The servers (by port) that acknowledged commits, in order, with repeats collapsed. */
function ackRuns(writer: Writer): number[] {
  const runs: number[] = [];
  for (const a of writer.acks) if (runs.at(-1) !== a.port) runs.push(a.port);
  return runs;
}

describe('network partitions between three hosts, with an arbiter', { skip }, () => {
  for (const c of CASES) {
    describe(`cut: ${c.name}`, () => {
      let hosts: ThreeHosts;
      let pair: McPair;
      let writer: Writer;
      before(async () => {
        hosts = new ThreeHosts().create();
        pair = await McPair.build({ failover: true, arbiter: true, hosts });
        writer = new Writer([pair.s1.instance, pair.s2.instance]);
        await writer.prepare();
        writer.start();
        await waitFor('commits flowing', () => writer.acknowledged.length > 20);
        await waitFor('the arbiter to know the synchronous standby', async () =>
          (await pair.arbiterStatus())?.record.syncStandby === 'server2' ? true : undefined,
        );
      });
      after(async () => {
        hosts?.healAll();
        await writer?.stop();
        await pair?.teardown();
        hosts?.destroy();
      });

      it(`${c.primaryAfter} is the only primary while cut, and commits ${c.writesDuringCut ? 'go on' : 'stop'}`, async () => {
        for (const [x, y] of c.cut) hosts.cut(x, y);
        await sleep(3 * WINDOW_MS);
        const n = writer.acknowledged.length;
        await sleep(WINDOW_MS);
        if (c.writesDuringCut) {
          await waitFor('commits during the cut', () => writer.acknowledged.length > n + 10, {
            timeoutMs: 20_000,
          });
        }
        const survivor = pair.side(c.primaryAfter);
        const other = pair.other(c.primaryAfter);
        assert.equal(await survivor.instance.inRecovery(), false, `${c.primaryAfter} is the primary`);
        for (const [who, patterns] of Object.entries(c.logs)) {
          const text = who === 'arbiter' ? pair.arbiterLog() : pair.log(who);
          for (const re of patterns) assert.match(text, re, `${who}'s log`);
        }
        assert.doesNotMatch(
          pair.log(other.id),
          /promotion processing completed/,
          `${other.id} never promoted`,
        );
        // The other is a standby, or stopped (an isolated old primary fences itself).
        const otherIsPrimary = await other.instance.inRecovery().then(
          (r) => !r,
          () => false,
        );
        if (otherIsPrimary) {
          // An isolated old primary may still be up for a moment, but it must never acknowledge.
          const lastOther = [...writer.acks].reverse().find((a) => a.port === other.port);
          const firstSurvivor = writer.acks.find(
            (a) => a.port === survivor.port && a.at > (lastOther?.at ?? 0),
          );
          assert.ok(firstSurvivor, `${other.id} still acknowledges commits`);
        }
      });

      it('heals to one primary, with every acknowledged commit on it', async () => {
        hosts.healAll();
        const survivor = pair.side(c.primaryAfter);
        await waitFor(
          'the other server to settle',
          async () => {
            const st = await pair.status(c.primaryAfter);
            const row = pair.row(st, pair.other(c.primaryAfter).id);
            return c.primaryAfter === 'server1'
              ? st.mirroring === 'switchable'
              : row.hostRole === 'none(inactivated primary)';
          },
          { timeoutMs: 40_000, intervalMs: 300 },
        );
        await writer.stop();
        const runs = ackRuns(writer);
        assert.ok(
          runs.length <= 2,
          `acknowledgements went back and forth between servers: ports ${runs.join(' -> ')}`,
        );
        assert.equal(runs.at(-1), survivor.port, `the last acknowledgements came from ${c.primaryAfter}`);
        assert.deepEqual(await writer.missingOn(survivor.instance), [], 'no acknowledged commit lost');
      });
    });
  }
});

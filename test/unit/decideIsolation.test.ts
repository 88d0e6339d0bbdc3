import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decideIsolation, type IsolationInput, type PeerVerdict } from '../../src/controller/decide.js';

const hostGone: PeerVerdict = { kind: 'failed', resource: 'host_status', detail: 'no heartbeat and no WAL' };
const base: IsolationInput = {
  verdict: hostGone,
  arbiterConfigured: true,
  arbiterMisses: 2,
  failuresToAbnormal: 2,
  isolated: false,
  peerIsStandby: false,
};

describe('decideIsolation (a primary cut off from both its standby and the arbiter)', () => {
  it('stops serving once neither the standby nor the arbiter answered for the detection window', () => {
    assert.equal(decideIsolation(base), 'isolate');
  });

  it('does nothing while the arbiter still answers, or has missed fewer than the limit', () => {
    assert.equal(decideIsolation({ ...base, arbiterMisses: 0 }), 'none');
    assert.equal(decideIsolation({ ...base, arbiterMisses: 1 }), 'none');
  });

  it('does nothing while the standby is reachable in any way', () => {
    for (const verdict of [
      { kind: 'network_fault', detail: 'WAL still streams' },
      { kind: 'suspect', misses: 1 },
      { kind: 'healthy' },
      { kind: 'failed', resource: 'db_proc_status', detail: 'its postmaster died' },
    ] as PeerVerdict[]) {
      assert.equal(decideIsolation({ ...base, verdict }), 'none', verdict.kind);
    }
  });

  it('never applies without an arbiter (SPEC Part 0 stands)', () => {
    assert.equal(decideIsolation({ ...base, arbiterConfigured: false }), 'none');
  });

  it('resumes when the standby answers as a standby again, and not before', () => {
    assert.equal(decideIsolation({ ...base, isolated: true }), 'none');
    assert.equal(decideIsolation({ ...base, isolated: true, peerIsStandby: true }), 'resume');
  });
});

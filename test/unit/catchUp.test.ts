import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  catchUpVerdict,
  cannotCatchUpReason,
  fileOfSegment,
  lsnBytes,
  segmentOfFile,
  slotNameFor,
  slotsToDrop,
  type WalRetention,
} from '../../src/controller/catchUp.js';

const MB16 = 16 * 1024 * 1024;

function primary(oldestFile: string | undefined, extra: Partial<WalRetention> = {}): WalRetention {
  return { ...(oldestFile ? { oldestFile } : {}), segmentBytes: MB16, walKeepSize: '0', slots: [], ...extra };
}

describe('WAL positions and file names', () => {
  it('maps an LSN to its 16 MB segment and back to the file name PostgreSQL uses', () => {
    // 0/3000000 is the first byte of segment 3; 0/2FFFFFF the last of segment 2.
    assert.equal(lsnBytes('0/3000000') / BigInt(MB16), 3n);
    assert.equal(lsnBytes('0/2FFFFFF') / BigInt(MB16), 2n);
    // 256 segments of 16 MB per "log": 1/0 is segment 256, file ...0001 00000000.
    assert.equal(
      fileOfSegment('00000001', lsnBytes('1/A000000') / BigInt(MB16), MB16),
      '00000001000000010000000A',
    );
    assert.equal(segmentOfFile('00000002000000010000000A', MB16), 266n);
  });

  it('honours another segment size (64 MB: 64 segments per log)', () => {
    const mb64 = 64 * 1024 * 1024;
    assert.equal(segmentOfFile('000000010000000100000003', mb64), 67n);
    assert.equal(fileOfSegment('00000001', 67n, mb64), '000000010000000100000003');
  });

  it('refuses what is not an LSN', () => {
    assert.throws(() => lsnBytes('garbage'), /not an LSN/);
  });
});

describe('catchUpVerdict', () => {
  const away = { replayLsn: '0/3000060', standbyName: 'server2' };

  it('a standby that needs a file older than the primary keeps cannot catch up', () => {
    const v = catchUpVerdict(away, primary('000000010000000000000009'));
    assert.deepEqual(v, {
      needed: '000000010000000000000003',
      oldest: '000000010000000000000009',
      walKeepSize: '0',
    });
  });

  it('the oldest file being the one it needs is still enough', () => {
    assert.equal(catchUpVerdict(away, primary('000000010000000000000003')), undefined);
  });

  it('no verdict while it streams, while an archive may feed it, or without both sides figures', () => {
    const gone = primary('000000010000000000000009');
    assert.equal(catchUpVerdict({ ...away, walReceiver: 'streaming' }, gone), undefined);
    assert.equal(catchUpVerdict({ ...away, restoreCommand: true }, gone), undefined);
    assert.equal(catchUpVerdict(away, undefined), undefined);
    assert.equal(catchUpVerdict({ standbyName: 'server2' }, gone), undefined);
    assert.equal(catchUpVerdict({ ...away, replayLsn: 'nonsense' }, gone), undefined);
  });

  it('a walreceiver that keeps restarting (starting, waiting) does not count as streaming', () => {
    const gone = primary('000000010000000000000009');
    assert.ok(catchUpVerdict({ ...away, walReceiver: 'starting' }, gone));
    assert.ok(catchUpVerdict({ ...away, walReceiver: 'waiting' }, gone));
  });

  it('a slot PostgreSQL invalidated (wal_status lost) is the verdict, whatever files remain', () => {
    const p = primary('000000010000000000000003', {
      slots: [{ name: 'pgcluster_server2', active: false, walStatus: 'lost', retainedBytes: null }],
    });
    assert.deepEqual(catchUpVerdict(away, p), {
      needed: '000000010000000000000003',
      lostSlot: 'pgcluster_server2',
      walKeepSize: '0',
    });
    // Another standby's lost slot says nothing about this one.
    assert.equal(catchUpVerdict({ ...away, standbyName: 'other' }, p), undefined);
  });

  it('the reason names the files, the setting and the remedy', () => {
    const text = cannotCatchUpReason({ needed: 'A', oldest: 'B', walKeepSize: '64MB' }, 'server2', 'server1');
    assert.match(
      text,
      /^standby server2 can never catch up: it needs WAL file A, but server1 already removed it \(its oldest is B; wal_keep_size = 64MB\)/,
    );
    assert.match(text, /mc_ctl setup on server2/);
    assert.match(text, /replication_slot_max_wal in server1\.conf/);
  });
});

describe('slots', () => {
  it('derives a name PostgreSQL accepts from any standby name', () => {
    assert.equal(slotNameFor('server2'), 'pgcluster_server2');
    assert.equal(slotNameFor('DB-Node.2'), 'pgcluster_db_node_2');
    assert.equal(slotNameFor('x'.repeat(100)).length, 63);
  });

  it('drops only our inactive slots past the limit; 0 drops nothing', () => {
    const slots = [
      { name: 'pgcluster_a', active: false, walStatus: 'extended', retainedBytes: 2000 },
      { name: 'pgcluster_b', active: true, walStatus: 'extended', retainedBytes: 2000 },
      { name: 'pgcluster_c', active: false, walStatus: 'reserved', retainedBytes: 1000 },
      { name: 'someone_elses', active: false, walStatus: 'extended', retainedBytes: 9000 },
      { name: 'pgcluster_d', active: false, walStatus: null, retainedBytes: null },
    ];
    assert.deepEqual(
      slotsToDrop(slots, 1000).map((s) => s.name),
      ['pgcluster_a'],
    );
    assert.deepEqual(slotsToDrop(slots, 0), []);
  });
});

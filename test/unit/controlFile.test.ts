import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dbStateFromControlFile } from '../../src/postgres/instance.js';

// pg_control starts with system_identifier (8 bytes), pg_control_version and catalog_version_no
// (4 each), then the DBState enum.
function control(state: number, endianness: 'LE' | 'BE'): Buffer {
  const b = Buffer.alloc(64);
  b.writeBigUInt64LE(7311111111111111111n, 0);
  if (endianness === 'LE') {
    b.writeUInt32LE(1300, 8);
    b.writeInt32LE(state, 16);
  } else {
    b.writeUInt32BE(1300, 8);
    b.writeInt32BE(state, 16);
  }
  return b;
}

describe('the cluster state in pg_control', () => {
  it('reads the DBState after the identifier and the version numbers, in either byte order', () => {
    assert.equal(dbStateFromControlFile(control(6, 'LE'), 'LE'), 'in production');
    assert.equal(dbStateFromControlFile(control(5, 'BE'), 'BE'), 'in archive recovery');
    assert.equal(dbStateFromControlFile(control(1, 'LE'), 'LE'), 'shut down');
  });

  it('says unknown for a short file or a value it does not know', () => {
    assert.equal(dbStateFromControlFile(Buffer.alloc(10)), 'unknown');
    assert.equal(dbStateFromControlFile(control(42, 'LE'), 'LE'), 'unknown');
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tryLock, unlock, readLock } from '../../src/controller/pidFile.js';
import { lsnAtLeast, parseLsn } from '../../src/postgres/lsn.js';

describe('locks that a crash cannot leave stuck', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgc-lock-'));

  it('takes a free lock and reports a live holder', () => {
    const f = path.join(dir, 'a.lock');
    assert.equal(tryLock(f, 'switch'), undefined);
    writeFileSync(f, JSON.stringify({ pid: process.ppid, what: 'start', since: 'then' }));
    assert.deepEqual(tryLock(f, 'stop'), { pid: process.ppid, what: 'start', since: 'then' });
  });

  it('takes over the lock of a process that no longer exists', () => {
    const f = path.join(dir, 'b.lock');
    writeFileSync(f, JSON.stringify({ pid: 2 ** 22 + 12345, what: 'switch', since: 'long ago' }));
    assert.equal(tryLock(f, 'stop'), undefined);
    assert.equal(readLock(f)?.pid, process.pid);
    unlock(f);
    assert.equal(existsSync(f), false);
  });

  it('takes over a lock file that is garbage', () => {
    const f = path.join(dir, 'c.lock');
    writeFileSync(f, 'not json');
    assert.equal(tryLock(f, 'stop'), undefined);
  });
});

describe('WAL positions', () => {
  it('compares as 64-bit numbers, not strings', () => {
    assert.equal(parseLsn('0/16B3748'), 0x16b3748n);
    assert.ok(lsnAtLeast('1/0', '0/FFFFFFFF'));
    assert.ok(!lsnAtLeast('0/9', '0/10'));
    assert.throws(() => parseLsn('nonsense'));
  });
});

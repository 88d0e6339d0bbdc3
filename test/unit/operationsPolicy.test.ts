import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { undoPolicy } from '../../src/plan/operations.js';
import { PosixExecutor } from '../../src/platform/posix/executor.js';
import { PgClusterError } from '../../src/errors.js';

describe('undo policy details', () => {
  it('keeps the shared default event source whatever its letter case (Windows ignores case)', () => {
    for (const source of ['MirroringControllerOpen', 'mirroringcontrolleropen', 'MIRRORINGCONTROLLEROPEN'])
      assert.equal(undoPolicy({ kind: 'eventSource.register', source, dll: 'x' }), 'keep');
    assert.equal(
      undoPolicy({ kind: 'eventSource.register', source: 'Mirroring Controller inst1', dll: 'x' }),
      'remove',
    );
  });
});

describe('POSIX executor inputs', () => {
  it('a protected file that disappeared after planning is a clear error, not a crash', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pgc-exec-'));
    try {
      const exec = new PosixExecutor({ servicesFile: path.join(dir, 'services') });
      await assert.rejects(
        exec.test({ kind: 'fileAcl.ownerOnly', path: path.join(dir, 'network.conf'), account: 'root' }),
        (e: unknown) =>
          e instanceof PgClusterError &&
          e.code === 'FILE_NOT_FOUND' &&
          /network\.conf does not exist/.test(e.message),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyWalFile } from '../../src/backup/walCopy.js';
import { main as xlogcopy } from '../../src/cli/pgx_xlogcopy.js';
import { main as dmpall } from '../../src/cli/pgx_dmpall.js';
import { PgClusterError } from '../../src/errors.js';

describe('WAL copy for archive_command and restore_command', () => {
  it('copies into a new directory, accepts the same file again, refuses a different one', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pgc-wal-'));
    try {
      const src = path.join(dir, '000000010000000000000001');
      writeFileSync(src, 'segment');
      const target = path.join(dir, 'archive', 'archived_xlog', '000000010000000000000001');
      assert.equal(copyWalFile(src, target), 'copied');
      assert.equal(readFileSync(target, 'utf8'), 'segment');
      assert.deepEqual(
        readdirSync(path.dirname(target)),
        ['000000010000000000000001'],
        'no temporary file left',
      );
      assert.equal(copyWalFile(src, target), 'already there');
      writeFileSync(src, 'another timeline');
      assert.throws(
        () => copyWalFile(src, target),
        (e: unknown) =>
          e instanceof PgClusterError &&
          e.code === 'WAL_EXISTS_DIFFERENT' &&
          /backup_destination/.test(e.hint ?? ''),
      );
      assert.throws(
        () => copyWalFile(path.join(dir, 'missing'), target),
        (e: unknown) => e instanceof PgClusterError && e.code === 'WAL_NOT_FOUND',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('pgx_xlogcopy: exit 2 with the usage for wrong arguments, 1 with the reason for a failed copy', () => {
    const err: string[] = [];
    assert.equal(
      xlogcopy(['only-one'], (t) => err.push(t)),
      2,
    );
    assert.match(err.join(''), /^usage: pgx_xlogcopy <source file> <target file>/);
    err.length = 0;
    assert.equal(
      xlogcopy(['/nonexistent/000000010000000000000001', '/tmp/x'], (t) => err.push(t)),
      1,
    );
    assert.match(err.join(''), /^pgx_xlogcopy: .*does not exist/);
  });

  it('pgx_dmpall: no data directory given is a usage error (exit 2) that says how to give one', async () => {
    const saved = process.env.PGDATA;
    delete process.env.PGDATA;
    try {
      const err: string[] = [];
      const code = await dmpall([], { out: () => undefined, err: (t) => err.push(t) });
      assert.equal(code, 2);
      assert.match(err.join(''), /no data directory: give -D <datadir> or set PGDATA/);
      assert.equal(await dmpall(['--bogus'], { out: () => undefined, err: () => undefined }), 2);
    } finally {
      if (saved !== undefined) process.env.PGDATA = saved;
    }
  });
});

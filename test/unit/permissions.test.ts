import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  accessChecker,
  checkOwnerOnly,
  describeExtraAccess,
  posixAccessChecker,
  setAccessChecker,
  writeOwnerOnlyFile,
  type AccessChecker,
} from '../../src/config/permissions.js';
import { PgClusterError } from '../../src/errors.js';

const isRoot = process.geteuid?.() === 0;

function errorOf(fn: () => void): PgClusterError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof PgClusterError, String(e));
    return e;
  }
  assert.fail('expected a PgClusterError');
}

describe('owner-only permissions (POSIX)', { skip: process.platform === 'win32' }, () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgcluster-perm-'));
    // Make the directory traversable by uid 65534 so chown'd files stay reachable in tests.
    fs.chmodSync(dir, 0o755);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function file(name: string, mode: number): string {
    const f = path.join(dir, name);
    fs.writeFileSync(f, 'x\n');
    fs.chmodSync(f, mode);
    return f;
  }

  it('accepts 0600 and 0400 files owned by the current user', () => {
    checkOwnerOnly(file('ok600', 0o600));
    posixAccessChecker.checkOwnerOnly(file('ok400', 0o400));
  });

  it('refuses a group/other-readable file, saying who has access and how to fix it', () => {
    const f = file('open', 0o646);
    const e = errorOf(() => checkOwnerOnly(f));
    assert.equal(e.code, 'CONFIG_PERMISSIONS');
    assert.equal(e.where, f);
    assert.ok(e.message.includes(f));
    assert.match(
      e.message,
      /other users have access: group can read, others can read and write \(mode 0646\)/,
    );
    assert.equal(e.hint, `Run: chmod 600 ${f}`);
  });

  it('refuses group-only and execute bits too', () => {
    assert.match(errorOf(() => checkOwnerOnly(file('g', 0o640))).message, /group can read \(mode 0640\)/);
    assert.match(errorOf(() => checkOwnerOnly(file('x', 0o601))).message, /others can execute \(mode 0601\)/);
  });

  it('quotes file names with spaces in the hint', () => {
    const f = file('with space', 0o644);
    assert.equal(errorOf(() => checkOwnerOnly(f)).hint, `Run: chmod 600 '${f}'`);
  });

  it('refuses a missing file with CONFIG_NOT_FOUND', () => {
    const e = errorOf(() => checkOwnerOnly(path.join(dir, 'absent')));
    assert.equal(e.code, 'CONFIG_NOT_FOUND');
  });

  it('refuses something that is not a regular file', () => {
    const d = path.join(dir, 'subdir');
    fs.mkdirSync(d, { mode: 0o700 });
    const e = errorOf(() => checkOwnerOnly(d));
    assert.equal(e.code, 'CONFIG_PERMISSIONS');
    assert.match(e.message, /is not a regular file \(it is a directory\)/);
  });

  it(
    'refuses a file owned by another user, naming the owner',
    { skip: !isRoot && 'needs root to chown' },
    () => {
      const f = file('foreign', 0o600);
      fs.chownSync(f, 65534, 65534);
      const e = errorOf(() => checkOwnerOnly(f));
      assert.equal(e.code, 'CONFIG_PERMISSIONS');
      assert.match(e.message, /it is owned by uid 65534( \([^)]+\))?, not by the current user uid 0/);
      assert.match(e.hint ?? '', /^Run: chown \S+ .*foreign && chmod 600 .*foreign$/);
    },
  );

  it('describes extra access in words', () => {
    assert.equal(describeExtraAccess(0o600), '');
    assert.equal(
      describeExtraAccess(0o677),
      'group can read, write and execute, others can read, write and execute',
    );
    assert.equal(describeExtraAccess(0o620), 'group can write');
    assert.equal(describeExtraAccess(0o100604), 'others can read');
  });

  it('refuses a management directory others can write in, and says how to fix it', () => {
    const d = path.join(dir, 'mcdir-open');
    fs.mkdirSync(d, { recursive: true });
    try {
      for (const [mode, who] of [
        [0o777, /its group and all users can create, rename and remove files in it \(mode 0777\)/],
        [0o775, /its group can create/],
        [0o1777, /all users can create/],
      ] as const) {
        fs.chmodSync(d, mode);
        assert.throws(
          () => posixAccessChecker.checkPrivateDirectory(d),
          (e: unknown) =>
            e instanceof PgClusterError &&
            e.code === 'CONFIG_PERMISSIONS' &&
            who.test(e.message) &&
            /chmod go-w/.test(e.hint ?? ''),
        );
      }
      fs.chmodSync(d, 0o755);
      posixAccessChecker.checkPrivateDirectory(d);
      fs.chmodSync(d, 0o700);
      posixAccessChecker.checkPrivateDirectory(d);
      assert.throws(
        () => posixAccessChecker.checkPrivateDirectory(path.join(dir, 'no-such-dir')),
        /does not exist/,
      );
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });

  it('restricts a file it created to mode 0600', () => {
    const f = file('new-file', 0o644);
    posixAccessChecker.restrictNewFile(f);
    assert.equal(fs.statSync(f).mode & 0o777, 0o600);
  });

  it('lets the platform layer install another checker', () => {
    const seen: string[] = [];
    const fake: AccessChecker = {
      checkOwnerOnly: (f) => void seen.push(f),
      checkPrivateDirectory: () => undefined,
      restrictNewFile: () => undefined,
    };
    const prev = setAccessChecker(fake);
    try {
      assert.equal(prev, posixAccessChecker);
      assert.equal(accessChecker(), fake);
      checkOwnerOnly(file('via-fake', 0o666));
      assert.deepEqual(seen, [path.join(dir, 'via-fake')]);
    } finally {
      setAccessChecker(prev);
    }
    assert.equal(accessChecker(), posixAccessChecker);
  });

  describe('writeOwnerOnlyFile', () => {
    it('creates a 0600 file with the content, leaving no temp file', () => {
      const f = path.join(dir, 'w', 'network.conf');
      fs.mkdirSync(path.dirname(f));
      const oldMask = process.umask(0);
      try {
        writeOwnerOnlyFile(f, 'server1 h1 26540\n');
      } finally {
        process.umask(oldMask);
      }
      assert.equal(fs.readFileSync(f, 'utf8'), 'server1 h1 26540\n');
      assert.equal(fs.statSync(f).mode & 0o777, 0o600);
      assert.deepEqual(fs.readdirSync(path.dirname(f)), ['network.conf']);
      checkOwnerOnly(f);
    });

    it('replaces an existing, too-open file atomically', () => {
      const f = file('replace', 0o644);
      writeOwnerOnlyFile(f, Buffer.from('new'));
      assert.equal(fs.readFileSync(f, 'utf8'), 'new');
      assert.equal(fs.statSync(f).mode & 0o777, 0o600);
    });

    it('fails cleanly when the directory does not exist', () => {
      const e = errorOf(() => writeOwnerOnlyFile(path.join(dir, 'nope', 'f'), 'x'));
      assert.equal(e.code, 'FILE_WRITE_FAILED');
      assert.ok(e.cause);
    });

    it('removes its temp file when the rename fails', () => {
      const target = path.join(dir, 'target-is-dir');
      fs.mkdirSync(path.join(target, 'child'), { recursive: true });
      const e = errorOf(() => writeOwnerOnlyFile(target, 'x'));
      assert.equal(e.code, 'FILE_WRITE_FAILED');
      assert.deepEqual(
        fs.readdirSync(dir).filter((n) => n.endsWith('.tmp')),
        [],
      );
    });
  });
});

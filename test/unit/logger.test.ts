import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../src/log/logger.js';
import { posixAccessChecker, setAccessChecker } from '../../src/config/permissions.js';

const onPosix = { skip: process.platform === 'win32' ? 'POSIX modes and symbolic links' : false };

describe('the log file is the instance administrator’s alone', onPosix, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgc-log-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses a symbolic link planted where the log goes, and leaves its target untouched', () => {
    const target = path.join(dir, 'victim.conf');
    fs.writeFileSync(target, 'precious\n');
    const log = path.join(dir, 'server1.mc.log');
    fs.symlinkSync(target, log);
    assert.throws(() => createLogger({ source: 'test', file: log }), {
      code: 'CONFIG_PERMISSIONS',
      message: `${log} is a symbolic link: the log is never written through one (its target is left untouched)`,
    });
    assert.equal(fs.readFileSync(target, 'utf8'), 'precious\n');
  });

  it('refuses a directory where the log goes, saying what is there', () => {
    const log = path.join(dir, 'adir.mc.log');
    fs.mkdirSync(log);
    assert.throws(
      () => createLogger({ source: 'test', file: log }),
      /adir\.mc\.log is not a regular file \(it is a directory\)/,
    );
  });

  it('creates a new log with mode 0600 whatever the umask, and writes catalog messages to it', async () => {
    const log = path.join(dir, 'new.mc.log');
    const old = process.umask(0);
    try {
      const logger = createLogger({ source: 'MirroringControllerOpen_server1', file: log });
      logger.emit('MCA00003', { dataDir: '/data' });
      await logger.close();
    } finally {
      process.umask(old);
    }
    assert.equal(fs.statSync(log).mode & 0o777, 0o600);
    assert.match(
      fs.readFileSync(log, 'utf8'),
      /MirroringControllerOpen_server1\[\d+\]: LOG: .*\/data.*\(MCA00003\)/,
    );
  });

  it('appends to an existing log rather than replacing it', async () => {
    const log = path.join(dir, 'kept.mc.log');
    fs.writeFileSync(log, 'earlier line\n', { mode: 0o600 });
    const logger = createLogger({ source: 'test', file: log });
    logger.debug('x');
    logger.emit('MCA00003', { dataDir: '/d' });
    await logger.close();
    const text = fs.readFileSync(log, 'utf8');
    assert.ok(text.startsWith('earlier line\n'), text);
    assert.match(text, /MCA00003/);
  });

  it('makes each file that rotation starts owner-only too, through the platform’s access checker', async () => {
    const log = path.join(dir, 'rot.mc.log');
    const restricted: string[] = [];
    // The real POSIX checker, watched: on Windows the same call sets the owner-only DACL.
    const prev = setAccessChecker({
      ...posixAccessChecker,
      restrictNewFile: (f) => {
        restricted.push(f);
        posixAccessChecker.restrictNewFile(f);
      },
    });
    const old = process.umask(0);
    try {
      const logger = createLogger({ source: 'test', file: log, rotateBytes: 4096 });
      for (let i = 0; i < 200; i++) {
        logger.emit('MCA00003', { dataDir: `/data/${'x'.repeat(40)}/${i}` });
        // Winston checks the size between writes; give its stream a turn now and then.
        if (i % 20 === 0) await new Promise((r) => setTimeout(r, 10));
      }
      await logger.close();
    } finally {
      process.umask(old);
      setAccessChecker(prev);
    }
    const files = fs.readdirSync(dir).filter((f) => f.startsWith('rot.mc'));
    assert.ok(files.length >= 2, `rotation must have happened: ${files.join(', ')}`);
    for (const f of files) {
      assert.equal(fs.statSync(path.join(dir, f)).mode & 0o777, 0o600, `${f} must be owner-only`);
    }
    assert.ok(restricted.includes(log), `the first new file is restricted (${restricted.join(', ')})`);
    assert.ok(
      restricted.filter((f) => f === log).length >= 2,
      `the file started after a rotation is restricted as well (${restricted.join(', ')})`,
    );
  });
});

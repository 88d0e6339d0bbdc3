import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PgClusterError } from '../../src/errors.js';
import { formatKeyFile, generateKey, KEY_FILE_NAME, parseKeyFile } from '../../src/controller/keyFile.js';

const FILE = '/mc/mc.key';

function refused(text: string, where: string, message: RegExp): void {
  assert.throws(
    () => parseKeyFile(text, FILE),
    (e) => {
      assert.ok(e instanceof PgClusterError);
      assert.equal(e.code, 'KEY_INVALID');
      assert.equal(e.where, where);
      assert.match(e.message, message);
      assert.ok(e.hint);
      return true;
    },
  );
}

describe('admin network key file', () => {
  it('is called mc.key', () => {
    assert.equal(KEY_FILE_NAME, 'mc.key');
  });

  it('generates 32 random bytes', () => {
    const a = generateKey();
    const b = generateKey();
    assert.equal(a.length, 32);
    assert.notDeepEqual(a, b);
  });

  it('round-trips through its text form, which has a header comment', () => {
    const key = generateKey();
    const text = formatKeyFile(key);
    assert.match(text, /^# .*\n/);
    assert.ok(text.endsWith('\n'));
    assert.ok(text.includes(key.toString('hex')));
    assert.deepEqual(parseKeyFile(text, FILE), key);
  });

  it('accepts CRLF, a BOM, upper-case hex, blank lines and surrounding spaces', () => {
    const key = generateKey();
    const text = `\uFEFF# comment\r\n\r\n   ${key.toString('hex').toUpperCase()}  \r\n# trailing\r\n`;
    assert.deepEqual(parseKeyFile(text, FILE), key);
  });

  it('refuses a key of the wrong length at file:line', () => {
    refused(`# k\n${'ab'.repeat(31)}\n`, `${FILE}:2`, /62 hex digits, expected 64/);
    refused(`# k\n${'ab'.repeat(33)}\n`, `${FILE}:2`, /66 hex digits/);
  });

  it('refuses non-hex characters at file:line', () => {
    refused(`# k\n\n${'zz'.repeat(32)}\n`, `${FILE}:3`, /hexadecimal/);
    refused(`${'ab'.repeat(16)} ${'ab'.repeat(16)}\n`, `${FILE}:1`, /hexadecimal/);
  });

  it('refuses a second key line', () => {
    const k = 'ab'.repeat(32);
    refused(`${k}\n${k}\n`, `${FILE}:2`, /second key line.*line 1/);
  });

  it('refuses a file without a key', () => {
    refused('', FILE, /no key/);
    refused('# only a comment\n\n', FILE, /no key/);
  });

  it('refuses to format a key of the wrong size', () => {
    assert.throws(
      () => formatKeyFile(Buffer.alloc(16)),
      (e) => e instanceof PgClusterError && e.code === 'KEY_INVALID',
    );
  });
});

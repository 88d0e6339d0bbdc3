import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolvePassword, type PasswordSources } from '../../src/cli/password.js';
import { PgClusterError } from '../../src/errors.js';

function from(over: Partial<PasswordSources>): string | undefined {
  return resolvePassword({
    option: undefined,
    env: {},
    readStdin: () => assert.fail('standard input must not be read'),
    stdinIsTerminal: false,
    ...over,
  });
}

describe('where mc_ctl takes a password from', () => {
  it('-P <password> as the manual has it, before PGPASSWORD; stdin untouched', () => {
    assert.equal(from({ option: 's3cret', env: { PGPASSWORD: 'other' } }), 's3cret');
  });

  it('PGPASSWORD without -P; an empty PGPASSWORD is no password', () => {
    assert.equal(from({ env: { PGPASSWORD: 'envpw' } }), 'envpw');
    assert.equal(from({ env: { PGPASSWORD: '' } }), undefined);
    assert.equal(from({}), undefined);
  });

  it('-P - takes the first line of standard input, without its line end (LF or CRLF)', () => {
    assert.equal(from({ option: '-', readStdin: () => 'pw with spaces\n' }), 'pw with spaces');
    assert.equal(from({ option: '-', readStdin: () => 'winpw\r\n' }), 'winpw');
    assert.equal(from({ option: '-', readStdin: () => 'nolineend' }), 'nolineend');
    assert.equal(from({ option: '-', readStdin: () => "it's:\\odd\nsecond line" }), "it's:\\odd");
    assert.equal(from({ option: '-', env: { PGPASSWORD: 'ignored' }, readStdin: () => 'stdin\n' }), 'stdin');
  });

  it('-P - refuses an empty standard input and a terminal, saying what to do', () => {
    const refused = (re: RegExp) => (e: unknown) => {
      assert.ok(e instanceof PgClusterError);
      assert.equal(e.code, 'PASSWORD_STDIN');
      assert.match(e.describe(), re);
      return true;
    };
    assert.throws(() => from({ option: '-', readStdin: () => '' }), refused(/no password on standard input/));
    assert.throws(() => from({ option: '-', readStdin: () => '\nlater' }), refused(/first line/));
    assert.throws(() => from({ option: '-', stdinIsTerminal: true }), refused(/is a terminal.*pipe it in/s));
  });
});

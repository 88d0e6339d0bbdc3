import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommandLine } from '../../src/cli/options.js';
import { PgClusterError } from '../../src/errors.js';

function usageError(argv: string[]): PgClusterError {
  try {
    parseCommandLine(argv);
  } catch (e) {
    assert.ok(e instanceof PgClusterError);
    assert.equal(e.code, 'USAGE');
    return e;
  }
  assert.fail(`expected a usage error for ${argv.join(' ')}`);
}

describe('mc_ctl command line', () => {
  it("reads the manual's command lines", () => {
    const s = parseCommandLine(['start', '-M', 'D:\\mcdire\\inst1', '-w', '-f']);
    assert.equal(s.mode, 'start');
    assert.equal(s.mcDir, 'D:\\mcdire\\inst1');
    assert.equal(s.flags.wait, true);
    assert.equal(s.flags.failover, true);
    const setup = parseCommandLine([
      'setup',
      '-M',
      '/mc',
      '-r',
      'standby',
      '-U',
      'symfo',
      '-h',
      'host1',
      '-p',
      '26500',
      '--standby-name=standby1',
    ]);
    assert.equal(setup.values.host, 'host1');
    assert.equal(setup.values['standby-name'], 'standby1');
    const local = parseCommandLine(['stop', '-M', '/mc', '--local-server', 'server1', '-a']);
    assert.equal(local.localServer, 'server1');
    assert.equal(local.flags.all, true);
  });

  it('refuses unknown modes, unknown options and options of another mode', () => {
    assert.match(usageError(['restart', '-M', '/x']).message, /unknown mode 'restart'/);
    assert.match(usageError(['status', '-M', '/x', '-w']).message, /status: unknown option '-w'/);
    assert.match(usageError(['start', '-M', '/x', '-a']).message, /unknown option '-a'/);
  });

  it('requires -M', () => {
    const e = usageError(['status']);
    assert.match(e.message, /management directory is required/);
  });

  it('checks combinations and values', () => {
    assert.match(usageError(['stop', '-M', '/x', '-e', '-a']).message, /-e .* cannot be combined/);
    assert.match(usageError(['setup', '-M', '/x', '-h', 'h', '-p', '1']).message, /-r standby is required/);
    assert.match(
      usageError(['setup', '-M', '/x', '-r', 'primary', '-h', 'h', '-p', '1']).message,
      /only -r standby/,
    );
    assert.match(
      usageError(['setup', '-M', '/x', '-r', 'standby', '-h', 'h', '-p', '70000']).message,
      /not a port/,
    );
    assert.match(usageError(['register', '-M', '/x', '-S', 'boot']).message, /not a start type/);
    assert.match(usageError(['start', '-M', '']).message, /needs a value|required/);
  });

  it('fsm needs no directory', () => {
    assert.equal(parseCommandLine(['fsm', '--format', 'dot']).values.format, 'dot');
  });
});

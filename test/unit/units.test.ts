import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseBool, parseDurationMs, parseInteger, parseSizeBytes, rint } from '../../src/config/units.js';
import { PgClusterError } from '../../src/errors.js';

const invalid = (fn: () => unknown) =>
  assert.throws(fn, (e: unknown) => e instanceof PgClusterError && e.code === 'CONFIG_INVALID');

describe('durations', () => {
  it('reads every time unit', () => {
    assert.equal(parseDurationMs('1500us', 'us'), 1.5);
    assert.equal(parseDurationMs('250ms', 'ms'), 250);
    assert.equal(parseDurationMs('60s', 'ms'), 60_000);
    assert.equal(parseDurationMs('2min', 'ms'), 120_000);
    assert.equal(parseDurationMs('1h', 's'), 3_600_000);
    assert.equal(parseDurationMs('1d', 's'), 86_400_000);
  });

  it("takes bare numbers in the parameter's base unit", () => {
    assert.equal(parseDurationMs('60000', 'ms'), 60_000); // wal_sender_timeout
    assert.equal(parseDurationMs('10', 's'), 10_000); // wal_receiver_status_interval
    assert.equal(parseDurationMs('5', 'min'), 300_000);
  });

  it('allows blanks around the unit and a fraction, rounding to the base unit as the server does', () => {
    assert.equal(parseDurationMs(' 3 s ', 'ms'), 3000);
    assert.equal(parseDurationMs('1.5s', 'ms'), 1500);
    assert.equal(parseDurationMs('1500ms', 's'), 2000);
    assert.equal(parseDurationMs('2500ms', 's'), 2000); // half to even
    assert.equal(parseDurationMs('0.5min', 's'), 30_000);
  });

  it('reads hex and octal like strtol, and negative values', () => {
    assert.equal(parseDurationMs('0x10', 'ms'), 16);
    assert.equal(parseDurationMs('010', 'ms'), 8);
    assert.equal(parseDurationMs('-1', 's'), -1000);
  });

  it('rejects unknown, mis-cased or missing units', () => {
    invalid(() => parseDurationMs('10 sec', 'ms'));
    invalid(() => parseDurationMs('10S', 'ms'));
    invalid(() => parseDurationMs('10MB', 'ms'));
    invalid(() => parseDurationMs('', 'ms'));
    invalid(() => parseDurationMs('s', 'ms'));
    invalid(() => parseDurationMs('09', 'ms'));
    invalid(() => parseDurationMs('1 2', 'ms'));
  });

  it('names the parameter and the valid units in the error', () => {
    try {
      parseDurationMs('5 parsecs', 'ms', 'wal_sender_timeout');
      assert.fail('expected an error');
    } catch (e) {
      assert.ok(e instanceof PgClusterError);
      assert.match(e.message, /wal_sender_timeout/);
      assert.match(e.hint ?? '', /"min"/);
    }
  });
});

describe('sizes', () => {
  it('reads every size unit', () => {
    assert.equal(parseSizeBytes('512B', 'B'), 512);
    assert.equal(parseSizeBytes('64kB', 'kB'), 65_536);
    assert.equal(parseSizeBytes('512MB', 'MB'), 512 * 1024 ** 2);
    assert.equal(parseSizeBytes('1GB', 'MB'), 1024 ** 3);
    assert.equal(parseSizeBytes('2TB', 'MB'), 2 * 1024 ** 4);
  });

  it('reads bare numbers in the base unit, including 8kB blocks', () => {
    assert.equal(parseSizeBytes('64', 'MB'), 64 * 1024 ** 2); // wal_keep_size
    assert.equal(parseSizeBytes('4096', 'kB'), 4 * 1024 ** 2); // work_mem
    assert.equal(parseSizeBytes('16384', '8kB'), 128 * 1024 ** 2); // shared_buffers
    assert.equal(parseSizeBytes('128MB', '8kB'), 128 * 1024 ** 2);
  });

  it('rounds to the base unit', () => {
    assert.equal(parseSizeBytes('1.5MB', 'MB'), 2 * 1024 ** 2);
    assert.equal(parseSizeBytes('12kB', '8kB'), 16_384);
  });

  it('rejects lower-case units and the block unit as input', () => {
    invalid(() => parseSizeBytes('64mb', 'MB'));
    invalid(() => parseSizeBytes('1 KB', 'kB'));
    invalid(() => parseSizeBytes('2 8kB', 'kB'));
    invalid(() => parseSizeBytes('lots', 'kB'));
  });
});

describe('integers', () => {
  it('reads whole numbers and rounds fractions', () => {
    assert.equal(parseInteger('10'), 10);
    assert.equal(parseInteger(' 2 '), 2);
    assert.equal(parseInteger('2.5'), 2);
    assert.equal(parseInteger('0x0A'), 10);
  });
  it('rejects units and words', () => {
    invalid(() => parseInteger('10kB'));
    invalid(() => parseInteger('ten'));
  });
  it('rint rounds halves to even', () => {
    assert.deepEqual([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, 2.6].map(rint), [0, 2, 2, -0, -2, -2, 2, 3]);
  });
});

describe('booleans', () => {
  it('accepts the spellings and unique prefixes PostgreSQL accepts, in any case', () => {
    for (const v of ['on', 'ON', 'true', 't', 'tr', 'TRUE', 'yes', 'y', 'ye', '1', ' on '])
      assert.equal(parseBool(v), true, v);
    for (const v of ['off', 'of', 'OFF', 'false', 'f', 'fa', 'no', 'n', 'NO', '0'])
      assert.equal(parseBool(v), false, v);
  });
  it('rejects ambiguous and unknown words', () => {
    for (const v of ['o', '', 'onn', 'offf', 'truee', 'yess', '2', 'enabled']) invalid(() => parseBool(v));
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSameHost, parseNetworkConf } from '../../src/config/networkConf.js';
import { PgClusterError } from '../../src/errors.js';

const FILE = '/mc/network.conf';

/** Parses and expects failure; returns the error for further checks. */
function invalid(text: string, platform: NodeJS.Platform = 'linux'): PgClusterError {
  try {
    parseNetworkConf(text, FILE, platform);
  } catch (e) {
    assert.ok(e instanceof PgClusterError);
    assert.equal(e.code, 'CONFIG_INVALID');
    assert.equal(e.where, FILE);
    assert.ok(e.hint && e.hint.length > 0);
    return e;
  }
  assert.fail('expected a CONFIG_INVALID error');
}

/** The per-line problems listed in the error message. */
function problems(e: PgClusterError): string[] {
  return e.message.split('\n').slice(1);
}

const PAIR2 = 'server2 192.0.2.110 26540\n';

describe('network.conf', () => {
  describe('accepted files', () => {
    it('accepts the IPv4 example', () => {
      const r = parseNetworkConf('server1 192.0.2.100 26540\nserver2 192.0.2.110 26540\n', FILE, 'linux');
      assert.deepEqual(r.servers, [
        { id: 'server1', host: '192.0.2.100', port: 26540, line: 1 },
        { id: 'server2', host: '192.0.2.110', port: 26540, line: 2 },
      ]);
      assert.deepEqual(r.warnings, []);
    });

    it('accepts the IPv6 example', () => {
      const r = parseNetworkConf(
        'server1 2001:258:8404:1217:250:56ff:fea7:559f 27000\nserver2 2001:258:8404:1217:250:56ff:fea7:55a0 27100\n',
        FILE,
        'linux',
      );
      assert.equal(r.servers[0]!.host, '2001:258:8404:1217:250:56ff:fea7:559f');
      assert.equal(r.servers[1]!.port, 27100);
    });

    it('accepts the same-host example (same address, different ports)', () => {
      const r = parseNetworkConf('server1 192.0.2.100 26540\nserver2 192.0.2.100 26541\n', FILE, 'linux');
      assert.equal(r.servers.length, 2);
      assert.equal(isSameHost(r.servers[0]!.host, r.servers[1]!.host), true);
    });

    it('allows comments, blank lines, tabs, several spaces and CRLF', () => {
      const text =
        '# Mirroring Controller network\r\n\r\n  server1\t192.0.2.100   26540 # primary\r\n\t\r\nserver2 db2.example.com\t26541#standby\r\n# end';
      const r = parseNetworkConf(text, FILE, 'linux');
      assert.deepEqual(r.servers, [
        { id: 'server1', host: '192.0.2.100', port: 26540, line: 3 },
        { id: 'server2', host: 'db2.example.com', port: 26541, line: 5 },
      ]);
    });

    it('tolerates a UTF-8 byte order mark at the start', () => {
      const r = parseNetworkConf('\uFEFFserver1 h1 26540\nserver2 h2 26540\n', FILE, 'win32');
      assert.equal(r.servers[0]!.id, 'server1');
    });

    it('accepts a 64-byte identifier and punctuation that file systems allow', () => {
      const id = 'a'.repeat(64);
      const r = parseNetworkConf(`${id} h1 1\nsrv-2_b.x@y h2 65535\n`, FILE, 'linux');
      assert.equal(r.servers[0]!.id, id);
      assert.equal(r.servers[1]!.id, 'srv-2_b.x@y');
      assert.equal(r.servers[0]!.port, 1);
    });

    it('accepts host names, single-label names and IPv6 forms', () => {
      for (const host of ['localhost', 'DB-1', 'a.b-c.example', '::1', 'fe80::1%eth0', '::ffff:192.0.2.1']) {
        const r = parseNetworkConf(`s1 ${host} 26540\ns2 other 26540\n`, FILE, 'linux');
        assert.equal(r.servers[0]!.host, host);
      }
    });
  });

  describe('identifier', () => {
    it('rejects a 65-byte identifier, naming the limit', () => {
      const e = invalid(`${'s'.repeat(65)} 192.0.2.100 26540\n${PAIR2}`);
      assert.match(
        e.message,
        /\/mc\/network\.conf:1: invalid server identifier "s{65}": it is 65 bytes long/,
      );
      assert.match(e.message, /1-64 printable ASCII/);
    });

    it('rejects characters that are not allowed in file names', () => {
      for (const ch of ['/', '\\', '<', '>', ':', '"', '|', '?', '*']) {
        const e = invalid(`srv${ch}1 192.0.2.100 26540\n${PAIR2}`);
        assert.match(e.message, /:1: invalid server identifier/, `character ${ch}`);
        assert.ok(e.message.includes(`contains "${ch}"`), `character ${ch}`);
      }
    });

    it('rejects "." and ".." and Windows device names', () => {
      for (const id of ['.', '..', 'CON', 'nul', 'Com1', 'LPT9']) {
        const e = invalid(`${id} 192.0.2.100 26540\n${PAIR2}`);
        assert.match(e.message, /:1: invalid server identifier/, id);
      }
    });

    it('rejects control characters', () => {
      const e = invalid(`srv\x01 192.0.2.100 26540\n${PAIR2}`);
      assert.match(e.message, /control or space character at position 4/);
    });

    it('rejects a non-ASCII identifier with its column', () => {
      const e = invalid(`sérver1 192.0.2.100 26540\n${PAIR2}`);
      assert.match(
        e.message,
        /network\.conf:1: non-ASCII character U\+00E9 at column 2 \(network\.conf must be plain ASCII\)/,
      );
    });

    it('rejects duplicate identifiers, also when they differ only in case', () => {
      let e = invalid('server1 h1 26540\nserver1 h2 26540\n');
      assert.match(e.message, /:2: server identifier "server1" is already defined on line 1/);
      e = invalid('Server1 h1 26540\nserver1 h2 26540\n');
      assert.match(e.message, /:2: server identifier "server1" is already defined on line 1/);
    });
  });

  describe('host', () => {
    it('rejects a non-ASCII host with its column', () => {
      const e = invalid(`server1 dbé.example 26540\n${PAIR2}`);
      assert.match(e.message, /:1: non-ASCII character U\+00E9 at column 11/);
    });

    it('rejects malformed IPv4, IPv6 and host names', () => {
      const cases: [string, RegExp][] = [
        ['192.0.2.300', /not a valid IPv4 address/],
        ['192.0.2', /not a valid IPv4 address/],
        ['1::2::3', /not a valid IPv6 address/],
        ['[::1]', /without brackets/],
        ['-db.example', /label "-db"/],
        ['db..example', /empty label/],
        ['db.example.', /empty label/],
        ['db_1', /label "db_1"/],
        [`${'a'.repeat(64)}.example`, /label "a{64}"/],
        ['db.123', /last label of a host name cannot be all digits/],
        [`${'abcdefghi.'.repeat(26)}com`, /at most 253 characters/],
      ];
      for (const [host, re] of cases) {
        const e = invalid(`server1 ${host} 26540\n${PAIR2}`);
        assert.match(e.message, re, host);
        assert.ok(e.message.includes(`:1: invalid host "${host}"`), host);
      }
    });
  });

  describe('port', () => {
    it('rejects 65536 with the allowed range', () => {
      const e = invalid(`server1 192.0.2.100 65536\n${PAIR2}`);
      assert.match(
        e.message,
        /:1: invalid port "65536": port numbers end at 65535 \(port: a decimal integer from 1 to 65535\)/,
      );
    });

    it('rejects non-numeric ports', () => {
      for (const p of ['abc', '26540x', '-1', '+80', '0x50', '80.0']) {
        const e = invalid(`server1 192.0.2.100 ${p}\n${PAIR2}`);
        assert.ok(e.message.includes(`:1: invalid port "${p}": not a decimal number`), p);
      }
    });

    it('rejects port 0 and says why', () => {
      const e = invalid(`server1 192.0.2.100 0\n${PAIR2}`);
      assert.match(e.message, /invalid port "0": .*cannot listen on it/);
    });

    it('rejects two entries with the same host and port, comparing IPv6 spellings', () => {
      let e = invalid('server1 192.0.2.100 26540\nserver2 192.0.2.100 26540\n');
      assert.match(e.message, /:2: "server2" uses the same host and port as "server1" on line 1/);
      e = invalid('server1 2001:db8::1 27000\nserver2 2001:DB8:0:0::0001 27000\n');
      assert.match(e.message, /same host and port/);
      e = invalid('server1 DB1.example 27000\nserver2 db1.EXAMPLE 27000\n');
      assert.match(e.message, /same host and port/);
    });

    it('warns about ports in the ephemeral range of the given platform', () => {
      const text = 'server1 h1 40000\nserver2 h2 50000\n';
      const linux = parseNetworkConf(text, FILE, 'linux');
      assert.equal(linux.warnings.length, 2);
      assert.match(
        linux.warnings[0]!,
        /^\/mc\/network\.conf:1: port 40000 of "server1" is inside the Linux ephemeral port range 32768-60999/,
      );
      const win = parseNetworkConf(text, FILE, 'win32');
      assert.equal(win.warnings.length, 1);
      assert.match(win.warnings[0]!, /:2: port 50000 .* Windows ephemeral port range 49152-65535/);
      const edges = parseNetworkConf('server1 h1 32767\nserver2 h2 61000\n', FILE, 'linux');
      assert.deepEqual(edges.warnings, []);
      assert.equal(
        parseNetworkConf('server1 h1 49151\nserver2 h2 65535\n', FILE, 'win32').warnings.length,
        1,
      );
    });
  });

  describe('file structure', () => {
    it('requires exactly two servers', () => {
      assert.match(invalid('# nothing here\n').message, /:1: no servers are defined \(exactly two servers/);
      assert.match(invalid('').message, /no servers are defined/);
      assert.match(invalid('# a\n\nserver1 h1 26540\n').message, /:3: only one server is defined/);
      const e = invalid('s1 h1 1\ns2 h2 2\ns3 h3 3\ns4 h4 4\n');
      assert.deepEqual(
        problems(e).map((p) => p.split(': ')[0]),
        ['/mc/network.conf:3', '/mc/network.conf:4'],
      );
      assert.match(e.message, /:3: more than two servers are defined/);
    });

    it('rejects a wrong number of fields', () => {
      let e = invalid('server1 192.0.2.100\nserver2 h2 26540\n');
      assert.match(e.message, /:1: expected 3 or 4 fields but found 2: "server1 192.0.2.100"/);
      e = invalid('server1 192.0.2.100 26540 server extra\nserver2 h2 26540\n');
      assert.match(e.message, /:1: expected 3 or 4 fields but found 5/);
      e = invalid('server1 192.0.2.100 26540 extra\nserver2 h2 26540\n');
      assert.match(
        e.message,
        /:1: unknown kind "extra" \(the optional fourth field is "server" \(the default\) or "arbiter"\)/,
      );
    });

    it('reads an optional arbiter line, in any place', () => {
      const r = parseNetworkConf(
        'arb 192.0.2.200 26542 arbiter\nserver1 192.0.2.100 26540 server\nserver2 192.0.2.101 26540\n',
        '/mc/network.conf',
        'linux',
      );
      assert.deepEqual(
        r.servers.map((s) => s.id),
        ['server1', 'server2'],
      );
      assert.deepEqual(r.arbiter, { id: 'arb', host: '192.0.2.200', port: 26542, line: 1 });
      assert.equal(parseNetworkConf('a h1 1\nb h2 2\n', '/mc/network.conf', 'linux').arbiter, undefined);
      assert.equal(parseNetworkConf('a h1 1\nb h2 2\nc h3 3 ARBITER\n', 'f', 'linux').arbiter?.id, 'c');
    });

    it('refuses a second arbiter, an arbiter only, and an arbiter that clashes with a server', () => {
      let e = invalid('s1 h1 1\ns2 h2 2\na1 h3 3 arbiter\na2 h4 4 arbiter\n');
      assert.match(e.message, /:4: a second arbiter is defined \(the first is on line 3\)/);
      e = invalid('s1 h1 1\na1 h3 3 arbiter\n');
      assert.match(e.message, /:1: only one server is defined/);
      e = invalid('s1 h1 1\ns2 h2 2\nS1 h3 3 arbiter\n');
      assert.match(e.message, /:3: server identifier "S1" is already defined on line 1/);
      e = invalid('s1 h1 1\ns2 h2 2\na h2 2 arbiter\n');
      assert.match(e.message, /:3: "a" uses the same host and port as "s2" on line 2/);
    });

    it('reports every problem of the file in one error, in line order', () => {
      const e = invalid(`${'x'.repeat(65)} h1 65536\nsrvé h2 26540\ns3 h3\n`);
      const lines = problems(e);
      assert.equal(lines.length, 5);
      assert.match(e.message, /^network\.conf is invalid \(5 problems\):/);
      assert.match(lines[0]!, /^\/mc\/network\.conf:1: invalid server identifier/);
      assert.match(lines[1]!, /^\/mc\/network\.conf:1: invalid port "65536"/);
      assert.match(lines[2]!, /^\/mc\/network\.conf:2: non-ASCII/);
      assert.match(lines[3]!, /^\/mc\/network\.conf:3: expected 3 or 4 fields/);
      assert.match(lines[4]!, /^\/mc\/network\.conf:3: more than two servers/);
      for (const l of lines) assert.match(l, /\(.+\)$/, 'each problem ends with its rule');
    });

    it('refuses non-ASCII text even in a comment', () => {
      const e = invalid('# primär\nserver1 h1 26540\nserver2 h2 26540\n');
      assert.match(e.message, /:1: non-ASCII character U\+00E4 at column 7/);
    });
  });

  describe('isSameHost', () => {
    it('compares names case-insensitively and normalises IPv6', () => {
      assert.equal(isSameHost('DB1.Example.COM', 'db1.example.com'), true);
      assert.equal(isSameHost('2001:db8::1', '2001:0DB8:0000:0000:0000:0000:0000:0001'), true);
      assert.equal(isSameHost('::', '0:0:0:0:0:0:0:0'), true);
      assert.equal(isSameHost('::ffff:192.0.2.1', '192.0.2.1'), true);
      assert.equal(isSameHost('::ffff:c000:201', '192.0.2.1'), true);
      assert.equal(isSameHost('fe80::1%eth0', 'fe80::1'), true);
      assert.equal(isSameHost('2001:db8::1', '2001:db8::2'), false);
      assert.equal(isSameHost('::1', '1::'), false);
      assert.equal(isSameHost('192.0.2.1', '192.0.2.10'), false);
      assert.equal(isSameHost('db1', 'db2'), false);
    });
  });
});

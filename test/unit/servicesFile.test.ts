/**
 * The services file: parsing real /etc/services lines (Debian) and a Windows-style file (CRLF),
 * whether PgCluster's reservation is there, and editing that touches nothing but its own line.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PgClusterError } from '../../src/errors.js';
import {
  formatServicesLine,
  parseServicesFile,
  assertPortFree,
  servicesEntryState,
  withServicesEntry,
  withoutServicesEntry,
  type WantedEntry,
} from '../../src/config/servicesFile.js';

/** Lines copied from /etc/services of a Debian machine (tabs as in the file). */
const DEBIAN = [
  '# Network services, Internet style',
  '#',
  '# New ports will be added on request if they have been officially assigned',
  '',
  'tcpmux\t\t1/tcp\t\t\t\t# TCP port service multiplexer',
  'echo\t\t7/tcp',
  'echo\t\t7/udp',
  'discard\t\t9/tcp\t\tsink null',
  'ssh\t\t22/tcp\t\t\t\t# SSH Remote Login Protocol',
  'kerberos\t88/tcp\t\tkerberos5 krb5 kerberos-sec\t# Kerberos v5',
  'https\t\t443/tcp\t\t\t\t# http protocol over TLS/SSL',
  'https\t\t443/udp\t\t\t\t# HTTP/3',
  'postgresql\t5432/tcp\tpostgres\t# PostgreSQL Database',
  '',
].join('\n');

/** The head of %SystemRoot%\System32\drivers\etc\services, as Windows ships it (CRLF). */
const WINDOWS = [
  '# Copyright (c) 1993-2004 Microsoft Corp.',
  '#',
  '# This file contains port numbers for well-known services defined by IANA',
  '#',
  '# Format:',
  '#',
  '# <service name>  <port number>/<protocol>  [aliases...]   [#<comment>]',
  '#',
  '',
  'echo                7/tcp',
  'echo                7/udp',
  'discard             9/tcp    sink null',
  'ms-sql-s         1433/tcp                           #Microsoft-SQL-Server',
  '',
].join('\r\n');

const MC: WantedEntry = {
  service: 'pgcluster-mc-server1',
  port: 26540,
  comment: 'PgCluster Mirroring Controller server1',
};
const MC_LINE = 'pgcluster-mc-server1    26540/tcp       # PgCluster Mirroring Controller server1';

function errorOf(fn: () => unknown): PgClusterError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof PgClusterError, String(e));
    return e;
  }
  assert.fail('expected a PgClusterError');
}

describe('parseServicesFile', () => {
  it('reads names, ports, protocols, aliases and 1-based line numbers, skipping comments and blanks', () => {
    assert.deepEqual(parseServicesFile(DEBIAN), [
      { name: 'tcpmux', port: 1, protocol: 'tcp', aliases: [], line: 5 },
      { name: 'echo', port: 7, protocol: 'tcp', aliases: [], line: 6 },
      { name: 'echo', port: 7, protocol: 'udp', aliases: [], line: 7 },
      { name: 'discard', port: 9, protocol: 'tcp', aliases: ['sink', 'null'], line: 8 },
      { name: 'ssh', port: 22, protocol: 'tcp', aliases: [], line: 9 },
      {
        name: 'kerberos',
        port: 88,
        protocol: 'tcp',
        aliases: ['kerberos5', 'krb5', 'kerberos-sec'],
        line: 10,
      },
      { name: 'https', port: 443, protocol: 'tcp', aliases: [], line: 11 },
      { name: 'https', port: 443, protocol: 'udp', aliases: [], line: 12 },
      { name: 'postgresql', port: 5432, protocol: 'tcp', aliases: ['postgres'], line: 13 },
    ]);
  });

  it('reads a CRLF file without carriage returns in names, aliases or line numbers', () => {
    assert.deepEqual(parseServicesFile(WINDOWS), [
      { name: 'echo', port: 7, protocol: 'tcp', aliases: [], line: 10 },
      { name: 'echo', port: 7, protocol: 'udp', aliases: [], line: 11 },
      { name: 'discard', port: 9, protocol: 'tcp', aliases: ['sink', 'null'], line: 12 },
      { name: 'ms-sql-s', port: 1433, protocol: 'tcp', aliases: [], line: 13 },
    ]);
  });

  it('ignores malformed lines and keeps counting lines past them', () => {
    const text = [
      'gopher 70', // no protocol
      'broken /tcp', // no port
      'alsobroken 70/', // no protocol after the slash
      'notaport abc/tcp',
      '   \t  ', // whitespace only
      '#tcpmux 1/tcp', // commented out
      'irc 194/TCP#no space before the comment',
      'toolong 123456/tcp',
    ].join('\n');
    assert.deepEqual(parseServicesFile(text), [
      { name: 'irc', port: 194, protocol: 'tcp', aliases: [], line: 7 },
    ]);
  });

  it('reads an empty file as no entries', () => {
    assert.deepEqual(parseServicesFile(''), []);
    assert.deepEqual(parseServicesFile('\n\n'), []);
  });
});

describe('servicesEntryState', () => {
  it('is absent when the service has no tcp line', () => {
    assert.deepEqual(servicesEntryState(DEBIAN, MC), { state: 'absent' });
    // A udp line of our name is not our reservation.
    const udpOnly = `${DEBIAN}pgcluster-mc-server1 26540/udp\n`;
    assert.deepEqual(servicesEntryState(udpOnly, MC), { state: 'absent' });
  });

  it('is present when exactly one tcp line of our name has our port', () => {
    assert.deepEqual(servicesEntryState(`${DEBIAN}${MC_LINE}\n`, MC), { state: 'present' });
    // Written by hand with other spacing and no comment: still ours.
    assert.deepEqual(servicesEntryState(`${DEBIAN}pgcluster-mc-server1\t26540/tcp\n`, MC), {
      state: 'present',
    });
  });

  it('is different when our line names another port, with the line in the detail', () => {
    const text = `${DEBIAN}pgcluster-mc-server1 26541/tcp # old\n`;
    assert.deepEqual(servicesEntryState(text, MC), {
      state: 'different',
      detail: 'now 26541/tcp (line 14)',
    });
  });

  it('is different when our line is there twice, even with the right port', () => {
    const text = `${MC_LINE}\n${DEBIAN}${MC_LINE}\n`;
    assert.deepEqual(servicesEntryState(text, MC), {
      state: 'different',
      detail: 'now 26540/tcp (line 1), 26540/tcp (line 15)',
    });
  });

  it('refuses a port that another service already reserves, naming the file and line', () => {
    const e = errorOf(() =>
      assertPortFree(DEBIAN, { service: 'pgcluster-pg-server1', port: 5432, comment: 'x' }, '/etc/services'),
    );
    assert.equal(e.code, 'SERVICES_PORT_TAKEN');
    assert.equal(e.message, 'port 5432/tcp is already reserved for "postgresql"');
    assert.equal(e.where, '/etc/services:13');
    assert.match(e.hint ?? '', /choose another port for pgcluster-pg-server1/);
  });

  it('finds the clash on its line in a CRLF file too', () => {
    const e = errorOf(() =>
      assertPortFree(WINDOWS, { service: 'pgcluster-pg-server1', port: 1433, comment: 'x' }, 'services'),
    );
    assert.equal(e.code, 'SERVICES_PORT_TAKEN');
    assert.equal(e.where, 'services:13');
  });

  it('refuses the clash even when our own line is also there', () => {
    const text = `${DEBIAN}${MC_LINE}\nother-daemon 26540/tcp\n`;
    const e = errorOf(() => assertPortFree(text, MC, '/etc/services'));
    assert.equal(e.code, 'SERVICES_PORT_TAKEN');
    assert.equal(e.where, '/etc/services:15');
  });

  it('does not count a udp line on the same port as a clash', () => {
    const text = `${DEBIAN}other-daemon 26540/udp\n`;
    assert.deepEqual(servicesEntryState(text, MC), { state: 'absent' });
  });

  it('does not count a line that lists our service as an alias as a clash', () => {
    const text = `${DEBIAN}legacy-mc 26540/tcp pgcluster-mc-server1 # from an older install\n`;
    assert.deepEqual(servicesEntryState(text, MC), { state: 'absent' });
    assert.deepEqual(servicesEntryState(withServicesEntry(text, MC), MC), { state: 'present' });
  });
});

describe('withServicesEntry', () => {
  it('formats the line in columns with the comment', () => {
    assert.equal(formatServicesLine(MC), MC_LINE);
  });

  it('appends to a file, keeping every byte before it', () => {
    assert.equal(withServicesEntry(DEBIAN, MC), `${DEBIAN}${MC_LINE}\n`);
  });

  it('ends the file with a newline when the last line had none', () => {
    assert.equal(withServicesEntry('echo 7/tcp', MC), `echo 7/tcp\n${MC_LINE}\n`);
    assert.equal(withServicesEntry('', MC), `${MC_LINE}\n`);
  });

  it('replaces the first of our lines in place and drops the other ones', () => {
    const before = [
      '# head',
      'echo\t\t7/tcp',
      'pgcluster-mc-server1 26541/tcp # moved',
      'ssh\t\t22/tcp\t\t\t\t# SSH Remote Login Protocol',
      'pgcluster-mc-server1 26542/tcp',
      'pgcluster-mc-server1 26540/udp',
      'discard\t\t9/tcp\t\tsink null',
      '',
    ].join('\n');
    assert.equal(
      withServicesEntry(before, MC),
      [
        '# head',
        'echo\t\t7/tcp',
        MC_LINE,
        'ssh\t\t22/tcp\t\t\t\t# SSH Remote Login Protocol',
        'pgcluster-mc-server1 26540/udp',
        'discard\t\t9/tcp\t\tsink null',
        '',
      ].join('\n'),
    );
  });

  it('keeps CRLF line ends and every Windows line as it was', () => {
    const out = withServicesEntry(WINDOWS, MC);
    assert.equal(out, `${WINDOWS}${MC_LINE}\r\n`);
    assert.doesNotMatch(out.replace(/\r\n/g, ''), /[\r\n]/, 'no bare LF or CR');
  });

  // A Debian file with one line added by a Windows editor: today every LF line becomes CRLF,
  // because the line end of the whole file is taken from whether any CRLF occurs in it.
  it('keeps each line its own line end in a file that mixes LF and CRLF', () => {
    const mixed = 'echo\t\t7/tcp\nlocal-tool\t9999/tcp\r\nssh\t\t22/tcp\n';
    const out = withServicesEntry(mixed, MC);
    assert.equal(out.slice(0, mixed.length), mixed);
    assert.equal(withoutServicesEntry(out, MC.service), mixed);
  });

  it('is idempotent', () => {
    const once = withServicesEntry(DEBIAN, MC);
    assert.equal(withServicesEntry(once, MC), once);
    assert.deepEqual(servicesEntryState(once, MC), { state: 'present' });
  });

  it('keeps other services of ours apart', () => {
    const pg: WantedEntry = { service: 'pgcluster-pg-server1', port: 27500, comment: 'PostgreSQL' };
    const both = withServicesEntry(withServicesEntry(DEBIAN, MC), pg);
    assert.deepEqual(servicesEntryState(both, MC), { state: 'present' });
    assert.deepEqual(servicesEntryState(both, pg), { state: 'present' });
    assert.equal(withoutServicesEntry(both, pg.service), `${DEBIAN}${MC_LINE}\n`);
  });
});

describe('withoutServicesEntry', () => {
  it('undoes withServicesEntry byte for byte', () => {
    assert.equal(withoutServicesEntry(withServicesEntry(DEBIAN, MC), MC.service), DEBIAN);
    assert.equal(withoutServicesEntry(withServicesEntry(WINDOWS, MC), MC.service), WINDOWS);
  });

  it('removes every tcp line of the service and keeps its udp line and everything else', () => {
    const text = `${MC_LINE}\n${DEBIAN}pgcluster-mc-server1 26541/tcp\npgcluster-mc-server1 26540/udp\n`;
    assert.equal(withoutServicesEntry(text, MC.service), `${DEBIAN}pgcluster-mc-server1 26540/udp\n`);
  });

  it('keeps a line that only has the service as an alias', () => {
    const text = `${DEBIAN}legacy-mc 26540/tcp pgcluster-mc-server1\n`;
    assert.equal(withoutServicesEntry(text, MC.service), text);
  });

  it('leaves a file without the service unchanged', () => {
    assert.equal(withoutServicesEntry(DEBIAN, MC.service), DEBIAN);
    assert.equal(withoutServicesEntry(WINDOWS, MC.service), WINDOWS);
  });
});

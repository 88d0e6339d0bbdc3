import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  addressCovers,
  findLocalMonitoringEntry,
  findTrustReplication,
  hasLocalMonitoringEntry,
  loadHbaFile,
  parseHba,
  tokenizeHbaLine,
  type HbaEntry,
} from '../../src/config/pgHba.js';

const MANUAL = [
  '# TYPE  DATABASE     USER   ADDRESS                METHOD',
  'host    replication  symfo  192.168.1.2/32         scram-sha-256',
  'host    replication  symfo  192.168.1.1/32         scram-sha-256',
  'host    postgres     symfo  127.0.0.1/32           scram-sha-256',
  '',
].join('\n');

const entries = (text: string) => parseHba(text, '/d/pg_hba.conf').entries;

describe('pg_hba.conf parsing', () => {
  it('reads the lines of the manual', () => {
    const r = parseHba(MANUAL, '/d/pg_hba.conf');
    assert.deepEqual(r.problems, []);
    assert.equal(r.entries.length, 3);
    const e = r.entries[2]!;
    assert.equal(e.file, '/d/pg_hba.conf');
    assert.equal(e.line, 4);
    assert.equal(e.type, 'host');
    assert.deepEqual(e.databases, ['postgres']);
    assert.deepEqual(e.users, ['symfo']);
    assert.equal(e.address, '127.0.0.1/32');
    assert.equal(e.method, 'scram-sha-256');
    assert.deepEqual(e.options, {});
  });

  it('reads local lines, lists, quotes, separate masks and options', () => {
    const text = [
      'local all all peer map=admins # trailing comment',
      'host "all",db2 alice,"Bob Smith" 10.0.0.0 255.0.0.0 ldap ldapserver=ldap.example ldapprefix="cn=" ldapsuffix=", dc=example"',
      'hostssl db1, db2 +admins ::1/128 cert clientcert=verify-full',
    ].join('\n');
    const [local, host, ssl] = entries(text);
    assert.equal(local?.address, undefined);
    assert.equal(local?.method, 'peer');
    assert.deepEqual(local?.options, { map: 'admins' });
    assert.deepEqual(host?.databases, ['all', 'db2']);
    assert.equal(host?.databaseTokens[0]?.quoted, true);
    assert.deepEqual(host?.users, ['alice', 'Bob Smith']);
    assert.equal(host?.address, '10.0.0.0');
    assert.equal(host?.netmask, '255.0.0.0');
    assert.deepEqual(host?.options, {
      ldapserver: 'ldap.example',
      ldapprefix: 'cn=',
      ldapsuffix: ', dc=example',
    });
    assert.deepEqual(ssl?.databases, ['db1', 'db2']);
    assert.deepEqual(ssl?.users, ['+admins']);
    assert.equal(ssl?.address, '::1/128');
  });

  it('joins lines continued with a backslash and keeps the first line number', () => {
    const [e] = entries('# x\nhost all all \\\n  127.0.0.1/32 \\\n  scram-sha-256\n');
    assert.equal(e?.line, 2);
    assert.equal(e?.method, 'scram-sha-256');
  });

  it('reports include lines and broken lines', () => {
    const r = parseHba(
      "include extra.conf\ninclude_if_exists 'maybe.conf'\ninclude_dir hba.d\nhost all all\nbogus all all md5\nhost all all 10.0.0.1 md5\nlocal all all md5 novalue\n",
      '/d/pg_hba.conf',
    );
    assert.deepEqual(
      r.includes.map((i) => [i.kind, i.target, i.line]),
      [
        ['include', 'extra.conf', 1],
        ['include_if_exists', "'maybe.conf'", 2],
        ['include_dir', 'hba.d', 3],
      ],
    );
    assert.deepEqual(
      r.problems.map((p) => p.line),
      [4, 5, 6, 7],
    );
    assert.equal(r.entries.length, 0);
  });

  it('tokenizes "" inside quotes and a # inside quotes', () => {
    assert.deepEqual(tokenizeHbaLine('a "b ""c"" # d", e # f'), [
      [{ text: 'a', quoted: false }],
      [
        { text: 'b "c" # d', quoted: true },
        { text: 'e', quoted: false },
      ],
    ]);
  });
});

describe('files and includes', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('follows includes in place, relative to the including file', () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'pghba-'));
    dirs.push(d);
    mkdirSync(path.join(d, 'hba.d'));
    writeFileSync(
      path.join(d, 'pg_hba.conf'),
      'local all all peer\ninclude extra.conf\ninclude_if_exists none.conf\ninclude_dir hba.d\nhost all all 0.0.0.0/0 reject\n',
    );
    writeFileSync(path.join(d, 'extra.conf'), 'host replication all 127.0.0.1/32 trust\n');
    writeFileSync(path.join(d, 'hba.d', 'b.conf'), 'host db_b all all md5\n');
    writeFileSync(path.join(d, 'hba.d', 'a.conf'), 'host db_a all all md5\n');
    writeFileSync(path.join(d, 'hba.d', 'skip.txt'), 'host skip all all md5\n');
    const r = loadHbaFile(path.join(d, 'pg_hba.conf'));
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.entries.map((e) => `${path.relative(d, e.file)}:${e.line}:${e.databases.join(',')}`),
      [
        'pg_hba.conf:1:all',
        'extra.conf:1:replication',
        'hba.d/a.conf:1:db_a',
        'hba.d/b.conf:1:db_b',
        'pg_hba.conf:5:all',
      ],
    );
    assert.equal(findTrustReplication(r.entries)[0]?.file, path.join(d, 'extra.conf'));
  });

  it('reports a missing include and an unreadable file', () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'pghba-'));
    dirs.push(d);
    writeFileSync(path.join(d, 'pg_hba.conf'), 'include gone.conf\n');
    assert.equal(loadHbaFile(path.join(d, 'pg_hba.conf')).problems.length, 1);
    assert.equal(loadHbaFile(path.join(d, 'nothing')).problems.length, 1);
  });
});

describe('trust for replication', () => {
  it('finds every replication entry with trust, but not "all" nor a quoted "replication"', () => {
    const list = entries(
      [
        'host all all 0.0.0.0/0 trust',
        'host replication symfo 10.0.0.2/32 trust',
        'local replication all trust',
        'host "replication" all 10.0.0.2/32 trust',
        'host db,replication all 10.0.0.3/32 trust',
        'host replication symfo 10.0.0.4/32 scram-sha-256',
      ].join('\n'),
    );
    assert.deepEqual(
      findTrustReplication(list).map((e) => e.line),
      [2, 3, 5],
    );
    assert.deepEqual(findTrustReplication(entries(MANUAL)), []);
  });
});

describe('the controller monitoring connection', () => {
  it('accepts the manual line', () => {
    assert.equal(hasLocalMonitoringEntry(entries(MANUAL), 'symfo'), true);
    assert.equal(hasLocalMonitoringEntry(entries(MANUAL), 'someone'), false);
  });

  it('understands all/sameuser, address keywords, CIDR, masks and localhost', () => {
    const ok = [
      'host all all 127.0.0.1/32 md5',
      'host postgres all 127.0.0.0/8 md5',
      'hostssl all symfo samehost md5',
      'hostnossl all symfo samenet md5',
      'host all symfo all md5',
      'host all symfo 0.0.0.0/0 md5',
      'host all symfo 127.0.0.1 255.255.255.255 md5',
      'host all symfo localhost md5',
      'host sameuser all 127.0.0.1/32 md5', // only for user "postgres"
    ];
    for (const l of ok.slice(0, -1)) assert.equal(hasLocalMonitoringEntry(entries(l), 'symfo'), true, l);
    assert.equal(hasLocalMonitoringEntry(entries(ok.at(-1)!), 'postgres'), true);
    assert.equal(hasLocalMonitoringEntry(entries(ok.at(-1)!), 'symfo'), false);
  });

  it('does not take lines that cannot match', () => {
    const no = [
      'local all all trust',
      'host replication all 127.0.0.1/32 md5',
      'host otherdb all 127.0.0.1/32 md5',
      'host all other 127.0.0.1/32 md5',
      'host all symfo 10.0.0.0/8 md5',
      'host all symfo ::1/128 md5',
      'host all symfo 127.0.0.2/32 md5',
      'host all +admins 127.0.0.1/32 md5',
      'host all "all" 127.0.0.1/32 md5',
      'hostgssenc all all 127.0.0.1/32 gss',
    ];
    for (const l of no) assert.equal(hasLocalMonitoringEntry(entries(l), 'symfo'), false, l);
  });

  it('uses the first matching line, so an earlier reject wins', () => {
    const list = entries('host all all 127.0.0.1/32 reject\nhost postgres symfo 127.0.0.1/32 md5\n');
    assert.equal(hasLocalMonitoringEntry(list, 'symfo'), false);
    assert.equal(findLocalMonitoringEntry(list, 'symfo')?.line, 1);
    const fine = entries('host all symfo 10.0.0.0/8 reject\nhost postgres symfo 127.0.0.1/32 md5\n');
    assert.equal(hasLocalMonitoringEntry(fine, 'symfo'), true);
  });

  it('matches PostgreSQL 16 regular expressions in the database and user columns', () => {
    assert.equal(hasLocalMonitoringEntry(entries('host /^post all 127.0.0.1/32 md5'), 'x'), true);
    assert.equal(hasLocalMonitoringEntry(entries('host all /^sym 127.0.0.1/32 md5'), 'symfo'), true);
    assert.equal(hasLocalMonitoringEntry(entries('host all /^zz 127.0.0.1/32 md5'), 'symfo'), false);
  });

  it('checks CIDR edge cases', () => {
    const e = (address: string, netmask?: string): HbaEntry => ({
      ...entries('host all all 1.2.3.4/32 md5')[0]!,
      address,
      ...(netmask ? { netmask } : {}),
    });
    assert.equal(addressCovers(e('0.0.0.0/0'), '127.0.0.1'), true);
    assert.equal(addressCovers(e('127.0.0.1/33'), '127.0.0.1'), false);
    assert.equal(addressCovers(e('127.0.0.0/31'), '127.0.0.1'), true);
    assert.equal(addressCovers(e('127.0.0.2/31'), '127.0.0.1'), false);
    assert.equal(addressCovers(e('127.0.0.0', '255.255.255.0'), '127.0.0.1'), true);
    assert.equal(addressCovers(e('db.example.com'), '127.0.0.1'), false);
  });
});

import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  PostgresqlConf,
  activeSettings,
  addStandbyName,
  commentOutInText,
  commentOutLines,
  formatPgValue,
  formatSyncStandbyNames,
  isBareValue,
  parseSyncStandbyNames,
  quotePgValue,
  removeStandbyName,
  setInText,
  uncommentInText,
  walkConf,
  writeFileAtomic,
  type ConfSource,
} from '../../src/config/postgresqlConf.js';
import { parseConfLine } from '../../src/config/confSyntax.js';
import { PgClusterError } from '../../src/errors.js';

const SAMPLE = [
  '# -----------------------------',
  '# PostgreSQL configuration file',
  '# -----------------------------',
  '',
  '#wal_level = replica\t\t\t# minimal, replica, or logical',
  "#synchronous_standby_names = ''\t# standby servers that provide sync rep",
  '\t\t\t\t# method to choose sync standbys, number of sync standbys,',
  'max_connections = 100\t\t\t# (change requires restart)',
  '',
].join('\n');

describe('values', () => {
  it('knows which values the server reads unquoted', () => {
    for (const v of ['replica', 'on', '10', '-1', '64MB', '1.5s', '0x1F', 'host.example:5432'])
      assert.equal(isBareValue(v), true, v);
    for (const v of ['', 'a b', "it's", 'x#y', '1 2', '%m [%p] ', '*', '/var/lib/x'])
      assert.equal(isBareValue(v), false, v);
  });

  it('quotes with doubled quotes and backslashes so the server reads back the same text', () => {
    assert.equal(quotePgValue("it's"), "'it''s'");
    assert.equal(quotePgValue('C:\\pg\\data'), "'C:\\\\pg\\\\data'");
    const line = parseConfLine(`x = ${quotePgValue('cmd /c "C:\\a b\\copy.cmd" \'%p\'')}`);
    assert.equal(line.kind === 'setting' && line.setting.value, 'cmd /c "C:\\a b\\copy.cmd" \'%p\'');
  });

  it('quotes when asked or when the value needs it', () => {
    assert.equal(formatPgValue('replica', false), 'replica');
    assert.equal(formatPgValue('replica', true), "'replica'");
    assert.equal(formatPgValue('a b', false), "'a b'");
  });
});

describe('editing one text', () => {
  it('rewrites the last active line, keeping its indentation and trailing comment', () => {
    const text = 'port = 5432\n  port = 5433   # second\n# port is important\n';
    assert.equal(
      setInText(text, 'PORT', '6000'),
      'port = 5432\n  port = 6000   # second\n# port is important\n',
    );
  });

  it('keeps the quoting style of the line it rewrites unless told otherwise', () => {
    assert.equal(setInText('max_wal_senders = 10\n', 'max_wal_senders', '4'), 'max_wal_senders = 4\n');
    assert.equal(setInText("x = 'a'\n", 'x', 'b'), "x = 'b'\n");
    assert.equal(setInText('x = a\n', 'x', 'b', { quote: true }), "x = 'b'\n");
    assert.equal(setInText("x = 'a'\n", 'x', 'b', { quote: false }), 'x = b\n');
    assert.equal(setInText('x = a\n', 'x', 'b c', { quote: false }), "x = 'b c'\n");
  });

  it('activates the last commented-out line in place when there is no active one', () => {
    const out = setInText(SAMPLE, 'synchronous_standby_names', 'standby1');
    const lines = out.split('\n');
    assert.equal(lines[5], "synchronous_standby_names = 'standby1'\t# standby servers that provide sync rep");
    assert.equal(lines.length, SAMPLE.split('\n').length);
    // every other line is untouched
    SAMPLE.split('\n').forEach((l, i) => i !== 5 && assert.equal(lines[i], l));
    const w = setInText(SAMPLE, 'wal_level', 'logical');
    assert.equal(w.split('\n')[4], 'wal_level = logical\t\t\t# minimal, replica, or logical');
  });

  it('uses the LAST commented-out line when there are several', () => {
    const text = '#x = 1\n#x = 2 # later\n';
    assert.equal(setInText(text, 'x', '3'), '#x = 1\nx = 3 # later\n');
  });

  it('appends when the name appears nowhere, with or without a final newline', () => {
    assert.equal(setInText('a = 1\n', 'b', 'two'), "a = 1\nb = 'two'\n");
    assert.equal(setInText('a = 1', 'b', '2', { quote: false }), 'a = 1\nb = 2\n');
    assert.equal(setInText('', 'b', 'x'), "b = 'x'\n");
  });

  it('keeps CRLF line endings', () => {
    assert.equal(setInText('a = 1 # c\r\nb = 2\r\n', 'a', '5'), 'a = 5 # c\r\nb = 2\r\n');
    assert.equal(setInText('a = 1\r\n', 'z', 'v'), "a = 1\r\nz = 'v'\r\n");
  });

  it('leaves prose comments that mention the name alone', () => {
    const text = '# set port below\n#port 5432 is the default\n';
    assert.equal(setInText(text, 'port', '1'), "# set port below\n#port 5432 is the default\nport = '1'\n");
  });

  it('returns the same text when the value is already there', () => {
    const text = "synchronous_standby_names = 'standby1' # keep\n";
    assert.equal(setInText(text, 'synchronous_standby_names', 'standby1'), text);
  });

  it('comments out every active line for a name and nothing else', () => {
    const text =
      "a = 1\nsynchronous_standby_names = 'standby1'\n#synchronous_standby_names = 'old'\nSYNCHRONOUS_STANDBY_NAMES = x\n";
    assert.equal(
      commentOutInText(text, 'synchronous_standby_names'),
      "a = 1\n#synchronous_standby_names = 'standby1'\n#synchronous_standby_names = 'old'\n#SYNCHRONOUS_STANDBY_NAMES = x\n",
    );
    assert.equal(commentOutInText('a = 1\n', 'b'), 'a = 1\n');
    assert.equal(commentOutLines('a = 1\n# c\nb = 2\n', [2, 3, 99]), 'a = 1\n# c\n#b = 2\n');
  });

  it('uncomments the last commented-out line, unless an active line exists', () => {
    const text =
      "#synchronous_standby_names = ''\t# sample\nx = 1\n#synchronous_standby_names = 'standby1'\t# note\n";
    assert.equal(
      uncommentInText(text, 'synchronous_standby_names'),
      "#synchronous_standby_names = ''\t# sample\nx = 1\nsynchronous_standby_names = 'standby1'\t# note\n",
    );
    assert.equal(
      uncommentInText("# synchronous_standby_names = 'a'\n", 'synchronous_standby_names'),
      "synchronous_standby_names = 'a'\n",
    );
    const active = "#synchronous_standby_names = 'a'\nsynchronous_standby_names = 'b'\n";
    assert.equal(uncommentInText(active, 'synchronous_standby_names'), active);
    assert.equal(uncommentInText('# nothing\n', 'synchronous_standby_names'), '# nothing\n');
  });

  it('round-trips: comment out then uncomment restores the text', () => {
    const text = "a = 1\nsynchronous_standby_names = 'standby1'\t# managed\n";
    const name = 'synchronous_standby_names';
    assert.equal(uncommentInText(commentOutInText(text, name), name), text);
  });

  it('lists active settings with line numbers', () => {
    assert.deepEqual(activeSettings("# x\nport = 1\n#a = 2\nb 'c'\n"), [
      { name: 'port', value: '1', quoted: false, line: 2 },
      { name: 'b', value: 'c', quoted: true, line: 4 },
    ]);
  });
});

function memSource(files: Record<string, string>, dirs: Record<string, string[]> = {}): ConfSource {
  return { read: (f) => files[f], list: (d) => dirs[d] };
}

describe('reading order', () => {
  it('reads includes where they appear, relative to the including file, and the auto file last', () => {
    const src = memSource(
      {
        '/d/postgresql.conf':
          "a = 1\ninclude 'sub/one.conf'\nb = main\ninclude_dir 'conf.d'\ninclude_if_exists 'none.conf'\n",
        '/d/sub/one.conf': "a = 2\nb = one\ninclude 'two.conf'\n",
        '/d/sub/two.conf': 'c = two\n',
        '/d/conf.d/10-x.conf': 'c = ten\n',
        '/d/conf.d/9-y.conf': 'c = nine\n',
        '/d/conf.d/.hidden.conf': 'c = hidden\n',
        '/d/conf.d/notes.txt': 'c = text\n',
        '/d/postgresql.auto.conf': 'a = auto\n',
      },
      { '/d/conf.d': ['9-y.conf', 'notes.txt', '.hidden.conf', '10-x.conf'] },
    );
    const w = walkConf('/d/postgresql.conf', '/d/postgresql.auto.conf', src);
    assert.deepEqual(w.problems, []);
    assert.deepEqual(w.files, [
      '/d/postgresql.conf',
      '/d/sub/one.conf',
      '/d/sub/two.conf',
      '/d/conf.d/10-x.conf',
      '/d/conf.d/9-y.conf',
      '/d/postgresql.auto.conf',
    ]);
    const last = (n: string) => w.entries.filter((e) => e.name === n).at(-1);
    assert.deepEqual(last('a'), {
      name: 'a',
      value: 'auto',
      quoted: false,
      file: '/d/postgresql.auto.conf',
      line: 1,
    });
    assert.equal(last('b')?.value, 'main');
    assert.equal(last('c')?.value, 'nine'); // "9-y" sorts after "10-x" byte-wise
  });

  it('reports missing includes, broken lines and runaway nesting', () => {
    const w = walkConf(
      '/d/postgresql.conf',
      undefined,
      memSource({ '/d/postgresql.conf': "include 'gone.conf'\nx = 'open\ninclude 'postgresql.conf'\n" }),
    );
    assert.ok(w.problems.some((p) => p.line === 1 && /cannot read/.test(p.message)));
    assert.ok(w.problems.some((p) => p.line === 2 && /unterminated/.test(p.message)));
    assert.ok(w.problems.some((p) => /nesting depth/.test(p.message)));
  });

  it('accepts an absolute include path', () => {
    const w = walkConf(
      '/d/postgresql.conf',
      undefined,
      memSource({
        '/d/postgresql.conf': "include '/etc/pg/extra.conf'\n",
        '/etc/pg/extra.conf': 'port = 7\n',
      }),
    );
    assert.equal(w.entries[0]?.file, '/etc/pg/extra.conf');
  });
});

describe('synchronous_standby_names', () => {
  it('parses every form', () => {
    assert.deepEqual(parseSyncStandbyNames(''), { method: 'plain', num: 0, names: [] });
    assert.deepEqual(parseSyncStandbyNames('  '), { method: 'plain', num: 0, names: [] });
    assert.deepEqual(parseSyncStandbyNames('standby1'), { method: 'plain', num: 1, names: ['standby1'] });
    assert.deepEqual(parseSyncStandbyNames('a, b'), { method: 'plain', num: 1, names: ['a', 'b'] });
    assert.deepEqual(parseSyncStandbyNames('FIRST 1 (a, b)'), {
      method: 'priority',
      num: 1,
      names: ['a', 'b'],
    });
    assert.deepEqual(parseSyncStandbyNames('first 2(a,b,c)'), {
      method: 'priority',
      num: 2,
      names: ['a', 'b', 'c'],
    });
    assert.deepEqual(parseSyncStandbyNames('ANY 1 (a, "b c")'), {
      method: 'any',
      num: 1,
      names: ['a', 'b c'],
    });
    assert.deepEqual(parseSyncStandbyNames('2 (a, b)'), { method: 'priority', num: 2, names: ['a', 'b'] });
    assert.deepEqual(parseSyncStandbyNames('*'), { method: 'plain', num: 1, names: ['*'] });
    assert.deepEqual(parseSyncStandbyNames('"say ""hi""", 7'), {
      method: 'plain',
      num: 1,
      names: ['say "hi"', '7'],
    });
  });

  it('rejects what the server rejects', () => {
    for (const bad of [
      'FIRST (a)',
      'ANY 0 (a)',
      'ANY 1 (a',
      'a b',
      '"open',
      'a,',
      '(a)',
      'ANY 1 (a) b',
      'a;b',
    ])
      assert.throws(
        () => parseSyncStandbyNames(bad),
        (e: unknown) => e instanceof PgClusterError && e.code === 'CONFIG_INVALID',
        bad,
      );
  });

  it('formats back, quoting names that need it', () => {
    assert.equal(formatSyncStandbyNames({ method: 'plain', num: 0, names: [] }), '');
    assert.equal(formatSyncStandbyNames({ method: 'plain', num: 1, names: ['a', 'b'] }), 'a, b');
    assert.equal(
      formatSyncStandbyNames({ method: 'any', num: 1, names: ['a', 'b c', 'first', 'x"y'] }),
      'ANY 1 (a, "b c", "first", "x""y")',
    );
    assert.equal(formatSyncStandbyNames({ method: 'priority', num: 2, names: ['a', 'b'] }), 'FIRST 2 (a, b)');
    for (const v of ['a, b', 'ANY 2 (a, "b c", d)', 'FIRST 1 (x)', '*'])
      assert.equal(formatSyncStandbyNames(parseSyncStandbyNames(v)), v);
  });

  it('removes a disconnected standby without ever leaving commits waiting for more than remain', () => {
    assert.equal(removeStandbyName('standby1', 'standby1'), '');
    assert.equal(removeStandbyName('standby1', 'STANDBY1'), '');
    assert.equal(removeStandbyName('a, b', 'a'), 'b');
    assert.equal(removeStandbyName('FIRST 2 (a, b, c)', 'b'), 'FIRST 2 (a, c)');
    assert.equal(removeStandbyName('ANY 2 (a, b)', 'a'), 'ANY 1 (b)');
    assert.equal(removeStandbyName('ANY 1 (a)', 'a'), '');
    assert.equal(removeStandbyName('other', 'standby1'), 'other');
    assert.equal(removeStandbyName('*', 'standby1'), '*');
  });

  it('adds a rejoining standby back once', () => {
    assert.equal(addStandbyName('', 'standby1'), 'standby1');
    assert.equal(addStandbyName('standby1', 'standby1'), 'standby1');
    assert.equal(addStandbyName('a', 'b'), 'a, b');
    assert.equal(addStandbyName('ANY 1 (a)', 'b c'), 'ANY 1 (a, "b c")');
    assert.equal(addStandbyName('*', 'b'), '*');
    assert.equal(addStandbyName(removeStandbyName('FIRST 1 (a, b)', 'b'), 'b'), 'FIRST 1 (a, b)');
  });
});

describe('PostgresqlConf on a data directory', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const dataDir = (files: Record<string, string>): string => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'pgconf-unit-'));
    dirs.push(d);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(d, name)), { recursive: true });
      writeFileSync(path.join(d, name), text, { mode: 0o600 });
    }
    return d;
  };
  const read = (d: string, f: string) => readFileSync(path.join(d, f), 'utf8');

  it('reports the effective setting with its file and line, names case-insensitive', () => {
    const d = dataDir({
      'postgresql.conf': "port = 5432\ninclude_dir 'conf.d'\nwork_mem = 4MB\n",
      'conf.d/a.conf': 'Port = 5433\n',
      'postgresql.auto.conf': "# Do not edit this file manually!\nwork_mem = '8MB'\n",
    });
    const conf = PostgresqlConf.load(d);
    assert.deepEqual(conf.get('PORT'), { value: '5433', file: path.join(d, 'conf.d/a.conf'), line: 1 });
    assert.deepEqual(conf.get('work_mem'), {
      value: '8MB',
      file: path.join(d, 'postgresql.auto.conf'),
      line: 2,
    });
    assert.equal(conf.get('shared_buffers'), undefined);
    assert.deepEqual(
      conf.entries('port').map((e) => e.value),
      ['5432', '5433'],
    );
  });

  it('works without postgresql.auto.conf', () => {
    const d = dataDir({ 'postgresql.conf': 'port = 1\n' });
    assert.equal(PostgresqlConf.load(d).get('port')?.value, '1');
  });

  it('refuses a missing postgresql.conf or a missing include, saying where', () => {
    const empty = dataDir({});
    assert.throws(
      () => PostgresqlConf.load(empty),
      (e: unknown) => e instanceof PgClusterError && e.code === 'CONFIG_INVALID',
    );
    const d = dataDir({ 'postgresql.conf': "a = 1\ninclude 'gone.conf'\n" });
    assert.throws(
      () => PostgresqlConf.load(d),
      (e: unknown) => e instanceof PgClusterError && e.where === `${path.join(d, 'postgresql.conf')}:2`,
    );
    const ok = dataDir({ 'postgresql.conf': "include_if_exists 'gone.conf'\na = 1\n" });
    assert.equal(PostgresqlConf.load(ok).get('a')?.value, '1');
  });

  it('sets a value in postgresql.conf, and saves only what changed, atomically and with the same mode', () => {
    const d = dataDir({ 'postgresql.conf': SAMPLE, 'postgresql.auto.conf': 'work_mem = 1MB\n' });
    chmodSync(path.join(d, 'postgresql.conf'), 0o640);
    const conf = PostgresqlConf.load(d);
    assert.deepEqual(conf.save(), []);
    const r = conf.set('synchronous_standby_names', 'standby1');
    assert.deepEqual(r, { changed: true, notices: [] });
    assert.deepEqual(conf.get('synchronous_standby_names'), {
      value: 'standby1',
      file: path.join(d, 'postgresql.conf'),
      line: 6,
    });
    assert.equal(read(d, 'postgresql.conf'), SAMPLE, 'nothing written before save()');
    assert.deepEqual(conf.save(), [path.join(d, 'postgresql.conf')]);
    assert.equal(read(d, 'postgresql.conf'), setInText(SAMPLE, 'synchronous_standby_names', 'standby1'));
    assert.equal(statSync(path.join(d, 'postgresql.conf')).mode & 0o777, 0o640);
    assert.deepEqual(
      readdirSync(d).sort(),
      ['postgresql.auto.conf', 'postgresql.conf'],
      'no temp files left',
    );
    assert.deepEqual(conf.save(), [], 'second save is a no-op');
    assert.equal(conf.set('synchronous_standby_names', 'standby1').changed, false);
  });

  it('comments out later overriding lines in postgresql.auto.conf and included files, with a notice', () => {
    const d = dataDir({
      'postgresql.conf': "include 'early.conf'\nsynchronous_standby_names = 'a'\ninclude 'late.conf'\n",
      'early.conf': "synchronous_standby_names = 'early'\n",
      'late.conf': "synchronous_standby_names = 'late'\n",
      'postgresql.auto.conf': "# Do not edit\nsynchronous_standby_names = 'auto'\nwork_mem = '1MB'\n",
    });
    const conf = PostgresqlConf.load(d);
    const r = conf.set('synchronous_standby_names', 'standby1');
    assert.equal(r.changed, true);
    assert.equal(r.notices.length, 2);
    assert.match(r.notices[0]!, /late\.conf \(line 1\).*commented out/);
    assert.match(r.notices[1]!, /postgresql\.auto\.conf \(line 2\)/);
    assert.deepEqual(conf.get('synchronous_standby_names'), {
      value: 'standby1',
      file: path.join(d, 'postgresql.conf'),
      line: 2,
    });
    conf.save();
    assert.equal(
      read(d, 'early.conf'),
      "synchronous_standby_names = 'early'\n",
      'an earlier line is harmless',
    );
    assert.equal(read(d, 'late.conf'), "#synchronous_standby_names = 'late'\n");
    assert.equal(
      read(d, 'postgresql.auto.conf'),
      "# Do not edit\n#synchronous_standby_names = 'auto'\nwork_mem = '1MB'\n",
    );
    assert.equal(PostgresqlConf.load(d).get('synchronous_standby_names')?.value, 'standby1');
  });

  it('comments out a name in every file, and uncomments it in postgresql.conf', () => {
    const d = dataDir({
      'postgresql.conf': "synchronous_standby_names = 'standby1'\t# managed by PgCluster\ninclude 'x.conf'\n",
      'x.conf': "synchronous_standby_names = 'other'\n",
      'postgresql.auto.conf': "synchronous_standby_names = 'auto'\n",
    });
    const conf = PostgresqlConf.load(d);
    assert.equal(conf.commentOut('synchronous_standby_names'), true);
    assert.equal(conf.get('synchronous_standby_names'), undefined);
    assert.equal(conf.commentOut('synchronous_standby_names'), false);
    assert.equal(conf.changedFiles().length, 3);
    conf.save();
    assert.equal(
      read(d, 'postgresql.conf'),
      "#synchronous_standby_names = 'standby1'\t# managed by PgCluster\ninclude 'x.conf'\n",
    );
    const again = PostgresqlConf.load(d);
    assert.equal(again.uncomment('synchronous_standby_names'), true);
    assert.equal(again.uncomment('synchronous_standby_names'), false);
    assert.deepEqual(again.get('synchronous_standby_names'), {
      value: 'standby1',
      file: path.join(d, 'postgresql.conf'),
      line: 1,
    });
    assert.deepEqual(again.save(), [path.join(d, 'postgresql.conf')]);
  });

  it('refuses to edit include directives', () => {
    const conf = PostgresqlConf.load(dataDir({ 'postgresql.conf': '' }));
    assert.throws(() => conf.set('include', 'x'), PgClusterError);
    assert.throws(() => conf.commentOut('include_dir'), PgClusterError);
  });

  it('writes back bytes it did not change exactly, even when the file is not UTF-8', () => {
    const d = dataDir({});
    const bytes = Buffer.concat([
      Buffer.from('# caf'),
      Buffer.from([0xe9]), // latin1 é
      Buffer.from('\r\nport = 5432\r\n'),
    ]);
    writeFileSync(path.join(d, 'postgresql.conf'), bytes);
    const conf = PostgresqlConf.load(d);
    conf.set('port', '5433');
    conf.save();
    const expected = Buffer.concat([
      Buffer.from('# caf'),
      Buffer.from([0xe9]),
      Buffer.from('\r\nport = 5433\r\n'),
    ]);
    assert.deepEqual(readFileSync(path.join(d, 'postgresql.conf')), expected);
  });

  it('honours a config file outside the data directory', () => {
    const d = dataDir({ 'etc/main.conf': 'port = 9\n', 'data/postgresql.auto.conf': 'port = 10\n' });
    const conf = PostgresqlConf.load(path.join(d, 'data'), { configFile: path.join(d, 'etc/main.conf') });
    assert.equal(conf.get('port')?.value, '10');
    assert.deepEqual(conf.files, [path.join(d, 'etc/main.conf'), path.join(d, 'data/postgresql.auto.conf')]);
  });

  it('lists syntax problems without refusing to load', () => {
    const d = dataDir({ 'postgresql.conf': "port = 1\nbroken = 'x\n" });
    const conf = PostgresqlConf.load(d);
    assert.equal(conf.problems.length, 1);
    assert.equal(conf.problems[0]?.line, 2);
  });
});

describe('writeFileAtomic', () => {
  it('reports a file that vanished as CONFIG_WRITE_FAILED and leaves no temp file', () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'pgconf-atomic-'));
    try {
      assert.throws(
        () => writeFileAtomic(path.join(d, 'gone.conf'), Buffer.from('x')),
        (e: unknown) => e instanceof PgClusterError && e.code === 'CONFIG_WRITE_FAILED',
      );
      assert.deepEqual(readdirSync(d), []);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('owner preservation', () => {
  const root = process.getuid?.() === 0;
  it('keeps the owner of a file it rewrites when running as root', { skip: !root && 'needs root' }, () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'pgconf-owner-'));
    try {
      const f = path.join(d, 'postgresql.conf');
      writeFileSync(f, 'port = 1\n', { mode: 0o600 });
      chownSync(f, 65534, 65534);
      const conf = PostgresqlConf.load(d);
      conf.set('port', '2');
      conf.save();
      const st = statSync(f);
      assert.deepEqual([st.uid, st.gid, st.mode & 0o777], [65534, 65534, 0o600]);
      assert.equal(readFileSync(f, 'utf8'), 'port = 2\n');
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

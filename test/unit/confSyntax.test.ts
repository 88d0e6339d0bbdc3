import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatSetting, parseConfLine, quoteConfValue } from '../../src/config/confSyntax.js';

describe('conf line syntax', () => {
  it('reads quoted and bare values, with or without "="', () => {
    assert.deepEqual(parseConfLine("db_instance = 'D:\\\\database1\\\\inst1'"), {
      kind: 'setting',
      raw: "db_instance = 'D:\\\\database1\\\\inst1'",
      setting: { name: 'db_instance', value: 'D:\\database1\\inst1', quoted: true, trailing: '' },
    });
    const bare = parseConfLine('heartbeat_interval 800   # ms');
    assert.equal(bare.kind, 'setting');
    if (bare.kind === 'setting') {
      assert.equal(bare.setting.value, '800');
      assert.equal(bare.setting.trailing, '   # ms');
    }
  });

  it("resolves '' and \\' escapes", () => {
    const l = parseConfLine("x = 'it''s \\'here\\''");
    assert.equal(l.kind === 'setting' && l.setting.value, "it's 'here'");
  });

  it('recognises commented-out settings but not prose comments', () => {
    const c = parseConfLine("#synchronous_standby_names = 'standby1'\t# note");
    assert.equal(c.kind, 'comment');
    assert.equal(c.kind === 'comment' && c.setting?.name, 'synchronous_standby_names');
    const prose = parseConfLine('# This is a comment about ports');
    assert.equal(prose.kind === 'comment' && prose.setting, undefined);
  });

  it('reports broken lines', () => {
    assert.equal(parseConfLine("x = 'open").kind, 'error');
    assert.equal(parseConfLine('x =').kind, 'error');
    assert.equal(parseConfLine('= 3').kind, 'error');
    assert.equal(parseConfLine('x = 3 4').kind, 'error');
  });

  it('round-trips quoting', () => {
    assert.equal(quoteConfValue("a'b"), "'a''b'");
    const l = parseConfLine(formatSetting('name', "a'b"));
    assert.equal(l.kind === 'setting' && l.setting.value, "a'b");
  });
});

describe('conf quoting of Windows paths', () => {
  it('keeps backslashes through a write and a read', () => {
    const v = 'cmd /c ""C:\\Program Files\\x.cmd" "%p""';
    const l = parseConfLine(formatSetting('archive_command', v));
    assert.equal(l.kind === 'setting' && l.setting.value, v);
  });
});

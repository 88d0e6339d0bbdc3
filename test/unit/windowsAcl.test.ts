/**
 * Windows file security, judged without Windows: SDDL parsing, the ACL tool's output (captured
 * from the real pgcluster-acl.exe under Wine, test/fixtures/acl) and the owner-only rules.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSddl, describeAccess, SddlError } from '../../src/platform/windows/sddl.js';
import { aclToolCandidates, parseAclToolOutput } from '../../src/platform/windows/aclTool.js';
import {
  fileAccessReport,
  judgeDirectory,
  judgeFile,
  resolveAccount,
} from '../../src/platform/windows/accessChecker.js';
import { PgClusterError } from '../../src/errors.js';

const fixtures = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'test',
  'fixtures',
  'acl',
);
const fixture = (name: string) => parseAclToolOutput(readFileSync(path.join(fixtures, name), 'utf8'));

const USER = 'S-1-5-21-3623811015-3361044348-30300820-1013';
const admin = { sid: USER, name: 'DB1\\symfo' };
const noNames = new Map<string, string>();

test('SDDL: aliases, letter and hex rights, flags, protection', () => {
  const sd = parseSddl(
    `O:BAG:SYD:PAI(A;;FA;;;SY)(A;OICIID;0x1200a9;;;BU)(D;;FW;;;WD)(A;;FR;;;${USER.toLowerCase()})`,
  );
  assert.equal(sd.owner, 'S-1-5-32-544');
  assert.equal(sd.group, 'S-1-5-18');
  assert.equal(sd.dacl?.protected, true);
  assert.deepEqual(
    sd.dacl?.aces.map((a) => [a.type, [...a.flags].join(','), a.mask.toString(16), a.sid]),
    [
      ['A', '', '1f01ff', 'S-1-5-18'],
      ['A', 'OI,CI,ID', '1200a9', 'S-1-5-32-545'],
      ['D', '', '120116', 'S-1-1-0'],
      ['A', '', '120089', USER],
    ],
  );
  assert.equal(parseSddl('O:SYD:AI(A;ID;FA;;;SY)').dacl?.protected, false);
  assert.equal(parseSddl('O:SYD:NO_ACCESS_CONTROL').dacl, undefined);
});

test('SDDL: what cannot be read is refused, not guessed', () => {
  for (const bad of [
    'D:(A;;FA;;;LA)',
    'O:SY',
    'D:(A;;ZZ;;;SY)',
    'D:(A;;FA;;SY)',
    'D:(A;;FA;;;SY)junk',
    'nonsense',
  ])
    assert.throws(() => parseSddl(bad), SddlError, bad);
});

test('rights in words', () => {
  assert.equal(describeAccess(0x1f01ff), 'full control');
  assert.equal(describeAccess(0x1200a9), 'read access');
  assert.equal(describeAccess(0x1301bf), 'read and write access');
  assert.equal(describeAccess(0x40000), 'write access');
});

test('tool output captured under Wine: a 0644 file shows Everyone reading it and is refused', () => {
  const a = fixture('wine-file-0644.txt');
  assert.equal(a.user.sid, 'S-1-5-21-0-0-0-1000');
  assert.equal(a.user.name, 'VM\\root');
  assert.equal(a.names.get('S-1-1-0'), 'Everyone');
  const { problems } = judgeFile(a.sd!, a.user, a.names);
  assert.deepEqual(problems, ['Everyone (S-1-1-0) has read access']);
});

test('tool output captured under Wine: after protect, the file passes', () => {
  const a = fixture('wine-file-protected.txt');
  assert.deepEqual(judgeFile(a.sd!, a.user, a.names).problems, []);
  // ...but not for another instance administrator: then the Wine user is an extra account.
  assert.match(
    judgeFile(a.sd!, admin, a.names).problems.join(),
    /owned by VM\\root .*VM\\root \(S-1-5-21-0-0-0-1000\) has full control/,
  );
});

test('tool output captured under Wine: folders 0755 pass, 0777 is refused', () => {
  const ok = fixture('wine-dir-0755.txt');
  assert.deepEqual(judgeDirectory(ok.sd!, ok.user, ok.names).problems, []);
  const open = fixture('wine-dir-0777.txt');
  assert.deepEqual(judgeDirectory(open.sd!, open.user, open.names).problems, [
    'Everyone (S-1-1-0) can add, remove or rename files in it',
  ]);
});

test('tool output captured under Wine: a missing path is a Win32 error 3', () => {
  const a = fixture('wine-missing.txt');
  assert.equal(a.error?.code, 3);
  assert.match(a.error.text, /Path not found/);
  assert.equal(a.sd, undefined);
});

test('unexpected tool output is an error, not an empty answer', () => {
  assert.throws(() => parseAclToolOutput('sddl\tD:(A;;FA;;;SY)\n'), /which account/);
  assert.throws(() => parseAclToolOutput('user\tS-1-5-18\tx\nhello\n'), /unexpected line/);
});

// Descriptors as Windows builds them (SDDL as Get-Acl's .Sddl prints it).
test('a file Notepad created in D:\\mcdir inherits Users and Authenticated Users: refused, every reason named', () => {
  const sd = parseSddl(
    `O:${USER}G:${USER}D:AI(A;ID;FA;;;BA)(A;ID;FA;;;SY)(A;ID;0x1200a9;;;BU)(A;ID;0x1301bf;;;AU)`,
  );
  const names = new Map([['S-1-5-11', 'NT AUTHORITY\\Authenticated Users']]);
  assert.deepEqual(judgeFile(sd, admin, names).problems, [
    'BUILTIN\\Users (S-1-5-32-545) has read access',
    'NT AUTHORITY\\Authenticated Users (S-1-5-11) has read and write access',
    'it inherits permissions from its folder, so a change there would change who can read it',
  ]);
});

test('inherited entries alone are refused even when they name only allowed accounts', () => {
  const sd = parseSddl(`O:${USER}D:AI(A;ID;FA;;;BA)(A;ID;FA;;;SY)(A;ID;FA;;;${USER})`);
  assert.deepEqual(judgeFile(sd, admin, noNames).problems, [
    'it inherits permissions from its folder, so a change there would change who can read it',
  ]);
});

test('after Protect-PgConfigFile: owner the administrator or Administrators, three entries, protected', () => {
  for (const owner of [USER, 'BA']) {
    const sd = parseSddl(`O:${owner}G:SYD:PAI(A;;FA;;;${USER})(A;;FA;;;SY)(A;;FA;;;BA)`);
    assert.deepEqual(judgeFile(sd, admin, noNames).problems, [], owner);
  }
});

test('SIDs decide, not names: the same account written another way still passes; another one does not', () => {
  const sd = parseSddl(`O:${USER.toLowerCase()}D:P(A;;FA;;;${USER.toLowerCase()})`);
  assert.deepEqual(judgeFile(sd, { sid: USER, name: '.\\symfo' }, noNames).problems, []);
  const other = parseSddl(
    `O:${USER}D:P(A;;FA;;;${USER})(A;;FR;;;S-1-5-21-3623811015-3361044348-30300820-1014)`,
  );
  assert.deepEqual(judgeFile(other, admin, noNames).problems, [
    'the unknown account S-1-5-21-3623811015-3361044348-30300820-1014 has read access',
  ]);
});

test('an owner that is neither the administrator nor Administrators is refused', () => {
  const sd = parseSddl(`O:S-1-5-21-1-2-3-1105D:P(A;;FA;;;${USER})`);
  const names = new Map([['S-1-5-21-1-2-3-1105', 'CONTOSO\\mallory']]);
  assert.deepEqual(judgeFile(sd, admin, names).problems, [
    'it is owned by CONTOSO\\mallory (S-1-5-21-1-2-3-1105), not by the instance administrator or Administrators',
  ]);
});

test('no DACL lets everybody in; deny and inherit-only entries do not count; unknown ACE types are refused', () => {
  assert.match(
    judgeFile(parseSddl(`O:${USER}D:NO_ACCESS_CONTROL`), admin, noNames).problems[0]!,
    /everybody/,
  );
  const sd = parseSddl(`O:${USER}D:P(A;;FA;;;${USER})(D;;FA;;;WD)(A;OICIIO;FA;;;CO)`);
  assert.deepEqual(judgeFile(sd, admin, noNames).problems, []);
  const odd = parseSddl(`O:${USER}D:P(A;;FA;;;${USER})(0x0b;;0x1;;;WD)`);
  assert.match(judgeFile(odd, admin, noNames).problems[0]!, /type 0X0B .*cannot be judged/);
});

test('a folder: read and list for Users is fine, creating files is not', () => {
  const sd = parseSddl(
    `O:BAD:AI(A;OICIID;FA;;;BA)(A;OICIID;FA;;;SY)(A;OICIID;0x1200a9;;;BU)(A;CIID;LC;;;BU)(A;OICIIOID;FA;;;CO)`,
  );
  // LC on a folder is FILE_ADD_SUBDIRECTORY (0x4): Users could create folders in it.
  assert.deepEqual(judgeDirectory(sd, admin, noNames).problems, [
    'BUILTIN\\Users (S-1-5-32-545) can add, remove or rename files in it',
  ]);
  const closed = parseSddl(
    `O:BAD:PAI(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)(A;OICI;FA;;;${USER})(A;OICI;0x1200a9;;;BU)`,
  );
  assert.deepEqual(judgeDirectory(closed, admin, noNames).problems, []);
});

test('the tool is looked for beside the installed app and in a source tree, after PGCLUSTER_ACL_TOOL', () => {
  const dir = path.join('/opt', 'pgc', 'app', 'dist', 'src', 'platform', 'windows');
  assert.deepEqual(aclToolCandidates({ PGCLUSTER_ACL_TOOL: '/x/acl.exe' }, dir), [
    '/x/acl.exe',
    path.join('/opt', 'pgc', 'app', 'bin', 'pgcluster-acl.exe'),
    path.join('/opt', 'pgc', 'app', 'dist', 'windows', 'pgcluster-acl.exe'),
  ]);
});

/** The ACL tool as it answered under Wine: "sid" for the Wine user or an unknown name, "get" for a file. */
function cannedTool(fileFixture: string, calls: string[][] = []) {
  return (args: string[]) => {
    calls.push(args);
    if (args[0] === 'sid')
      return fixture(args[1] === 'VM\\root' ? 'wine-sid-root.txt' : 'wine-sid-unknown.txt');
    if (args[0] === 'get') return fixture(fileFixture);
    throw new Error(`unexpected tool call ${args.join(' ')}`);
  };
}

function withFile(body: (file: string) => void) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgc-acl-'));
  try {
    const file = path.join(dir, 'network.conf');
    writeFileSync(file, 'server1 h 1\n');
    body(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('file access report (Test-PgConfigFile): the extra accounts by SID, the owner, the account resolved', () => {
  withFile((file) => {
    const r = fileAccessReport(file, 'VM\\root', cannedTool('wine-file-0644.txt'));
    assert.equal(r.compliant, false);
    assert.deepEqual(r.account, { sid: 'S-1-5-21-0-0-0-1000', name: 'VM\\root' });
    assert.deepEqual(r.owner, { sid: 'S-1-5-21-0-0-0-1000', name: 'VM\\root' });
    assert.deepEqual(r.extra, [{ sid: 'S-1-1-0', name: 'Everyone' }]);
    assert.deepEqual(r.problems, ['Everyone (S-1-1-0) has read access']);
    assert.equal(r.inherits, false);
    const ok = fileAccessReport(file, 'VM\\root', cannedTool('wine-file-protected.txt'));
    assert.equal(ok.compliant, true);
    assert.deepEqual(ok.extra, []);
  });
});

test('file access report: an inherited entry is reported, and so is an owner that is another account', () => {
  withFile((file) => {
    const inherited = {
      ...fixture('wine-file-protected.txt'),
      sd: parseSddl('O:S-1-5-21-1-2-3-1105D:AI(A;;FA;;;S-1-5-21-0-0-0-1000)(A;ID;0x1200a9;;;BU)'),
    };
    const run = (args: string[]) => (args[0] === 'sid' ? fixture('wine-sid-root.txt') : inherited);
    const r = fileAccessReport(file, 'VM\\root', run);
    assert.equal(r.inherits, true);
    assert.deepEqual(r.owner, { sid: 'S-1-5-21-1-2-3-1105', name: '' });
    assert.deepEqual(r.extra, [{ sid: 'S-1-5-32-545', name: 'BUILTIN\\Users' }]);
    assert.match(r.problems.join(';'), /owned by the unknown account S-1-5-21-1-2-3-1105.*inherits/);
  });
});

test("accounts: a SID is taken as it is, .\\user is this computer's, an unknown name says so", () => {
  const calls: string[][] = [];
  const run = cannedTool('wine-file-0644.txt', calls);
  assert.deepEqual(resolveAccount('*s-1-5-21-9-9-9-500', run), { sid: 'S-1-5-21-9-9-9-500', name: '' });
  assert.deepEqual(calls, []);
  assert.equal(resolveAccount('.\\root', run, { COMPUTERNAME: 'VM' }).sid, 'S-1-5-21-0-0-0-1000');
  assert.deepEqual(calls, [['sid', 'VM\\root']]);
  assert.throws(
    () => resolveAccount('nosuchuser', run),
    (e: unknown) =>
      e instanceof PgClusterError &&
      e.code === 'ACCOUNT_NOT_FOUND' &&
      /nosuchuser is not known here: nosuchuser: No security ID mapped/.test(e.message),
  );
});

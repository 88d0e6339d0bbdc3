/**
 * pgcluster file-access: the command Test-PgConfigFile reads. Its judging is tested in
 * windowsAcl.test.ts; here the usage, the platform check, the answer's shape and the exit code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileAccessCommand } from '../../src/cli/fileAccess.js';
import type { FileAccessReport } from '../../src/platform/windows/accessChecker.js';
import { PgClusterError } from '../../src/errors.js';

const account = { sid: 'S-1-5-21-0-0-0-1000', name: 'VM\\root' };
const report =
  (bad: Set<string>) =>
  (file: string, who: string): FileAccessReport => {
    assert.equal(who, 'VM\\root');
    return bad.has(file)
      ? {
          path: file,
          account,
          owner: account,
          compliant: false,
          problems: ['Everyone (S-1-1-0) has read access'],
          extra: [{ sid: 'S-1-1-0', name: 'Everyone' }],
          inherits: false,
        }
      : { path: file, account, owner: account, compliant: true, problems: [], extra: [], inherits: false };
  };

function run(args: string[], bad = new Set<string>(), platform: NodeJS.Platform = 'win32') {
  let out = '';
  const code = fileAccessCommand(args, (t) => (out += t), report(bad), platform);
  return { code, out };
}

const code = (c: string) => (e: unknown) => e instanceof PgClusterError && e.code === c;

test('file-access: every file judged, exit 1 when one is not private, JSON for the module', () => {
  const r = run(
    ['--account', 'VM\\root', '--file', 'C:\\mc\\network.conf', '--file', 'C:\\mc\\s1.conf', '--json'],
    new Set(['C:\\mc\\s1.conf']),
  );
  assert.equal(r.code, 1);
  const answer = JSON.parse(r.out) as { ok: boolean; files: FileAccessReport[] };
  assert.equal(answer.ok, true);
  assert.deepEqual(
    answer.files.map((f) => [f.path, f.compliant, f.extra.map((x) => x.sid)]),
    [
      ['C:\\mc\\network.conf', true, []],
      ['C:\\mc\\s1.conf', false, ['S-1-1-0']],
    ],
  );
  const text = run(['--account', 'VM\\root', '--file', 'C:\\a.conf'], new Set(['C:\\a.conf']));
  assert.equal(text.out, 'C:\\a.conf: NOT private to VM\\root: Everyone (S-1-1-0) has read access\n');
  assert.equal(run(['--account', 'VM\\root', '--file', 'C:\\a.conf']).code, 0);
});

test('file-access: usage errors, and Windows only', () => {
  assert.throws(() => run(['--file', 'C:\\a.conf']), code('USAGE'));
  assert.throws(() => run(['--account', 'VM\\root']), code('USAGE'));
  assert.throws(() => run(['--account', 'VM\\root', '--file', 'C:\\a', '--mode', 'x']), code('USAGE'));
  assert.throws(
    () => run(['--account', 'VM\\root', '--file', '/etc/x'], new Set(), 'linux'),
    code('WINDOWS_ONLY'),
  );
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runFencingCommand, type FencingContext } from '../../src/controller/fencingCommand.js';
import { launchSpec } from '../../src/platform/process.js';

const ctx: FencingContext = {
  action: 'switch',
  server: 'server2',
  peer: 'server1',
  mcDir: '/mc',
  reason: 'host_status abnormal',
};

function script(dir: string, name: string, body: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('fencing command', { skip: process.platform === 'win32' ? 'POSIX shell scripts' : false }, () => {
  it('exit 0 goes ahead; it sees the action, both servers and the reason in its environment', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fence-'));
    try {
      const out = path.join(dir, 'seen');
      const f = script(
        dir,
        'ok.sh',
        `echo "$PGCLUSTER_FENCING_ACTION $PGCLUSTER_SERVER $PGCLUSTER_PEER $PGCLUSTER_MCDIR $PGCLUSTER_REASON $#" > ${out}; echo powered off`,
      );
      const r = await runFencingCommand(f, ctx, 10);
      assert.deepEqual(r, { ok: true, detail: `${f} exited 0; it said: powered off` });
      assert.equal(readFileSync(out, 'utf8'), 'switch server2 server1 /mc host_status abnormal 0\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('any other exit, a hang past the timeout and a missing program all cancel, each saying how', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fence-'));
    try {
      const no = script(dir, 'no.sh', 'echo "the other server still answers" >&2; exit 3');
      assert.deepEqual(await runFencingCommand(no, ctx, 10), {
        ok: false,
        detail: `${no} exited 3; it said: the other server still answers`,
      });
      const hang = script(dir, 'hang.sh', 'exec sleep 30');
      const t0 = Date.now();
      const r = await runFencingCommand(hang, ctx, 1);
      assert.equal(r.ok, false);
      assert.match(r.detail, /did not finish within 1 s and was ended/);
      assert.ok(Date.now() - t0 < 5000);
      const missing = path.join(dir, 'nothing-here');
      const m = await runFencingCommand(missing, ctx, 1);
      assert.equal(m.ok, false);
      assert.match(m.detail, /could not be started \(.*ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('launchSpec', () => {
  it('starts a program directly, and a Windows batch file through cmd.exe with its path quoted verbatim', () => {
    assert.deepEqual(launchSpec('/usr/local/bin/fence', 'linux'), {
      file: '/usr/local/bin/fence',
      args: [],
      windowsVerbatimArguments: false,
    });
    assert.deepEqual(launchSpec('C:\\fence\\ipmi.exe', 'win32').file, 'C:\\fence\\ipmi.exe');
    assert.deepEqual(launchSpec('C:\\Program Files\\fence\\go.CMD', 'win32'), {
      file: 'cmd.exe',
      args: ['/d', '/s', '/c', '""C:\\Program Files\\fence\\go.CMD""'],
      windowsVerbatimArguments: true,
    });
  });
});

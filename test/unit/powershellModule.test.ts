import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  buildModuleScript,
  locateModule,
  parseModuleAnswer,
  psLiteral,
  SOURCE_TREE_MANIFEST,
} from '../../src/platform/windows/powershellModule.js';
import { VERSION } from '../../src/version.js';
import { registerOnWindows, unregisterOnWindows } from '../../src/cli/register.js';
import { parseCommandLine } from '../../src/cli/options.js';
import { PgClusterError } from '../../src/errors.js';

describe('PowerShell module calls: the script', () => {
  it('quotes literals the PowerShell way', () => {
    assert.equal(psLiteral("O'Neil $HOME `x"), "'O''Neil $HOME `x'");
  });

  it('splats every parameter with its type, on one line, and wraps the result as JSON', () => {
    const s = buildModuleScript(
      'Register-PgMirroringService',
      { ConfigPath: "D:\\mc dir\\it's", Failover: true, Force: false, Port: 27540, Names: ['a', "b'c"] },
      { manifest: 'C:\\PgCluster\\PgCluster.psd1' },
    );
    assert.ok(!s.includes('\n'), 'one line: stdin mode would wait for a blank line after a block');
    assert.match(s, /Import-Module 'C:\\PgCluster\\PgCluster.psd1' -Force -ErrorAction Stop/);
    assert.match(s, /\$p\['ConfigPath'\] = 'D:\\mc dir\\it''s'/);
    assert.match(s, /\$p\['Failover'\] = \[switch\]\$true/);
    assert.match(s, /\$p\['Force'\] = \[switch\]\$false/);
    assert.match(s, /\$p\['Port'\] = 27540/);
    assert.match(s, /\$p\['Names'\] = @\('a', 'b''c'\)/);
    assert.match(s, /Register-PgMirroringService @p -ErrorAction Stop/);
    assert.doesNotMatch(s, /Credential/);
  });

  it('builds the credential from the shell environment: the password is never in the script text', () => {
    const s = buildModuleScript('Install-PgMirroring', {}, { manifest: 'm.psd1' }, "CONTOSO\\o'neil");
    assert.match(s, /\$env:PGCLUSTER_BRIDGE_PASSWORD\)\.ToCharArray\(\)/);
    // Removed before the module is imported, so no module code (or a child it starts) sees it.
    assert.ok(
      s.indexOf("Remove-Item -LiteralPath 'Env:PGCLUSTER_BRIDGE_PASSWORD'") < s.indexOf('Import-Module'),
      'the variable is removed before the import',
    );
    assert.match(
      s,
      /\$p\['Credential'\] = \[System.Management.Automation.PSCredential\]::new\('CONTOSO\\o''neil', \$pw\)/,
    );
    assert.doesNotMatch(s, /AsPlainText/);
  });

  it('refuses names that are not PgCluster cmdlets or parameters', () => {
    assert.throws(() => buildModuleScript('Remove-Item', {}, { manifest: 'm' }), /not a PgCluster cmdlet/);
    assert.throws(
      () => buildModuleScript('Get-PgService', { 'Name; rm': 'x' }, { manifest: 'm' }),
      /bad parameter/,
    );
  });
});

describe('PowerShell module calls: which module', () => {
  it('imports the source tree manifest by path when it is there', () => {
    assert.ok(SOURCE_TREE_MANIFEST.endsWith(path.join('ps-module', 'PgCluster', 'PgCluster.psd1')));
    assert.deepEqual(
      locateModule((f) => f === SOURCE_TREE_MANIFEST),
      { manifest: SOURCE_TREE_MANIFEST },
    );
  });

  it('imports the installed module by name at exactly this helper version otherwise (the MSI layout)', () => {
    const ref = locateModule(() => false);
    assert.deepEqual(ref, { name: 'PgCluster', version: VERSION });
    const s = buildModuleScript('Get-PgService', { Name: 'x' }, ref);
    assert.match(
      s,
      /Import-Module -FullyQualifiedName @\{ ModuleName = 'PgCluster'; RequiredVersion = '\d+\.\d+\.\d+' \} -Force/,
    );
    assert.doesNotMatch(s, /psd1/);
  });

  it('answers a module that does not import as MODULE_NOT_FOUND with a hint, not a bare PowerShell error', () => {
    const s = buildModuleScript('Get-PgService', {}, { name: 'PgCluster', version: '9.9.9' });
    assert.match(s, /catch \{ \$imported = \$false; '<<PGCLUSTER>>'.*PgCluster\.MODULE_NOT_FOUND/);
    assert.match(s, /if \(\$imported\) \{ try \{ \$out = @\(Get-PgService @p/);
    assert.match(s, /PSModulePath/);
  });
});

describe('PowerShell module calls: the answer', () => {
  it('returns the objects of a successful call, also around console escape sequences', () => {
    const raw = '\x1b[?1h\x1b[?1l<<PGCLUSTER>>{"ok":true,"result":[{"Step":1},{"Step":2}]}\n\x1b[?1h';
    assert.deepEqual(parseModuleAnswer(raw, 'Get-PgMirroringPlan'), [{ Step: 1 }, { Step: 2 }]);
    assert.deepEqual(parseModuleAnswer('<<PGCLUSTER>>{"ok":true,"result":null}', 'X'), []);
  });

  it('turns an error record into a PgClusterError with the code of its id and its hint', () => {
    const raw =
      '<<PGCLUSTER>>{"ok":false,"id":"PgCluster.ServiceHostNotFound,Register-PgMirroringService","message":"The service host was not found.\\nHINT: Install PgCluster."}';
    assert.throws(
      () => parseModuleAnswer(raw, 'Register-PgMirroringService'),
      (e: unknown) =>
        e instanceof PgClusterError &&
        e.code === 'ServiceHostNotFound' &&
        e.message === 'Register-PgMirroringService: The service host was not found.' &&
        e.hint === 'Install PgCluster.',
    );
  });

  it('says so when PowerShell gave no answer at all', () => {
    assert.throws(
      () => parseModuleAnswer('Import-Module: file not found', 'Get-PgService'),
      (e: unknown) =>
        e instanceof PgClusterError && e.code === 'POWERSHELL_FAILED' && /file not found/.test(e.where ?? ''),
    );
  });
});

describe('mc_ctl register / unregister on Windows', () => {
  const env = { USERDOMAIN: 'CONTOSO', USERNAME: 'symfo' };

  it('calls Register-PgMirroringService with the options and the -P password as the credential', async () => {
    const calls: unknown[] = [];
    const cmd = parseCommandLine([
      'register',
      '-M',
      'D:\\mc',
      '--local-server',
      's1',
      '-f',
      '-S',
      'auto',
      '-P',
      'pw',
    ]);
    const r = await registerOnWindows(
      cmd,
      () => undefined,
      (command, params, opts) => {
        calls.push({ command, params, opts });
        return Promise.resolve([{ Outcome: 'created', Target: 'service "MC_s1"' }]);
      },
      env,
    );
    assert.deepEqual(calls, [
      {
        command: 'Register-PgMirroringService',
        params: { ConfigPath: 'D:\\mc', LocalServer: 's1', StartMode: 'Auto', Failover: true, Force: true },
        opts: { credential: { user: 'CONTOSO\\symfo', password: 'pw' } },
      },
    ]);
    assert.deepEqual(r.steps, [{ Outcome: 'created', Target: 'service "MC_s1"' }]);
  });

  it('needs -P on Windows, and says why', async () => {
    const cmd = parseCommandLine(['register', '-M', 'D:\\mc']);
    await assert.rejects(
      registerOnWindows(
        cmd,
        () => undefined,
        () => Promise.resolve([]),
        env,
      ),
      (e: unknown) =>
        e instanceof PgClusterError && e.code === 'PASSWORD_REQUIRED' && /CONTOSO\\symfo/.test(e.hint ?? ''),
    );
  });

  it('unregister calls Unregister-PgMirroringService and reports what it found', async () => {
    const said: string[] = [];
    const cmd = parseCommandLine(['unregister', '-M', 'D:\\mc']);
    await unregisterOnWindows(
      cmd,
      (t) => said.push(t),
      (command, params) => {
        assert.equal(command, 'Unregister-PgMirroringService');
        assert.deepEqual(params, { ConfigPath: 'D:\\mc', Force: true });
        return Promise.resolve([{ Outcome: 'absent', Target: 'service "MC_s1"' }]);
      },
    );
    assert.deepEqual(said, ['not registered: service "MC_s1"']);
  });
});

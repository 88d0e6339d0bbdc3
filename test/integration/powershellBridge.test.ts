/**
 * Node calling the PgCluster PowerShell module through node-powershell, for real: PowerShell 7
 * (installed by scripts/powershell-deps) imports the module, which asks the Node helper for the
 * plan of a real management directory, and the objects come back to Node. Only PowerShell's
 * platform differs from a Windows server.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { invokeModuleCommand } from '../../src/platform/windows/powershellModule.js';
import { PgClusterError } from '../../src/errors.js';
import { VERSION } from '../../src/version.js';
import { ownedTempDir, writeOwnedFile } from '../support/instance.js';

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('Node -> PowerShell module -> Node helper', () => {
  let pwsh = '';
  let mcDir = '';

  before(() => {
    // Cached after the first install; fails loudly (rather than skipping) when PowerShell cannot be had.
    pwsh = execFileSync(path.join(repo, 'scripts', 'powershell-deps'), { encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!;
    mcDir = ownedTempDir('bridge');
    writeOwnedFile(path.join(mcDir, 'network.conf'), 'server1 127.0.0.1 27540\nserver2 127.0.0.1 27541\n');
    writeOwnedFile(
      path.join(mcDir, 'server1.conf'),
      "db_instance = '/nonexistent/data'\nevent_source = 'Mirroring Controller inst1'\n",
    );
  });

  it('returns the cmdlet objects, with parameters (quotes included) passed intact', async () => {
    const steps = (await invokeModuleCommand(
      'Get-PgMirroringPlan',
      { ConfigPath: mcDir, LocalServer: 'server1', Account: "CONTOSO\\o'neil", PgBinPath: 'C:\\pg\\bin' },
      { executable: pwsh },
    )) as { Kind: string; Action: string }[];
    assert.deepEqual(
      steps.map((s) => s.Kind),
      [
        'eventSource.register',
        'eventSource.register',
        'logonRight.grant',
        'servicesFile.entry',
        'fileAcl.ownerOnly',
        'fileAcl.ownerOnly',
        'firewall.allowTcp',
        'service.mirroring',
      ],
    );
    assert.equal(steps[2]!.Action, 'grant "Log on as a service"');
    assert.match(steps[7]!.Action, /runs as CONTOSO\\o'neil\)$/);
  });

  it("brings back the helper's error code, place and hint through PowerShell", async () => {
    await assert.rejects(
      invokeModuleCommand(
        'Get-PgMirroringPlan',
        { ConfigPath: path.join(mcDir, 'missing'), Account: 'x', PgBinPath: 'C:\\pg' },
        { executable: pwsh },
      ),
      (e: unknown) =>
        e instanceof PgClusterError &&
        e.code === 'MCDIR_NOT_FOUND' &&
        e.message.startsWith('Get-PgMirroringPlan: ') &&
        e.message.includes('missing') &&
        (e.hint ?? '').length > 0,
    );
  });

  it('imports the module by name from PSModulePath when there is no source tree (the MSI layout)', async () => {
    // The MSI's layout: Modules\PgCluster\<version>\, the helper found through PGCLUSTER_HOME.
    const modules = ownedTempDir('modules');
    cpSync(path.join(repo, 'ps-module', 'PgCluster'), path.join(modules, 'PgCluster', VERSION), {
      recursive: true,
    });
    const saved = { PSModulePath: process.env.PSModulePath, PGCLUSTER_HOME: process.env.PGCLUSTER_HOME };
    process.env.PSModulePath = modules;
    process.env.PGCLUSTER_HOME = repo;
    try {
      const steps = (await invokeModuleCommand(
        'Get-PgMirroringPlan',
        { ConfigPath: mcDir, LocalServer: 'server1', Account: 'CONTOSO\\symfo', PgBinPath: 'C:\\pg\\bin' },
        { executable: pwsh, module: { name: 'PgCluster', version: VERSION } },
      )) as { Kind: string }[];
      assert.equal(steps[0]?.Kind, 'eventSource.register');

      await assert.rejects(
        invokeModuleCommand(
          'Get-PgService',
          { Name: 'x' },
          { executable: pwsh, module: { name: 'PgCluster', version: '99.0.0' } },
        ),
        (e: unknown) =>
          e instanceof PgClusterError &&
          e.code === 'MODULE_NOT_FOUND' &&
          /could not import the PgCluster module/.test(e.message) &&
          /99\.0\.0 module must be in a PSModulePath folder/.test(e.hint ?? ''),
      );
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('hands a credential to the cmdlet with its password intact, through the environment, gone before the module runs', async () => {
    const module = { manifest: path.join(repo, 'test', 'fixtures', 'bridge', 'PgBridgeEcho.psm1') };
    // Quotes, a dollar, a backtick, a semicolon and non-ASCII: nothing of it may be interpreted.
    const password = 'p\'w"$(x)`;ü ';
    for (const pw of [password, '']) {
      const [echo] = (await invokeModuleCommand(
        'Get-PgBridgeEcho',
        {},
        { executable: pwsh, module, credential: { user: 'CONTOSO\\pgsvc$', password: pw } },
      )) as { User: string; Password: string; VariableSet: boolean }[];
      assert.deepEqual(echo, { User: 'CONTOSO\\pgsvc$', Password: pw, VariableSet: false });
    }
    assert.equal(process.env.PGCLUSTER_BRIDGE_PASSWORD, undefined, "Node's own environment is untouched");
  });

  it('names a PowerShell that does not exist', async () => {
    await assert.rejects(
      invokeModuleCommand('Get-PgService', { Name: 'x' }, { executable: '/nonexistent/pwsh' }),
      (e: unknown) =>
        e instanceof PgClusterError && e.code === 'POWERSHELL_FAILED' && /PowerShell/.test(e.hint ?? ''),
    );
  });
});

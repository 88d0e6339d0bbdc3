/**
 * One version everywhere: the helper reports src/version.ts, npm publishes package.json's, and the
 * installed module is imported by name at exactly the helper's version (its folder under
 * Modules\PgCluster is named after the manifest's ModuleVersion), so the three must agree.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../../src/version.js';

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('the product version', () => {
  it('is the same in src/version.ts, package.json and the module manifest', () => {
    const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string };
    const psd1 = readFileSync(path.join(repo, 'ps-module', 'PgCluster', 'PgCluster.psd1'), 'utf8');
    const moduleVersion = /^\s*ModuleVersion\s*=\s*'([^']+)'/m.exec(psd1)?.[1];
    assert.match(VERSION, /^\d+\.\d+\.\d+$/, 'x.y.z, as Windows Installer and PowerShell compare versions');
    assert.equal(pkg.version, VERSION);
    assert.equal(moduleVersion, VERSION);
  });
});

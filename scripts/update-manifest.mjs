#!/usr/bin/env node
// Rewrites FunctionsToExport in ps-module/PgCluster/PgCluster.psd1 from the files in Public/,
// so the explicit export list (needed for module auto-loading) never drifts from the code.
// The PowerShell QA tests fail when the two differ; run this after adding a public function.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'ps-module', 'PgCluster');
const names = readdirSync(path.join(root, 'Public'))
  .filter((f) => f.endsWith('.ps1'))
  .map((f) => f.slice(0, -4))
  .sort();
const manifest = path.join(root, 'PgCluster.psd1');
const text = readFileSync(manifest, 'utf8');
const list = `FunctionsToExport    = @(\n${names.map((n) => `        '${n}'`).join(',\n')}\n    )`;
const next = text.replace(/FunctionsToExport\s*=\s*@\([^)]*\)/, list);
if (next !== text) writeFileSync(manifest, next);
console.log(`${names.length} public functions in ${manifest}`);

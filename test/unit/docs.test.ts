import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderFsmDoc } from '../../src/controller/fsm.js';
import { renderCatalog } from '../../src/log/catalog.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('generated docs stay in step with the code', () => {
  it('docs/state-machine.md', () => {
    assert.equal(
      readFileSync(path.join(root, 'docs', 'state-machine.md'), 'utf8'),
      renderFsmDoc(),
      'regenerate with: node scripts/gen-docs.mjs',
    );
  });

  it('docs/messages.md', () => {
    assert.equal(
      readFileSync(path.join(root, 'docs', 'messages.md'), 'utf8'),
      renderCatalog(),
      'regenerate with: node scripts/gen-docs.mjs',
    );
  });
});

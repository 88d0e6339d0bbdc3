import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderFsmDoc } from '../../src/controller/fsm.js';
import { renderCatalog } from '../../src/log/catalog.js';
import { renderClientBehaviourDoc } from '../../src/client/failoverErrors.js';

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

  it('docs/client-behaviour.md: the driver table and the client rules', () => {
    const doc = readFileSync(path.join(root, 'docs', 'client-behaviour.md'), 'utf8');
    assert.equal(doc, renderClientBehaviourDoc(doc), 'regenerate with: node scripts/gen-docs.mjs');
  });
});

// Regenerates the docs that are derived from code tables (run after `npm run build`).
import { readFileSync, writeFileSync } from 'node:fs';
import { renderCatalog } from '../dist/src/log/catalog.js';
import { renderFsmDoc } from '../dist/src/controller/fsm.js';
import { renderClientBehaviourDoc } from '../dist/src/client/failoverErrors.js';

writeFileSync(new URL('../docs/state-machine.md', import.meta.url), renderFsmDoc());
writeFileSync(new URL('../docs/messages.md', import.meta.url), renderCatalog());
// Hand-written around two generated tables: only the text between their markers is replaced.
const clientDoc = new URL('../docs/client-behaviour.md', import.meta.url);
writeFileSync(clientDoc, renderClientBehaviourDoc(readFileSync(clientDoc, 'utf8')));

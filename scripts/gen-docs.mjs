// Regenerates the docs that are derived from code tables (run after `npm run build`).
import { writeFileSync } from 'node:fs';
import { renderCatalog } from '../dist/src/log/catalog.js';
import { renderFsmDoc } from '../dist/src/controller/fsm.js';

writeFileSync(new URL('../docs/state-machine.md', import.meta.url), renderFsmDoc());
writeFileSync(new URL('../docs/messages.md', import.meta.url), renderCatalog());

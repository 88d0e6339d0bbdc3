#!/usr/bin/env node
// pgx_walmirror launcher: runs the compiled command from dist/.
import { main } from '../dist/src/cli/pgx_walmirror.js';

process.exitCode = await main(process.argv.slice(2));

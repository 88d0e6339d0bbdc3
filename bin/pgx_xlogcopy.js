#!/usr/bin/env node
// pgx_xlogcopy launcher: runs the compiled command from dist/.
import { main } from '../dist/src/cli/pgx_xlogcopy.js';

process.exitCode = main(process.argv.slice(2));

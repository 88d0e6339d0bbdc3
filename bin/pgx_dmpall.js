#!/usr/bin/env node
// pgx_dmpall launcher: runs the compiled command from dist/.
import { main } from '../dist/src/cli/pgx_dmpall.js';

process.exitCode = await main(process.argv.slice(2));

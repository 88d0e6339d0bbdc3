#!/usr/bin/env node
// pgx_rcvall launcher: runs the compiled command from dist/.
import { main } from '../dist/src/cli/pgx_rcvall.js';

process.exitCode = await main(process.argv.slice(2));

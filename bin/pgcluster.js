#!/usr/bin/env node
// pgcluster launcher: runs the compiled helper from dist/.
import { main } from '../dist/src/cli/pgcluster.js';

process.exitCode = await main(process.argv.slice(2));

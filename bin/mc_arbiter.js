#!/usr/bin/env node
// mc_arbiter launcher: runs the compiled command from dist/.
import { main } from '../dist/src/cli/mc_arbiter.js';

process.exitCode = await main(process.argv.slice(2));

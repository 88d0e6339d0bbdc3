#!/usr/bin/env node
// mc_ctl launcher: runs the compiled command from dist/.
import { main } from '../dist/src/cli/mc_ctl.js';

process.exitCode = await main(process.argv.slice(2));

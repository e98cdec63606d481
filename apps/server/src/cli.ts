#!/usr/bin/env node
// The `kefu` executable: offline tools around the server. Today: `kefu eval`, the bot's quality report.
import { run } from './cli/run.js';

process.exitCode = await run(process.argv.slice(2), process);

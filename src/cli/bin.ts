#!/usr/bin/env node
// Executable entry of the `kqlite` command.
import { main } from './main.js';

process.exitCode = main(process.argv.slice(2));

// The `kqlite` command: dispatches subcommands and turns every KqlError into `file:line:col: error CODE:
// message` with a caret and exit code 2. Anything else is an internal error (stack only with --debug).

import { readFileSync } from 'node:fs';
import { KqlError, formatDiagnostic } from '../diagnostics.js';
import { checkCommand, CHECK_HELP } from './check.js';
import { processIo, type Io } from './io.js';
import { runCommand, RUN_HELP } from './run.js';
import { testCommand, TEST_HELP } from './test.js';
import { explainCommand, EXPLAIN_HELP } from './explain.js';
import { usageError } from './args.js';

const HELP = `kqlite: run KQL detection rules locally, against CSV/JSON exports of their tables.

usage: kqlite <command> [options]

commands:
  run     run rule files or queries over tables and print the results
  check   parse and bind rules without data, against the bundled schemas
  test    run rule test specs (*.kqltest.yaml): PASS/FAIL, diffs, stage counts, coverage
  explain show where an input row stops in a rule, and which predicate rejected it
  help    show help for a command (kqlite help run)

  kqlite --version`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Run the CLI; returns the exit code. */
export function main(argv: string[], io: Io = processIo): number {
  const debug = argv.includes('--debug');
  try {
    const [cmd, ...rest] = argv;
    switch (cmd) {
      case 'run':
        return runCommand(rest, io);
      case 'check':
        return checkCommand(rest, io);
      case 'test':
        return testCommand(rest, io);
      case 'explain':
        return explainCommand(rest, io);
      case 'help':
      case '--help':
      case '-h':
      case undefined: {
        const topic = cmd === 'help' ? rest[0] : undefined;
        io.out(topic === 'run' ? RUN_HELP : topic === 'check' ? CHECK_HELP : topic === 'test' ? TEST_HELP : topic === 'explain' ? EXPLAIN_HELP : HELP);
        return cmd === undefined ? 2 : 0;
      }
      case '--version':
        io.out(version());
        return 0;
      default:
        throw usageError(`unknown command '${cmd}' (commands: run, check, test, explain, help)`);
    }
  } catch (e) {
    if (e instanceof KqlError) {
      io.err(formatDiagnostic(e));
      return 2;
    }
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      io.err('error KQL204: the input is nested too deeply to process');
      return 2;
    }
    io.err(`internal error: ${e instanceof Error ? e.message : String(e)}${debug && e instanceof Error ? `\n${e.stack}` : ' (run with --debug for details)'}`);
    return 70;
  }
}

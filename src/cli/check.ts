// `kqlite check`: parse and bind rule files without data, against the bundled schemas, and report every
// problem with its code, kind and position.

import { statSync } from 'node:fs';
import { extname } from 'node:path';
import { KqlError, formatDiagnostic } from '../diagnostics.js';
import { compileQuery } from '../engine/index.js';
import { CONFIG_NAMES } from '../harness/config.js';
import { SPEC_PATTERN } from '../harness/discover.js';
import { checkRuleMetadata } from '../harness/metadata.js';
import { readRuleFile } from '../harness/rule-file.js';
import { parse } from '../parser/index.js';
import { oneOf, parseArgs, usageError } from './args.js';
import type { Io } from './io.js';
import { walkFiles } from '../walk.js';
import { loadSources, SOURCE_FLAGS } from './sources.js';

export const CHECK_HELP = `usage: kqlite check <files or folders>... [--format text|jsonl] [--no-metadata] [--view NAME=FILE] [--schema NAME=FILE]

Parses and binds each rule (.yaml/.yml Sentinel rules, .kql files; folders are searched recursively,
skipping *.kqltest.yaml test specs) against the bundled Defender and Sentinel schemas, without data.
Sentinel YAML rules also get metadata checks: required fields, id a GUID, MITRE ATT&CK tactics and
techniques, requiredDataConnectors covering the tables read, queryFrequency/queryPeriod, severity.

  --format F           text (default) or jsonl (one line per file)
  --no-metadata        check only the query (syntax, names, types), not the Sentinel metadata: for
                       rules kept as YAML outside Sentinel's format, or drafts without id and tactics
  --view NAME=FILE     define table NAME as the KQL in FILE (its columns become known)
  --schema NAME=FILE   the schema of a table the bundled schemas do not know

Exit 0 when there are no errors (warnings are printed but pass), 2 otherwise.`;

const RULE_EXTS = new Set(['.yaml', '.yml', '.kql', '.csl']);

function collect(path: string, out: string[]): void {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new KqlError({ code: 'KQL502', kind: 'usage', message: `file not found: ${path}`, file: path });
  }
  if (!st.isDirectory()) {
    out.push(path);
    return;
  }
  out.push(...walkFiles(path, (name) => RULE_EXTS.has(extname(name).toLowerCase()) && !SPEC_PATTERN.test(name) && !CONFIG_NAMES.includes(name)));
}

export interface FileCheck {
  file: string;
  syntaxOk: boolean;
  diagnostics: KqlError[];
}

export function checkCommand(argv: string[], io: Io): number {
  const args = parseArgs(argv, { ...SOURCE_FLAGS, format: { value: true }, 'no-metadata': {}, help: { short: 'h' }, debug: {} });
  if (args.flags.has('help')) {
    io.out(CHECK_HELP);
    return 0;
  }
  const format = oneOf(args, 'format', ['text', 'jsonl'] as const, 'text');
  if (!args.positionals.length) throw usageError('no files to check (see kqlite check --help)');
  const metadata = !args.flags.has('no-metadata');
  const files: string[] = [];
  for (const p of args.positionals) collect(p, files);
  const sources = { ...loadSources(args), emptyTables: true };
  let clean = true;
  for (const file of files) {
    const result = checkFile(file, sources);
    // Sentinel YAML rules: metadata checks (required fields, id, ATT&CK, connectors, schedule).
    if (metadata && result.syntaxOk && /\.ya?ml$/i.test(file)) result.diagnostics.push(...checkRuleMetadata(file, { catalog: sources.catalog }));
    if (result.diagnostics.some((d) => d.severity === 'error')) clean = false;
    if (format === 'jsonl') {
      io.out(JSON.stringify({ file, syntaxOk: result.syntaxOk, diagnostics: result.diagnostics.map((d) => d.toJSON()) }));
    } else {
      for (const d of result.diagnostics) io.err(formatDiagnostic(d));
    }
  }
  if (format === 'text') io.out(`${files.length} file${files.length === 1 ? '' : 's'} checked, ${clean ? 'no problems' : 'problems found'}`);
  return clean ? 0 : 2;
}

/** Check one rule file: syntax first, then names and types (only when the syntax is valid). */
export function checkFile(file: string, sources: Parameters<typeof compileQuery>[1]): FileCheck {
  let rule;
  try {
    rule = readRuleFile(file);
  } catch (e) {
    if (e instanceof KqlError) return { file, syntaxOk: false, diagnostics: [e] };
    throw e;
  }
  try {
    parse(rule.query);
  } catch (e) {
    if (e instanceof KqlError) return { file, syntaxOk: false, diagnostics: [e.withSource(rule.source)] };
    throw e;
  }
  try {
    compileQuery(rule.query, sources, 0n);
    return { file, syntaxOk: true, diagnostics: [] };
  } catch (e) {
    if (e instanceof KqlError) return { file, syntaxOk: true, diagnostics: [e.withSource(rule.source)] };
    throw e;
  }
}

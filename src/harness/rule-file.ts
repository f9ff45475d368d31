// Reading detection rules: Sentinel analytics-rule YAML (the `query` field, as published) or a plain
// .kql file. Keeps where the query sits in the file so errors point at the right file line and column.

import { extname } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, Scalar } from 'yaml';
import { KqlError, type SourceRef } from '../diagnostics.js';
import { readTextFile } from '../io.js';
import { yamlErrorMessage } from './yaml-nodes.js';

export interface RuleFile {
  file: string;
  query: string;
  /** Where `query` sits inside the file (added to query positions in messages). */
  source: SourceRef;
  /** The parsed YAML document (Sentinel rule metadata), when the file is YAML. */
  metadata?: Record<string, unknown>;
}

function ruleError(code: string, message: string, file: string, line?: number, column?: number): KqlError {
  return new KqlError({ code, kind: 'usage', message, file, line, column });
}

/** Read a rule from a `.yaml`/`.yml` Sentinel rule or any other file as raw KQL. */
export function readRuleFile(file: string): RuleFile {
  const text = readTextFile(file);
  const ext = extname(file).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return parseRuleYaml(text, file);
  return { file, query: text, source: { file, text } };
}

/** Parse Sentinel rule YAML text. */
export function parseRuleYaml(text: string, file: string): RuleFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const pos = lines.linePos(e.pos[0]);
    throw ruleError('KQL401', yamlErrorMessage(e, 'rule'), file, pos.line, pos.col);
  }
  const root = doc.contents;
  if (!isMap(root)) throw ruleError('KQL401', 'a rule file must be a YAML mapping with a `query` field', file, 1, 1);
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'query');
  if (!pair) throw ruleError('KQL402', 'the rule has no `query` field', file, 1, 1);
  const node = pair.value;
  if (!isScalar(node) || typeof node.value !== 'string') {
    const at = (node as { range?: [number, number, number] } | null)?.range?.[0] ?? (pair.key as Scalar).range?.[0] ?? 0;
    const pos = lines.linePos(at);
    throw ruleError('KQL403', '`query` must be a string (a YAML block scalar such as `query: |`)', file, pos.line, pos.col);
  }
  const query = node.value;
  const start = node.range?.[0] ?? 0;
  const pos = lines.linePos(start);
  let source: SourceRef;
  if (node.type === Scalar.BLOCK_LITERAL) {
    // Content starts on the line after the `|` header, indented uniformly.
    const firstLine = text.split(/\r?\n/)[pos.line] ?? '';
    const indent = /^ */.exec(firstLine)![0].length;
    source = { file, text: query, lineOffset: pos.line, columnOffset: indent };
  } else {
    const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE ? 1 : 0;
    source = { file, text: query, lineOffset: pos.line - 1, columnOffset: pos.col - 1 + quoted };
  }
  return { file, query, source, metadata: doc.toJS() as Record<string, unknown> };
}


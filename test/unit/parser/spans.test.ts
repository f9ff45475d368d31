// Every node's span lies inside its parent's, is non-empty, and has the line/column of its start offset.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Span } from '../../../src/diagnostics.js';
import { INPUT_NAME, parse } from '../../../src/parser/index.js';

const CORPUS = join(import.meta.dirname, '../../../../shared/corpus/rules');
const SPAN_KEYS = new Set(['span', 'opSpan', 'nameSpan']);

/** 1-based line and column of an offset, from the offsets where lines start. */
function position(lineStarts: number[], offset: number): [number, number] {
  let line = 0;
  while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= offset) line++;
  return [line + 1, offset - lineStarts[line]! + 1];
}

function check(node: unknown, parent: Span, lineStarts: number[], problems: string[], path: string): void {
  if (Array.isArray(node)) {
    node.forEach((n, i) => check(n, parent, lineStarts, problems, `${path}[${i}]`));
    return;
  }
  if (!node || typeof node !== 'object') return;
  const n = node as { span?: Span; kind?: string; name?: string };
  let inner = parent;
  if (n.span) {
    const s = n.span;
    const synthetic = n.kind === 'Name' && n.name === INPUT_NAME; // mv-apply / facet / fork subquery input: zero width
    const [line, column] = position(lineStarts, s.start);
    if (!(s.start >= parent.start && s.end <= parent.end && (s.end > s.start || synthetic)) || line !== s.line || column !== s.column) {
      problems.push(`${path} ${n.kind ?? ''} ${JSON.stringify(s)} in ${JSON.stringify(parent)}`);
    }
    inner = s;
  }
  for (const [k, v] of Object.entries(node)) if (!SPAN_KEYS.has(k)) check(v, inner, lineStarts, problems, `${path}.${k}`);
}

it('nests node spans inside their parents over the whole corpus', () => {
  const problems: string[] = [];
  for (const file of readdirSync(CORPUS)) {
    const text = String((parseYaml(readFileSync(join(CORPUS, file), 'utf8')) as { query?: unknown }).query ?? '');
    let script;
    try {
      script = parse(text);
    } catch {
      continue;
    }
    expect(script.span).toMatchObject({ start: 0, end: text.length });
    const lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
    check(script.statements, script.span, lineStarts, problems, file);
  }
  expect(problems.slice(0, 20)).toEqual([]);
});

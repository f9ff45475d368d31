// YAML read into plain values that remember where they were written: every mapping, sequence, scalar
// and key carries its 1-based line and column, so spec errors can name the exact YAML line. Integers
// are read exactly (bigint), aliases are resolved and `<<` merge keys are applied.

import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { KqlError } from '../diagnostics.js';
import type { Dynamic } from '../types.js';

export interface Pos {
  line: number;
  column: number;
}

export interface YEntry {
  key: string;
  keyPos: Pos;
  value: YNode;
}

export type YScalar = null | boolean | number | bigint | string;

export type YNode =
  | { t: 'map'; pos: Pos; entries: YEntry[] }
  | { t: 'seq'; pos: Pos; items: YNode[] }
  | { t: 'scalar'; pos: Pos; value: YScalar; block: boolean };

export interface YamlFile {
  file: string;
  text: string;
  root: YNode;
  /** 1-based line and column of a character offset. */
  posAt(offset: number): Pos;
}

/** An error at a position of a YAML file (spec errors are KQL41x, `usage` kind: bad input, exit 2). */
export function yamlError(code: string, message: string, file: string, pos?: Pos): KqlError {
  // Line 0: a value built in code (kqlite/testing), not read from a file.
  return new KqlError({ code, kind: 'usage', message, file: file || undefined, line: pos?.line || undefined, column: pos?.line ? pos.column : undefined });
}

/**
 * The message for a YAML parse error. A second document (after a `---` line) gets its own message: a
 * rule or spec file holds one document.
 */
export function yamlErrorMessage(e: { code: string; message: string }, what: string): string {
  if (e.code === 'MULTIPLE_DOCS') return `the file holds more than one YAML document (a new one starts at this '---'); a ${what} file holds one document: put each ${what} in its own file`;
  return `not valid YAML: ${e.message.split('\n')[0]}`;
}

/** Parse YAML text into positioned nodes. Syntax errors are KQL410 at their line and column. */
export function readYaml(text: string, file: string, what = 'spec'): YamlFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, intAsBigInt: true, merge: true, prettyErrors: false, uniqueKeys: true });
  const posAt = (offset: number): Pos => {
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col };
  };
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw yamlError('KQL410', yamlErrorMessage(e, what), file, posAt(e.pos[0]));
  }
  const root = convert(doc, doc.contents as Node | null, posAt, { line: 1, column: 1 }, 0);
  return { file, text, root, posAt };
}

function convert(doc: Document, node: Node | null, posAt: (o: number) => Pos, fallback: Pos, depth: number): YNode {
  if (depth > 200) throw new KqlError({ code: 'KQL410', kind: 'usage', message: 'the YAML is nested too deeply', line: fallback.line, column: fallback.column });
  if (node === null || node === undefined) return { t: 'scalar', pos: fallback, value: null, block: false };
  if (isAlias(node)) {
    const target = node.resolve(doc);
    return convert(doc, (target ?? null) as Node | null, posAt, node.range ? posAt(node.range[0]) : fallback, depth + 1);
  }
  const pos = node.range ? posAt(node.range[0]) : fallback;
  if (isScalar(node)) {
    const v = node.value;
    const value: YScalar =
      v === null || v === undefined ? null
      : typeof v === 'boolean' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string' ? v
      : String(v);
    return { t: 'scalar', pos, value, block: node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED' };
  }
  if (isSeq(node)) {
    return { t: 'seq', pos, items: node.items.map((it) => convert(doc, it as Node | null, posAt, pos, depth + 1)) };
  }
  if (isMap(node)) {
    const entries: YEntry[] = [];
    const set = (e: YEntry, override: boolean): void => {
      const i = entries.findIndex((x) => x.key === e.key);
      if (i < 0) entries.push(e);
      else if (override) entries[i] = e;
    };
    const merged: YEntry[] = [];
    for (const pair of node.items) {
      const k = pair.key as Node | null;
      const keyPos = k && (k as { range?: [number, number, number] }).range ? posAt((k as { range: [number, number, number] }).range[0]) : pos;
      const value = convert(doc, pair.value as Node | null, posAt, keyPos, depth + 1);
      if (isScalar(k) && typeof k.value === 'symbol') {
        // `<<: *base` or `<<: [*a, *b]`: earlier sources win, explicit keys win over all.
        const sources = value.t === 'seq' ? value.items : [value];
        for (const s of sources) if (s.t === 'map') for (const e of s.entries) if (!merged.some((m) => m.key === e.key)) merged.push(e);
        continue;
      }
      const key = isScalar(k) ? String(k.value) : k === null ? '' : String((k as { toString(): string }).toString());
      set({ key, keyPos, value }, true);
    }
    for (const m of merged) set(m, false);
    return { t: 'map', pos, entries };
  }
  return { t: 'scalar', pos, value: null, block: false };
}

/** The plain value of a node: maps become objects, sequences arrays (integers stay bigint). */
export function toDynamic(n: YNode): Dynamic {
  switch (n.t) {
    case 'scalar':
      return n.value;
    case 'seq':
      return n.items.map(toDynamic);
    case 'map': {
      const o: { [k: string]: Dynamic } = {};
      for (const e of n.entries) o[e.key] = toDynamic(e.value);
      return o;
    }
  }
}

/** A short description of a node's kind for messages ("a list", "a mapping", "the number 3"). */
export function describeNode(n: YNode): string {
  if (n.t === 'map') return 'a mapping';
  if (n.t === 'seq') return 'a list';
  const v = n.value;
  if (v === null) return 'nothing (null)';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  if (typeof v === 'boolean') return `${v}`;
  return `the number ${String(v)}`;
}

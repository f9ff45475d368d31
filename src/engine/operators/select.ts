// Row and value selection: sample (N rows chosen with a fixed-seed generator, so runs are reproducible),
// sample-distinct (up to N distinct values) and top-nested (hierarchical top-N by an aggregate).

import { columnBuilder } from '../../tables/column.js';
import { Table } from '../../tables/table.js';
import type { Value } from '../../types.js';
import type { Plan, TopNestedLevel } from '../bound.js';
import { compile, type RowFn } from '../exec/compile.js';
import type { ExecContext } from '../exec/context.js';
import { compileEnv } from '../exec/executor.js';
import { relRows, type Rel } from '../exec/relation.js';
import { compareValues, valueKey } from '../values.js';

/** A small deterministic generator (mulberry32): sample is random in Kusto, reproducible here. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** sample: N rows picked uniformly (reservoir sampling), kept in input order. */
export function runSample(p: Extract<Plan, { op: 'sample' }>, input: Rel): Rel {
  const rows = relRows(input);
  if (rows.length <= p.count) return input;
  const rand = generator(0x5eed);
  const pick = Array.from({ length: p.count }, (_, i) => i);
  for (let i = p.count; i < rows.length; i++) {
    const j = Math.floor(rand() * (i + 1));
    if (j < p.count) pick[j] = i;
  }
  pick.sort((a, b) => a - b);
  return { table: input.table, sel: Uint32Array.from(pick, (i) => rows[i]!) };
}

/** sample-distinct: up to N distinct values of the column, in order of first appearance. */
export function runSampleDistinct(p: Extract<Plan, { op: 'sampledistinct' }>, input: Rel, ctx: ExecContext): Table {
  const f = compile(p.column, compileEnv(input.table, ctx));
  const seen = new Set<string>();
  const b = columnBuilder(p.column.type);
  const rows = relRows(input);
  for (let i = 0; i < rows.length && seen.size < p.count; i++) {
    const v = f(rows[i]!);
    const k = valueKey(v);
    if (seen.has(k)) continue;
    seen.add(k);
    b.push(v);
  }
  return new Table(p.schema, [b.build()], seen.size);
}

interface Compiled {
  level: TopNestedLevel;
  of: RowFn;
  args: RowFn[];
}

/** One level over a set of rows: [value, aggregate, rows of the group], the top groups first, then Others. */
function rankLevel(c: Compiled, rows: number[]): { value: Value; agg: Value; rows: number[] | null }[] {
  const groups = new Map<string, { value: Value; rows: number[] }>();
  for (const r of rows) {
    const v = c.of(r);
    const k = valueKey(v);
    (groups.get(k) ?? groups.set(k, { value: v, rows: [] }).get(k)!).rows.push(r);
  }
  const aggregate = (rs: number[]): Value => {
    const acc = c.level.aggregate.factory.create();
    for (const r of rs) acc.add(c.args.map((f) => f(r)));
    return acc.result()[0] ?? null;
  };
  const type = c.level.aggregate.types[0]!;
  const ranked = [...groups.values()].map((g) => ({ value: g.value, agg: aggregate(g.rows), rows: g.rows as number[] | null }));
  ranked.sort((x, y) => {
    if (x.agg === null || y.agg === null) return x.agg === y.agg ? 0 : x.agg === null ? 1 : -1;
    const d = compareValues(x.agg, y.agg, type);
    return c.level.desc ? -d : d;
  });
  const top = c.level.count === null ? ranked : ranked.slice(0, c.level.count);
  if (c.level.others !== undefined && top.length < ranked.length) {
    const rest = ranked.slice(top.length).flatMap((g) => g.rows!);
    top.push({ value: c.level.others, agg: aggregate(rest), rows: null });
  }
  return top;
}

/** top-nested: every path through the levels' top groups becomes a row (value and aggregate per level). */
export function runTopNested(p: Extract<Plan, { op: 'topnested' }>, input: Rel, ctx: ExecContext): Table {
  const env = compileEnv(input.table, ctx);
  const levels: Compiled[] = p.levels.map((level) => ({ level, of: compile(level.of, env), args: level.aggregate.args.map((a) => compile(a, env)) }));
  const builders = p.schema.map((c) => columnBuilder(c.type));
  let n = 0;
  const walk = (depth: number, rows: number[], prefix: Value[]): void => {
    if (depth === levels.length) {
      prefix.forEach((v, i) => builders[i]!.push(v));
      n++;
      return;
    }
    for (const g of rankLevel(levels[depth]!, rows)) {
      if (g.rows === null) {
        // The Others row ends its branch: deeper levels are null.
        const tail = new Array<Value>((levels.length - depth - 1) * 2).fill(null);
        walk(levels.length, [], [...prefix, g.value, g.agg, ...tail]);
      } else walk(depth + 1, g.rows, [...prefix, g.value, g.agg]);
    }
  };
  walk(0, Array.from(relRows(input)), []);
  return new Table(p.schema, builders.map((b) => b.build()), n);
}

// parse and parse-where: match each row's text against the pattern's regex (RE2) and convert each capture
// to its column type. In the strict kinds a failed match or conversion leaves every capture null (parse)
// or drops the row (parse-where); in the relaxed kind only the column that did not convert is null.

import { columnBuilder } from '../../tables/column.js';
import { Table } from '../../tables/table.js';
import type { Value } from '../../types.js';
import type { Plan } from '../bound.js';
import { convertValue } from '../convert.js';
import { compile } from '../exec/compile.js';
import type { ExecContext } from '../exec/context.js';
import { compileEnv } from '../exec/executor.js';
import { materialize, type Rel } from '../exec/relation.js';
import { compileRegex } from '../functions/regex.js';

type ParsePlan = Extract<Plan, { op: 'parse' }>;

/** The converted captures of one text, or null when the text does not parse. */
function parseText(p: ParsePlan, text: string): Value[] | null {
  const m = compileRegex(p.regex).matcher(text);
  if (!m.find()) return null;
  const out: Value[] = [];
  for (const c of p.captures) {
    const raw = m.group(c.group);
    if (raw === null) {
      // A relaxed number capture that did not match a number.
      out.push(c.type === 'string' ? '' : null);
      continue;
    }
    const v = c.type === 'string' ? raw : convertValue(raw, 'string', c.type);
    if (v === null && c.type !== 'string' && !p.relaxed) return null;
    out.push(v);
  }
  return out;
}

/** Run parse / parse-where over the input rows. */
export function runParse(p: ParsePlan, input: Rel, ctx: ExecContext): Table {
  const table = materialize(input);
  const source = compile(p.source, compileEnv(table, ctx));
  const targets = new Map(p.captures.map((c, i) => [c.target, i]));
  const builders = p.schema.map((c) => columnBuilder(c.type));
  const cache = new Map<string, Value[] | null>();
  let n = 0;
  for (let r = 0; r < table.length; r++) {
    const text = String(source(r) ?? '');
    let values = cache.get(text);
    if (values === undefined) {
      values = parseText(p, text);
      if (cache.size < 100_000) cache.set(text, values);
    }
    if (!values && p.filter) continue;
    p.schema.forEach((_, j) => {
      const k = targets.get(j);
      builders[j]!.push(k === undefined ? table.columns[j]!.get(r) : values ? values[k]! : null);
    });
    n++;
    if ((r & 0xffff) === 0) ctx.checkTime();
  }
  return new Table(p.schema, builders.map((b) => b.build()), n);
}

// The engine's public pipeline: bind a parsed script against the available tables, then execute it.
// `compileQuery` works without data (for `kqlite check`); `executeQuery` runs over loaded tables.

import { guardNesting, KqlError, type Span } from '../diagnostics.js';
import type { Script } from '../parser/ast.js';
import { parse } from '../parser/index.js';
import type { SchemaCatalog } from '../tables/schema.js';
import { Table, type ColumnInfo } from '../tables/table.js';
import type { BExpr, Plan } from './bound.js';
import { Binder } from './binder/binder.js';
import { Scope, type TableResolver } from './binder/scope.js';
import { coerce } from './functions/registry.js';
import { ExecContext } from './exec/context.js';
import { execute } from './exec/executor.js';
import { withBudget } from './exec/memory.js';

export interface ViewDefinition {
  /** The KQL text of the view: a tabular expression (lets allowed) over other tables. */
  query: string;
  /** Where the text came from (for error positions). */
  file?: string;
}

export interface EngineSources {
  /** Loaded tables by name. */
  tables?: ReadonlyMap<string, Table>;
  /** Views by the table name they define; a table with both data and views is their union. */
  views?: ReadonlyMap<string, ViewDefinition[]>;
  /** Known schemas: lets queries over tables without data bind (and, with `emptyTables`, run). */
  catalog?: SchemaCatalog;
  /** Tables known only from the catalog read as empty instead of being an error. */
  emptyTables?: boolean;
}

export interface CompiledQuery {
  script: Script;
  plans: Plan[];
  /** Tables created for views and empty catalog tables, keyed by internal name. */
  tables: Map<string, Table>;
}

/** Resolves table names against loaded data, views and the schema catalog. */
class SourceResolver implements TableResolver {
  private readonly viewPlans = new Map<string, Plan>();
  private readonly resolving = new Set<string>();
  readonly extraTables = new Map<string, Table>();

  constructor(
    private readonly src: EngineSources,
    private readonly now: bigint,
  ) {}

  names(): string[] {
    const s = new Set<string>([...(this.src.tables?.keys() ?? []), ...(this.src.views?.keys() ?? [])]);
    for (const n of this.src.catalog?.names() ?? []) s.add(n);
    return [...s];
  }

  /** Loaded rows of a table, for operators whose output columns depend on the data (bag_unpack, pivot); tables known only from the catalog have none. */
  data(name: string): Table | undefined {
    return this.src.tables?.get(name);
  }

  resolve(name: string, span: Span): Plan | undefined {
    const data = this.src.tables?.get(name);
    const views = this.src.views?.get(name) ?? [];
    const known = this.src.catalog?.get(name);
    const target: readonly ColumnInfo[] | undefined = known ?? data?.schema;
    const legs: Plan[] = [];
    if (data) legs.push({ op: 'scan', table: name, schema: data.schema.slice(), span });
    views.forEach((v, i) => legs.push(this.viewPlan(name, i, v, target, span)));
    if (!legs.length) {
      if (!known) return undefined;
      if (!this.src.emptyTables) {
        throw new KqlError({
          code: 'KQL114',
          kind: 'semantic',
          message: `table '${name}' has no data; load it with --table ${name}=FILE (or define it with --view)`,
          span,
        });
      }
      const key = `\u0000empty:${name}`;
      if (!this.extraTables.has(key)) this.extraTables.set(key, Table.empty(known));
      return { op: 'scan', table: key, schema: known.slice(), span };
    }
    if (legs.length === 1) return legs[0];
    // Several sources for one table: union them over the table's schema.
    const schema = (target ?? legs[0]!.schema).slice();
    const mappings = legs.map((l) => schema.map((c) => {
      const i = l.schema.findIndex((x) => x.name === c.name && x.type === c.type);
      return i < 0 ? null : i;
    }));
    return { op: 'union', inputs: legs, sourceNames: legs.map(() => name), mappings, schema, span };
  }

  /** A view's plan, conformed to the table's schema (matching columns by name; missing ones are null). */
  private viewPlan(name: string, i: number, v: ViewDefinition, target: readonly ColumnInfo[] | undefined, span: Span): Plan {
    const key = `${name}#${i}`;
    const hit = this.viewPlans.get(key);
    if (hit) return hit;
    if (this.resolving.has(name)) {
      throw new KqlError({ code: 'KQL112', kind: 'semantic', message: `view '${name}' refers to itself`, span });
    }
    this.resolving.add(name);
    try {
      let plans: Plan[];
      let script: Script;
      try {
        script = parse(v.query);
        plans = new Binder(this, this.now).bindScript(script, new Scope());
      } catch (e) {
        if (e instanceof KqlError) e.withSource({ file: v.file ?? `<view ${name}>`, text: v.query });
        throw e;
      }
      let plan = plans[plans.length - 1]!;
      if (target) plan = conform(plan, target, v, name);
      this.viewPlans.set(key, plan);
      return plan;
    } finally {
      this.resolving.delete(name);
    }
  }
}

/** Project a plan onto a schema: same-named columns converted to the schema's types, others null. */
function conform(plan: Plan, target: readonly ColumnInfo[], v: ViewDefinition, name: string): Plan {
  for (const c of plan.schema) {
    if (!target.some((t) => t.name === c.name)) {
      throw new KqlError({
        code: 'KQL112',
        kind: 'semantic',
        message: `view for '${name}' produces column '${c.name}', which is not in the ${name} schema`,
        file: v.file,
      });
    }
  }
  const columns: BExpr[] = target.map((t) => {
    const i = plan.schema.findIndex((c) => c.name === t.name);
    if (i < 0) return { k: 'const', type: t.type, value: t.type === 'string' ? '' : null };
    return coerce({ k: 'col', type: plan.schema[i]!.type, index: i, name: t.name }, t.type);
  });
  return { op: 'project', input: plan, columns, schema: target.slice(), span: plan.span };
}

/** Parse and bind a query: every name and type is checked, no data is read. */
export function compileQuery(text: string, sources: EngineSources, now: bigint): CompiledQuery {
  const script = parse(text);
  const resolver = new SourceResolver(sources, now);
  const plans = guardNesting(() => new Binder(resolver, now).bindScript(script));
  return { script, plans, tables: resolver.extraTables };
}

export interface ExecuteOptions {
  now: bigint;
  /** Milliseconds the query may run before failing with KQL203. */
  timeoutMs?: number;
  /** Bytes the query's operators may hold before failing with KQL206 (default: half of V8's heap limit). */
  memoryLimit?: number;
  /** Collect the row count each plan node produced. */
  stats?: Map<object, number>;
}

/** Run the first query statement of a compiled query. */
export function executeQuery(q: CompiledQuery, sources: EngineSources, opts: ExecuteOptions): Table {
  const tables = new Map<string, Table>([...(sources.tables ?? new Map<string, Table>()), ...q.tables]);
  const ctx = new ExecContext({
    now: opts.now,
    tables,
    stats: opts.stats,
    timeoutMs: opts.timeoutMs,
    memoryLimit: opts.memoryLimit,
  });
  return withBudget(ctx.memory, () => guardNesting(() => execute(q.plans[0]!, ctx)));
}

export type { Plan };

// The typed KQL syntax tree: a discriminated union per layer (statements, scalar/tabular expressions,
// tabular operators). Every node carries the source span it came from.

import type { Span } from '../diagnostics.js';
import type { ScalarType, Value } from '../types.js';

export interface Node {
  span: Span;
}

// ---------------------------------------------------------------------------------------------- statements

export interface Script extends Node {
  kind: 'Script';
  statements: Statement[];
}

export type Statement = LetStatement | QueryStatement | SetStatement | DeclareStatement;

export interface LetStatement extends Node {
  kind: 'Let';
  name: string;
  nameSpan: Span;
  value: Expr | FunctionDef;
}

/** `set querytrace;` / `set x = 5;` (client request options: accepted and recorded). */
export interface SetStatement extends Node {
  kind: 'Set';
  name: string;
  value?: Expr;
}

/** `declare query_parameters(name:type = default, ...)`. */
export interface DeclareStatement extends Node {
  kind: 'Declare';
  params: Param[];
}

export interface QueryStatement extends Node {
  kind: 'Query';
  expr: Expr;
}

/** `(a:long, T:(x:string), b:string = "d") { body }` or `view () { body }`. */
export interface FunctionDef extends Node {
  kind: 'FunctionDef';
  params: Param[];
  /** Statements inside the body; the last one is the result. */
  body: Statement[];
  isView: boolean;
}

export interface Param extends Node {
  name: string;
  /** A scalar type, or a tabular schema (`(*)` is `columns: []` with `star: true`). */
  type: ScalarType | TabularParamType;
  default?: Expr;
}

export interface TabularParamType {
  kind: 'TabularType';
  columns: ColumnDecl[];
  star: boolean;
}

export interface ColumnDecl extends Node {
  name: string;
  type: ScalarType;
}

// ------------------------------------------------------------------------------------------- expressions

export type Expr =
  | Literal
  | DynamicLiteral
  | NameRef
  | Star
  | Binary
  | Unary
  | Between
  | SetTest
  | Call
  | Member
  | Index
  | Pipeline
  | TabularSource;

/** A literal. `text` holds the raw body for datetime(...)/time(...)/guid(...) when `value` is left for the binder. */
export interface Literal extends Node {
  kind: 'Literal';
  type: ScalarType;
  /** The value, or undefined when `text` must still be converted (datetime/timespan/guid bodies). */
  value: Value | undefined;
  text?: string;
}

export type DynamicNode =
  | { kind: 'DynArray'; items: DynamicNode[]; span: Span }
  | { kind: 'DynObject'; entries: [string, DynamicNode][]; span: Span }
  | Literal;

/** `dynamic([...])`, `dynamic({...})`, `dynamic(null)`, `dynamic(5)`. */
export interface DynamicLiteral extends Node {
  kind: 'DynamicLiteral';
  node: DynamicNode;
}

/** An identifier: a column, a let name, a table, a parameter. `['name with space']` arrives unquoted. */
export interface NameRef extends Node {
  kind: 'Name';
  name: string;
}

/** `*` as an argument (`arg_max(x, *)`, `count(*)`) or a column wildcard pattern (`project-away Col*`). */
export interface Star extends Node {
  kind: 'Star';
}

export type BinaryOp =
  | 'or' | 'and'
  | '==' | '!=' | '<' | '<=' | '>' | '>=' | '<>'
  | '=~' | '!~'
  | '+' | '-' | '*' | '/' | '%'
  | 'has' | '!has' | 'has_cs' | '!has_cs'
  | 'hasprefix' | '!hasprefix' | 'hasprefix_cs' | '!hasprefix_cs'
  | 'hassuffix' | '!hassuffix' | 'hassuffix_cs' | '!hassuffix_cs'
  | 'contains' | '!contains' | 'contains_cs' | '!contains_cs'
  | 'startswith' | '!startswith' | 'startswith_cs' | '!startswith_cs'
  | 'endswith' | '!endswith' | 'endswith_cs' | '!endswith_cs'
  | 'matches regex'
  | 'like' | 'notlike' | 'likecs' | 'notlikecs';

export interface Binary extends Node {
  kind: 'Binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
  /** Span of the operator token (for errors about the operator itself). */
  opSpan: Span;
}

export interface Unary extends Node {
  kind: 'Unary';
  op: '-' | '+';
  operand: Expr;
}

/** `x between (lo .. hi)` / `x !between (lo .. hi)`. */
export interface Between extends Node {
  kind: 'Between';
  expr: Expr;
  low: Expr;
  high: Expr;
  negated: boolean;
}

export type SetTestOp =
  | 'in' | '!in' | 'in~' | '!in~'
  | 'has_any' | 'has_all' | 'has_any_cs' | 'has_all_cs';

/** `x in (a, b)`, `x in~ (dynamic([...]))`, `x has_any (T | project y)`, ... */
export interface SetTest extends Node {
  kind: 'SetTest';
  op: SetTestOp;
  left: Expr;
  items: Expr[];
  opSpan: Span;
}

export interface NamedArg extends Node {
  name: string;
  value: Expr;
}

/** A function or aggregate call: `strlen(x)`, `count()`, `bin(T, 1h)`, `materialize(T)`, `myFunc(a)`. */
export interface Call extends Node {
  kind: 'Call';
  name: string;
  nameSpan: Span;
  args: Expr[];
  /** Present only when some argument is named (`f(x = 1)`): the name of each argument, in order. */
  argNames?: (string | undefined)[];
}

/** `a.b` */
export interface Member extends Node {
  kind: 'Member';
  target: Expr;
  name: string;
}

/** `a[0]`, `a['b']`, `a[-1]` */
export interface Index extends Node {
  kind: 'Index';
  target: Expr;
  index: Expr;
}

/** A tabular source followed by zero or more `| operator` stages. */
export interface Pipeline extends Node {
  kind: 'Pipeline';
  source: Expr;
  ops: TabularOp[];
}

// --------------------------------------------------------------------------- tabular sources (no input)

export type TabularSource = DataTable | Print | Range | UnionSource | ExternalData | Find | Search | EvaluateSource;

/** `datatable(a:long, b:string) [1, "x", 2, "y"]` */
export interface DataTable extends Node {
  kind: 'DataTable';
  columns: ColumnDecl[];
  values: Expr[];
}

/** `print x = 1, y = "a"` */
export interface Print extends Node {
  kind: 'Print';
  columns: Assignment[];
}

/** `range x from 1 to 10 step 1` */
export interface Range extends Node {
  kind: 'Range';
  name: string;
  from: Expr;
  to: Expr;
  step: Expr;
}

/** `union [kind=inner|outer] [withsource=C] [isfuzzy=true] T1, T2*, (expr)` at the start of a query. */
export interface UnionSource extends Node {
  kind: 'UnionSource';
  options: UnionOptions;
  tables: Expr[];
}

export interface UnionOptions {
  kind?: 'inner' | 'outer';
  withsource?: string;
  isfuzzy?: boolean;
}

/** `externaldata (a:string, ...) [ "url", ... ] with (format="csv", ...)` */
export interface ExternalData extends Node {
  kind: 'ExternalData';
  columns: ColumnDecl[];
  urls: Expr[];
  properties: NamedArg[];
}

/** `find [in (T1, T2)] where pred [project a, b]` */
export interface Find extends Node {
  kind: 'Find';
  tables: Expr[];
  predicate: Expr;
  /** Empty for no `project` clause and for `project-smart` (the default output). */
  project: Expr[];
  /** `find withsource=Name ...`: the name of the source-table column (Kusto's default is `source_`). */
  withsource?: string;
}

/** `search [in (T1,...)] pred` as a source. */
export interface Search extends Node {
  kind: 'Search';
  tables: Expr[];
  predicate: Expr;
  /** `kind=case_sensitive` (true) / `kind=case_insensitive` (false); absent when not written. */
  caseSensitive?: boolean;
}

/** `evaluate plugin(...)` used as a source (no input table). */
export interface EvaluateSource extends Node {
  kind: 'EvaluateSource';
  call: Call;
  /** `evaluate plugin(...) : (a:long, ...)`: the declared output schema. */
  schema?: ColumnDecl[];
}

// --------------------------------------------------------------------------------------- tabular operators

/** `Name = expr`, `(A, B) = expr`, or a bare `expr` (then `names` is empty). */
export interface Assignment extends Node {
  names: string[];
  expr: Expr;
}

export interface SortKey extends Node {
  expr: Expr;
  order: 'asc' | 'desc';
  nulls?: 'first' | 'last';
}

export type TabularOp =
  | Where
  | Summarize
  | Extend
  | Project
  | ProjectAway
  | ProjectKeep
  | ProjectRename
  | ProjectReorder
  | Join
  | Lookup
  | Union
  | Sort
  | Top
  | Take
  | Distinct
  | Count
  | MvExpand
  | MvApply
  | Parse
  | Evaluate
  | Render
  | Invoke
  | Serialize
  | As
  | GetSchema
  | MakeSeries
  | Sample
  | SampleDistinct
  | TopNested
  | Facet
  | Fork
  | Search
  | Consume
  | Reduce
  | ParseKv
  | Scan;

/** `where pred` / `filter pred` */
export interface Where extends Node {
  kind: 'Where';
  predicate: Expr;
  /** `where Name = pred`: the name as written and the span of `Name =` (the binder drops the name, as Kusto's does). */
  name?: string;
  nameSpan?: Span;
}

/** `summarize [hints] aggs [by keys]` */
export interface Summarize extends Node {
  kind: 'Summarize';
  aggregates: Assignment[];
  by: Assignment[];
  hints: NamedArg[];
}

export interface Extend extends Node {
  kind: 'Extend';
  columns: Assignment[];
}

export interface Project extends Node {
  kind: 'Project';
  columns: Assignment[];
}

/** `project-away a, b*` : names may contain `*` wildcards. */
export interface ProjectAway extends Node {
  kind: 'ProjectAway';
  patterns: NamePattern[];
}

export interface ProjectKeep extends Node {
  kind: 'ProjectKeep';
  patterns: NamePattern[];
}

export interface NamePattern extends Node {
  pattern: string;
}

export interface ProjectRename extends Node {
  kind: 'ProjectRename';
  renames: { newName: string; oldName: string; span: Span }[];
}

export interface ProjectReorder extends Node {
  kind: 'ProjectReorder';
  columns: { pattern: string; order?: 'asc' | 'desc' | 'granny-asc' | 'granny-desc'; span: Span }[];
}

export type JoinKind =
  | 'innerunique' | 'inner' | 'leftouter' | 'rightouter' | 'fullouter'
  | 'leftsemi' | 'rightsemi' | 'leftanti' | 'rightanti';

/** One `on` condition: `Key` (same name both sides) or `$left.a == $right.b`. */
export type JoinCondition =
  | { kind: 'SameName'; name: string; span: Span }
  | { kind: 'LeftRight'; left: string; right: string; span: Span };

export interface Join extends Node {
  kind: 'Join';
  joinKind: JoinKind;
  /** The kind as written (`anti`, `leftantisemi`, ...), undefined when defaulted. */
  kindText?: string;
  hints: NamedArg[];
  right: Expr;
  on: JoinCondition[];
  /** `where` form conditions (`join ... on $left.a == $right.b and $left.c < $right.d`) are not supported. */
}

export interface Lookup extends Node {
  kind: 'Lookup';
  joinKind: 'leftouter' | 'inner';
  right: Expr;
  on: JoinCondition[];
}

export interface Union extends Node {
  kind: 'Union';
  options: UnionOptions;
  tables: Expr[];
}

export interface Sort extends Node {
  kind: 'Sort';
  keys: SortKey[];
}

export interface Top extends Node {
  kind: 'Top';
  count: Expr;
  key: SortKey;
}

export interface Take extends Node {
  kind: 'Take';
  count: Expr;
}

export interface Distinct extends Node {
  kind: 'Distinct';
  /** Empty with `star` true for `distinct *`. */
  columns: Assignment[];
  star: boolean;
}

export interface Count extends Node {
  kind: 'Count';
  as?: string;
}

/** `mv-expand [bagexpansion=array] [with_itemindex=I] col [to typeof(t)], ... [limit n]` */
export interface MvExpand extends Node {
  kind: 'MvExpand';
  columns: { names: string[]; expr: Expr; toType?: ScalarType; span: Span }[];
  itemIndex?: string;
  bagExpansion?: 'bag' | 'array';
  limit?: Expr;
}

/** `mv-apply [with_itemindex=I] x to typeof(long), ... [limit n] on (subquery)` */
export interface MvApply extends Node {
  kind: 'MvApply';
  columns: { names: string[]; expr: Expr; toType?: ScalarType; span: Span }[];
  itemIndex?: string;
  limit?: Expr;
  subquery: Pipeline;
}

/** `parse [kind=simple|regex|relaxed] [flags=...] expr with pattern`, also `parse-where`. */
export interface Parse extends Node {
  kind: 'Parse';
  where: boolean;
  parseKind: 'simple' | 'regex' | 'relaxed';
  flags?: string;
  expr: Expr;
  /** Alternating string literals and column captures, in order. */
  pattern: ParsePart[];
}

export type ParsePart =
  | { kind: 'Text'; text: string; span: Span }
  | { kind: 'Capture'; name: string; type?: ScalarType; span: Span }
  | { kind: 'Wildcard'; span: Span };

/** `evaluate [hints] plugin(args)` */
export interface Evaluate extends Node {
  kind: 'Evaluate';
  call: Call;
  hints: NamedArg[];
  /** `evaluate plugin(...) : (a:long, ...)`: the declared output schema. */
  schema?: ColumnDecl[];
}

/** `render chart [with (...)]`: accepted and recorded, rows unchanged. */
export interface Render extends Node {
  kind: 'Render';
  visualization: string;
  properties: NamedArg[];
}

/** `invoke f(args)`: calls a tabular function with the piped table as its first argument. */
export interface Invoke extends Node {
  kind: 'Invoke';
  call: Call;
}

export interface Serialize extends Node {
  kind: 'Serialize';
  columns: Assignment[];
}

export interface As extends Node {
  kind: 'As';
  name: string;
  hints: NamedArg[];
}

export interface GetSchema extends Node {
  kind: 'GetSchema';
}

/** `make-series agg default=v on axis [in range(a,b,step) | from a to b step s] by keys` */
export interface MakeSeries extends Node {
  kind: 'MakeSeries';
  aggregates: (Assignment & { default?: Expr })[];
  on: Expr;
  from?: Expr;
  to?: Expr;
  step: Expr;
  by: Assignment[];
  /** `kind=nonempty`: one row of default series even when the input is empty. */
  nonEmpty?: boolean;
  /** Written as `in range(from, to, step)`, whose `to` is inclusive (the `from ... to ...` form excludes it). */
  inRange?: boolean;
}

export interface Sample extends Node {
  kind: 'Sample';
  count: Expr;
}

export interface SampleDistinct extends Node {
  kind: 'SampleDistinct';
  count: Expr;
  column: Expr;
}

export interface TopNested extends Node {
  kind: 'TopNested';
  levels: { count?: Expr; of: Assignment; withOthers?: Expr; by: Assignment; order: 'asc' | 'desc' }[];
}

export interface Facet extends Node {
  kind: 'Facet';
  columns: string[];
  with?: Pipeline;
}

export interface Fork extends Node {
  kind: 'Fork';
  branches: { name?: string; ops: TabularOp[]; span: Span }[];
}

export interface Consume extends Node {
  kind: 'Consume';
}

export interface Reduce extends Node {
  kind: 'Reduce';
  column: Expr;
  properties: NamedArg[];
}

export interface ParseKv extends Node {
  kind: 'ParseKv';
  expr: Expr;
  columns: ColumnDecl[];
  properties: NamedArg[];
}

/** `scan ...` is parsed for syntax checks but not executed. */
export interface Scan extends Node {
  kind: 'Scan';
  text: string;
}

/** Every node kind, for exhaustive visitors. */
export type AnyNode = Statement | Expr | TabularOp | FunctionDef;

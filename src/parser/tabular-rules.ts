// Grammar rules for tabular expressions: pipelines, source operators (print, datatable, range, union, ...)
// and every `| operator`. Statements are added on top of this class in parser.ts.

import { EOF, tokenMatcher, type IToken } from 'chevrotain';
import type { Span } from '../diagnostics.js';
import type { ScalarType } from '../types.js';
import type {
  Assignment,
  Call,
  ColumnDecl,
  EvaluateSource,
  Expr,
  Find,
  Search,
  JoinCondition,
  JoinKind,
  MakeSeries,
  MvExpand,
  NamedArg,
  NamePattern,
  ParsePart,
  Pipeline,
  SortKey,
  TabularOp,
  TopNested,
  UnionOptions,
} from './ast.js';
import { compareOp, ExprParser } from './expr-rules.js';
import { tokenSpan } from './parser-base.js';
import {
  AnyToken,
  ChartName,
  Colon,
  Comma,
  CompareOp,
  DeclName,
  Equals,
  KW,
  LBracket,
  LParen,
  LongLiteral,
  Pipe,
  RBracket,
  RefName,
  RParen,
  Semicolon,
  Star,
} from './tokens.js';

/** Join kinds as Kusto spells them, with the kind they mean. */
const JOIN_KINDS: Record<string, JoinKind> = {
  innerunique: 'innerunique', inner: 'inner', leftouter: 'leftouter', rightouter: 'rightouter',
  fullouter: 'fullouter', leftsemi: 'leftsemi', rightsemi: 'rightsemi', leftanti: 'leftanti',
  rightanti: 'rightanti', anti: 'leftanti', leftantisemi: 'leftanti', rightantisemi: 'rightanti',
};

/** Properties `render ... with (...)` accepts (Kusto rejects any other name). */
const RENDER_PROPERTIES = new Set([
  'title', 'xcolumn', 'series', 'ycolumns', 'anomalycolumns', 'kind', 'xtitle', 'ytitle', 'xaxis', 'yaxis',
  'legend', 'ysplit', 'accumulate', 'ymin', 'ymax', 'xmax', 'xmin',
]);

/** The name standing for the piped-in rows in mv-apply / facet / fork subqueries. */
export const INPUT_NAME = '$input';

type MvColumn = MvExpand['columns'][number];

export abstract class TabularParser extends ExprParser {
  // ------------------------------------------------------------------------------------------ pipelines

  /** `source | op | op`: returns the source alone when there is no `|`. */
  override pipeExpr = this.RULE('pipeExpr', (): Expr => {
    const source = this.SUBRULE(this.pipeSource);
    const ops: TabularOp[] = [];
    this.MANY(() => {
      this.CONSUME(Pipe);
      ops.push(this.SUBRULE(this.tabularOp));
    });
    // Read by a call's argument right after this rule returns: whether this pipeline (not one nested in
    // parentheses inside it) has operators.
    this.lastPipeHadOps = ops.length > 0;
    if (ops.length === 0) return source;
    return { kind: 'Pipeline', source, ops, span: this.spanFrom(source?.span) };
  });

  /**
   * A source operator or an expression. `range` and `evaluate` are also names: the source forms come first and
   * are only taken when their second token fits (`range x from ...` vs `range(1, 5, 1)`).
   */
  override pipeSource = this.RULE('pipeSource', (): Expr =>
    this.OR(
      this.cachedAlternatives('pipeSource', () => ({
        IGNORE_AMBIGUITIES: true,
        ERR_MSG: 'an expression',
        DEF: [
          { ALT: () => this.SUBRULE(this.printSource) },
          { ALT: () => this.SUBRULE(this.datatableSource) },
          { ALT: () => this.SUBRULE(this.rangeSource) },
          { ALT: () => this.SUBRULE(this.unionSource) },
          { ALT: () => this.SUBRULE(this.externalDataSource) },
          { ALT: () => this.SUBRULE(this.findSource) },
          { ALT: () => this.SUBRULE(this.searchSource) },
          { ALT: () => this.SUBRULE(this.evaluateSource) },
          { ALT: () => this.SUBRULE(this.expr) },
        ],
      })),
    ),
  );

  /** The operators of a subquery without a source (`mv-apply ... on (where x > 1 | take 1)`). */
  subquery = this.RULE('subquery', (): Pipeline => {
    const start = this.LA(1);
    const ops: TabularOp[] = [];
    ops.push(this.SUBRULE(this.tabularOp));
    this.MANY(() => {
      this.CONSUME(Pipe);
      ops.push(this.SUBRULE2(this.tabularOp));
    });
    const span = this.spanFrom(start);
    return { kind: 'Pipeline', source: this.name(INPUT_NAME, { ...span, end: span.start }), ops, span };
  });

  tabularOp = this.RULE('tabularOp', (): TabularOp =>
    this.OR(
      this.cachedAlternatives('tabularOp', () => ({
        DEF: [
          { ALT: () => this.SUBRULE(this.whereOp) },
          { ALT: () => this.SUBRULE(this.summarizeOp) },
          { ALT: () => this.SUBRULE(this.extendOp) },
          { ALT: () => this.SUBRULE(this.projectOp) },
          { ALT: () => this.SUBRULE(this.projectPatternsOp) },
          { ALT: () => this.SUBRULE(this.projectRenameOp) },
          { ALT: () => this.SUBRULE(this.projectReorderOp) },
          { ALT: () => this.SUBRULE(this.joinOp) },
          { ALT: () => this.SUBRULE(this.lookupOp) },
          { ALT: () => this.SUBRULE(this.unionOp) },
          { ALT: () => this.SUBRULE(this.sortOp) },
          { ALT: () => this.SUBRULE(this.topOp) },
          { ALT: () => this.SUBRULE(this.takeOp) },
          { ALT: () => this.SUBRULE(this.distinctOp) },
          { ALT: () => this.SUBRULE(this.countOp) },
          { ALT: () => this.SUBRULE(this.mvExpandOp) },
          { ALT: () => this.SUBRULE(this.mvApplyOp) },
          { ALT: () => this.SUBRULE(this.parseOp) },
          { ALT: () => this.SUBRULE(this.parseKvOp) },
          { ALT: () => this.SUBRULE(this.evaluateOp) },
          { ALT: () => this.SUBRULE(this.renderOp) },
          { ALT: () => this.SUBRULE(this.invokeOp) },
          { ALT: () => this.SUBRULE(this.serializeOp) },
          { ALT: () => this.SUBRULE(this.asOp) },
          { ALT: () => this.SUBRULE(this.getSchemaOp) },
          { ALT: () => this.SUBRULE(this.makeSeriesOp) },
          { ALT: () => this.SUBRULE(this.sampleOp) },
          { ALT: () => this.SUBRULE(this.sampleDistinctOp) },
          { ALT: () => this.SUBRULE(this.topNestedOp) },
          { ALT: () => this.SUBRULE(this.facetOp) },
          { ALT: () => this.SUBRULE(this.forkOp) },
          { ALT: () => this.SUBRULE(this.searchOp) },
          { ALT: () => this.SUBRULE(this.consumeOp) },
          { ALT: () => this.SUBRULE(this.reduceOp) },
          { ALT: () => this.SUBRULE(this.scanOp) },
        ],
        ERR_MSG: 'a query operator',
      })),
    ),
  );

  // ----------------------------------------------------------------------------------- shared pieces

  /** `Name = expr`, `(A, B) = expr` or a bare `expr`. */
  assignment = this.RULE('assignment', (): Assignment => {
    const start = this.LA(1);
    const names: string[] = [];
    this.OPTION({
      GATE: () => this.assignmentAhead(),
      DEF: () => {
        this.OR([
          { ALT: () => names.push(this.SUBRULE(this.declName)) },
          {
            ALT: () => {
              this.CONSUME(LParen);
              this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => names.push(this.SUBRULE2(this.declName)) });
              this.CONSUME(RParen);
            },
          },
        ]);
        this.CONSUME(Equals);
      },
    });
    const expr = this.SUBRULE(this.expr);
    return { names, expr, span: this.spanFrom(start) };
  });

  assignments = this.RULE('assignments', (): Assignment[] => {
    const list: Assignment[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => list.push(this.SUBRULE(this.assignment)) });
    return list;
  });

  /** A column name pattern: `Name`, `['name']`, `Col*`, `*Suffix`, `a*b` (parts must touch). */
  namePattern = this.RULE('namePattern', (): NamePattern => {
    const start = this.LA(1);
    let pattern = '';
    this.OR([
      { ALT: () => (pattern = this.SUBRULE(this.bracketedName)) },
      {
        ALT: () => {
          pattern = this.SUBRULE(this.patternPart);
          this.MANY({
            GATE: () => this.adjacent(0),
            DEF: () => (pattern += this.OR2([{ ALT: () => this.SUBRULE2(this.patternPart) }, { ALT: () => this.CONSUME(LongLiteral).image }])),
          });
        },
      },
    ]);
    return { pattern, span: this.spanFrom(start) };
  });

  patternPart = this.RULE('patternPart', (): string =>
    this.OR([{ ALT: () => this.CONSUME(DeclName).image }, { ALT: () => this.CONSUME(Star).image }]),
  );

  /** A table reference in `union` / `find in (...)` / `search in (...)`: a (wildcard) name, call, or `(query)`. */
  tableRef = this.RULE('tableRef', (): Expr =>
    this.OR([
      {
        ALT: (): Expr => {
          this.CONSUME(LParen);
          const inner = this.SUBRULE(this.pipeExpr);
          this.CONSUME(RParen);
          return inner;
        },
      },
      {
        ALT: (): Expr => {
          const start = this.LA(1);
          const p = this.SUBRULE(this.namePattern);
          const call = this.OPTION({
            GATE: () => !p.pattern.includes('*') && tokenMatcher(start, DeclName),
            DEF: () => this.SUBRULE(this.callArgs, { ARGS: [start] }),
          });
          return call ?? this.name(p.pattern, p.span);
        },
      },
    ]),
  );

  tableRefs = this.RULE('tableRefs', (): Expr[] => {
    const list: Expr[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => list.push(this.SUBRULE(this.tableRef)) });
    return list;
  });

  /** `in (T1, T2)` of find / search. */
  inTables = this.RULE('inTables', (): Expr[] => {
    this.CONSUME(KW('in'));
    this.CONSUME(LParen);
    const tables = this.SUBRULE(this.tableRefs);
    this.CONSUME(RParen);
    return tables;
  });

  sortKey = this.RULE('sortKey', (): SortKey => {
    const start = this.LA(1);
    const expr = this.SUBRULE(this.expr);
    let order: 'asc' | 'desc' = 'desc';
    let nulls: 'first' | 'last' | undefined;
    this.OPTION(() => {
      order = this.OR([
        { ALT: () => (this.CONSUME(KW('asc')), 'asc' as const) },
        { ALT: () => (this.CONSUME(KW('desc')), 'desc' as const) },
      ]);
    });
    this.OPTION2(() => {
      this.CONSUME(KW('nulls'));
      nulls = this.OR2([
        { ALT: () => (this.CONSUME(KW('first')), 'first' as const) },
        { ALT: () => (this.CONSUME(KW('last')), 'last' as const) },
      ]);
    });
    const key: SortKey = { expr, order, span: this.spanFrom(start) };
    if (nulls) key.nulls = nulls;
    return key;
  });

  /** `with (name = value, ...)` */
  withProperties = this.RULE('withProperties', (): NamedArg[] => {
    const list: NamedArg[] = [];
    this.CONSUME(KW('with'));
    this.CONSUME(LParen);
    this.MANY_SEP({ SEP: Comma, DEF: () => list.push(this.SUBRULE(this.namedArg)) });
    this.CONSUME(RParen);
    return list;
  });

  /** `kind = name` option value (a bare word). */
  optionWord = this.RULE('optionWord', (): IToken =>
    this.OR([
      { ALT: () => this.CONSUME(RefName) },
      { ALT: () => this.CONSUME(KW('simple')) },
      { ALT: () => this.CONSUME(KW('relaxed')) },
    ]),
  );

  /** `x [to typeof(t)]` items of mv-expand / mv-apply. */
  mvColumn = this.RULE('mvColumn', (): MvColumn => {
    const a = this.SUBRULE(this.assignment);
    let toType: ScalarType | undefined;
    this.OPTION(() => {
      this.CONSUME(KW('to'));
      this.CONSUME(KW('typeof'));
      this.CONSUME(LParen);
      toType = this.SUBRULE(this.typeName);
      this.CONSUME(RParen);
    });
    const col: MvColumn = { names: a?.names, expr: a?.expr, span: this.spanFrom(a?.span) };
    if (toType) col.toType = toType;
    return col;
  });

  // --------------------------------------------------------------------------------------------- sources

  printSource = this.RULE('printSource', (): Expr => {
    const kw = this.CONSUME(KW('print'));
    const columns = this.SUBRULE(this.assignments);
    return { kind: 'Print', columns, span: this.spanFrom(kw) };
  });

  datatableSource = this.RULE('datatableSource', (): Expr => {
    const kw = this.CONSUME(KW('datatable'));
    const columns = this.SUBRULE(this.columnDecls);
    this.CONSUME(LBracket);
    const values: Expr[] = [];
    this.MANY(() => {
      values.push(this.SUBRULE(this.expr));
      this.OR([{ ALT: () => this.CONSUME(Comma) }, { ALT: () => undefined, GATE: () => this.is(1, RBracket) }]);
    });
    this.CONSUME(RBracket);
    return { kind: 'DataTable', columns, values, span: this.spanFrom(kw) };
  });

  /** `(a:long, b:string)` */
  columnDecls = this.RULE('columnDecls', (): ColumnDecl[] => {
    this.CONSUME(LParen);
    const cols: ColumnDecl[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => cols.push(this.SUBRULE(this.columnDecl)) });
    this.CONSUME(RParen);
    return cols;
  });

  rangeSource = this.RULE('rangeSource', (): Expr => {
    const kw = this.CONSUME(KW('range'));
    const name = this.SUBRULE(this.declName);
    this.CONSUME(KW('from'));
    const from = this.SUBRULE(this.expr);
    this.CONSUME(KW('to'));
    const to = this.SUBRULE2(this.expr);
    this.CONSUME(KW('step'));
    const step = this.SUBRULE3(this.expr);
    return { kind: 'Range', name, from, to, step, span: this.spanFrom(kw) };
  });

  unionOptions = this.RULE('unionOptions', (): UnionOptions => {
    const options: UnionOptions = {};
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(KW('kind'));
            this.CONSUME(Equals);
            const v = this.SUBRULE(this.optionWord);
            this.ACTION(() => {
              if (v.image !== 'inner' && v.image !== 'outer') this.fail(`expected 'inner' or 'outer' but found '${v.image}'`, v);
              options.kind = v.image as 'inner' | 'outer';
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME(KW('withsource'));
            this.CONSUME2(Equals);
            options.withsource = this.SUBRULE(this.declName);
          },
        },
        {
          ALT: () => {
            this.CONSUME(KW('isfuzzy'));
            this.CONSUME3(Equals);
            const v = this.SUBRULE(this.primary);
            this.ACTION(() => {
              if (v.kind !== 'Literal' || v.type !== 'bool') this.fail('expected true or false', v.span);
              options.isfuzzy = v.value === true;
            });
          },
        },
        { ALT: () => this.SUBRULE(this.hint) },
      ]);
    });
    return options;
  });

  unionSource = this.RULE('unionSource', (): Expr => {
    const kw = this.CONSUME(KW('union'));
    const options = this.SUBRULE(this.unionOptions);
    const tables = this.SUBRULE(this.tableRefs);
    return { kind: 'UnionSource', options, tables, span: this.spanFrom(kw) };
  });

  externalDataSource = this.RULE('externalDataSource', (): Expr => {
    const kw = this.OR([{ ALT: () => this.CONSUME(KW('externaldata')) }, { ALT: () => this.CONSUME(KW('external_data')) }]);
    const columns = this.SUBRULE(this.columnDecls);
    this.CONSUME(LBracket);
    const urls: Expr[] = [];
    this.MANY_SEP({ SEP: Comma, DEF: () => urls.push(this.SUBRULE(this.expr)) });
    this.CONSUME(RBracket);
    const properties = this.OPTION(() => this.SUBRULE(this.withProperties)) ?? [];
    return { kind: 'ExternalData', columns, urls, properties, span: this.spanFrom(kw) };
  });

  /** `find [withsource=C] in (T1, T2) where pred [project ...]`, or `find [withsource=C] pred` over all tables. */
  findSource = this.RULE('findSource', (): Expr => {
    const kw = this.CONSUME(KW('find'));
    const withsource = this.OPTION(() => {
      this.CONSUME(KW('withsource'));
      this.CONSUME(Equals);
      return this.SUBRULE(this.declName);
    });
    let tables: Expr[] = [];
    this.OR([
      {
        ALT: () => {
          tables = this.SUBRULE(this.inTables);
          this.CONSUME(KW('where'));
        },
      },
      { ALT: () => this.OPTION2(() => this.CONSUME2(KW('where'))) },
    ]);
    this.searchDepth++;
    const predicate = this.SUBRULE(this.searchPredicate);
    this.searchDepth--;
    const project: Expr[] = [];
    this.OPTION3(() =>
      this.OR2([
        { ALT: () => this.CONSUME(KW('project-smart')) },
        {
          ALT: () => {
            this.CONSUME(KW('project'));
            this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => project.push(this.SUBRULE(this.expr)) });
          },
        },
      ]),
    );
    const find: Find = { kind: 'Find', tables, predicate, project, span: this.spanFrom(kw) };
    if (withsource !== undefined) find.withsource = withsource;
    return find;
  });

  /** A search predicate: an expression, where `*` may stand for "any column" (`* has "x"`). */
  searchPredicate = this.RULE('searchPredicate', (): Expr =>
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { GATE: () => !this.starTestAhead(), ALT: (): Expr => ({ kind: 'Star', span: tokenSpan(this.CONSUME(Star)) }) },
        { ALT: () => this.SUBRULE(this.expr) },
      ],
    }),
  );

  searchSource = this.RULE('searchSource', (): Expr => {
    const kw = this.CONSUME(KW('search'));
    const kind = this.OPTION(() => {
      this.CONSUME(KW('kind'));
      this.CONSUME(Equals);
      const v = this.SUBRULE(this.optionWord);
      this.ACTION(() => {
        if (v.image !== 'case_sensitive' && v.image !== 'case_insensitive') {
          this.fail(`expected 'case_sensitive' or 'case_insensitive' but found '${v.image}'`, v);
        }
      });
      return v;
    });
    const tables = this.OPTION2(() => this.SUBRULE(this.inTables)) ?? [];
    this.searchDepth++;
    const predicate = this.SUBRULE(this.searchPredicate);
    this.searchDepth--;
    const search: Search = { kind: 'Search', tables, predicate, span: this.spanFrom(kw) };
    if (kind) search.caseSensitive = kind.image === 'case_sensitive';
    return search;
  });

  evaluateSource = this.RULE('evaluateSource', (): Expr => {
    const kw = this.CONSUME(KW('evaluate'));
    const call = this.SUBRULE(this.pluginCall);
    const schema = this.OPTION(() => this.SUBRULE(this.outputSchema));
    const e: EvaluateSource = { kind: 'EvaluateSource', call, span: this.spanFrom(kw) };
    if (schema) e.schema = schema;
    return e;
  });

  pluginCall = this.RULE('pluginCall', (): Call => {
    const name = this.CONSUME(RefName);
    return this.SUBRULE(this.callArgs, { ARGS: [name] });
  });

  /** `: (a:long, b:string)` after a plugin call. */
  outputSchema = this.RULE('outputSchema', (): ColumnDecl[] => {
    this.CONSUME(Colon);
    return this.SUBRULE(this.columnDecls);
  });

  // ------------------------------------------------------------------------------------------- operators

  /**
   * `where pred`. Kusto also accepts a named predicate `where Name = expr`, whose value is `expr` alone
   * (the name is dropped, as Kusto's binder does).
   */
  whereOp = this.RULE('whereOp', (): TabularOp => {
    const kw = this.OR([{ ALT: () => this.CONSUME(KW('where')) }, { ALT: () => this.CONSUME(KW('filter')) }]);
    const named = this.OPTION({
      GATE: () => this.is(1, DeclName) && this.is(2, Equals),
      DEF: () => {
        const name = this.CONSUME(DeclName);
        return { name: name.image, nameSpan: tokenSpan(name, this.CONSUME(Equals)) };
      },
    });
    const predicate = this.SUBRULE(this.expr);
    return { kind: 'Where', predicate, ...named, span: this.spanFrom(kw) };
  });

  summarizeOp = this.RULE('summarizeOp', (): TabularOp => {
    const kw = this.CONSUME(KW('summarize'));
    const hints: NamedArg[] = [];
    this.MANY(() => hints.push(this.SUBRULE(this.hint)));
    const aggregates = this.OPTION(() => this.SUBRULE(this.assignments)) ?? [];
    const by = this.OPTION2(() => {
      this.CONSUME(KW('by'));
      return this.SUBRULE2(this.assignments);
    }) ?? [];
    return { kind: 'Summarize', aggregates, by, hints, span: this.spanFrom(kw) };
  });

  extendOp = this.RULE('extendOp', (): TabularOp => {
    const kw = this.CONSUME(KW('extend'));
    const columns = this.SUBRULE(this.assignments);
    return { kind: 'Extend', columns, span: this.spanFrom(kw) };
  });

  projectOp = this.RULE('projectOp', (): TabularOp => {
    const kw = this.CONSUME(KW('project'));
    const columns = this.SUBRULE(this.assignments);
    return { kind: 'Project', columns, span: this.spanFrom(kw) };
  });

  projectPatternsOp = this.RULE('projectPatternsOp', (): TabularOp => {
    const kw = this.OR([{ ALT: () => this.CONSUME(KW('project-away')) }, { ALT: () => this.CONSUME(KW('project-keep')) }]);
    const patterns: NamePattern[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => patterns.push(this.SUBRULE(this.namePattern)) });
    const kind = kw.image === 'project-away' ? 'ProjectAway' : 'ProjectKeep';
    return { kind, patterns, span: this.spanFrom(kw) };
  });

  projectRenameOp = this.RULE('projectRenameOp', (): TabularOp => {
    const kw = this.CONSUME(KW('project-rename'));
    const renames: { newName: string; oldName: string; span: Span }[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        const start = this.LA(1);
        const newName = this.SUBRULE(this.declName);
        this.CONSUME(Equals);
        const oldName = this.OR([
          { ALT: () => this.CONSUME(RefName).image },
          { ALT: () => this.SUBRULE(this.bracketedName) },
        ]);
        renames.push({ newName, oldName, span: this.spanFrom(start) });
      },
    });
    return { kind: 'ProjectRename', renames, span: this.spanFrom(kw) };
  });

  projectReorderOp = this.RULE('projectReorderOp', (): TabularOp => {
    const kw = this.CONSUME(KW('project-reorder'));
    const columns: { pattern: string; order?: 'asc' | 'desc' | 'granny-asc' | 'granny-desc'; span: Span }[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        const p = this.SUBRULE(this.namePattern);
        const order = this.OPTION(() =>
          this.OR([
            { ALT: () => this.CONSUME(KW('asc')) },
            { ALT: () => this.CONSUME(KW('desc')) },
            { ALT: () => this.CONSUME(KW('granny-asc')) },
            { ALT: () => this.CONSUME(KW('granny-desc')) },
          ]),
        );
        const col: (typeof columns)[number] = { pattern: p?.pattern, span: this.spanFrom(p?.span) };
        if (order) col.order = order.image as 'asc';
        columns.push(col);
      },
    });
    return { kind: 'ProjectReorder', columns, span: this.spanFrom(kw) };
  });

  /** `kind = word` of join / lookup. */
  joinKind = this.RULE('joinKind', (): IToken => {
    this.CONSUME(KW('kind'));
    this.CONSUME(Equals);
    return this.SUBRULE(this.optionWord);
  });

  /** `on a, $left.b == $right.c, ...` */
  joinOn = this.RULE('joinOn', (): JoinCondition[] => {
    this.CONSUME(KW('on'));
    const exprs: Expr[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => exprs.push(this.SUBRULE(this.expr)) });
    return this.ACTION(() => exprs.flatMap((e) => this.joinConditions(e)));
  });

  joinOp = this.RULE('joinOp', (): TabularOp => {
    const kw = this.CONSUME(KW('join'));
    let kindTok: IToken | undefined;
    const hints: NamedArg[] = [];
    this.MANY(() => {
      this.OR([{ ALT: () => (kindTok = this.SUBRULE(this.joinKind)) }, { ALT: () => hints.push(this.SUBRULE(this.hint)) }]);
    });
    const right = this.SUBRULE(this.postfixExpr);
    const on = this.SUBRULE(this.joinOn);
    const joinKind = this.ACTION(() => this.joinKindOf(kindTok, JOIN_KINDS)) ?? 'innerunique';
    const op: TabularOp = { kind: 'Join', joinKind, hints, right, on, span: this.spanFrom(kw) };
    if (kindTok) op.kindText = kindTok.image;
    return op;
  });

  lookupOp = this.RULE('lookupOp', (): TabularOp => {
    const kw = this.CONSUME(KW('lookup'));
    const kindTok = this.OPTION(() => this.SUBRULE(this.joinKind));
    const right = this.SUBRULE(this.postfixExpr);
    const on = this.SUBRULE(this.joinOn);
    const joinKind =
      this.ACTION(() => this.joinKindOf(kindTok, { leftouter: 'leftouter', inner: 'inner' })) ?? 'leftouter';
    return { kind: 'Lookup', joinKind: joinKind as 'leftouter' | 'inner', right, on, span: this.spanFrom(kw) };
  });

  unionOp = this.RULE('unionOp', (): TabularOp => {
    const kw = this.CONSUME(KW('union'));
    const options = this.SUBRULE(this.unionOptions);
    const tables = this.SUBRULE(this.tableRefs);
    return { kind: 'Union', options, tables, span: this.spanFrom(kw) };
  });

  sortOp = this.RULE('sortOp', (): TabularOp => {
    const kw = this.OR([{ ALT: () => this.CONSUME(KW('sort')) }, { ALT: () => this.CONSUME(KW('order')) }]);
    this.CONSUME(KW('by'));
    const keys: SortKey[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => keys.push(this.SUBRULE(this.sortKey)) });
    return { kind: 'Sort', keys, span: this.spanFrom(kw) };
  });

  topOp = this.RULE('topOp', (): TabularOp => {
    const kw = this.CONSUME(KW('top'));
    const count = this.SUBRULE(this.expr);
    this.CONSUME(KW('by'));
    const key = this.SUBRULE(this.sortKey);
    return { kind: 'Top', count, key, span: this.spanFrom(kw) };
  });

  takeOp = this.RULE('takeOp', (): TabularOp => {
    const kw = this.OR([{ ALT: () => this.CONSUME(KW('take')) }, { ALT: () => this.CONSUME(KW('limit')) }]);
    const count = this.SUBRULE(this.expr);
    return { kind: 'Take', count, span: this.spanFrom(kw) };
  });

  distinctOp = this.RULE('distinctOp', (): TabularOp => {
    const kw = this.CONSUME(KW('distinct'));
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
      {
        // `distinct * has "x"` is an error, as in Microsoft's parser: `*` here is always "every column".
        ALT: (): TabularOp => {
          this.CONSUME(Star);
          return { kind: 'Distinct', columns: [], star: true, span: this.spanFrom(kw) };
        },
      },
      {
        ALT: (): TabularOp => {
          const columns = this.SUBRULE(this.assignments);
          return { kind: 'Distinct', columns, star: false, span: this.spanFrom(kw) };
        },
      },
      ],
    });
  });

  countOp = this.RULE('countOp', (): TabularOp => {
    const kw = this.CONSUME(KW('count'));
    const as = this.OPTION(() => {
      this.CONSUME(KW('as'));
      return this.SUBRULE(this.declName);
    });
    const op: TabularOp = { kind: 'Count', span: this.spanFrom(kw) };
    if (as !== undefined) op.as = as;
    return op;
  });

  mvExpandOp = this.RULE('mvExpandOp', (): TabularOp => {
    const kw = this.OR([{ ALT: () => this.CONSUME(KW('mv-expand')) }, { ALT: () => this.CONSUME(KW('mvexpand')) }]);
    let bagExpansion: 'bag' | 'array' | undefined;
    let itemIndex: string | undefined;
    this.MANY(() => {
      this.OR2([
        {
          ALT: () => {
            // `kind=` is the older spelling of `bagexpansion=`
            this.OR3([{ ALT: () => this.CONSUME(KW('bagexpansion')) }, { ALT: () => this.CONSUME(KW('kind')) }]);
            this.CONSUME(Equals);
            const v = this.SUBRULE(this.optionWord);
            this.ACTION(() => {
              if (v.image !== 'bag' && v.image !== 'array') this.fail(`expected 'bag' or 'array' but found '${v.image}'`, v);
              bagExpansion = v.image as 'bag' | 'array';
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME(KW('with_itemindex'));
            this.CONSUME2(Equals);
            itemIndex = this.SUBRULE(this.declName);
          },
        },
      ]);
    });
    const columns: MvColumn[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => columns.push(this.SUBRULE(this.mvColumn)) });
    const limit = this.OPTION(() => {
      this.CONSUME(KW('limit'));
      return this.SUBRULE(this.expr);
    });
    const op: MvExpand = { kind: 'MvExpand', columns, span: this.spanFrom(kw) };
    if (itemIndex !== undefined) op.itemIndex = itemIndex;
    if (bagExpansion) op.bagExpansion = bagExpansion;
    if (limit) op.limit = limit;
    return op;
  });

  mvApplyOp = this.RULE('mvApplyOp', (): TabularOp => {
    const kw = this.OR([{ ALT: () => this.CONSUME(KW('mv-apply')) }, { ALT: () => this.CONSUME(KW('mvapply')) }]);
    let itemIndex: string | undefined;
    this.OPTION(() => {
      this.CONSUME(KW('with_itemindex'));
      this.CONSUME(Equals);
      itemIndex = this.SUBRULE(this.declName);
    });
    const columns: MvColumn[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => columns.push(this.SUBRULE(this.mvColumn)) });
    const limit = this.OPTION2(() => {
      this.CONSUME(KW('limit'));
      return this.SUBRULE(this.expr);
    });
    this.CONSUME(KW('on'));
    this.CONSUME(LParen);
    const subquery = this.SUBRULE(this.subquery);
    this.CONSUME(RParen);
    const op: TabularOp = { kind: 'MvApply', columns, subquery, span: this.spanFrom(kw) };
    if (itemIndex !== undefined) op.itemIndex = itemIndex;
    if (limit) op.limit = limit;
    return op;
  });

  parseOp = this.RULE('parseOp', (): TabularOp => {
    const kw = this.OR([{ ALT: () => this.CONSUME(KW('parse')) }, { ALT: () => this.CONSUME(KW('parse-where')) }]);
    let parseKind: 'simple' | 'regex' | 'relaxed' = 'simple';
    let flags: string | undefined;
    this.MANY(() => {
      this.OR2([
        {
          ALT: () => {
            this.CONSUME(KW('kind'));
            this.CONSUME(Equals);
            const v = this.SUBRULE(this.optionWord);
            this.ACTION(() => {
              if (v.image !== 'simple' && v.image !== 'regex' && v.image !== 'relaxed') {
                this.fail(`expected 'simple', 'regex' or 'relaxed' but found '${v.image}'`, v);
              }
              parseKind = v.image as typeof parseKind;
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME(KW('flags'));
            this.CONSUME2(Equals);
            flags = this.CONSUME(RefName).image;
          },
        },
      ]);
    });
    const expr = this.SUBRULE(this.expr);
    this.CONSUME(KW('with'));
    const pattern: ParsePart[] = [];
    this.AT_LEAST_ONE(() => pattern.push(this.SUBRULE(this.parsePart)));
    const op: TabularOp = { kind: 'Parse', where: kw.image === 'parse-where', parseKind, expr, pattern, span: this.spanFrom(kw) };
    if (flags !== undefined) op.flags = flags;
    return op;
  });

  parsePart = this.RULE('parsePart', (): ParsePart =>
    this.OR([
      {
        ALT: (): ParsePart => {
          const s = this.SUBRULE(this.stringLiteral);
          return { kind: 'Text', text: s?.value as string, span: s?.span };
        },
      },
      { ALT: (): ParsePart => ({ kind: 'Wildcard', span: tokenSpan(this.CONSUME(Star)) }) },
      {
        ALT: (): ParsePart => {
          const start = this.LA(1);
          const name = this.SUBRULE(this.declName);
          const type = this.OPTION(() => {
            this.CONSUME(Colon);
            return this.SUBRULE(this.typeName);
          });
          const part: ParsePart = { kind: 'Capture', name, span: this.spanFrom(start) };
          if (type) part.type = type;
          return part;
        },
      },
    ]),
  );

  parseKvOp = this.RULE('parseKvOp', (): TabularOp => {
    const kw = this.CONSUME(KW('parse-kv'));
    const expr = this.SUBRULE(this.expr);
    this.CONSUME(KW('as'));
    const columns = this.SUBRULE(this.columnDecls);
    const properties = this.OPTION(() => this.SUBRULE(this.withProperties)) ?? [];
    return { kind: 'ParseKv', expr, columns, properties, span: this.spanFrom(kw) };
  });

  evaluateOp = this.RULE('evaluateOp', (): TabularOp => {
    const kw = this.CONSUME(KW('evaluate'));
    const hints: NamedArg[] = [];
    this.MANY(() => hints.push(this.SUBRULE(this.hint)));
    const call = this.SUBRULE(this.pluginCall);
    const schema = this.OPTION(() => this.SUBRULE(this.outputSchema));
    const op: TabularOp = { kind: 'Evaluate', call, hints, span: this.spanFrom(kw) };
    if (schema) op.schema = schema;
    return op;
  });

  renderOp = this.RULE('renderOp', (): TabularOp => {
    const kw = this.CONSUME(KW('render'));
    const chart = this.OR([{ ALT: () => this.CONSUME(ChartName) }, { ALT: () => this.CONSUME(RefName) }]);
    const properties: NamedArg[] = [];
    this.OPTION(() => {
      this.CONSUME(KW('with'));
      this.CONSUME(LParen);
      this.MANY_SEP({
        SEP: Comma,
        DEF: () => {
          const prop = this.SUBRULE(this.namedArg);
          this.ACTION(() => {
            if (!RENDER_PROPERTIES.has(prop.name)) this.fail(`unknown render property '${prop.name}'`, prop.span);
          });
          properties.push(prop);
          // `ycolumns = a, b`: further values of the same property (a name not followed by `=`)
          this.MANY({
            GATE: () => this.is(1, Comma) && !this.is(3, Equals),
            DEF: () => {
              this.CONSUME2(Comma);
              const value = this.SUBRULE(this.expr);
              properties.push({ name: prop?.name, value, span: value?.span });
            },
          });
        },
      });
      this.CONSUME(RParen);
    });
    return { kind: 'Render', visualization: chart.image, properties, span: this.spanFrom(kw) };
  });

  invokeOp = this.RULE('invokeOp', (): TabularOp => {
    const kw = this.CONSUME(KW('invoke'));
    const name = this.CONSUME(RefName);
    const call = this.SUBRULE(this.callArgs, { ARGS: [name] });
    return { kind: 'Invoke', call, span: this.spanFrom(kw) };
  });

  serializeOp = this.RULE('serializeOp', (): TabularOp => {
    const kw = this.CONSUME(KW('serialize'));
    const columns = this.OPTION(() => this.SUBRULE(this.assignments)) ?? [];
    return { kind: 'Serialize', columns, span: this.spanFrom(kw) };
  });

  asOp = this.RULE('asOp', (): TabularOp => {
    const kw = this.CONSUME(KW('as'));
    const hints: NamedArg[] = [];
    this.MANY(() => hints.push(this.SUBRULE(this.hint)));
    const name = this.SUBRULE(this.declName);
    return { kind: 'As', name, hints, span: this.spanFrom(kw) };
  });

  getSchemaOp = this.RULE('getSchemaOp', (): TabularOp => {
    const kw = this.CONSUME(KW('getschema'));
    return { kind: 'GetSchema', span: tokenSpan(kw) };
  });

  makeSeriesOp = this.RULE('makeSeriesOp', (): TabularOp => {
    const kw = this.CONSUME(KW('make-series'));
    let nonEmpty = false;
    let inRange = false;
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(KW('kind'));
            this.CONSUME(Equals);
            const v = this.SUBRULE(this.optionWord);
            this.ACTION(() => {
              if (v.image !== 'nonempty') this.fail(`expected 'nonempty' but found '${v.image}'`, v);
              nonEmpty = true;
            });
          },
        },
        { ALT: () => this.SUBRULE(this.hint) },
      ]);
    });
    const aggregates: MakeSeries['aggregates'] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        const a = this.SUBRULE(this.assignment);
        const dflt = this.OPTION(() => {
          this.CONSUME(KW('default'));
          this.CONSUME2(Equals);
          return this.SUBRULE(this.expr);
        });
        aggregates.push(this.ACTION(() => (dflt ? { ...a, default: dflt, span: this.spanFrom(a.span) } : a)));
      },
    });
    this.CONSUME(KW('on'));
    const on = this.SUBRULE(this.addExpr);
    let from: Expr | undefined;
    let to: Expr | undefined;
    let step: Expr | undefined;
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(KW('in'));
          this.CONSUME(KW('range'));
          inRange = true;
          this.CONSUME(LParen);
          from = this.SUBRULE2(this.expr);
          this.CONSUME(Comma);
          to = this.SUBRULE3(this.expr);
          this.CONSUME2(Comma);
          step = this.SUBRULE4(this.expr);
          this.CONSUME(RParen);
        },
      },
      {
        ALT: () => {
          this.OPTION2(() => {
            this.CONSUME(KW('from'));
            from = this.SUBRULE5(this.expr);
          });
          this.OPTION3(() => {
            this.CONSUME(KW('to'));
            to = this.SUBRULE6(this.expr);
          });
          this.CONSUME(KW('step'));
          step = this.SUBRULE7(this.expr);
        },
      },
    ]);
    const by = this.OPTION4(() => {
      this.CONSUME(KW('by'));
      return this.SUBRULE(this.assignments);
    }) ?? [];
    const op: MakeSeries = { kind: 'MakeSeries', aggregates, on, step: step!, by, span: this.spanFrom(kw) };
    if (from) op.from = from;
    if (to) op.to = to;
    if (nonEmpty) op.nonEmpty = true;
    if (inRange) op.inRange = true;
    return op;
  });

  sampleOp = this.RULE('sampleOp', (): TabularOp => {
    const kw = this.CONSUME(KW('sample'));
    const count = this.SUBRULE(this.expr);
    return { kind: 'Sample', count, span: this.spanFrom(kw) };
  });

  sampleDistinctOp = this.RULE('sampleDistinctOp', (): TabularOp => {
    const kw = this.CONSUME(KW('sample-distinct'));
    const count = this.SUBRULE(this.expr);
    this.CONSUME(KW('of'));
    const column = this.SUBRULE2(this.expr);
    return { kind: 'SampleDistinct', count, column, span: this.spanFrom(kw) };
  });

  topNestedOp = this.RULE('topNestedOp', (): TabularOp => {
    const first = this.LA(1);
    const levels: TopNested['levels'] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => levels.push(this.SUBRULE(this.topNestedLevel)) });
    return { kind: 'TopNested', levels, span: this.spanFrom(first) };
  });

  topNestedLevel = this.RULE('topNestedLevel', (): TopNested['levels'][number] => {
    this.CONSUME(KW('top-nested'));
    const count = this.OPTION(() => this.SUBRULE(this.expr));
    this.CONSUME(KW('of'));
    const of = this.SUBRULE(this.assignment);
    const withOthers = this.OPTION2(() => {
      this.CONSUME(KW('with'));
      this.CONSUME(KW('others'));
      this.CONSUME(Equals);
      return this.SUBRULE2(this.expr);
    });
    this.CONSUME(KW('by'));
    const by = this.SUBRULE2(this.assignment);
    let order: 'asc' | 'desc' = 'desc';
    this.OPTION3(() => {
      order = this.OR([
        { ALT: () => (this.CONSUME(KW('asc')), 'asc' as const) },
        { ALT: () => (this.CONSUME(KW('desc')), 'desc' as const) },
      ]);
    });
    const level: TopNested['levels'][number] = { of, by, order };
    if (count) level.count = count;
    if (withOthers) level.withOthers = withOthers;
    return level;
  });

  facetOp = this.RULE('facetOp', (): TabularOp => {
    const kw = this.CONSUME(KW('facet'));
    this.CONSUME(KW('by'));
    const columns: string[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => columns.push(this.OR([{ ALT: () => this.CONSUME(RefName).image }, { ALT: () => this.SUBRULE(this.bracketedName) }])),
    });
    const withOps = this.OPTION(() => {
      this.CONSUME(KW('with'));
      this.CONSUME(LParen);
      const q = this.SUBRULE(this.subquery);
      this.CONSUME(RParen);
      return q;
    });
    const op: TabularOp = { kind: 'Facet', columns, span: this.spanFrom(kw) };
    if (withOps) op.with = withOps;
    return op;
  });

  forkOp = this.RULE('forkOp', (): TabularOp => {
    const kw = this.CONSUME(KW('fork'));
    const branches: { name?: string; ops: TabularOp[]; span: Span }[] = [];
    this.AT_LEAST_ONE(() => {
      const start = this.LA(1);
      const name = this.OPTION(() => {
        const n = this.SUBRULE(this.declName);
        this.CONSUME(Equals);
        return n;
      });
      this.CONSUME(LParen);
      const q = this.SUBRULE(this.subquery);
      this.CONSUME(RParen);
      const branch: (typeof branches)[number] = { ops: q?.ops, span: this.spanFrom(start) };
      if (name !== undefined) branch.name = name;
      branches.push(branch);
    });
    return { kind: 'Fork', branches, span: this.spanFrom(kw) };
  });

  searchOp = this.RULE('searchOp', (): TabularOp => {
    const s = this.SUBRULE(this.searchSource);
    return s as TabularOp;
  });

  consumeOp = this.RULE('consumeOp', (): TabularOp => {
    const kw = this.CONSUME(KW('consume'));
    this.MANY(() => {
      this.CONSUME(KW('decodeblocks'));
      this.CONSUME(Equals);
      this.SUBRULE(this.primary);
    });
    return { kind: 'Consume', span: this.spanFrom(kw) };
  });

  reduceOp = this.RULE('reduceOp', (): TabularOp => {
    const kw = this.CONSUME(KW('reduce'));
    this.CONSUME(KW('by'));
    const column = this.SUBRULE(this.expr);
    const properties: NamedArg[] = [];
    this.OPTION(() => {
      this.CONSUME(KW('with'));
      this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => properties.push(this.SUBRULE(this.namedArg)) });
    });
    return { kind: 'Reduce', column, properties, span: this.spanFrom(kw) };
  });

  /** `scan ...` is kept as raw text: every token up to the next top-level `|`, `;` or closing `)`. */
  scanOp = this.RULE('scanOp', (): TabularOp => {
    const kw = this.CONSUME(KW('scan'));
    let depth = 0;
    this.MANY({
      GATE: () => {
        const t = this.LA(1);
        if (t.tokenType === EOF) return false;
        return depth > 0 || !(tokenMatcher(t, Pipe) || tokenMatcher(t, Semicolon) || tokenMatcher(t, RParen));
      },
      DEF: () => {
        const t = this.CONSUME(AnyToken);
        if (tokenMatcher(t, LParen)) depth++;
        else if (tokenMatcher(t, RParen)) depth--;
      },
    });
    const span = this.spanFrom(kw);
    const text = this.sourceText.slice(span.start, span.end);
    this.ACTION(() => {
      if (!/\bwith\s*\(/.test(text)) this.fail("expected 'with (' in scan", this.LA(1).tokenType === EOF ? span : this.LA(1));
    });
    return { kind: 'Scan', text, span };
  });

  // ------------------------------------------------------------------------------------------- helpers

  private joinKindOf(tok: IToken | undefined, kinds: Record<string, JoinKind>): JoinKind | undefined {
    if (!tok) return undefined;
    const k = Object.hasOwn(kinds, tok.image) ? kinds[tok.image] : undefined;
    if (!k) this.fail(`unknown join kind '${tok.image}'`, tok);
    return k;
  }

  /** Flatten `a and b` and convert names and `$left.x == $right.y` pairs into join conditions. */
  private joinConditions(e: Expr): JoinCondition[] {
    if (e.kind === 'Binary' && e.op === 'and') return [...this.joinConditions(e.left), ...this.joinConditions(e.right)];
    if (e.kind === 'Name' && !e.name.startsWith('$')) return [{ kind: 'SameName', name: e.name, span: e.span }];
    if (e.kind === 'Binary' && e.op === '==') {
      const l = this.sideOf(e.left);
      const r = this.sideOf(e.right);
      if (l && r && l.side !== r.side) {
        const [left, right] = l.side === '$left' ? [l.name, r.name] : [r.name, l.name];
        return [{ kind: 'LeftRight', left, right, span: e.span }];
      }
    }
    return this.fail('unsupported join condition: expected a column name or $left.column == $right.column', e.span);
  }

  private sideOf(e: Expr): { side: string; name: string } | undefined {
    if (e.kind === 'Member' && e.target.kind === 'Name' && (e.target.name === '$left' || e.target.name === '$right')) {
      return { side: e.target.name, name: e.name };
    }
    return undefined;
  }
}


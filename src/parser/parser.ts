// The KQL parser: statements (let / set / declare / query) on top of the tabular and expression grammar,
// one shared instance, and the entry points that turn Chevrotain errors into KqlError.

import { EOF, type IRecognitionException, type IToken } from 'chevrotain';
import { KqlError, spanAt, type Span } from '../diagnostics.js';
import type { Expr, FunctionDef, Param, Script, Statement, TabularParamType } from './ast.js';
import { tokenize } from './lexer.js';
import { tokenSpan } from './parser-base.js';
import { TabularParser } from './tabular-rules.js';
import { Colon, Comma, Equals, KW, LBrace, LParen, RBrace, RParen, Semicolon, Star } from './tokens.js';

class KqlParser extends TabularParser {
  /** `stmt (; stmt)* [;]`: empty statements (`;;`) are errors, as in Kusto. */
  script = this.RULE('script', (): Script => {
    const statements: Statement[] = [];
    this.OPTION(() => {
      statements.push(this.SUBRULE(this.statement));
      this.MANY({
        GATE: () => this.LA(2).tokenType !== EOF,
        DEF: () => {
          this.CONSUME(Semicolon);
          statements.push(this.SUBRULE2(this.statement));
        },
      });
      this.OPTION2(() => this.CONSUME2(Semicolon));
    });
    const end = this.sourceText.length;
    return { kind: 'Script', statements, span: { ...spanAt(this.sourceText, 0, end), end } };
  });

  /** `let` and `declare` are also names: the statement forms come first and need their second token to fit. */
  statement = this.RULE('statement', (): Statement =>
    this.OR({
      IGNORE_AMBIGUITIES: true,
      ERR_MSG: 'a statement',
      DEF: [
        { ALT: () => this.SUBRULE(this.letStatement) },
        { ALT: () => this.SUBRULE(this.setStatement) },
        { ALT: () => this.SUBRULE(this.declareStatement) },
        {
          ALT: (): Statement => {
            const expr = this.SUBRULE(this.pipeExpr);
            return { kind: 'Query', expr, span: expr?.span };
          },
        },
      ],
    }),
  );

  letStatement = this.RULE('letStatement', (): Statement => {
    const kw = this.CONSUME(KW('let'));
    const nameStart = this.LA(1);
    const name = this.SUBRULE(this.declName);
    const nameSpan = this.spanFrom(nameStart);
    this.CONSUME(Equals);
    const value = this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { GATE: () => this.functionDefAhead(1), ALT: (): FunctionDef => this.SUBRULE(this.functionDef, { ARGS: [false] }) },
        {
          GATE: () => this.is(1, KW('view')) && this.functionDefAhead(2),
          ALT: (): FunctionDef => {
            const view = this.CONSUME(KW('view'));
            const def = this.SUBRULE2(this.functionDef, { ARGS: [true] });
            return { ...def, span: this.spanFrom(view) };
          },
        },
        {
          // `materialize(...)` is only valid as the whole value of a let
          GATE: () => this.is(2, LParen),
          ALT: (): Expr => {
            const m = this.CONSUME(KW('materialize'));
            return this.SUBRULE(this.callArgs, { ARGS: [m] });
          },
        },
        { ALT: (): Expr => this.SUBRULE(this.pipeExpr) },
      ],
    });
    return { kind: 'Let', name, nameSpan, value, span: this.spanFrom(kw) };
  });

  /** `(params) { body }`; the `view` keyword, when present, was consumed by the caller. */
  functionDef = this.RULE('functionDef', (isView: boolean): FunctionDef => {
    const open = this.CONSUME(LParen);
    const params: Param[] = [];
    this.MANY_SEP({ SEP: Comma, DEF: () => params.push(this.SUBRULE(this.param)) });
    this.CONSUME(RParen);
    this.CONSUME(LBrace);
    const body: Statement[] = [];
    this.MANY(() => {
      body.push(this.SUBRULE(this.letStatement));
      this.CONSUME(Semicolon);
    });
    this.OPTION(() => {
      const expr = this.SUBRULE(this.pipeExpr);
      body.push({ kind: 'Query', expr, span: expr?.span });
    });
    this.OPTION2(() => this.CONSUME2(Semicolon));
    this.CONSUME(RBrace);
    return { kind: 'FunctionDef', params, body, isView, span: this.spanFrom(open) };
  });

  /** `name:type [= default]`, `T:(a:long, b:string)`, `T:(*)` */
  param = this.RULE('param', (): Param => {
    const start = this.LA(1);
    const name = this.SUBRULE(this.declName);
    this.CONSUME(Colon);
    const type = this.OR([
      { ALT: () => this.SUBRULE(this.typeName) },
      {
        ALT: (): TabularParamType => {
          this.CONSUME(LParen);
          const tab: TabularParamType = { kind: 'TabularType', columns: [], star: false };
          this.OR2([
            { ALT: () => (this.CONSUME(Star), (tab.star = true)) },
            { ALT: () => this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => tab.columns.push(this.SUBRULE(this.columnDecl)) }) },
          ]);
          this.CONSUME(RParen);
          return tab;
        },
      },
    ]);
    const dflt = this.OPTION(() => {
      this.CONSUME(Equals);
      return this.SUBRULE(this.expr);
    });
    const p: Param = { name, type, span: this.spanFrom(start) };
    if (dflt) p.default = dflt;
    return p;
  });

  /** `set name [= value]` */
  setStatement = this.RULE('setStatement', (): Statement => {
    const kw = this.CONSUME(KW('set'));
    const name = this.SUBRULE(this.declName);
    const value = this.OPTION(() => {
      this.CONSUME(Equals);
      return this.SUBRULE(this.expr);
    });
    return value ? { kind: 'Set', name, value, span: this.spanFrom(kw) } : { kind: 'Set', name, span: this.spanFrom(kw) };
  });

  /** `declare query_parameters(name:type [= default], ...)` */
  declareStatement = this.RULE('declareStatement', (): Statement => {
    const kw = this.CONSUME(KW('declare'));
    this.CONSUME(KW('query_parameters'));
    this.CONSUME(LParen);
    const params: Param[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => params.push(this.SUBRULE(this.param)) });
    this.CONSUME(RParen);
    return { kind: 'Declare', params, span: this.spanFrom(kw) };
  });

  constructor() {
    super();
    this.performSelfAnalysis();
  }

  /** Parse a whole script. Throws KqlError (KQL001 lexing, KQL002 parsing) on the first error. */
  parseScript(text: string): Script {
    return this.run(text, () => this.script());
  }

  /** Parse a single (possibly tabular) expression. */
  parseExpr(text: string): Expr {
    return this.run(text, () => this.pipeExpr());
  }

  private run<T>(text: string, rule: () => T): T {
    const tokens = tokenize(text);
    this.sourceText = text;
    this.searchDepth = 0;
    this.input = tokens;
    const result = rule();
    const err = this.errors[0];
    if (err) throw toKqlError(err, text);
    return result;
  }
}

function toKqlError(err: IRecognitionException, text: string): KqlError {
  const tok: IToken = err.token;
  let span: Span;
  if (!tok || tok.tokenType === EOF || Number.isNaN(tok.startOffset)) {
    span = spanAt(text, text.length, text.length);
  } else {
    span = tokenSpan(tok);
  }
  return new KqlError({ code: 'KQL002', kind: 'syntax', message: err.message, span });
}

let shared: KqlParser | undefined;

/** The process-wide parser instance (grammar analysis runs once, on first use). */
export function kqlParser(): KqlParser {
  return (shared ??= new KqlParser());
}

export type { KqlParser };

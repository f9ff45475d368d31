// Grammar rules for scalar expressions: precedence levels, literals, dynamic values, names, calls and
// argument lists. Tabular rules (pipelines, operators, statements) extend this class in parser.ts.

import { type IToken, type ParserMethod, tokenMatcher } from 'chevrotain';
import type { Span } from '../diagnostics.js';
import { parseTypeName, type ScalarType } from '../types.js';
import type { BinaryOp, Call, ColumnDecl, DynamicNode, Expr, Literal, NamedArg, SetTestOp } from './ast.js';
import { decodeString, hexLiteral, integerLiteral, splitCallImage, timespanTicks, typedLiteral, unquoteBody } from './literals.js';
import { BaseParser, joinSpans, tokenSpan } from './parser-base.js';
import {
  AddOp,
  BoolLiteral,
  CallOnlyName,
  CALLABLE_TYPES,
  Colon,
  Comma,
  CompareOp,
  DatetimeLiteral,
  DeclName,
  Dot,
  DotDot,
  Equals,
  GuidLiteral,
  HexLiteral,
  HintName,
  KW,
  LBrace,
  LBracket,
  LongLiteral,
  LParen,
  Minus,
  MulOp,
  MultiLineString,
  RBrace,
  RBracket,
  RealLiteral,
  RefName,
  RParen,
  SetOp,
  Star,
  StringLiteral,
  TimespanFuncLiteral,
  TimespanLiteral,
  TypedLiteral,
  TypeName,
  WORD_COMPARE_OPS,
  WORD_SET_OPS,
} from './tokens.js';

const SYMBOL_OPS: Record<string, BinaryOp> = {
  '==': '==', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=', '<>': '<>', '=~': '=~', '!~': '!~',
};

/** Operators allowed after `*` (any column): every comparison-level operator except the ordering ones and `!=`. */
const STAR_OPS = /^(?!(?:<|<=|>|>=|<>|!=)$)/;

export function compareOp(image: string): BinaryOp {
  return SYMBOL_OPS[image] ?? (WORD_COMPARE_OPS as Record<string, BinaryOp>)[image]!;
}

/** Grammar of scalar expressions. `pipeExpr` (a tabular expression) is supplied by the subclass. */
export abstract class ExprParser extends BaseParser {
  /** `source | op | op ...`; defined by the tabular grammar. */
  declare pipeExpr: ParserMethod<[], Expr>;
  /** A source operator (`datatable(...)[...]`, ...) or an expression; defined by the tabular grammar. */
  declare pipeSource: ParserMethod<[], Expr>;

  /** Set by pipeExpr as it returns: whether its own pipeline had operators. */
  protected lastPipeHadOps = false;

  /** Whether a call of `nameTok` may take a pipeline as an argument without parentheses. */
  protected pipeArgumentAllowed(nameTok: IToken | undefined): boolean {
    return !!nameTok && (tokenMatcher(nameTok, CallOnlyName) || nameTok.image === 'materialize');
  }

  /** Whether `*` at LA(1) starts an any-column test (`* has "x"`) rather than standing alone (`count(*)`). */
  protected starTestAhead(): boolean {
    return this.is(1, Star) && (this.is(2, CompareOp) || this.is(2, KW('matches')));
  }

  // ------------------------------------------------------------------------------------ precedence levels

  expr = this.RULE('expr', (): Expr => this.SUBRULE(this.orExpr));

  orExpr = this.RULE('orExpr', (): Expr => {
    let left = this.SUBRULE(this.andExpr);
    this.MANY(() => {
      const op = this.CONSUME(KW('or'));
      const right = this.SUBRULE2(this.andExpr);
      left = this.binary('or', left, right, op);
    });
    return left;
  });

  andExpr = this.RULE('andExpr', (): Expr => {
    let left = this.SUBRULE(this.relExpr);
    this.MANY(() => {
      const op = this.CONSUME(KW('and'));
      const right = this.SUBRULE2(this.relExpr);
      left = this.binary('and', left, right, op);
    });
    return left;
  });

  /** Comparison, string, set and range tests: at most one per level (`a == b == c` is an error, as in Kusto). */
  relExpr = this.RULE('relExpr', (): Expr =>
    this.OR([
      { GATE: () => this.is(1, Star), ALT: () => this.SUBRULE(this.starTest) },
      { ALT: () => this.SUBRULE(this.relTest) },
    ]),
  );

  /**
   * `* has "x"`: a string test (or `==`, `=~`, `!~`) that any column passes. Microsoft's parser allows only
   * these operators after `*`.
   */
  starTest = this.RULE('starTest', (): Expr => {
    const star: Expr = { kind: 'Star', span: tokenSpan(this.CONSUME(Star)) };
    return this.OR([
      {
        ALT: () => {
          const op = this.CONSUME(CompareOp);
          this.ACTION(() => {
            if (!STAR_OPS.test(op.image)) this.fail(`'*' (any column) cannot be compared with '${op.image}'; use ==, =~, !~ or a string operator such as has`, op);
          });
          const right = this.SUBRULE(this.addExpr);
          return this.binary(compareOp(op.image), star, right, op);
        },
      },
      {
        ALT: () => {
          const op = this.CONSUME(KW('matches'));
          const re = this.CONSUME(KW('regex'));
          const right = this.SUBRULE2(this.addExpr);
          return this.binary('matches regex', star, right, op, re);
        },
      },
    ]);
  });

  relTest = this.RULE('relTest', (): Expr => {
    const left = this.SUBRULE(this.addExpr);
    const test = this.OPTION(() =>
      this.OR([
        {
          ALT: () => {
            const op = this.CONSUME(CompareOp);
            const right = this.SUBRULE2(this.addExpr);
            return this.binary(compareOp(op.image), left, right, op);
          },
        },
        {
          // `Column:"term"`, only inside a search predicate: the term must be in that column (`has`)
          ALT: () => {
            const colon = this.CONSUME(Colon);
            const right = this.SUBRULE4(this.addExpr);
            this.ACTION(() => {
              if (this.searchDepth === 0 || left.kind !== 'Name') {
                this.fail("':' is only allowed after a column name in a search predicate", colon);
              }
            });
            return this.binary('has', left, right, colon);
          },
        },
        {
          ALT: () => {
            const op = this.CONSUME(KW('matches'));
            const re = this.CONSUME(KW('regex'));
            const right = this.SUBRULE3(this.addExpr);
            return this.binary('matches regex', left, right, op, re);
          },
        },
        {
          ALT: (): Expr => {
            const op = this.CONSUME(SetOp);
            this.CONSUME(LParen);
            const items: Expr[] = [];
            this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => items.push(this.SUBRULE(this.pipeExpr)) });
            this.CONSUME(RParen);
            return {
              kind: 'SetTest',
              op: (WORD_SET_OPS as Record<string, SetTestOp>)[op.image] ?? (op.image as SetTestOp),
              left,
              items,
              opSpan: tokenSpan(op),
              span: this.spanFrom(left?.span),
            };
          },
        },
        {
          ALT: (): Expr => {
            const op = this.OR2([
              { ALT: () => this.CONSUME(KW('between')) },
              { ALT: () => this.CONSUME(KW('!between')) },
            ]);
            this.CONSUME2(LParen);
            const low = this.SUBRULE(this.expr);
            this.CONSUME(DotDot);
            const high = this.SUBRULE2(this.expr);
            this.CONSUME2(RParen);
            return { kind: 'Between', expr: left, low, high, negated: op?.image === '!between', span: this.spanFrom(left?.span) };
          },
        },
      ]),
    );
    return test ?? left;
  });

  addExpr = this.RULE('addExpr', (): Expr => {
    let left = this.SUBRULE(this.mulExpr);
    this.MANY(() => {
      const op = this.CONSUME(AddOp);
      const right = this.SUBRULE2(this.mulExpr);
      left = this.binary(op.image as BinaryOp, left, right, op);
    });
    return left;
  });

  mulExpr = this.RULE('mulExpr', (): Expr => {
    let left = this.SUBRULE(this.unaryExpr);
    this.MANY(() => {
      const op = this.CONSUME(MulOp);
      const right = this.SUBRULE2(this.unaryExpr);
      left = this.binary(op.image as BinaryOp, left, right, op);
    });
    return left;
  });

  /** A single prefix sign (`- -1` is an error, as in Kusto). */
  unaryExpr = this.RULE('unaryExpr', (): Expr =>
    this.OR(
      this.cachedAlternatives('unaryExpr', () => [
        {
          ALT: (): Expr => {
            const op = this.CONSUME(AddOp);
            const operand = this.SUBRULE(this.postfixExpr);
            return { kind: 'Unary', op: op.image as '-' | '+', operand, span: this.spanFrom(op) };
          },
        },
        { ALT: () => this.SUBRULE2(this.postfixExpr) },
      ]),
    ),
  );

  /** Member access `a.b` / `a.['b']` and indexing `a[0]`. */
  postfixExpr = this.RULE('postfixExpr', (): Expr => {
    let target = this.SUBRULE(this.primary);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(Dot);
            this.OR2([
              {
                ALT: () => {
                  const name = this.CONSUME(RefName).image;
                  target = { kind: 'Member', target, name, span: this.spanFrom(target?.span) };
                },
              },
              {
                // `a.['b']` is `a.b`; `a.[0]` is `a[0]`
                ALT: () => {
                  this.CONSUME2(LBracket);
                  const index = this.SUBRULE2(this.expr);
                  this.CONSUME2(RBracket);
                  const span = this.spanFrom(target?.span);
                  target =
                    index?.kind === 'Literal' && index.type === 'string'
                      ? { kind: 'Member', target, name: index.value as string, span }
                      : { kind: 'Index', target, index, span };
                },
              },
            ]);
          },
        },
        {
          ALT: () => {
            this.CONSUME(LBracket);
            const index = this.SUBRULE(this.expr);
            this.CONSUME(RBracket);
            target = { kind: 'Index', target, index, span: this.spanFrom(target?.span) };
          },
        },
      ]);
    });
    return target;
  });

  // ------------------------------------------------------------------------------------------ primaries

  primary = this.RULE('primary', (): Expr =>
    this.OR(
      this.cachedAlternatives('primary', () => ({
        DEF: [
          { ALT: () => this.SUBRULE(this.stringLiteral) },
          { ALT: () => this.SUBRULE(this.numberLiteral) },
          { ALT: () => this.SUBRULE(this.valueLiteral) },
          { ALT: () => this.SUBRULE(this.dynamicLiteral) },
          { ALT: () => this.SUBRULE(this.typeofCall) },
          {
            ALT: (): Expr => {
              const tok = this.CONSUME(CallOnlyName);
              this.ACTION(() => {
                // `long (5)`: a type name is a conversion only when `(` follows it directly (Microsoft's parser).
                const next = this.LA(1);
                if (CALLABLE_TYPES.has(tok.image) && next.startOffset > (tok.endOffset ?? tok.startOffset) + 1) {
                  this.fail(`the keyword '${tok.image}' must be followed directly by '(' to convert a value; as a name it must be bracketed as ['${tok.image}']`, tok);
                }
              });
              return this.SUBRULE(this.callArgs, { ARGS: [tok] });
            },
          },
          {
            ALT: (): Expr => {
              const tok = this.CONSUME(RefName);
              const call = this.OPTION(() => this.SUBRULE2(this.callArgs, { ARGS: [tok] }));
              if (call) return call;
              if (tok.tokenType === KW('null')) return this.lit('dynamic', null, tokenSpan(tok));
              return this.name(tok.image, tokenSpan(tok));
            },
          },
          {
            ALT: (): Expr => {
              const start = this.LA(1);
              const name = this.SUBRULE2(this.bracketedName);
              return this.name(name, this.spanFrom(start));
            },
          },
          {
            ALT: (): Expr => {
              this.CONSUME(LParen);
              const inner = this.SUBRULE(this.pipeExpr);
              this.CONSUME(RParen);
              return inner;
            },
          },
        ],
        ERR_MSG: 'an expression',
      })),
    ),
  );

  /** `(args)` after a function name; the name token is passed in. */
  callArgs = this.RULE('callArgs', (nameTok: IToken): Call => {
    this.CONSUME(LParen);
    const args: Expr[] = [];
    const argNames: (string | undefined)[] = [];
    this.MANY_SEP({
      SEP: Comma,
      DEF: () => {
        const argName = this.OPTION({
          GATE: () => this.is(1, DeclName) && this.is(2, Equals),
          DEF: () => {
            const n = this.CONSUME(DeclName).image;
            this.CONSUME(Equals);
            return n;
          },
        });
        const arg = this.OR({
          IGNORE_AMBIGUITIES: true,
          DEF: [
            {
              GATE: () => !this.starTestAhead(),
              ALT: (): Expr => ({ kind: 'Star', span: tokenSpan(this.CONSUME(Star)) }),
            },
            {
              ALT: (): Expr => {
                const e = this.SUBRULE(this.pipeExpr);
                // Only toscalar(), totable() and the type conversions take a pipeline without parentheses
                // (`f(T | count)` is a syntax error in Microsoft's parser; `f((T | count))` is not). One
                // alternative checked afterwards, rather than two with the same start, keeps the grammar's
                // lookahead (and the cost of its error messages) small.
                this.ACTION(() => {
                  if (this.lastPipeHadOps && e.kind === 'Pipeline' && !this.pipeArgumentAllowed(nameTok)) {
                    this.fail(`a query as a function argument must be in parentheses, as in f((T | ...)): only toscalar(), totable() and type conversions take one without`, e.ops[0]!.span);
                  }
                });
                return e;
              },
            },
          ],
        });
        args.push(arg);
        argNames.push(argName);
      },
    });
    this.CONSUME(RParen);
    const call: Call = { kind: 'Call', name: nameTok?.image, nameSpan: tokenSpan(nameTok), args, span: this.spanFrom(nameTok) };
    if (argNames.some((n) => n !== undefined)) call.argNames = argNames;
    return call;
  });

  /** `typeof(long)`, `typeof(*)`, `typeof(a:string, b:long)`: a Call whose args are Star or Name nodes. */
  typeofCall = this.RULE('typeofCall', (): Call => {
    const kw = this.CONSUME(KW('typeof'));
    this.CONSUME(LParen);
    const args: Expr[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        this.OR([
          { ALT: () => args.push({ kind: 'Star', span: tokenSpan(this.CONSUME(Star)) }) },
          {
            ALT: () => {
              const start = this.LA(1);
              const t = this.SUBRULE(this.typeName);
              args.push(this.name(t, this.spanFrom(start)));
            },
          },
          {
            ALT: () => {
              const col = this.SUBRULE(this.columnDecl);
              args.push(this.name(`${col.name}:${col.type}`, col.span));
            },
          },
        ]);
      },
    });
    this.CONSUME(RParen);
    return { kind: 'Call', name: 'typeof', nameSpan: tokenSpan(kw), args, span: this.spanFrom(kw) };
  });

  /** `['name']` / `["name"]`: a name that is not an identifier. */
  bracketedName = this.RULE('bracketedName', (): string => {
    this.CONSUME(LBracket);
    const s = this.SUBRULE(this.stringLiteral);
    this.CONSUME(RBracket);
    return s?.value as string;
  });

  /** A name being declared: `Name` or `['name']`. */
  declName = this.RULE('declName', (): string =>
    this.OR([{ ALT: () => this.CONSUME(DeclName).image }, { ALT: () => this.SUBRULE(this.bracketedName) }]),
  );

  typeName = this.RULE('typeName', (): ScalarType => {
    const tok = this.CONSUME(TypeName);
    return this.ACTION(() => parseTypeName(tok.image) ?? this.fail(`unknown type '${tok.image}'`, tok));
  });

  /** `name:type` */
  columnDecl = this.RULE('columnDecl', (): ColumnDecl => {
    const start = this.LA(1);
    const name = this.SUBRULE(this.declName);
    this.CONSUME(Colon);
    const type = this.SUBRULE(this.typeName);
    return { name, type, span: this.spanFrom(start) };
  });

  /** `name = value, ...` property lists (`with (format="csv")`, hints). */
  namedArg = this.RULE('namedArg', (): NamedArg => {
    const start = this.LA(1);
    const name = this.OR([
      { ALT: () => this.CONSUME(RefName).image },
      { ALT: () => this.CONSUME(KW('title')).image },
      { ALT: () => this.CONSUME(KW('accumulate')).image },
    ]);
    this.CONSUME(Equals);
    const value = this.SUBRULE(this.expr);
    return { name, value, span: this.spanFrom(start) };
  });

  /** `hint.xxx = value` */
  hint = this.RULE('hint', (): NamedArg => {
    const tok = this.CONSUME(HintName);
    this.CONSUME(Equals);
    const value = this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(RefName);
          return this.name(t.image, tokenSpan(t));
        },
      },
      { ALT: () => this.SUBRULE(this.stringLiteral) },
      { ALT: () => this.SUBRULE(this.numberLiteral) },
      { ALT: () => this.SUBRULE(this.valueLiteral) },
    ]);
    return { name: tok.image, value, span: this.spanFrom(tok) };
  });

  // ------------------------------------------------------------------------------------------- literals

  /** One or more adjacent string literals, concatenated. */
  stringLiteral = this.RULE('stringLiteral', (): Literal => {
    const parts: IToken[] = [];
    this.AT_LEAST_ONE(() => {
      parts.push(this.OR([{ ALT: () => this.CONSUME(StringLiteral) }, { ALT: () => this.CONSUME(MultiLineString) }]));
    });
    const value = this.ACTION(() => parts.map((p) => decodeString(p.image)).join(''));
    return this.lit('string', value, this.spanFrom(parts[0]));
  });

  numberLiteral = this.RULE('numberLiteral', (): Literal =>
    this.OR(
      this.cachedAlternatives('numberLiteral', () => [
        {
          ALT: () => {
            const t = this.CONSUME(LongLiteral);
            const v = this.ACTION(() => integerLiteral(t.image));
            return this.lit(v?.type ?? 'long', v?.value, tokenSpan(t));
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(RealLiteral);
            return this.lit('real', Number(t.image), tokenSpan(t));
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(HexLiteral);
            return this.lit('long', this.ACTION(() => hexLiteral(t.image)), tokenSpan(t));
          },
        },
      ]),
    ),
  );

  /** Timespans, booleans, `datetime(..)`, `time(..)`, `guid(..)` and `int(5)`-style literals. */
  valueLiteral = this.RULE('valueLiteral', (): Literal =>
    this.OR(
      this.cachedAlternatives('valueLiteral', () => [
        {
          ALT: () => {
            const t = this.CONSUME(TimespanLiteral);
            return this.lit('timespan', this.ACTION(() => timespanTicks(t.image)), tokenSpan(t));
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(BoolLiteral);
            return this.lit('bool', t.image.toLowerCase() === 'true', tokenSpan(t));
          },
        },
        { ALT: () => this.bodyLiteral(this.CONSUME(DatetimeLiteral), 'datetime') },
        { ALT: () => this.bodyLiteral(this.CONSUME(TimespanFuncLiteral), 'timespan') },
        { ALT: () => this.bodyLiteral(this.CONSUME(GuidLiteral), 'guid') },
        {
          ALT: () => {
            const t = this.CONSUME(TypedLiteral);
            const r = this.ACTION(() => typedLiteral(t.image));
            if (r && 'error' in r) this.fail(r.error, t);
            return this.lit(r?.type ?? 'long', r?.value, tokenSpan(t));
          },
        },
      ]),
    ),
  );

  /** `dynamic(...)` */
  dynamicLiteral = this.RULE('dynamicLiteral', (): Expr => {
    const kw = this.CONSUME(KW('dynamic'));
    this.CONSUME(LParen);
    const node = this.SUBRULE(this.jsonValue);
    this.CONSUME(RParen);
    return { kind: 'DynamicLiteral', node, span: this.spanFrom(kw) };
  });

  /** A JSON-like value inside `dynamic(...)`; scalars may use any KQL literal form. */
  jsonValue = this.RULE('jsonValue', (): DynamicNode =>
    this.OR(
      this.cachedAlternatives('jsonValue', () => ({
        DEF: [
          {
            ALT: (): DynamicNode => {
              const open = this.CONSUME(LBracket);
              const items: DynamicNode[] = [];
              this.MANY_SEP({ SEP: Comma, DEF: () => items.push(this.SUBRULE(this.jsonValue)) });
              this.CONSUME(RBracket);
              return { kind: 'DynArray', items, span: this.spanFrom(open) };
            },
          },
          {
            ALT: (): DynamicNode => {
              const open = this.CONSUME(LBrace);
              const entries: [string, DynamicNode][] = [];
              this.MANY_SEP2({
                SEP: Comma,
                DEF: () => {
                  const key = this.CONSUME(StringLiteral); // a single token: keys do not concatenate
                  this.CONSUME(Colon);
                  const value = this.SUBRULE2(this.jsonValue);
                  entries.push([this.ACTION(() => decodeString(key.image)), value]);
                },
              });
              this.CONSUME(RBrace);
              return { kind: 'DynObject', entries, span: this.spanFrom(open) };
            },
          },
          {
            ALT: (): DynamicNode => {
              const minus = this.CONSUME(Minus);
              const n = this.OR2([
                { ALT: () => this.SUBRULE(this.numberLiteral) },
                { ALT: () => this.SUBRULE(this.valueLiteral) },
              ]);
              return this.ACTION(() => this.negate(n, minus));
            },
          },
          { ALT: () => this.SUBRULE2(this.numberLiteral) },
          { ALT: () => this.SUBRULE2(this.valueLiteral) },
          { ALT: () => this.SUBRULE2(this.stringLiteral) },
          {
            ALT: () => this.lit('dynamic', null, tokenSpan(this.CONSUME(KW('null')))),
          },
        ],
        ERR_MSG: 'a JSON value',
      })),
    ),
  );

  // -------------------------------------------------------------------------------------------- helpers

  protected binary(op: BinaryOp, left: Expr, right: Expr, opTok: IToken, opEnd: IToken = opTok): Expr {
    return { kind: 'Binary', op, left, right, opSpan: tokenSpan(opTok, opEnd), span: joinSpans(left?.span, right?.span) };
  }

  private bodyLiteral(tok: IToken, type: 'datetime' | 'timespan' | 'guid'): Literal {
    const span = tokenSpan(tok);
    const body = this.ACTION(() => splitCallImage(tok.image).body) ?? '';
    if (body === 'null') return this.lit(type, null, span);
    return this.lit(type, undefined, span, this.ACTION(() => unquoteBody(body)));
  }

  private negate(n: Literal, minus: IToken): Literal {
    const span: Span = { ...tokenSpan(minus), end: n.span.end };
    const v = n.value;
    if (typeof v === 'bigint' || typeof v === 'number') return { ...n, value: -v, span };
    this.fail(`a '-' sign cannot be applied to a ${n.type} value here`, minus);
  }
}

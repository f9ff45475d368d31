// Every KQL token type and the single ordered `allTokens` list the lexer is built from.
// Keywords are contextual: most of them also belong to the name categories so they can be used as names.

import { createToken as createChevrotainToken, Lexer, type ITokenConfig, type TokenType } from 'chevrotain';

/** Every real token also belongs to this category, so raw-text operators (`scan`) can take any token. */
export const AnyToken = createChevrotainToken({ name: 'AnyToken', pattern: Lexer.NA, label: 'token' });

function createToken(config: ITokenConfig): TokenType {
  if (config.pattern === Lexer.NA) return createChevrotainToken(config);
  const categories = config.categories === undefined ? [] : Array.isArray(config.categories) ? config.categories : [config.categories];
  return createChevrotainToken({ ...config, categories: [...categories, AnyToken] });
}

// ------------------------------------------------------------------------------------------ categories

/** Anything that may be used where a column, table or function is referenced. */
export const RefName = createToken({ name: 'RefName', pattern: Lexer.NA, label: 'name' });
/** Anything that may be declared as a new name (`extend X = ...`, `let X = ...`). */
export const DeclName = createToken({ name: 'DeclName', pattern: Lexer.NA, label: 'name' });
/** Names that may be called as functions but not used as plain names (`toscalar`, `int`, ...). */
export const CallOnlyName = createToken({ name: 'CallOnlyName', pattern: Lexer.NA, label: 'function name' });
/** Scalar type names usable in `name:type` declarations. */
export const TypeName = createToken({ name: 'TypeName', pattern: Lexer.NA, label: 'type name' });
/** `render` visualizations. */
export const ChartName = createToken({ name: 'ChartName', pattern: Lexer.NA, label: 'visualization' });
/** `==`, `has`, `startswith`, ... : binary operators at the comparison level. */
export const CompareOp = createToken({ name: 'CompareOp', pattern: Lexer.NA, label: 'comparison operator' });
/** `in`, `!in~`, `has_any`, ... : operators taking a parenthesised list. */
export const SetOp = createToken({ name: 'SetOp', pattern: Lexer.NA, label: 'set operator' });
export const AddOp = createToken({ name: 'AddOp', pattern: Lexer.NA, label: "'+' or '-'" });
export const MulOp = createToken({ name: 'MulOp', pattern: Lexer.NA, label: "'*', '/' or '%'" });
/** `hint.strategy`, `hint.remote`, ... */
export const HintName = createToken({ name: 'HintName', pattern: Lexer.NA, label: 'hint' });

// ------------------------------------------------------------------------------------- trivia, literals

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[\s\u200b\u200c\u200d\u2060]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\r\n]*/, group: Lexer.SKIPPED });
/** A client directive line (`#connect ...`): only allowed before the first token, then dropped. */
export const Directive = createToken({ name: 'Directive', pattern: /#[^\r\n]*/, label: 'directive' });

export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  label: 'identifier',
  categories: [RefName, DeclName],
});

/** ```` ```text``` ```` and `~~~text~~~` (no escapes, may span lines). */
export const MultiLineString = createToken({
  name: 'MultiLineString',
  pattern: /[hH]?(?:```[\s\S]*?```|~~~[\s\S]*?~~~)/,
  line_breaks: true,
  start_chars_hint: ['h', 'H', '`', '~'],
  label: 'string literal',
});

const ESCAPE = String.raw`\\(?:[\\'"abfnrtv]|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[0-7]{1,3})`;
/** `'..'`, `".."` with backslash escapes, `@'..'`/`@".."` verbatim, optional `h`/`H` obfuscation prefix. */
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: new RegExp(
    String.raw`[hH]?(?:@"(?:[^"\r\n]|"")*"|@'(?:[^'\r\n]|'')*'|"(?:[^"\\\r\n]|${ESCAPE})*"|'(?:[^'\\\r\n]|${ESCAPE})*')`,
  ),
  start_chars_hint: ['h', 'H', '@', '"', "'"],
  label: 'string literal',
});

/** `datetime(...)` / `date(...)`: the body is kept as raw text. */
export const DatetimeLiteral = createToken({
  name: 'DatetimeLiteral',
  pattern: /(?:datetime|date)\([^)\r\n]*\)/,
  start_chars_hint: ['d'],
  label: 'datetime literal',
});
/** `timespan(...)` / `time(...)`. */
export const TimespanFuncLiteral = createToken({
  name: 'TimespanFuncLiteral',
  pattern: /(?:timespan|time)\([^)\r\n]*\)/,
  start_chars_hint: ['t'],
  label: 'timespan literal',
});
/** `guid(...)`. */
export const GuidLiteral = createToken({
  name: 'GuidLiteral',
  pattern: /(?:guid|uuid|uniqueid)\([^)\r\n]*\)/,
  start_chars_hint: ['g', 'u'],
  label: 'guid literal',
});
/** `int(5)`, `long(null)`, `real(+inf)`, `bool(true)`, `decimal(1.5)`: a type name wrapping a constant. */
export const TypedLiteral = createToken({
  name: 'TypedLiteral',
  pattern:
    /(?:bool|int|int32|int64|long|real|double|decimal)\(\s*(?:null|true|false|True|False|TRUE|FALSE|[+-]?\s*(?:nan|inf)|[+-]?[ \t]*(?:0[xX][0-9a-fA-F]+|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?))\s*\)/,
  start_chars_hint: ['b', 'i', 'l', 'r', 'd'],
  label: 'typed literal',
});

export const HexLiteral = createToken({
  name: 'HexLiteral',
  pattern: /0[xX][0-9a-fA-F]+(?![\w])/,
  start_chars_hint: ['0'],
  label: 'number',
});

/** Timespan suffixes as Kusto's lexer knows them (longest first within each family). */
export const TIMESPAN_SUFFIXES = [
  'microseconds', 'microsecond', 'microsec', 'micros', 'micro',
  'milliseconds', 'millisecond', 'millisec', 'millis', 'milli', 'ms',
  'nanoseconds', 'nanosecond', 'nanosec', 'nanos', 'nano',
  'minutes', 'minute', 'min', 'm',
  'seconds', 'second', 'sec', 's',
  'hours', 'hour', 'hrs', 'hr', 'h',
  'days', 'day', 'd',
  'ticks', 'tick',
] as const;

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export const TimespanLiteral = createToken({
  name: 'TimespanLiteral',
  pattern: new RegExp(String.raw`\d+(?:\.\d+)?(?:${TIMESPAN_SUFFIXES.join('|')})(?![\w])`),
  start_chars_hint: DIGITS,
  label: 'timespan literal',
});
export const RealLiteral = createToken({
  name: 'RealLiteral',
  pattern: /(?:\d+\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|\d+\.(?![.\w]))(?![\w])/,
  start_chars_hint: DIGITS,
  label: 'number',
});
export const LongLiteral = createToken({
  name: 'LongLiteral',
  pattern: /\d+(?![\w])/,
  start_chars_hint: DIGITS,
  label: 'number',
});
/**
 * A digit run glued to letters that is no literal (`2022MostExploited`, `5weeks`): Kusto's lexer reads it as
 * an identifier, so it is one here too (an unknown unit like `5weeks` then fails as an unknown name).
 */
export const DigitIdentifier = createToken({
  name: 'DigitIdentifier',
  pattern: /\d\w*/,
  label: 'identifier',
  categories: [RefName, DeclName],
});

export const BoolLiteral = createToken({
  name: 'BoolLiteral',
  pattern: /true|True|TRUE|false|False|FALSE/,
  start_chars_hint: ['t', 'T', 'f', 'F'],
  longer_alt: Identifier,
  label: 'boolean literal',
});

// ------------------------------------------------------------------------------------------ punctuation

const punct = (name: string, pattern: string, categories?: TokenType[]): TokenType =>
  createToken({ name, pattern, label: `'${pattern}'`, ...(categories ? { categories } : {}) });

export const LParen = punct('LParen', '(');
export const RParen = punct('RParen', ')');
export const LBracket = punct('LBracket', '[');
export const RBracket = punct('RBracket', ']');
export const LBrace = punct('LBrace', '{');
export const RBrace = punct('RBrace', '}');
export const Comma = punct('Comma', ',');
export const Semicolon = punct('Semicolon', ';');
export const Pipe = punct('Pipe', '|');
export const DotDot = punct('DotDot', '..');
export const Dot = punct('Dot', '.');
export const Colon = punct('Colon', ':');
export const EqEq = punct('EqEq', '==', [CompareOp]);
export const EqTilde = punct('EqTilde', '=~', [CompareOp]);
export const Arrow = punct('Arrow', '=>');
export const Equals = punct('Equals', '=');
export const NotEq = punct('NotEq', '!=', [CompareOp]);
export const NotTilde = punct('NotTilde', '!~', [CompareOp]);
export const LtGt = punct('LtGt', '<>', [CompareOp]);
export const LtEq = punct('LtEq', '<=', [CompareOp]);
export const Lt = punct('Lt', '<', [CompareOp]);
export const GtEq = punct('GtEq', '>=', [CompareOp]);
export const Gt = punct('Gt', '>', [CompareOp]);
export const Plus = punct('Plus', '+', [AddOp]);
export const Minus = punct('Minus', '-', [AddOp]);
export const Star = punct('Star', '*', [MulOp]);
export const Slash = punct('Slash', '/', [MulOp]);
export const Percent = punct('Percent', '%', [MulOp]);
/** `$left`, `$right` (join sides), `$table` (union's default source column) and similar system names. */
export const DollarName = createToken({
  name: 'DollarName',
  pattern: /\$[A-Za-z_][A-Za-z0-9_]*/,
  label: 'name',
  categories: [RefName],
});

// ------------------------------------------------------------------------------------------- keywords

/** Keywords that may also be used as names (Kusto's "can be identifier" keywords that this grammar uses). */
const SOFT_KEYWORDS = [
  'bool', 'consume', 'count', 'declare', 'default', 'distinct', 'evaluate', 'extend', 'facet', 'filter',
  'fork', 'from', 'getschema', 'guid', 'join', 'let', 'limit', 'lookup', 'mvapply', 'mvexpand', 'null',
  'nulls', 'on', 'order', 'parse', 'partition', 'query_parameters', 'range', 'reduce', 'regex', 'render',
  'scan', 'serialize', 'sort', 'step', 'summarize', 'take', 'top', 'view', 'with',
] as const;

/** Keywords that are never plain names. Hyphenated operator names are single tokens. */
const HARD_KEYWORDS = [
  'project-away', 'project-keep', 'project-rename', 'project-reorder', 'project-smart', 'project',
  'mv-expand', 'mv-apply', 'make-series', 'parse-where', 'parse-kv', 'sample-distinct', 'sample',
  'top-nested', 'top-hitters', 'granny-asc', 'granny-desc',
  'and', 'or', 'as', 'asc', 'desc', 'between', 'by', 'of', 'to', 'title', 'set', 'print', 'where',
  'union', 'search', 'find', 'datatable', 'externaldata', 'external_data', 'materialize', 'toscalar',
  'totable', 'invoke', 'kind', 'withsource', 'with_source', 'with_itemindex', 'bagexpansion', 'flags',
  'simple', 'relaxed', 'matches', 'isfuzzy', 'first', 'last', 'others', 'accumulate', 'typeof', 'dynamic',
  'decodeblocks', '!between',
] as const;

/** Scalar type keywords (the type names `bool` and `guid` are soft keywords). */
const TYPE_KEYWORDS = [
  'boolean', 'int', 'int32', 'long', 'int64', 'real', 'double', 'float', 'decimal', 'string', 'timespan',
  'time', 'datetime', 'date', 'uniqueid', 'uuid',
] as const;

/** Type keywords that can also be called like functions (`int(x)` is a conversion call). */
export const CALLABLE_TYPES: ReadonlySet<string> = new Set(['int', 'int32', 'long', 'int64', 'real', 'double', 'decimal']);

const CHART_KEYWORDS = [
  'anomalychart', 'areachart', 'barchart', 'card', 'columnchart', 'ladderchart', 'linechart', 'piechart',
  'pivotchart', 'scatterchart', 'stackedareachart', 'timechart', 'timeline', 'timepivot', 'treemap',
] as const;

const HINT_KEYWORDS = [
  'hint.concurrency', 'hint.distribution', 'hint.materialized', 'hint.num_partitions', 'hint.shufflekey',
  'hint.spread', 'hint.remote', 'hint.strategy', 'hint.progressive_top',
] as const;

/** Binary operators written as words or `!`-prefixed words; value = the AST operator they produce. */
export const WORD_COMPARE_OPS = {
  '!hasprefix_cs': '!hasprefix_cs', '!hassuffix_cs': '!hassuffix_cs', '!startswith_cs': '!startswith_cs',
  '!endswith_cs': '!endswith_cs', '!contains_cs': '!contains_cs', '!has_cs': '!has_cs',
  '!hasprefix': '!hasprefix', '!hassuffix': '!hassuffix', '!startswith': '!startswith',
  '!endswith': '!endswith', '!contains': '!contains', '!has': '!has',
  hasprefix_cs: 'hasprefix_cs', hassuffix_cs: 'hassuffix_cs', startswith_cs: 'startswith_cs',
  endswith_cs: 'endswith_cs', contains_cs: 'contains_cs', has_cs: 'has_cs',
  hasprefix: 'hasprefix', hassuffix: 'hassuffix', startswith: 'startswith', endswith: 'endswith',
  containscs: 'contains_cs', notcontainscs: '!contains_cs', notcontains: '!contains', contains: 'contains',
  notlikecs: 'notlikecs', notlike: 'notlike', likecs: 'likecs', like: 'like',
  has: 'has',
} as const;

export const WORD_SET_OPS = {
  '!in~': '!in~', '!in': '!in', 'in~': 'in~', in: 'in', has_any: 'has_any', has_all: 'has_all',
} as const;

const wordTokens = new Map<string, TokenType>();
const keywordTokens: TokenType[] = [];

function tokenName(text: string): string {
  return 'Kw_' + text.replace(/^!/, 'not_').replace(/[-.~]/g, '_');
}

function keyword(text: string, categories: TokenType[], label = `'${text}'`): TokenType {
  const startsWithWordChar = /^[A-Za-z_]/.test(text);
  const tok = createToken({
    name: tokenName(text) + (text.endsWith('~') ? '_tilde' : ''),
    pattern: text,
    label,
    categories,
    // `!has` must not be read out of `!hasx`, `in` must not be read out of `inner`
    longer_alt: startsWithWordChar ? Identifier : undefined,
  });
  wordTokens.set(text, tok);
  keywordTokens.push(tok);
  return tok;
}

for (const w of HINT_KEYWORDS) keyword(w, [HintName]);
for (const w of Object.keys(WORD_SET_OPS)) keyword(w, [SetOp]);
for (const w of Object.keys(WORD_COMPARE_OPS)) keyword(w, [CompareOp]);
for (const w of HARD_KEYWORDS) {
  const cats: TokenType[] = [];
  if (w === 'kind' || w === 'withsource' || w === 'with_source') cats.push(RefName);
  if (w === 'toscalar' || w === 'totable') cats.push(CallOnlyName);
  if (w === 'dynamic') cats.push(TypeName);
  keyword(w, cats);
}
for (const w of SOFT_KEYWORDS) {
  const cats: TokenType[] = [RefName, DeclName];
  if (w === 'bool' || w === 'guid') cats.push(TypeName);
  keyword(w, cats);
}
for (const w of TYPE_KEYWORDS) keyword(w, CALLABLE_TYPES.has(w) ? [TypeName, CallOnlyName] : [TypeName]);
for (const w of CHART_KEYWORDS) keyword(w, [ChartName]);

/** Look up the token type of a keyword by its text (`KW('where')`, `KW('mv-expand')`). */
export function KW(text: string): TokenType {
  const t = wordTokens.get(text);
  if (!t) throw new Error(`unknown keyword ${text}`);
  return t;
}

/** True when `text` is any keyword of the lexer (such a name must be bracketed when printed). */
export function isKeyword(text: string): boolean {
  return wordTokens.has(text) || /^(?:true|false|True|False|TRUE|FALSE)$/.test(text);
}

// ------------------------------------------------------------------------------------------- ordering

/** All token types in lexing priority order (categories last; they never match text themselves). */
export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  Directive,
  MultiLineString,
  StringLiteral,
  DatetimeLiteral,
  TimespanFuncLiteral,
  GuidLiteral,
  TypedLiteral,
  HexLiteral,
  TimespanLiteral,
  RealLiteral,
  LongLiteral,
  DigitIdentifier,
  BoolLiteral,
  // The lexer takes the first match, so a keyword that is a prefix of another (`to`, `toscalar`) comes later.
  ...[...keywordTokens].sort((a, b) => String(b.PATTERN).length - String(a.PATTERN).length),
  Identifier,
  DollarName,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Comma,
  Semicolon,
  Pipe,
  DotDot,
  Dot,
  Colon,
  EqEq,
  EqTilde,
  Arrow,
  Equals,
  NotEq,
  NotTilde,
  LtGt,
  LtEq,
  Lt,
  GtEq,
  Gt,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  RefName,
  DeclName,
  CallOnlyName,
  TypeName,
  ChartName,
  CompareOp,
  SetOp,
  AddOp,
  MulOp,
  HintName,
  AnyToken,
];

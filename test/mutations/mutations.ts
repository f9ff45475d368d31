// Deliberate engine bugs, applied one at a time to a copy of src/ by run.ts, to measure whether the
// property tests notice. Each edit is a literal find/replace whose `find` text must occur exactly once
// in its file: when the engine changes and an anchor disappears, the runner says so and fails.

export interface Edit {
  find: string;
  replace: string;
  /** The file this edit applies to, when not the mutation's own `file`. */
  file?: string;
}

export interface Mutation {
  id: string;
  /** What the bug is, in the words of the README table. */
  title: string;
  /** The file the edits apply to (unless an edit names its own), relative to the repository root. */
  file: string;
  edits: Edit[];
  /** The Kusto rule the mutation breaks (docs/kql-semantics.md section or Kusto docs page). */
  rule: string;
}

export const MUTATIONS: Mutation[] = [
  {
    id: 'has-substring',
    title: '`has` as a substring match',
    file: 'src/engine/functions/operators.ts',
    edits: [{ find: 'has: (h, n) => termMatch(lower(h), lower(n), true, true),', replace: 'has: (h, n) => lower(h).includes(lower(n)),' }],
    rule: 'A1.4: no substring search inside a term',
  },
  {
    id: 'between-exclusive',
    title: 'exclusive `between`',
    file: 'src/engine/binder/expr.ts',
    edits: [
      { find: "const ge = binaryOperator('>=')!.bind(site('>=',", replace: "const ge = binaryOperator('>')!.bind(site('>'," },
      { find: "const le = binaryOperator('<=')!.bind(site('<=',", replace: "const le = binaryOperator('<')!.bind(site('<'," },
    ],
    rule: 'B1: both ends inclusive',
  },
  {
    id: 'make-set-duplicates',
    title: '`make_set` keeping duplicates',
    file: 'src/engine/functions/aggregates.ts',
    edits: [
      { find: '            if (!seen.has(k)) {\n              if (out.length % CHARGE_EVERY', replace: '            if (true) {\n              if (out.length % CHARGE_EVERY' },
      // The column-at-a-time make_set of a string or long column: every row a new (group, value) pair.
      { file: 'src/engine/operators/aggregate-kernels.ts', find: 'if (pairs.id(k * card + vid[i]!) === pairRow.length) {', replace: 'if ((pairs.id(k * card + vid[i]!), true)) {' },
    ],
    rule: 'E5: distinct values',
  },
  {
    id: 'count-skips-nulls',
    title: '`count()` skipping nulls (`count(x)` counting only non-null x)',
    file: 'src/engine/functions/aggregates.ts',
    edits: [
      { find: "const count = agg('count', 'count', 0, 1, (site) => ({\n  types: ['long'],\n  args: [],", replace: "const count = agg('count', 'count', 0, 1, (site) => ({\n  types: ['long'],\n  args: site.args.slice(0, 1)," },
      { find: 'return { add: () => void n++, result: () => [n] };', replace: 'return { add: (a) => void (a[0] !== null && n++), result: () => [n] };' },
    ],
    rule: 'D5.3: count(x) counts rows, nulls included',
  },
  {
    id: 'eq-case-insensitive',
    title: '`==` case-insensitive',
    file: 'src/engine/functions/comparisons.ts',
    edits: [
      {
        find: '    return test(compareValues(a, b, t));',
        replace: "    return test(t === 'string' && (op === '==' || op === '!=') ? compareValues((a as string).toLowerCase(), (b as string).toLowerCase(), t) : compareValues(a, b, t));",
      },
    ],
    rule: 'A4.1: == and != are case-sensitive',
  },
  {
    id: 'join-default-inner',
    title: 'join default kind `inner` instead of `innerunique`',
    file: 'src/parser/tabular-rules.ts',
    edits: [{ find: "this.joinKindOf(kindTok, JOIN_KINDS)) ?? 'innerunique';", replace: "this.joinKindOf(kindTok, JOIN_KINDS)) ?? 'inner';" }],
    rule: 'H1.2: the default kind is innerunique',
  },
  {
    id: 'datetime-millisecond',
    title: 'datetime rounded to the millisecond (datetime parsing: literals and loaded data)',
    file: 'src/tables/datetime.ts',
    edits: [{ find: 'const ticks = BigInt(secs) * TICKS_PER_SECOND + BigInt(p.frac);', replace: 'const ticks = BigInt(secs) * TICKS_PER_SECOND + BigInt(p.frac - (p.frac % 10000));' }],
    rule: 'C1.4: 100-ns tick precision',
  },
  {
    id: 'long-as-double',
    title: 'long rounded past 2^53 (LongColumn storing doubles)',
    file: 'src/tables/column.ts',
    // LongBuilder keeps doubles while values are safe integers; the mutant never switches to 64-bit storage.
    edits: [{ find: '      if (b <= SAFE_MAX && b >= -SAFE_MAX) {', replace: '      if (true) {' }],
    rule: 'F3: 64-bit integers stay exact',
  },
  // ----------------------------------------------------------------------------------- our own
  {
    id: 'in-tilde-case-sensitive',
    title: '`in~` case-sensitive',
    file: 'src/engine/binder/expr.ts',
    edits: [{ find: "set: { kind: 'values', values: items }, caseInsensitive: e.op.endsWith('~')", replace: "set: { kind: 'values', values: items }, caseInsensitive: false" }],
    rule: 'A4.2: in~ ignores case',
  },
  {
    id: 'not-between-nulls',
    title: '`!between` including nulls',
    file: 'src/engine/binder/expr.ts',
    edits: [
      {
        find: "  return scalarFunction('not')!.bind(site('not', e.span, [both], [e.span], b.now));",
        replace: "  return logical('or', [scalarFunction('not')!.bind(site('not', e.span, [both], [e.span], b.now)), scalarFunction('isnull')!.bind(site('isnull', e.span, [x], [e.span], b.now))], e.span);",
      },
    ],
    rule: 'B4/B5: !between is the complement for non-null values; null gives null',
  },
  {
    id: 'summarize-empty-no-row',
    title: 'summarize without `by` over empty input returning zero rows',
    file: 'src/engine/operators/summarize.ts',
    edits: [
      {
        find: '  return { gids: new Int32Array(n), count: 1, first: new Uint32Array(1) };',
        replace: '  return { gids: new Int32Array(n), count: n > 0 ? 1 : 0, first: new Uint32Array(n > 0 ? 1 : 0) };',
      },
    ],
    rule: 'E3: exactly one row of defaults',
  },
  {
    id: 'and-null-false',
    title: '`and` with a null operand returning false',
    file: 'src/engine/exec/compile.ts',
    edits: [{ find: '    return sawNull ? null : !stop;', replace: '    return sawNull ? (stop ? null : false) : !stop;' }],
    rule: 'D3: true and null is null',
  },
  {
    id: 'sort-nulls-placement',
    title: 'sort nulls placement swapped (nulls last for asc, first for desc)',
    file: 'src/engine/binder/tabular.ts',
    edits: [{ find: "nullsFirst: k.nulls ? k.nulls === 'first' : !desc };", replace: "nullsFirst: k.nulls ? k.nulls === 'first' : desc };" }],
    rule: 'H3.5: nulls first for asc, last for desc',
  },
  {
    id: 'hasprefix-startswith',
    title: '`hasprefix` as `startswith`',
    file: 'src/engine/functions/operators.ts',
    edits: [{ find: 'hasprefix: (h, n) => termMatch(lower(h), lower(n), true, false),', replace: 'hasprefix: (h, n) => lower(h).startsWith(lower(n)),' }],
    rule: 'A2: some term starts with the needle',
  },
  {
    id: 'modulo-js-remainder',
    title: '`%` with JavaScript remainder (negative results)',
    file: 'src/engine/functions/operators.ts',
    edits: [{ find: '      return r < 0n ? r + (b < 0n ? -b : b) : r;', replace: '      return r;' }],
    rule: 'F4: % is never negative',
  },
  {
    id: 'bin-datetime-1970',
    title: '`bin()` of datetimes aligned to 1970 instead of 0001-01-01',
    file: 'src/engine/functions/core.ts',
    edits: [
      { find: 'floorDiv((v as bigint) + EPOCH0001, s as bigint) * (s as bigint) - EPOCH0001),', replace: 'floorDiv(v as bigint, s as bigint) * (s as bigint)),' },
      { file: 'src/engine/exec/vector.ts', find: "const offset = e.type === 'datetime' ? EPOCH0001_MS : 0;", replace: 'const offset = 0;' },
    ],
    rule: 'E9: datetime bins align to multiples since 0001-01-01',
  },
  {
    id: 'dcount-counts-null',
    title: '`dcount` counting null as a value',
    file: 'src/engine/functions/aggregates.ts',
    edits: [
      { find: 'add: (a) => void (a[0] !== null && seen.add(valueKey(a[0]!))),', replace: 'add: (a) => void seen.add(valueKey(a[0]!)),' },
      // The column-at-a-time dcount over dictionary codes: the guid null (code -1) becomes one more value.
      { file: 'src/engine/operators/aggregate-kernels.ts', find: 'const card = col.pool.size;', replace: 'const card = col.pool.size + 1;' },
      { file: 'src/engine/operators/aggregate-kernels.ts', find: '    if (c < 0) continue;\n', replace: '' },
      { file: 'src/engine/operators/aggregate-kernels.ts', find: 'const key = k * card + c;', replace: 'const key = k * card + c + 1;' },
    ],
    rule: 'D5.1: dcount ignores nulls',
  },
  {
    id: 'not-in-null-false',
    title: '`!in` with a null left side returning false',
    file: 'src/engine/exec/compile.ts',
    edits: [{ find: '    if (v === null) return negated;', replace: '    if (v === null) return false;' }],
    rule: 'D3: !in is an AND of != tests, and null != x is true',
  },
  {
    id: 'join-null-keys-match',
    title: 'join matching null keys with each other',
    file: 'src/engine/operators/join.ts',
    // The key reader maps a null value to a null key (no match); the mutant gives nulls a key of their own.
    edits: [
      { find: '    v === null ? null : typeof v', replace: "    v === null ? 'null' : typeof v" },
      // The dictionary-code path for a single string/guid key: the guid null becomes one more key id.
      { find: 'rid[j] = rc.codes[rrows[j]!]!;', replace: 'rid[j] = rc.codes[rrows[j]!]! < 0 ? rc.pool.size : rc.codes[rrows[j]!]!;' },
      { find: 'if (c < 0 || !cache) lid[i] = c;', replace: 'if (c < 0) lid[i] = rc.pool.size;\n      else if (!cache) lid[i] = c;' },
      { find: 'return { lid, rid, space: rc.pool.size };', replace: 'return { lid, rid, space: rc.pool.size + 1 };' },
    ],
    rule: 'H1.5: null keys never match',
  },
  {
    id: 'leftanti-as-semi',
    title: '`leftanti` keeping the matched rows',
    file: 'src/engine/operators/join.ts',
    edits: [{ find: "      if (first >= 0 === (kind === 'leftsemi')) {", replace: '      if (first >= 0) {' }],
    rule: 'H1.3: leftanti keeps left rows with no match',
  },
  {
    id: 'mv-expand-empty-row',
    title: 'mv-expand of an empty array producing a row',
    file: 'src/engine/operators/mv-expand.ts',
    edits: [{ find: '  if (Array.isArray(v)) return v as Dynamic[];', replace: '  if (Array.isArray(v)) return v.length ? (v as Dynamic[]) : [null];' }],
    rule: 'mv-expand docs: an empty array gives no record',
  },
  {
    id: 'range-filter-ms-only',
    title: 'datetime comparisons in `where` ignoring the 100-ns part',
    file: 'src/engine/exec/filter.ts',
    edits: [{ find: 'const s = sub ? sub[r]! : 0;', replace: 'const s = 0;' }],
    rule: 'B1/C: datetimes compare at 100-ns resolution',
  },
  {
    id: 'max-ms-only',
    title: '`max()` of datetimes ignoring the 100-ns part',
    file: 'src/engine/operators/aggregate-kernels.ts',
    edits: [{ find: '(m === best[k] && s > bestSub[k]!)', replace: 'false' }],
    rule: 'D5: max is the greatest value at full resolution',
  },
];

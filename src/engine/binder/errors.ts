// Binder diagnostics: one factory per error, each with a stable code (KQL1xx) and the span it is about.

import { KqlError, type Span } from '../../diagnostics.js';
import { suggest } from './suggest.js';

function semantic(code: string, message: string, span: Span | undefined): KqlError {
  return new KqlError({ code, kind: 'semantic', message, span });
}

function didYouMean(name: string, candidates: Iterable<string>): string {
  const s = suggest(name, candidates);
  return s ? ` (did you mean '${s}'?)` : '';
}

export const errors = {
  unknownName: (name: string, candidates: Iterable<string>, span: Span) =>
    semantic('KQL101', `unknown name '${name}': no column, let or parameter has this name${didYouMean(name, candidates)}`, span),
  unknownTable: (name: string, candidates: Iterable<string>, span: Span) =>
    semantic(
      'KQL102',
      `unknown table '${name}'${didYouMean(name, candidates)}; load it with --table ${name}=FILE, define it with a view, or declare its schema`,
      span,
    ),
  badLiteral: (what: string, text: string, span: Span) => semantic('KQL103', `invalid ${what} literal '${text}'`, span),
  argCount: (fn: string, min: number, max: number, got: number, span: Span) => {
    const [allowed, n] =
      min === max ? [`${min}`, min]
      : got > max ? [`at most ${max}`, max]
      : max >= 64 ? [`at least ${min}`, min]
      : [`${min} to ${max}`, max];
    return semantic('KQL104', `${fn}() takes ${allowed} argument${n === 1 ? '' : 's'}, but ${got} ${got === 1 ? 'was' : 'were'} given`, span);
  },
  joinKey: (name: string, side: string, candidates: Iterable<string>, span: Span) =>
    semantic('KQL101', `join key '${name}' is not a column of the ${side} side${didYouMean(name, candidates)}`, span),
  typeMismatch: (message: string, span: Span) => semantic('KQL106', message, span),
  unknownFunction: (name: string, candidates: Iterable<string>, span: Span) =>
    semantic('KQL107', `unknown function '${name}'${didYouMean(name, candidates)}`, span),
  aggregateOutsideSummarize: (name: string, span: Span) =>
    semantic('KQL109', `${name}() is an aggregate and can only be used in summarize (or make-series)`, span),
  unsupported: (what: string, span: Span | undefined) => semantic('KQL110', `${what} is not supported by kqlite`, span),
  notTabular: (name: string, span: Span) => semantic('KQL111', `'${name}' is a scalar, but a table is expected here`, span),
  notScalar: (name: string, span: Span) => semantic('KQL111', `'${name}' is a table, but a scalar is expected here`, span),
  missingResource: (message: string, span: Span) => semantic('KQL113', message, span),
  invalid: (message: string, span: Span | undefined) => semantic('KQL112', message, span),
};

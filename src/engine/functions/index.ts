// The function catalog: every built-in scalar function and aggregate, looked up by name.

import { aggregateFunctions } from './aggregates.js';
import { coreFunctions } from './core.js';
import type { AggregateFunction, ScalarFunction } from './registry.js';
import { stringFunctions } from './strings.js';
import { datetimeFunctions } from './datetime.js';
import { datetimeFormatFunctions } from './datetime-format.js';
import { mathFunctions } from './math.js';
import { dynamicFunctions } from './dynamic.js';
import { arrayFunctions } from './arrays.js';
import { ipFunctions } from './ip.js';
import { urlFunctions } from './url.js';
import { hashFunctions } from './hash.js';
import { parseFunctions } from './parse-fns.js';
import { ANOMALIES_PARTS, DECOMPOSE_PARTS, seriesAnomalyFunctions } from './series-anomalies.js';
import { FIT_2LINES_PARTS, FIT_LINE_PARTS, seriesFitFunctions, STATS_PARTS, type TuplePart } from './series-fit.js';

const scalars = new Map<string, ScalarFunction>();
const aggregates = new Map<string, AggregateFunction>();

/** Add scalar functions to the catalog (families register themselves through this). */
export function registerScalars(fns: ScalarFunction[]): void {
  for (const f of fns) scalars.set(f.name, f);
}

export function registerAggregates(fns: AggregateFunction[]): void {
  for (const f of fns) aggregates.set(f.name, f);
}

registerScalars(coreFunctions);
registerScalars(stringFunctions);
registerScalars(datetimeFunctions);
registerScalars(datetimeFormatFunctions);
registerScalars(mathFunctions);
registerScalars(dynamicFunctions);
registerScalars(arrayFunctions);
registerScalars(ipFunctions);
registerScalars(urlFunctions);
registerScalars(hashFunctions);
registerScalars(parseFunctions);
registerScalars(seriesFitFunctions);
registerScalars(seriesAnomalyFunctions);
registerAggregates(aggregateFunctions);

export function scalarFunction(name: string): ScalarFunction | undefined {
  return scalars.get(name);
}

export function aggregateFunction(name: string): AggregateFunction | undefined {
  return aggregates.get(name);
}

/** Functions with several results (one column each): their results in order. */
const TUPLE_RESULTS: Record<string, TuplePart[]> = {
  series_stats: STATS_PARTS,
  series_fit_line: FIT_LINE_PARTS,
  series_fit_2lines: FIT_2LINES_PARTS,
  series_decompose: DECOMPOSE_PARTS,
  series_decompose_anomalies: ANOMALIES_PARTS,
};

/** The results of a function with several, or undefined for a function with one. */
export function tupleResults(name: string): TuplePart[] | undefined {
  return Object.hasOwn(TUPLE_RESULTS, name) ? TUPLE_RESULTS[name] : undefined;
}

/** All built-in names (for "did you mean" suggestions). */
export function functionNames(): string[] {
  return [...scalars.keys(), ...aggregates.keys()];
}

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
registerAggregates(aggregateFunctions);

export function scalarFunction(name: string): ScalarFunction | undefined {
  return scalars.get(name);
}

export function aggregateFunction(name: string): AggregateFunction | undefined {
  return aggregates.get(name);
}

/** All built-in names (for "did you mean" suggestions). */
export function functionNames(): string[] {
  return [...scalars.keys(), ...aggregates.keys()];
}

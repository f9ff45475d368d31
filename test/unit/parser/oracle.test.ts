// Every hand-written accept/reject case is checked against Microsoft's Kusto parser
// (@kusto/language-service-next, syntax diagnostics only), and kqlite's verdict must match it.
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from '../../../src/parser/index.js';
import { ACCEPTED, KNOWN_DIVERGENCES, REJECTED } from './oracle-cases.js';

interface KustoDiagnostic {
  Severity: string;
  Message: string;
  Start: number;
}
interface KustoLanguage {
  KustoCode: { Parse(text: string): { GetDiagnostics(): { Count: number; getItem(i: number): KustoDiagnostic } } };
}

let kusto: KustoLanguage;

beforeAll(() => {
  const require = createRequire(import.meta.url);
  require('@kusto/language-service-next/bridge.js');
  require('@kusto/language-service-next/Kusto.Language.Bridge.js');
  kusto = (globalThis as unknown as { Kusto: { Language: KustoLanguage } }).Kusto.Language;
});

/** Microsoft's syntax errors for a query (empty when it accepts it). */
function microsoftErrors(q: string): string[] {
  const diagnostics = kusto.KustoCode.Parse(q).GetDiagnostics();
  const errors: string[] = [];
  for (let i = 0; i < diagnostics.Count; i++) {
    const d = diagnostics.getItem(i);
    if (d.Severity === 'Error') errors.push(`${d.Message} @${d.Start}`);
  }
  return errors;
}

function ours(q: string): string | undefined {
  try {
    parse(q);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

describe("agreement with Microsoft's parser", () => {
  it('accepts what Microsoft accepts', () => {
    const problems: string[] = [];
    for (const q of ACCEPTED) {
      const ms = microsoftErrors(q);
      if (ms.length) problems.push(`listed as accepted but Microsoft rejects ${JSON.stringify(q)}: ${ms[0]}`);
      const err = ours(q);
      if (err !== undefined) problems.push(`kqlite rejects ${JSON.stringify(q)}: ${err}`);
    }
    expect(problems).toEqual([]);
  });

  it('rejects what Microsoft rejects', () => {
    const problems: string[] = [];
    for (const q of REJECTED) {
      if (microsoftErrors(q).length === 0) problems.push(`listed as rejected but Microsoft accepts ${JSON.stringify(q)}`);
      if (ours(q) === undefined) problems.push(`kqlite accepts ${JSON.stringify(q)}`);
    }
    expect(problems).toEqual([]);
  });

  it('lists its known divergences accurately', () => {
    const problems: string[] = [];
    for (const [q] of KNOWN_DIVERGENCES) {
      if (microsoftErrors(q).length) problems.push(`Microsoft rejects ${JSON.stringify(q)}: no divergence`);
      if (ours(q) === undefined) problems.push(`kqlite accepts ${JSON.stringify(q)}: no divergence`);
    }
    expect(problems).toEqual([]);
  });
});

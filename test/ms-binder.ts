// Microsoft's parser and binder (Kusto.Language, npm @kusto/language-service-next) as a test oracle: the
// diagnostics it reports for a query over a given database of tables.
import { createRequire } from 'node:module';
import type { ColumnInfo } from '../src/tables/table.js';

/** One error Microsoft's binder reports: its code (KS...), message and 0-based offset in the query. */
export interface MsDiagnostic {
  code: string;
  message: string;
  start: number;
  length: number;
}

export interface MsBinder {
  /** Errors (not warnings) Microsoft's parser and binder report for a query. */
  errors(query: string): MsDiagnostic[];
  /** Whether a name is a Kusto built-in scalar or aggregate function. */
  isBuiltin(name: string): boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let kusto: any;

/** Load Microsoft's binder (about two seconds the first time) with `tables` as its database. */
export function loadMsBinder(tables: ReadonlyMap<string, readonly ColumnInfo[]>): MsBinder {
  if (!kusto) {
    const require = createRequire(import.meta.url);
    require('@kusto/language-service-next/bridge.js');
    require('@kusto/language-service-next/Kusto.Language.Bridge.js');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    kusto = (globalThis as any).Kusto.Language;
  }
  const K = kusto;
  const S = K.Symbols;
  const symbols = [...tables].map(([t, columns]) => {
    const cols = columns.map((c) => `['${c.name.replace(/'/g, "\\'")}']:${c.type}`);
    return new S.TableSymbol.$ctor7(t, `(${cols.join(', ')})`, '');
  });
  const db = new S.DatabaseSymbol.$ctor2('db', null, symbols);
  const globals = K.GlobalState.Default.WithCluster(new S.ClusterSymbol.ctor('cluster', [db])).WithDatabase(db);
  return {
    errors(query) {
      const d = K.KustoCode.ParseAndAnalyze(query, globals).GetDiagnostics();
      const out: MsDiagnostic[] = [];
      for (let i = 0; i < d.Count; i++) {
        const x = d.getItem(i);
        if (x.Severity === 'Error') out.push({ code: x.Code, message: x.Message, start: x.Start, length: x.Length });
      }
      return out;
    },
    isBuiltin: (name) => !!(K.GlobalState.Default.GetFunction(name) ?? K.GlobalState.Default.GetAggregate(name)),
  };
}

// Every published rule Microsoft's parser accepts runs over empty tables of the bundled schemas, or fails
// for a reason kqlite cannot know offline. Each outcome falls in exactly one class:
//   runs          the query binds and executes;
//   known-missing an unknown table (KQL102), a function that is not a Kusto built-in and that Microsoft's
//                 binder does not know either (KQL107: workspace functions such as FileProfile, ASIM parsers
//                 such as imProcess), or a missing resource (KQL113: watchlists, externaldata, other clusters);
//   rule-defect   an unknown column (KQL101) that Microsoft's own binder, given the same schemas, also
//                 reports (the rule names a column its table does not have), or a literal Kusto cannot
//                 parse either (KQL103, e.g. the placeholder `datetime("Insert date")`);
//   unsupported   an operator or evaluate plugin kqlite does not implement (KQL110 naming it);
//   catalog       the function catalog (maintained separately) lacks a Kusto built-in or one of its
//                 signatures (KQL104/KQL105/KQL107/KQL110 about a built-in function);
//   other         anything else: a kqlite gap. The test requires none.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KqlError } from '../src/diagnostics.js';
import { compileQuery, executeQuery } from '../src/engine/index.js';
import { parseRuleYaml } from '../src/harness/rule-file.js';
import { parseDateTime } from '../src/tables/datetime.js';
import { SchemaCatalog } from '../src/tables/schema.js';
import { loadMsBinder, type MsBinder } from './ms-binder.js';

const CORPUS = join(import.meta.dirname, '../../shared/corpus');
const NOW = parseDateTime('2024-06-30T12:00:00Z')!;

type Outcome = 'runs' | 'known-missing' | 'rule-defect' | 'unsupported' | 'catalog' | 'other';

/** Messages (`KSnnn text`) of the errors Microsoft's binder reports for a query over the bundled schemas. */
function msDiagnostics(ms: MsBinder, query: string): string[] {
  return ms.errors(query).map((d) => `${d.code} ${d.message}`);
}

/** The name a KQL1xx message is about (the first quoted word). */
function quotedName(message: string): string | undefined {
  return /'([^']+)'/.exec(message)?.[1];
}

/** The built-in function a catalog-related message is about (`foo() takes ...`). */
function calledFunction(message: string): string | undefined {
  return /^([A-Za-z_][\w]*)\(\)/.exec(message)?.[1];
}

describe('corpus run', () => {
  it('runs every accepted rule over empty tables, or fails only for reasons kqlite cannot know offline', () => {
    const catalog = SchemaCatalog.bundled();
    const accepted = new Set(
      readFileSync(join(CORPUS, 'official-syntax.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as { file: string; syntaxOk: boolean })
        .filter((v) => v.syntaxOk)
        .map((v) => v.file),
    );
    let ms: MsBinder | undefined;
    const binder = (): MsBinder => (ms ??= loadMsBinder(new Map(catalog.names().map((t) => [t, catalog.get(t)!]))));
    const byOutcome: Record<Outcome, string[]> = { runs: [], 'known-missing': [], 'rule-defect': [], unsupported: [], catalog: [], other: [] };
    const sources = { catalog, emptyTables: true };

    for (const file of readdirSync(join(CORPUS, 'rules')).sort()) {
      if (!accepted.has(file)) continue;
      const rule = parseRuleYaml(readFileSync(join(CORPUS, 'rules', file), 'utf8'), file);
      let outcome: Outcome = 'runs';
      let detail = '';
      try {
        executeQuery(compileQuery(rule.query, sources, NOW), sources, { now: NOW, timeoutMs: 30_000 });
      } catch (e) {
        if (!(e instanceof KqlError)) {
          outcome = 'other';
          detail = `crash: ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ')}`;
        } else {
          detail = `${e.code} ${e.message}`;
          const name = quotedName(e.message);
          const fn = calledFunction(e.message) ?? (e.code === 'KQL107' ? name : undefined);
          if (e.code === 'KQL102' || e.code === 'KQL113') outcome = 'known-missing';
          else if (e.code === 'KQL103') outcome = 'rule-defect';
          else if (e.code === 'KQL110' && /^(evaluate \w+\(\)|the [\w-]+ operator) is not supported/.test(e.message)) outcome = 'unsupported';
          else if (e.code === 'KQL107' && name && !binder().isBuiltin(name) && msDiagnostics(binder(), rule.query).some((d) => d.includes(`'${name}'`))) {
            // A function Microsoft's binder does not know either: a workspace function or parser.
            outcome = 'known-missing';
          }
          else if (['KQL104', 'KQL105', 'KQL107', 'KQL110'].includes(e.code) && fn && binder().isBuiltin(fn)) outcome = 'catalog';
          else if (e.code === 'KQL101' && name && msDiagnostics(binder(), rule.query).some((d) => d.startsWith('KS142') && d.includes(`'${name}'`))) {
            outcome = 'rule-defect';
          } else outcome = 'other';
        }
      }
      byOutcome[outcome].push(outcome === 'runs' ? file : `${file}: ${detail}`);
    }

    const counts = Object.fromEntries(Object.entries(byOutcome).map(([k, v]) => [k, v.length]));
    console.log('corpus run:', JSON.stringify(counts));
    for (const k of ['known-missing', 'rule-defect', 'unsupported', 'catalog'] as const) {
      if (byOutcome[k].length) console.log(`${k}:\n  ${byOutcome[k].join('\n  ')}`);
    }
    expect(Object.values(byOutcome).reduce((n, v) => n + v.length, 0)).toBe(accepted.size);
    expect(byOutcome.other.join('\n')).toBe('');
  }, 300_000);
});

// kqlite's parser against Microsoft's verdicts on the 977 published rules of the shared corpus.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parse } from '../src/parser/index.js';

const CORPUS = join(import.meta.dirname, '../../shared/corpus');

interface Verdict {
  file: string;
  syntaxOk: boolean;
  errors: string[];
}

describe('corpus syntax', () => {
  it("matches Microsoft's accept/reject verdict on every rule", () => {
    const verdicts = readFileSync(join(CORPUS, 'official-syntax.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Verdict);
    expect(verdicts).toHaveLength(977);

    const disagreements: string[] = [];
    let accepted = 0;
    let rejected = 0;
    for (const v of verdicts) {
      const doc = parseYaml(readFileSync(join(CORPUS, 'rules', v.file), 'utf8')) as { query?: unknown };
      const query = String(doc.query ?? '');
      let error: string | undefined;
      try {
        parse(query);
      } catch (e) {
        const err = e as Error & { line?: number; column?: number };
        error = `${err.message} (${err.line}:${err.column})`;
      }
      if (v.syntaxOk && error === undefined) accepted++;
      else if (!v.syntaxOk && error !== undefined) rejected++;
      else if (v.syntaxOk) disagreements.push(`${v.file}: Microsoft accepts, kqlite rejects: ${error}`);
      else disagreements.push(`${v.file}: Microsoft rejects (${v.errors.join('; ')}), kqlite accepts`);
    }
    expect(disagreements.join('\n')).toBe('');
    expect({ accepted, rejected }).toEqual({ accepted: 925, rejected: 52 });
  });
});

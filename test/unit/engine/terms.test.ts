// Kusto's `has` family term matching (kql-semantics.md A1-A2; expected values from Kusto's docs and by hand).
import { describe, expect, it } from 'vitest';
import { has, hasCs, termMatch, terms } from '../../../src/engine/functions/terms.js';

describe('terms', () => {
  it('splits on every non-alphanumeric character (docs example)', () => {
    expect(terms('Kusto: ad67d136-c1db-4f9f;KustoExplorerQueryRun')).toEqual(['Kusto', 'ad67d136', 'c1db', '4f9f', 'KustoExplorerQueryRun']);
  });
  it('treats underscore and non-ASCII letters as separators', () => {
    expect(terms('cmd_exe')).toEqual(['cmd', 'exe']);
    expect(terms('Splashtop®Streamer')).toEqual(['Splashtop', 'Streamer']);
    expect(terms('éSplashtopü')).toEqual(['Splashtop']);
  });
});

describe('has', () => {
  it('matches whole terms ignoring case', () => {
    expect(has('North America', 'america')).toBe(true);
    expect(has('SPLASHTOP INC.', 'Splashtop')).toBe(true);
    expect(hasCs('North America', 'america')).toBe(false);
    expect(hasCs('North America', 'America')).toBe(true);
  });
  it('never matches inside a longer term', () => {
    expect(has('KustoExplorerQueryRun', 'Explorer')).toBe(false);
    expect(has('Splashtops Inc.', 'Splashtop')).toBe(false);
    expect(has('SplashtopInc', 'Splashtop')).toBe(false);
    expect(has('BA', 'b')).toBe(false);
  });
  it('accepts punctuation and separators around the term', () => {
    expect(has('Not-Splashtop LLC', 'Splashtop')).toBe(true);
    expect(has('Splashtop/Inc', 'splashtop')).toBe(true);
    expect(has('(Splashtop)', 'Splashtop')).toBe(true);
    expect(has('Splashtop® Streamer', 'Splashtop')).toBe(true);
    expect(has('b-x', 'b')).toBe(true);
    expect(has('B', 'b')).toBe(true);
  });
  it('treats non-ASCII neighbours as separators', () => {
    expect(has('éSplashtop', 'Splashtop')).toBe(true);
    expect(has('Splashtopé', 'splashtop')).toBe(true);
  });
  it('matches needles containing separators only at term boundaries', () => {
    expect(has('C:\\Windows\\cmd.exe /c', 'cmd.exe')).toBe(true);
    expect(has('xcmd.exe', 'cmd.exe')).toBe(false);
    expect(has('cmd.exex', 'cmd.exe')).toBe(false);
    expect(has('North America', 'North America')).toBe(true);
  });
  it('treats * and ? literally', () => {
    expect(has('abc', 'a*')).toBe(false);
    expect(has('a* b', 'a*')).toBe(true);
  });
  it('handles empty needle and haystack', () => {
    expect(has('', 'a')).toBe(false);
    expect(has('abc', '')).toBe(true);
    expect(has('', '')).toBe(true);
  });
});

describe('hasprefix / hassuffix', () => {
  it('match the start or end of any term', () => {
    expect(termMatch('north america', 'ame', true, false)).toBe(true);
    expect(termMatch('north america', 'th', false, true)).toBe(true);
    expect(termMatch('north america', 'ort', true, false)).toBe(false);
    expect(termMatch('north america', 'eric', false, true)).toBe(false);
  });
});

// Test reports: text for people (PASS/FAIL per case with timings; for each failure the diff, the row
// count after each `|` stage and explanations), JSON for tools, and JUnit XML for CI systems.

import { formatDiagnostic, type KqlError } from '../diagnostics.js';
import { formatCoverage, CoverageCollector } from './coverage.js';
import { formatStages } from './execute.js';
import { formatExplanation } from './explain.js';
import { coverageShortfall, type CaseResult, type RunSummary, type SpecResult } from './runner.js';

function ms(n: number): string {
  return n < 10 ? `${n.toFixed(1)} ms` : `${Math.round(n)} ms`;
}

function seconds(n: number): string {
  return (n / 1000).toFixed(3);
}

function indent(lines: string[], by: string): string[] {
  return lines.flatMap((l) => l.split('\n').map((x) => by + x));
}

/** The lines describing why a case failed (or errored): messages, diffs, stage counts, explanations. */
export function caseDetails(r: CaseResult, opts: { verbose?: boolean } = {}): string[] {
  const out: string[] = [];
  if (r.error) out.push(...formatDiagnostic(r.error).split('\n'));
  for (const f of r.failures) {
    out.push(f.message);
    out.push(...indent(f.details, '  '));
  }
  if (r.stages && (r.status === 'fail' || opts.verbose)) out.push(`rows after each stage: ${formatStages(r.stages)}`);
  if (r.explanations?.length) {
    out.push('explain:');
    for (const x of r.explanations) out.push(...indent(formatExplanation(x, opts.verbose), '  '));
  }
  if (r.notes?.length) out.push(...r.notes.flatMap((n) => n.split('\n')));
  return out;
}

const LABEL: Record<CaseResult['status'], string> = { pass: 'PASS ', fail: 'FAIL ', error: 'ERROR', skip: 'SKIP ' };

/** Text report lines of one spec. */
export function formatSpecText(s: SpecResult, opts: { verbose?: boolean } = {}): string[] {
  const lines: string[] = [`${s.display}${s.rule ? `  (rule: ${s.rule})` : ''}`];
  if (s.error) {
    lines.push(`  ERROR  the spec cannot run:`);
    lines.push(...indent(formatDiagnostic(s.error).split('\n'), '         '));
    return lines;
  }
  if (!s.cases.length) lines.push('  (no cases match the filter)');
  for (const r of s.cases) {
    const extra = r.status === 'skip' ? ` — ${r.skipReason}` : '';
    lines.push(`  ${LABEL[r.status]}  ${r.name} (${ms(r.durationMs)})${extra}`);
    if (r.status === 'fail' || r.status === 'error' || opts.verbose || r.explanations?.length || r.notes?.length) {
      lines.push(...indent(caseDetails(r, opts), '         '));
    }
  }
  return lines;
}

/** The closing summary line (FAILED also when coverage is below `minCoverage` or --filter matched nothing). */
export function summaryLine(s: RunSummary, minCoverage?: number): string {
  const c = s.counts;
  const files = s.specs.length;
  if (s.unmatchedFilter !== undefined) {
    const n = s.casesSearched ?? 0;
    return `FAILED: no case matches --filter '${s.unmatchedFilter}' (it is matched against "<spec file> › <case name>", ignoring case, or written /regex/; ${n} case${n === 1 ? '' : 's'} searched)`;
  }
  const short = coverageShortfall(s, minCoverage);
  if (short && !c.failed && !c.errors) return `FAILED: ${short}`;
  // A spec that cannot run counts as one error, not as a case.
  const broken = s.specs.filter((x) => x.error).length;
  const cases = c.total - broken;
  return (
    `${c.failed || c.errors ? 'FAILED' : 'OK'}: ${c.passed} passed, ${c.failed} failed, ${c.errors} error${c.errors === 1 ? '' : 's'}` +
    `${c.skipped ? `, ${c.skipped} skipped` : ''} — ${cases} case${cases === 1 ? '' : 's'} in ${files} spec file${files === 1 ? '' : 's'}` +
    `${broken ? `; ${broken} spec file${broken === 1 ? '' : 's'} cannot run` : ''}, ${(s.durationMs / 1000).toFixed(2)} s`
  );
}

/** The whole text report. */
export function formatText(s: RunSummary, opts: { verbose?: boolean; minCoverage?: number } = {}): string {
  const lines: string[] = [];
  for (const spec of s.specs) {
    lines.push(...formatSpecText(spec, opts));
    lines.push('');
  }
  if (s.coverage) {
    lines.push(...formatCoverage(s.coverage));
    if (opts.minCoverage !== undefined) {
      const short = coverageShortfall(s, opts.minCoverage);
      if (short) lines.push(short);
    }
    lines.push('');
  }
  lines.push(summaryLine(s, opts.minCoverage));
  return lines.join('\n');
}

function diagJson(e: KqlError): Record<string, unknown> {
  return { code: e.code, severity: e.severity, message: e.message, file: e.file ?? null, line: e.line ?? null, column: e.column ?? null, text: formatDiagnostic(e) };
}

/** The JSON report (one document). */
export function formatJson(s: RunSummary, opts: { minCoverage?: number } = {}): string {
  const doc = {
    summary: { ...s.counts, durationMs: Math.round(s.durationMs * 10) / 10, unmatchedFilter: s.unmatchedFilter ?? null },
    specs: s.specs.map((spec) => ({
      file: spec.display,
      name: spec.name ?? null,
      rule: spec.rule ?? null,
      durationMs: Math.round(spec.durationMs * 10) / 10,
      error: spec.error ? diagJson(spec.error) : null,
      cases: spec.cases.map((r) => ({
        name: r.name,
        kind: r.kind,
        line: r.line || null,
        status: r.status,
        durationMs: Math.round(r.durationMs * 10) / 10,
        rowCount: r.rowCount ?? null,
        failures: r.failures,
        error: r.error ? diagJson(r.error) : null,
        skipReason: r.skipReason ?? null,
        stages: r.stages ?? null,
        explanations: r.explanations ?? null,
        notes: r.notes ?? [],
      })),
    })),
    coverage: s.coverage
      ? {
          overall: CoverageCollector.overall(s.coverage),
          minCoverage: opts.minCoverage ?? null,
          rules: s.coverage,
        }
      : null,
  };
  return JSON.stringify(doc, null, 2);
}

/** Text safe inside XML: escaped, and without characters XML 1.0 does not allow. */
export function xmlEscape(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function attrs(a: Record<string, string | number | undefined>): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');
}

function classname(display: string): string {
  return display.replace(/\.kqltest\.ya?ml$|\.ya?ml$/i, '').replace(/[\\/]+/g, '.');
}

/** The JUnit XML report: one testsuite per spec file, one testcase per case. */
export function formatJunit(s: RunSummary): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const c = s.counts;
  out.push(`<testsuites${attrs({ name: 'kqlite test', tests: c.total, failures: c.failed, errors: c.errors, skipped: c.skipped, time: seconds(s.durationMs) })}>`);
  for (const spec of s.specs) {
    const cases = spec.cases;
    const counts = {
      tests: cases.length + (spec.error ? 1 : 0),
      failures: cases.filter((r) => r.status === 'fail').length,
      errors: cases.filter((r) => r.status === 'error').length + (spec.error ? 1 : 0),
      skipped: cases.filter((r) => r.status === 'skip').length,
    };
    out.push(`  <testsuite${attrs({ name: spec.display, ...counts, time: seconds(spec.durationMs), file: spec.display })}>`);
    if (spec.rule) out.push(`    <properties><property${attrs({ name: 'rule', value: spec.rule })}/></properties>`);
    const cn = classname(spec.display);
    if (spec.error) {
      out.push(`    <testcase${attrs({ name: 'load spec', classname: cn, file: spec.display, time: '0' })}>`);
      out.push(`      <error${attrs({ message: spec.error.message, type: spec.error.code })}>${xmlEscape(formatDiagnostic(spec.error))}</error>`);
      out.push('    </testcase>');
    }
    for (const r of cases) {
      const head = `    <testcase${attrs({ name: r.name, classname: cn, file: spec.display, line: r.line || undefined, time: seconds(r.durationMs) })}`;
      const body = caseDetails(r).join('\n');
      if (r.status === 'pass' && !body) {
        out.push(`${head}/>`);
        continue;
      }
      out.push(`${head}>`);
      if (r.status === 'fail') {
        out.push(`      <failure${attrs({ message: r.failures[0]?.message ?? 'failed', type: 'AssertionError' })}>${xmlEscape(body)}</failure>`);
      } else if (r.status === 'error') {
        out.push(`      <error${attrs({ message: r.error?.message ?? 'error', type: r.error?.code ?? 'Error' })}>${xmlEscape(body)}</error>`);
      } else if (r.status === 'skip') {
        out.push(`      <skipped${attrs({ message: r.skipReason })}/>`);
      } else if (body) {
        out.push(`      <system-out>${xmlEscape(body)}</system-out>`);
      }
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n');
}

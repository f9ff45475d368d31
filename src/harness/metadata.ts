// Sentinel rule metadata checks (run by `kqlite test` for YAML rules and by `kqlite check`): required
// fields for the rule's kind, `id` a GUID, tactics and relevantTechniques valid MITRE ATT&CK names and
// IDs (bundled in mitre-attack.json), requiredDataConnectors' dataTypes covering the tables the query
// reads, queryFrequency/queryPeriod within Sentinel's limits and consistent, severity, trigger and
// version well formed. Each problem is a KqlError (KQL42x) at the YAML line of the offending field.

import { KqlError } from '../diagnostics.js';
import { suggest } from '../engine/binder/suggest.js';
import { compileQuery } from '../engine/index.js';
import { readTextFile } from '../io.js';
import { SchemaCatalog } from '../tables/schema.js';
import attack from './mitre-attack.json' with { type: 'json' };
import { scannedTables } from './plan-walk.js';
import { readRuleFile } from './rule-file.js';
import { describeNode, readYaml, type Pos, type YEntry, type YNode } from './yaml-nodes.js';

interface AttackData {
  tactics: { id: string; sentinel: string; name: string }[];
  sentinelExtraTactics: { sentinel: string }[];
  techniques: Record<string, string>;
  newerTechniques: Record<string, string>;
  revoked: Record<string, string>;
  deprecated: string[];
}

const ATTACK = attack as AttackData;

/** Tactic names Sentinel accepts: the 14 Enterprise tactics plus PreAttack and the two ICS tactics. */
export const SENTINEL_TACTICS: readonly string[] = [...ATTACK.tactics.map((t) => t.sentinel), ...ATTACK.sentinelExtraTactics.map((t) => t.sentinel)];

/** The name of an ATT&CK technique or sub-technique ID, if bundled. */
export function techniqueName(id: string): string | undefined {
  const name = ATTACK.techniques[id] ?? ATTACK.newerTechniques[id];
  if (!name) return undefined;
  const dot = id.indexOf('.');
  return dot < 0 ? name : `${ATTACK.techniques[id.slice(0, dot)] ?? ATTACK.newerTechniques[id.slice(0, dot)] ?? id.slice(0, dot)}: ${name}`;
}

export const SEVERITIES = ['Informational', 'Low', 'Medium', 'High'];
const TRIGGER_OPERATORS = ['gt', 'lt', 'eq', 'ne', 'GreaterThan', 'LessThan', 'Equal', 'NotEqual'];
const KINDS = ['Scheduled', 'NRT'];
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const REQUIRED: Record<'hunting' | 'Scheduled' | 'NRT', string[]> = {
  hunting: ['id', 'name', 'description', 'requiredDataConnectors', 'tactics', 'relevantTechniques', 'query'],
  Scheduled: [
    'id', 'name', 'description', 'severity', 'requiredDataConnectors', 'queryFrequency', 'queryPeriod',
    'triggerOperator', 'triggerThreshold', 'tactics', 'relevantTechniques', 'query', 'version', 'kind',
  ],
  NRT: ['id', 'name', 'description', 'severity', 'requiredDataConnectors', 'tactics', 'relevantTechniques', 'query', 'version', 'kind'],
};

/** Sentinel's scheduling limits, in minutes. */
const MIN_MINUTES = 5;
const MAX_MINUTES = 14 * 24 * 60;

/** Minutes of a Sentinel duration: `5m`, `1h`, `14d` (template YAML) or ISO-8601 `PT1H`, `P1D`. */
export function durationMinutes(s: string): number | undefined {
  const short = /^(\d+)\s*([mhd])$/i.exec(s.trim());
  if (short) return Number(short[1]) * ({ m: 1, h: 60, d: 1440 } as Record<string, number>)[short[2]!.toLowerCase()]!;
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(s.trim());
  if (iso && s.trim().length > 1 && !/T$/i.test(s.trim())) {
    const [, d, h, m, sec] = iso;
    return Number(d ?? 0) * 1440 + Number(h ?? 0) * 60 + Number(m ?? 0) + Number(sec ?? 0) / 60;
  }
  return undefined;
}

function showMinutes(m: number): string {
  if (m % 1440 === 0) return `${m / 1440}d`;
  if (m % 60 === 0) return `${m / 60}h`;
  return `${m}m`;
}

/** The largest `ago(X)` / `now(-X)` look-back written in a query, in minutes. */
function queryLookback(query: string): number | undefined {
  let max: number | undefined;
  const re = /\b(?:ago\(\s*|now\(\s*-\s*)(\d+(?:\.\d+)?)\s*(d|h|m|min|minutes?|hours?|days?)\s*\)/gi;
  for (const m of query.matchAll(re)) {
    const unit = m[2]!.toLowerCase();
    const mult = unit.startsWith('d') ? 1440 : unit.startsWith('h') ? 60 : 1;
    const v = Number(m[1]) * mult;
    if (max === undefined || v > max) max = v;
  }
  return max;
}

class Problems {
  readonly list: KqlError[] = [];
  constructor(readonly file: string) {}
  add(code: string, message: string, pos: Pos | undefined, severity: 'error' | 'warning' = 'error'): void {
    this.list.push(new KqlError({ code, kind: 'usage', severity, message, file: this.file, line: pos?.line, column: pos?.column }));
  }
}

function strings(n: YNode): { value: string; pos: Pos }[] | undefined {
  if (n.t !== 'seq') return undefined;
  return n.items.map((i) => ({ value: i.t === 'scalar' && i.value !== null ? String(i.value) : '', pos: i.pos }));
}

function norm(s: string): string {
  return s.toLowerCase().replace(/[^a-z]/g, '');
}

export interface MetadataOptions {
  /** Schemas for finding the tables the query reads (the bundled merged catalog by default). */
  catalog?: SchemaCatalog;
}

/**
 * Check the metadata of a Sentinel YAML rule file. Returns the problems (errors and warnings); an
 * unreadable or non-YAML-mapping file gives the reading error.
 */
export function checkRuleMetadata(file: string, opts: MetadataOptions = {}, text = readTextFile(file)): KqlError[] {
  const p = new Problems(file);
  const y = readYaml(text, file, 'rule');
  if (y.root.t !== 'map') {
    p.add('KQL429', `a Sentinel rule must be a YAML mapping, not ${describeNode(y.root)}`, y.root.pos);
    return p.list;
  }
  const fields = new Map<string, YEntry>(y.root.entries.map((e) => [e.key, e]));
  const kindEntry = fields.get('kind');
  const kindValue = kindEntry && kindEntry.value.t === 'scalar' ? String(kindEntry.value.value ?? '') : undefined;
  const scheduledFields = ['severity', 'queryFrequency', 'queryPeriod', 'triggerOperator', 'triggerThreshold'];
  const kind: keyof typeof REQUIRED =
    kindValue === 'NRT' ? 'NRT' : kindEntry || scheduledFields.some((f) => fields.has(f)) ? 'Scheduled' : 'hunting';

  for (const f of REQUIRED[kind]) {
    if (!fields.has(f)) {
      const what = kind === 'hunting' ? 'a hunting query' : `a ${kind} analytics rule`;
      p.add('KQL420', `required field '${f}' is missing (${what} needs ${REQUIRED[kind].join(', ')})`, y.root.pos);
    }
  }

  const scalar = (e: YEntry, what: string): string | undefined => {
    if (e.value.t !== 'scalar' || e.value.value === null) {
      p.add('KQL429', `'${e.key}' must be ${what}, not ${describeNode(e.value)}`, e.value.pos);
      return undefined;
    }
    return String(e.value.value);
  };

  const id = fields.get('id');
  if (id) {
    const v = scalar(id, 'a GUID');
    if (v !== undefined && !GUID.test(v)) p.add('KQL421', `'id' must be a GUID such as 19a50e60-549c-4708-a504-c25834157705, not '${v}'`, id.value.pos);
  }
  for (const f of ['name', 'description']) {
    const e = fields.get(f);
    if (e) {
      const v = scalar(e, 'text');
      if (v !== undefined && !v.trim()) p.add('KQL429', `'${f}' is empty`, e.value.pos);
    }
  }

  if (kindEntry && kindValue !== undefined && !KINDS.includes(kindValue)) {
    p.add('KQL428', `'kind' must be ${KINDS.join(' or ')}, not '${kindValue}'`, kindEntry.value.pos);
  }

  const severity = fields.get('severity');
  if (severity) {
    const v = scalar(severity, 'one of ' + SEVERITIES.join(', '));
    if (v !== undefined && !SEVERITIES.includes(v)) {
      const hint = SEVERITIES.find((s) => s.toLowerCase() === v.toLowerCase()) ?? suggest(v, SEVERITIES);
      p.add('KQL426', `'severity' must be one of ${SEVERITIES.join(', ')}, not '${v}'${hint ? ` (did you mean '${hint}'?)` : ''}`, severity.value.pos);
    }
  }

  const version = fields.get('version');
  if (version) {
    if (version.value.t === 'scalar' && (typeof version.value.value === 'number' || typeof version.value.value === 'bigint')) {
      p.add('KQL428', `'version' must be text like 1.0.0; YAML reads this value as the number ${String(version.value.value)}`, version.value.pos);
    } else {
      const v = scalar(version, 'a version such as 1.0.0');
      if (v !== undefined && !/^\d+\.\d+\.\d+$/.test(v)) p.add('KQL428', `'version' must look like 1.0.0, not '${v}'`, version.value.pos);
    }
  }

  const op = fields.get('triggerOperator');
  if (op) {
    const v = scalar(op, 'gt, lt, eq or ne');
    if (v !== undefined && !TRIGGER_OPERATORS.includes(v)) p.add('KQL427', `'triggerOperator' must be gt, lt, eq or ne, not '${v}'`, op.value.pos);
  }
  const threshold = fields.get('triggerThreshold');
  if (threshold) {
    const v = threshold.value;
    const n = v.t === 'scalar' && (typeof v.value === 'bigint' || typeof v.value === 'number') ? Number(v.value) : NaN;
    if (!Number.isInteger(n) || n < 0 || n > 10000) p.add('KQL427', `'triggerThreshold' must be a whole number from 0 to 10000, not ${describeNode(v)}`, v.pos);
  }

  // Scheduling: both within 5 minutes..14 days, and the look-back at least as long as the interval.
  const freqE = fields.get('queryFrequency');
  const periodE = fields.get('queryPeriod');
  const minutes = (e: YEntry | undefined): number | undefined => {
    if (!e) return undefined;
    const v = scalar(e, 'a duration such as 5m, 1h or 14d');
    if (v === undefined) return undefined;
    const m = durationMinutes(v);
    if (m === undefined) {
      p.add('KQL425', `'${e.key}' must be a duration such as 5m, 1h or 14d (or ISO-8601 PT1H), not '${v}'`, e.value.pos);
      return undefined;
    }
    if (m < MIN_MINUTES || m > MAX_MINUTES) {
      p.add('KQL425', `'${e.key}' is ${showMinutes(m)}; Sentinel allows 5 minutes to 14 days`, e.value.pos);
      return undefined;
    }
    return m;
  };
  const freq = minutes(freqE);
  const period = minutes(periodE);
  if (kind === 'NRT') {
    for (const e of [freqE, periodE]) if (e) p.add('KQL425', `an NRT rule runs every minute; '${e.key}' does not apply`, e.keyPos, 'warning');
  }
  if (freq !== undefined && period !== undefined && period < freq) {
    p.add(
      'KQL425',
      `queryPeriod (${showMinutes(period)}) is shorter than queryFrequency (${showMinutes(freq)}): events in the gap between runs are never examined`,
      periodE!.value.pos,
    );
  }

  // Tactics and techniques.
  const tacticsE = fields.get('tactics');
  if (tacticsE) {
    const list = strings(tacticsE.value);
    if (!list) p.add('KQL429', `'tactics' must be a list (- CommandAndControl), not ${describeNode(tacticsE.value)}`, tacticsE.value.pos);
    else {
      if (!list.length && kind !== 'hunting') p.add('KQL422', "'tactics' is empty", tacticsE.value.pos);
      for (const t of list) {
        if (SENTINEL_TACTICS.includes(t.value)) continue;
        const hint = SENTINEL_TACTICS.find((s) => norm(s) === norm(t.value)) ?? suggest(t.value, SENTINEL_TACTICS);
        p.add('KQL422', `'${t.value}' is not a Sentinel tactic${hint ? ` (did you mean '${hint}'?)` : ` (tactics: ${SENTINEL_TACTICS.join(', ')})`}`, t.pos);
      }
    }
  }
  const techE = fields.get('relevantTechniques');
  if (techE) {
    const list = strings(techE.value);
    if (!list) p.add('KQL429', `'relevantTechniques' must be a list (- T1219), not ${describeNode(techE.value)}`, techE.value.pos);
    else {
      const known = (id: string): boolean => id in ATTACK.techniques || id in ATTACK.newerTechniques;
      for (const t of list) {
        const v = t.value.trim();
        if (!/^T\d{4}(\.\d{3})?$/.test(v)) {
          p.add('KQL423', `'${t.value}' is not an ATT&CK technique ID (T1234 or T1234.001)`, t.pos);
          continue;
        }
        if (known(v)) continue;
        if (/^T0\d{3}$/.test(v)) continue; // ATT&CK for ICS techniques (with the ICS tactics); not bundled
        if (ATTACK.revoked[v]) {
          const to = ATTACK.revoked[v]!;
          p.add('KQL424', `${v} is a retired ATT&CK ID; it is now ${to} (${techniqueName(to)})`, t.pos, 'warning');
          continue;
        }
        if (ATTACK.deprecated.includes(v)) {
          p.add('KQL424', `${v} is a deprecated ATT&CK technique with no replacement`, t.pos, 'warning');
          continue;
        }
        const parent = v.slice(0, 5);
        if (v.includes('.') && known(parent)) {
          const subs = Object.keys({ ...ATTACK.techniques, ...ATTACK.newerTechniques }).filter((k) => k.startsWith(parent + '.')).map((k) => k.slice(5));
          p.add('KQL423', `${v} is not a sub-technique of ${parent} (${techniqueName(parent)})${subs.length ? `; its sub-techniques are ${subs.join(', ')}` : '; it has no sub-techniques'}`, t.pos);
          continue;
        }
        p.add('KQL423', `${v} is not an ATT&CK Enterprise technique`, t.pos);
      }
    }
  }

  // requiredDataConnectors: entries with connectorId and dataTypes, covering every table the query reads.
  const connE = fields.get('requiredDataConnectors');
  const declared: string[] = [];
  let connectorsOk = false;
  if (connE) {
    if (connE.value.t !== 'seq') p.add('KQL424', `'requiredDataConnectors' must be a list of { connectorId, dataTypes }, not ${describeNode(connE.value)}`, connE.value.pos);
    else {
      connectorsOk = true;
      for (const item of connE.value.items) {
        if (item.t !== 'map') {
          p.add('KQL424', `an entry of 'requiredDataConnectors' must be a mapping with connectorId and dataTypes, not ${describeNode(item)}`, item.pos);
          connectorsOk = false;
          continue;
        }
        const cid = item.entries.find((e) => e.key === 'connectorId');
        const dts = item.entries.find((e) => e.key === 'dataTypes');
        if (!cid || cid.value.t !== 'scalar' || !String(cid.value.value ?? '').trim()) p.add('KQL424', 'a data connector entry needs a connectorId', item.pos);
        if (!dts) p.add('KQL424', 'a data connector entry needs dataTypes (the tables it fills)', item.pos);
        else {
          const list = strings(dts.value);
          if (!list) p.add('KQL424', `'dataTypes' must be a list of table names, not ${describeNode(dts.value)}`, dts.value.pos);
          else declared.push(...list.map((d) => d.value));
        }
      }
    }
  }
  const queryE = fields.get('query');
  if (queryE && queryE.value.t === 'scalar' && typeof queryE.value.value === 'string') {
    const query = queryE.value.value;
    let tables: Set<string> | undefined;
    try {
      const compiled = compileQuery(query, { catalog: opts.catalog ?? SchemaCatalog.bundled(), emptyTables: true }, 0n);
      tables = new Set<string>();
      for (const plan of compiled.plans) for (const t of scannedTables(plan)) tables.add(t);
    } catch {
      tables = undefined; // a query that does not bind is reported by the query checks
    }
    if (tables && connE && connectorsOk) {
      const covered = (t: string): boolean => declared.some((d) => d === t || d.startsWith(t + ' ') || d.startsWith(t + '('));
      const missing = [...tables].filter((t) => !covered(t));
      if (missing.length) {
        const empty = declared.length === 0;
        p.add(
          'KQL424',
          `the query reads ${missing.join(', ')}, which no requiredDataConnectors entry lists in its dataTypes${declared.length ? ` (listed: ${declared.join(', ')})` : ''}`,
          connE.keyPos,
          empty ? 'warning' : 'error',
        );
      }
    }
    if (period !== undefined) {
      const back = queryLookback(query);
      if (back !== undefined && back > period) {
        p.add(
          'KQL425',
          `the query looks back ${showMinutes(back)} (ago/now) but queryPeriod is ${showMinutes(period)}: Sentinel only gives the query the last ${showMinutes(period)} of data`,
          periodE!.value.pos,
          'warning',
        );
      }
    }
  }
  return p.list.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/** Metadata checks for a rule file when it is YAML (none for .kql). */
export function checkRuleFileMetadata(file: string, opts: MetadataOptions = {}): KqlError[] {
  if (!/\.ya?ml$/i.test(file)) return [];
  readRuleFile(file); // reading errors (not YAML, no query) come first, as they do everywhere else
  return checkRuleMetadata(file, opts);
}

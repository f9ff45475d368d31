// Text-structure parsers: parse_command_line (Windows CommandLineToArgvW rules), parse_xml (XML to the
// documented JSON shape) and extractjson (a JSONPath lookup in JSON text).

import type { Dynamic } from '../../types.js';
import { parseJsonValue } from '../convert.js';
import { dynamicToJson } from '../values.js';
import { followPath, jsonPathSteps } from './jsonpath.js';
import type { BExpr } from '../bound.js';
import { errors } from '../binder/errors.js';
import { custom, foldIfConstant, overloaded, type ScalarFunction } from './registry.js';
import { convertExtracted, typeArgument } from './strings.js';

// ------------------------------------------------------------------------------------------ command lines

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t';

/**
 * Split a Windows command line as CommandLineToArgvW does: the program name ends at the first space (or the
 * closing quote, with no escapes); later arguments use the backslash/quote rules (2n backslashes + `"` →
 * n backslashes and a quote toggle; 2n+1 → n backslashes and a literal `"`; `""` inside quotes → `"`).
 */
export function splitWindowsCommandLine(cmd: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (isSpace(cmd[i])) i++;
  if (i >= cmd.length) return out;
  // The program name.
  let prog = '';
  if (cmd[i] === '"') {
    const close = cmd.indexOf('"', i + 1);
    prog = close < 0 ? cmd.slice(i + 1) : cmd.slice(i + 1, close);
    i = close < 0 ? cmd.length : close + 1;
  } else {
    while (i < cmd.length && !isSpace(cmd[i])) prog += cmd[i++];
  }
  out.push(prog);
  for (;;) {
    while (isSpace(cmd[i])) i++;
    if (i >= cmd.length) break;
    let arg = '';
    let quoted = false;
    while (i < cmd.length && (quoted || !isSpace(cmd[i]))) {
      const c = cmd[i]!;
      if (c === '\\') {
        let n = 0;
        while (cmd[i] === '\\') {
          n++;
          i++;
        }
        if (cmd[i] === '"') {
          arg += '\\'.repeat(n >> 1);
          if (n % 2 === 1) {
            arg += '"';
            i++;
          }
        } else arg += '\\'.repeat(n);
      } else if (c === '"') {
        if (quoted && cmd[i + 1] === '"') {
          arg += '"';
          i += 2;
        } else {
          quoted = !quoted;
          i++;
        }
      } else {
        arg += c;
        i++;
      }
    }
    out.push(arg);
  }
  return out;
}

const parseCommandLine = overloaded('parse_command_line', [
  {
    params: ['string', 'string'],
    ret: 'dynamic',
    fn: (cmd, kind) => ((kind as string).toLowerCase() === 'windows' ? splitWindowsCommandLine(cmd as string) : null),
  },
]);

// ------------------------------------------------------------------------------------------ XML

type Obj = { [k: string]: Dynamic };

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string | null {
  if (!s.includes('&')) return s;
  let bad = false;
  const out = s.replace(/&([^;&\s]*)(;?)/g, (_m, e: string, semi: string) => {
    let v: string | undefined;
    if (semi && /^#x[0-9a-fA-F]+$/.test(e)) v = codePoint(parseInt(e.slice(2), 16));
    else if (semi && /^#\d+$/.test(e)) v = codePoint(parseInt(e.slice(1), 10));
    else if (semi) v = ENTITIES[e];
    if (v === undefined) bad = true;
    return v ?? '';
  });
  return bad ? null : out;
}

function codePoint(cp: number): string | undefined {
  return cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : undefined;
}

class XmlError extends Error {}

/** Elements nested deeper than this make parse_xml() null rather than exhaust the stack. */
const MAX_XML_DEPTH = 1000;

/** A small XML reader producing Kusto's JSON shape; throws XmlError on malformed input. */
class XmlReader {
  i = 0;
  constructor(readonly s: string) {}

  /** Skip whitespace, comments, processing instructions and DOCTYPE declarations. */
  skipMisc(): void {
    for (;;) {
      while (/\s/.test(this.s[this.i] ?? '')) this.i++;
      if (this.s.startsWith('<!--', this.i)) this.skipTo('-->');
      else if (this.s.startsWith('<?', this.i)) this.skipTo('?>');
      else if (this.s.startsWith('<!DOCTYPE', this.i)) this.skipTo('>');
      else return;
    }
  }

  skipTo(end: string): void {
    const k = this.s.indexOf(end, this.i);
    if (k < 0) throw new XmlError('unterminated');
    this.i = k + end.length;
  }

  name(): string {
    const m = /^[A-Za-z_:][-A-Za-z0-9_:.]*/.exec(this.s.slice(this.i, this.i + 256));
    if (!m) throw new XmlError('name expected');
    this.i += m[0].length;
    return m[0];
  }

  text(raw: string): string {
    const t = decodeEntities(raw);
    if (t === null) throw new XmlError('bad entity');
    return t;
  }

  /** One element starting at '<': [name, value]. */
  element(depth = 0): [string, Dynamic] {
    if (depth > MAX_XML_DEPTH) throw new XmlError('nested too deeply');
    this.i++; // '<'
    const tag = this.name();
    const node: Obj = {};
    let hasAttrs = false;
    for (;;) {
      while (/\s/.test(this.s[this.i] ?? '')) this.i++;
      const c = this.s[this.i];
      if (c === '/' && this.s[this.i + 1] === '>') {
        this.i += 2;
        return [tag, hasAttrs ? node : null];
      }
      if (c === '>') {
        this.i++;
        break;
      }
      const attr = this.name();
      while (/\s/.test(this.s[this.i] ?? '')) this.i++;
      if (this.s[this.i] !== '=') throw new XmlError('= expected');
      this.i++;
      while (/\s/.test(this.s[this.i] ?? '')) this.i++;
      const q = this.s[this.i];
      if (q !== '"' && q !== "'") throw new XmlError('quote expected');
      const close = this.s.indexOf(q, this.i + 1);
      if (close < 0) throw new XmlError('unterminated attribute');
      node['@' + attr] = this.text(this.s.slice(this.i + 1, close));
      hasAttrs = true;
      this.i = close + 1;
    }
    const texts: string[] = [];
    let hasChildren = false;
    for (;;) {
      if (this.i >= this.s.length) throw new XmlError('unterminated element');
      if (this.s.startsWith('</', this.i)) {
        this.i += 2;
        if (this.name() !== tag) throw new XmlError('mismatched end tag');
        while (/\s/.test(this.s[this.i] ?? '')) this.i++;
        if (this.s[this.i] !== '>') throw new XmlError('> expected');
        this.i++;
        break;
      }
      if (this.s.startsWith('<!--', this.i) || this.s.startsWith('<?', this.i)) {
        this.skipTo(this.s.startsWith('<!--', this.i) ? '-->' : '?>');
      } else if (this.s.startsWith('<![CDATA[', this.i)) {
        const k = this.s.indexOf(']]>', this.i);
        if (k < 0) throw new XmlError('unterminated CDATA');
        texts.push(this.s.slice(this.i + 9, k));
        this.i = k + 3;
      } else if (this.s[this.i] === '<') {
        const [k, v] = this.element(depth + 1);
        hasChildren = true;
        const prev = node[k];
        if (prev === undefined) node[k] = v;
        // Element values are never arrays, so an array here is the list of repeated children.
        else if (Array.isArray(prev)) prev.push(v);
        else node[k] = [prev, v];
      } else {
        const k = this.s.indexOf('<', this.i);
        const end = k < 0 ? this.s.length : k;
        const t = this.text(this.s.slice(this.i, end)).trim();
        if (t) texts.push(t);
        this.i = end;
      }
    }
    if (!hasAttrs && !hasChildren) return [tag, texts.length ? texts.join('') : null];
    if (texts.length) node['#text'] = texts.length === 1 ? texts[0]! : texts;
    return [tag, node];
  }
}

/** parse_xml(): the document element as `{ name: value }`, or null when the text is not well-formed XML. */
export function parseXml(text: string): Dynamic {
  if (text.length > 1_048_576) return null;
  try {
    const r = new XmlReader(text);
    r.skipMisc();
    if (r.s[r.i] !== '<') return null;
    const [k, v] = r.element();
    r.skipMisc();
    if (r.i < r.s.length) return null;
    return { [k]: v };
  } catch (e) {
    if (e instanceof XmlError) return null;
    throw e;
  }
}

const parseXmlFn = overloaded('parse_xml', [{ params: ['string'], ret: 'dynamic', fn: (s) => parseXml(s as string) }]);

// ------------------------------------------------------------------------------------------ extractjson

/** extractjson(path, json): the value at a JSONPath as text (a string value itself, other values as JSON); "" when absent. */
export function extractJson(path: string, json: string): string {
  const steps = jsonPathSteps(path);
  if (!steps) return '';
  const doc = parseJsonValue(json);
  if (doc === null || typeof doc !== 'object') return '';
  const v = followPath(doc, steps);
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : dynamicToJson(v);
}

const extractjson2 = overloaded('extractjson', [{ params: ['string', 'string'], ret: 'string', fn: (p, j) => extractJson(p as string, j as string) }]);

/** extractjson / extract_json(path, json [, typeof(T)]): the text at the path, converted to T when given. */
const extractjson = custom('extractjson', 2, 3, (site): BExpr => {
  const t = typeArgument(site, 2);
  const base = extractjson2.bind({ ...site, args: site.args.slice(0, 2), argSpans: site.argSpans.slice(0, 2) });
  if (t === 'string') return base;
  return foldIfConstant({ k: 'call', type: t, name: site.name, fn: (v) => convertExtracted(v, t), args: [base], handlesNulls: true, span: site.span });
});

/** parse_user_agent needs the user-agent database Kusto ships (UA-Parser rules): a bind-time KQL110 error. */
const parseUserAgent = custom('parse_user_agent', 2, 2, (site): BExpr => {
  throw errors.unsupported('parse_user_agent() (it needs the user-agent parsing rules that Kusto ships, which kqlite does not have)', site.span);
});

/** The parsing family, registered by functions/index.ts. */
export const parseFunctions: ScalarFunction[] = [parseCommandLine, parseXmlFn, extractjson, { ...extractjson, name: 'extract_json' }, parseUserAgent];

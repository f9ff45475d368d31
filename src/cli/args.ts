// Command-line argument parsing: `--flag value`, `--flag=value`, repeatable flags, boolean switches,
// positionals. Unknown flags and missing values are usage errors (KQL501), never ignored.

import { KqlError } from '../diagnostics.js';
import { suggest } from '../engine/binder/suggest.js';

export interface FlagSpec {
  /** Takes a value (otherwise a boolean switch). */
  value?: boolean;
  /** May be given several times (values collected in order). */
  repeat?: boolean;
  /** Short alias, e.g. `q` for `-q`. */
  short?: string;
}

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string[]>;
  /** Every positional (flag undefined) and flag value in command-line order. */
  sequence: { flag?: string; value: string }[];
}

export function usageError(message: string): KqlError {
  return new KqlError({ code: 'KQL501', kind: 'usage', message });
}

export function parseArgs(argv: string[], specs: Record<string, FlagSpec>): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string[]>();
  const sequence: ParsedArgs['sequence'] = [];
  const shorts = new Map(Object.entries(specs).flatMap(([k, s]) => (s.short ? [[s.short, k] as const] : [])));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      for (const rest of argv.slice(i + 1)) {
        positionals.push(rest);
        sequence.push({ value: rest });
      }
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      positionals.push(a);
      sequence.push({ value: a });
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      inline = eq < 0 ? undefined : a.slice(eq + 1);
    } else {
      const s = shorts.get(a.slice(1));
      if (!s) throw usageError(`unknown option '${a}'`);
      name = s;
    }
    const spec = specs[name];
    if (!spec) {
      const hint = suggest(name, Object.keys(specs));
      throw usageError(`unknown option '--${name}'${hint ? ` (did you mean '--${hint}'?)` : ''}`);
    }
    let value = 'true';
    if (spec.value) {
      if (inline !== undefined) value = inline;
      else {
        const next = argv[i + 1];
        if (next === undefined) throw usageError(`option '--${name}' needs a value`);
        value = next;
        i++;
      }
    } else if (inline !== undefined) throw usageError(`option '--${name}' takes no value`);
    const list = flags.get(name) ?? [];
    if (list.length && !spec.repeat) throw usageError(`option '--${name}' is given more than once`);
    list.push(value);
    flags.set(name, list);
    sequence.push({ flag: name, value });
  }
  return { positionals, flags, sequence };
}

export function flag(p: ParsedArgs, name: string): string | undefined {
  return p.flags.get(name)?.[0];
}

export function flagList(p: ParsedArgs, name: string): string[] {
  return p.flags.get(name) ?? [];
}

/** A non-negative integer flag. */
export function intFlag(p: ParsedArgs, name: string, dflt: number): number {
  const v = flag(p, name);
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v)) throw usageError(`option '--${name}' needs a whole number, not '${v}'`);
  return Number(v);
}

/** `NAME=VALUE` pairs of a repeatable flag. */
export function pairs(p: ParsedArgs, name: string): [string, string][] {
  return flagList(p, name).map((v) => {
    const eq = v.indexOf('=');
    if (eq <= 0 || eq === v.length - 1) throw usageError(`option '--${name}' needs NAME=PATH, not '${v}'`);
    return [v.slice(0, eq), v.slice(eq + 1)];
  });
}

export function oneOf<T extends string>(p: ParsedArgs, name: string, allowed: readonly T[], dflt: T): T {
  const v = flag(p, name);
  if (v === undefined) return dflt;
  if (!(allowed as readonly string[]).includes(v)) throw usageError(`option '--${name}' must be one of ${allowed.join(', ')}, not '${v}'`);
  return v as T;
}

/** `--max-memory MB` as bytes (undefined when not given); anything but a positive number is KQL501. */
export function memoryLimitFlag(p: ParsedArgs): number | undefined {
  const mb = flag(p, 'max-memory');
  if (mb === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(mb) || !(Number(mb) > 0)) throw usageError(`option '--max-memory' needs a positive number of megabytes, not '${mb}'`);
  return Number(mb) * 2 ** 20;
}

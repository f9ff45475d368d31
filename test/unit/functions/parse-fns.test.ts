// parse_command_line, parse_xml and extractjson. Expected values are the documented examples, or derived
// by hand from the documented rules (CommandLineToArgvW for command lines, the XML → JSON table for XML).
import { describe, expect, it } from 'vitest';
import { errorOf, rows, scalar } from '../../helpers.js';

describe('parse_command_line', () => {
  it('documented example', () => {
    expect(scalar('print parse_command_line("echo \\"hello world!\\"", "windows")')).toEqual(['echo', 'hello world!']);
  });
  it('CommandLineToArgvW backslash and quote rules', () => {
    // a\\\"b → a\"b (3 backslashes + quote: one backslash, literal quote); "a\\" c → a\ then c; a\b stays.
    expect(scalar(String.raw`print parse_command_line(@'prog a\\\"b "c d\\" e\f', 'windows')`)).toEqual(['prog', 'a\\"b', 'c d\\', 'e\\f']);
    // The program name ends at its closing quote with no escapes; "" inside quotes is a literal quote.
    expect(scalar(String.raw`print parse_command_line(@'"C:\Program Files\x.exe" "say ""hi""" ""', 'windows')`)).toEqual(['C:\\Program Files\\x.exe', 'say "hi"', '']);
    expect(scalar("print parse_command_line('', 'windows')")).toEqual([]);
    expect(scalar("print parse_command_line('a b', 'linux')")).toBeNull();
  });
});

describe('parse_xml', () => {
  it('the documented conversion table', () => {
    expect(scalar("print parse_xml('<e/>')")).toEqual({ e: null });
    expect(scalar("print parse_xml('<e>text</e>')")).toEqual({ e: 'text' });
    expect(scalar(`print parse_xml('<e name="value" />')`)).toEqual({ e: { '@name': 'value' } });
    expect(scalar(`print parse_xml('<e name="value">text</e>')`)).toEqual({ e: { '@name': 'value', '#text': 'text' } });
    expect(scalar("print parse_xml('<e> <a>text</a> <b>text</b> </e>')")).toEqual({ e: { a: 'text', b: 'text' } });
    expect(scalar("print parse_xml('<e> <a>text</a> <a>text</a> </e>')")).toEqual({ e: { a: ['text', 'text'] } });
    expect(scalar("print parse_xml('<e> text <a>text</a> </e>')")).toEqual({ e: { '#text': 'text', a: 'text' } });
  });
  it('the documented example (declaration skipped; values stay text)', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><duration><value>118.0</value><count>5.0</count><min>100.0</min></duration>`;
    expect(rows(`print d = parse_xml('${xml}') | extend v = d.duration.value, m = d["duration"]["min"]`)[0]!.slice(1)).toEqual(['118.0', '100.0']);
  });
  it('entities and CDATA are decoded; malformed XML gives null', () => {
    expect(scalar("print parse_xml('<a>x &amp; y &#65;<![CDATA[<b>]]></a>')")).toEqual({ a: 'x & y A<b>' });
    expect(scalar("print parse_xml('<a><b></a>')")).toBeNull();
    expect(scalar("print parse_xml('not xml')")).toBeNull();
    expect(scalar("print parse_xml('<a>x & y</a>')")).toBeNull();
  });
});

describe('extractjson', () => {
  const json = '{"hosts": [{"location": "North_DC", "status": "up", "rate": 5}, {"location": "South_DC", "status": "down", "rate": 10}]}';
  it('looks up a JSONPath and returns text', () => {
    expect(scalar(`print extractjson("$.hosts[1].location", '${json}')`)).toBe('South_DC');
    expect(scalar(`print extractjson("$.hosts[0].rate", '${json}')`)).toBe('5');
    expect(scalar(`print extractjson("$['hosts'][0]", '${json}')`)).toBe('{"location":"North_DC","status":"up","rate":5}');
  });
  it('a type argument converts the value (passed as the type name, as the binder hands typeof(T) over)', () => {
    expect(rows(`print extract_json("$.hosts[0].rate", '${json}', "long"), extractjson("$.hosts", '${json}', "dynamic")[1].status`)[0]).toEqual([5n, 'down']);
  });
  // Needs the binder to pass typeof(T) arguments as the type name.
  it.skip('extract_json(path, json, typeof(string)) (documented example)', () => {
    expect(scalar(`let json = '{"name": "John", "age": 30, "city": "New York"}'; print extract_json("$.name", json, typeof(string))`)).toBe('John');
  });
  it('missing paths, invalid JSON and unsupported paths give ""', () => {
    expect(scalar(`print extractjson("$.nope", '${json}')`)).toBe('');
    expect(scalar(`print extractjson("$.a", 'not json')`)).toBe('');
    expect(scalar(`print extractjson("$..location", '${json}')`)).toBe('');
  });
});

describe('parse_user_agent', () => {
  it('is a bind-time KQL110 error (it needs a user-agent database)', () => {
    const e = errorOf('print parse_user_agent("Mozilla/5.0", "browser")');
    expect(e.code).toBe('KQL110');
    expect(e.message).toContain('user-agent');
  });
});

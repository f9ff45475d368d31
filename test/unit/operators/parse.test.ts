// parse, parse-where and parse-kv, with the examples of parse-operator.md, parse-where-operator.md and
// parse-kv-operator.md. Regexes run on RE2.
import { describe, expect, it } from 'vitest';
import { errorOf, names, q, rows } from '../../helpers.js';

const ev = (slices: string, number: string, release: string): string =>
  `"Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=${slices}, sliceNumber=${number}, lockTime=02/17/2016 08:40:01, releaseTime=${release}, previousLockTime=02/17/2016 08:39:01)"`;
const TRACES = `let Traces = datatable(EventText: string)[${ev('27', '23', '02/17/2016 08:40:01')}, ${ev('27', 'invalid_number', '02/17/2016 08:40:01')}, ${ev('nonValidLongValue', '16', 'nonValidDateTime')}];`;
/** 2016-02-17 08:40:01 and 08:39:01 as ticks since 1970. */
const T0840 = (1_455_698_401n) * 10_000_000n;
const T0839 = T0840 - 60n * 10_000_000n;

describe('parse (simple)', () => {
  it('extracts typed columns between literal delimiters; * skips text (docs example)', () => {
    const kql = `${TRACES} Traces | parse EventText with * "resourceName=" resourceName ", totalSlices=" totalSlices: long * "sliceNumber=" sliceNumber: long * "lockTime=" lockTime ", releaseTime=" releaseTime: date "," * "previousLockTime=" previousLockTime: date ")" *
      | project resourceName, totalSlices, sliceNumber, lockTime, releaseTime, previousLockTime`;
    expect(q(kql).columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      'resourceName:string', 'totalSlices:long', 'sliceNumber:long', 'lockTime:string', 'releaseTime:datetime', 'previousLockTime:datetime',
    ]);
    expect(rows(kql)).toEqual([
      ['PipelineScheduler', 27n, 23n, '02/17/2016 08:40:01', T0840, T0839],
      // simple is strict: a capture that does not match its type fails the whole row (parse-where.md).
      ['', null, null, '', null, null],
      ['', null, null, '', null, null],
    ]);
  });
  it('can start with a column and ends a trailing column at the end of the text', () => {
    expect(rows(`print s = "key=value=x" | parse s with k "=" v | project k, v`)).toEqual([['key=value', 'x']]);
    expect(rows(`print s = "Contacts: a@b.c" | parse s with * ": " user "@" domain | project user, domain`)).toEqual([['a', 'b.c']]);
  });
  it('matches from the start of the text: leading text must be there', () => {
    expect(rows(`print s = "xx a=1" | parse s with "a=" v: long | project v`)).toEqual([[null]]);
    expect(rows(`print s = "xx a=1" | parse s with * "a=" v: long | project v`)).toEqual([[1n]]);
  });
  it('replaces an existing column of the same name, and converts non-string input to string', () => {
    expect(names(`print s = "a-b", n = 12 | parse s with n "-" rest`)).toEqual(['s', 'n', 'rest']);
    expect(rows(`print n = 1234 | parse n with a: long "3" b: long | project a, b`)).toEqual([[12n, 4n]]);
  });
});

describe('parse kind=relaxed', () => {
  it('leaves only the columns that do not convert null (docs example)', () => {
    const kql = `${TRACES} Traces | parse kind=relaxed EventText with * "resourceName=" resourceName ", totalSlices=" totalSlices: long ", sliceNumber=" sliceNumber: long * "lockTime=" lockTime ", releaseTime=" releaseTime: date "," * "previousLockTime=" previousLockTime: date ")" *
      | project totalSlices, sliceNumber, releaseTime, previousLockTime`;
    expect(rows(kql)).toEqual([
      [27n, 23n, T0840, T0839],
      [27n, null, T0840, T0839],
      [null, 16n, null, T0839],
    ]);
  });
});

describe('parse kind=regex', () => {
  const LINE = `print EventText = ${ev('27', '23', '02/17/2016 08:40:01')}`;
  it('string captures are greedy by default; flags=U makes them lazy; i ignores case (docs examples)', () => {
    expect(rows(`${LINE} | parse kind=regex EventText with * "resourceName=" resourceName ',' * | project resourceName`)).toEqual([
      ['PipelineScheduler, totalSlices=27, sliceNumber=23, lockTime=02/17/2016 08:40:01, releaseTime=02/17/2016 08:40:01'],
    ]);
    expect(rows(`${LINE} | parse kind=regex flags=Ui EventText with * "RESOURCENAME=" resourceName ',' * | project resourceName`)).toEqual([['PipelineScheduler']]);
  });
  it('the text parts are regexes and typed captures match only their type', () => {
    const kql = `${LINE} | parse kind=regex EventText with "(.*?)[a-zA-Z]*=" resourceName @", totalSlices=\\s*\\d+\\s*.*?sliceNumber=" sliceNumber: long ".*?(previous)?lockTime=" lockTime ".*?releaseTime=" releaseTime ".*?previousLockTime=" previousLockTime: date "\\\\)"
      | project resourceName, sliceNumber, lockTime, previousLockTime`;
    expect(rows(kql)).toEqual([['PipelineScheduler', 23n, '02/17/2016 08:40:01, ', T0839]]);
  });
  it('rejects flags outside kind=regex, unknown flags and invalid regexes', () => {
    expect(errorOf(`print s = "a" | parse flags=i s with x`).code).toBe('KQL112');
    expect(errorOf(`print s = "a" | parse kind=regex flags=q s with x`).code).toBe('KQL112');
    expect(errorOf(`print s = "a" | parse kind=regex s with "(" x`).code).toBe('KQL108');
  });
});

describe('parse-where', () => {
  it('keeps only the rows that parse (docs example)', () => {
    const kql = `${TRACES} Traces | parse-where EventText with * "resourceName=" resourceName ", totalSlices=" totalSlices: long * "sliceNumber=" sliceNumber: long * | project sliceNumber`;
    expect(rows(kql)).toEqual([[23n]]);
  });
  it('with kind=regex, case matters unless flags=i (docs example)', () => {
    const line = `print EventText = ${ev('27', '15', 'x')}`;
    expect(rows(`${line} | parse-where kind = regex EventText with * "RESOURCENAME=" resourceName "," * "totalSlices=" totalSlices: long "," *`)).toEqual([]);
    expect(rows(`${line} | parse-where kind = regex flags=i EventText with * "RESOURCENAME=" resourceName "," * "totalSlices=" totalSlices: long "," * | project resourceName, totalSlices`)).toEqual([
      ['PipelineScheduler', 27n],
    ]);
  });
});

describe('parse-kv (docs examples)', () => {
  it('splits by pair and key/value delimiters, typing the listed keys', () => {
    const kql = `print str="ThreadId:458745723, Machine:Node001, Text: The service is up, Level: Info"
      | parse-kv str as (Text: string, ThreadId:long, Machine: string) with (pair_delimiter=',', kv_delimiter=':') | project-away str`;
    expect(rows(kql)).toEqual([['The service is up', 458745723n, 'Node001']]);
  });
  it('honours quotes and escapes', () => {
    const kql = `print str='src=10.1.1.123 dst=10.1.1.124 bytes=125 failure="the remote host sent \\\\"bye!\\\\"" time=2021-01-01T10:00:54'
      | parse-kv str as (src:string, bytes:long, failure:string) with (pair_delimiter=' ', kv_delimiter='=', quote='"', escape='\\\\') | project-away str`;
    expect(rows(kql)).toEqual([['10.1.1.123', 125n, 'the remote host sent "bye!"']]);
  });
  it('greedy values run until the next key', () => {
    const base = `print str='name=John Doe phone=555 5555 city=New York' | parse-kv str as (name:string, phone:string, city:string) with (pair_delimiter=' ', kv_delimiter='='`;
    expect(rows(`${base}) | project-away str`)).toEqual([['John', '555', 'New']]);
    expect(rows(`${base}, greedy=true) | project-away str`)).toEqual([['John Doe', '555 5555', 'New York']]);
  });
  it('with no delimiters, any non-alphanumeric run separates keys and values', () => {
    const kql = `print str="2021-01-01T10:00:34 [INFO] ThreadId:458745723, Machine:Node001, Text: Started"
      | parse-kv str as (Text: string, ThreadId:long, Machine: string) | project-away str`;
    expect(rows(kql)).toEqual([['Started', 458745723n, 'Node001']]);
    const quoted = `print str="2021-01-01T10:00:34 [INFO] ThreadId:458745723, Machine:Node001, Text: 'The service \\\\' is up'"
      | parse-kv str as (Text: string, ThreadId:long, Machine: string) with (quote="'", escape='\\\\') | project-away str`;
    expect(rows(quoted)).toEqual([["The service ' is up", 458745723n, 'Node001']]);
  });
  it('extracts with a regex of a key group and a value group', () => {
    const kql = `print str=@'["referer url: https://hostname.com/redirect?dest=/?h=1234", "advertiser id: 24fefbca-cf27-4d62-a623-249c2ad30c73"]'
      | parse-kv str as (['referer url']:string, ['advertiser id']: guid) with (regex=@'"([\\w ]+)\\s*:\\s*([^"]*)"') | project-away str`;
    expect(rows(kql)).toEqual([['https://hostname.com/redirect?dest=/?h=1234', '24fefbca-cf27-4d62-a623-249c2ad30c73']]);
  });
});

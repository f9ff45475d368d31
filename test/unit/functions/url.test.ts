// parse_url, parse_urlquery, parse_path, URL encoding and base64. Expected values are the documented
// examples, or derived by hand where a comment says so.
import { describe, expect, it } from 'vitest';
import { rows, scalar } from '../../helpers.js';

describe('parse_url', () => {
  it('splits an absolute URL (documented example; the engine writes Path with its leading slash)', () => {
    expect(scalar('print Result=parse_url("scheme://username:password@host:1234/this/is/a/path?k1=v1&k2=v2#fragment")')).toEqual({
      Scheme: 'scheme',
      Host: 'host',
      Port: '1234',
      Path: '/this/is/a/path',
      Username: 'username',
      Password: 'password',
      'Query Parameters': { k1: 'v1', k2: 'v2' },
      Fragment: 'fragment',
    });
  });
  it('matches the engine outputs reported in Kusto-Query-Language#112', () => {
    expect(scalar('print parse_url("https://john.doe@www.example.com:123/forum/questions/?tag=networking&order=newest#top")')).toEqual({
      Scheme: 'https',
      Host: 'john.doe@www.example.com',
      Port: '123',
      Path: '/forum/questions/',
      Username: '',
      Password: '',
      'Query Parameters': { tag: 'networking', order: 'newest' },
      Fragment: 'top',
    });
    const empty = { Scheme: '', Host: '', Port: '', Path: '', Username: '', Password: '', 'Query Parameters': {}, Fragment: '' };
    expect(scalar('print parse_url("mailto:John.Doe@example.com")')).toEqual(empty);
    expect(scalar('print parse_url("")')).toEqual(empty);
  });
  it('parse_urlquery', () => {
    expect(scalar('print parse_urlquery("k1=v1&k2=v2&k3=v3")')).toEqual({ 'Query Parameters': { k1: 'v1', k2: 'v2', k3: 'v3' } });
  });
});

describe('parse_path', () => {
  it('documented examples', () => {
    const r = rows(`datatable(p:string) [@"C:\\temp\\file.txt", @"temp\\file.txt", "file://C:/temp/file.txt:some.exe", @"\\\\shared\\users\\temp\\file.txt.gz", "/usr/lib/temp/file.txt"]
      | extend path_parts = parse_path(p)`);
    expect(r.map((x) => x[1])).toEqual([
      { Scheme: '', RootPath: 'C:', DirectoryPath: 'C:\\temp', DirectoryName: 'temp', Filename: 'file.txt', Extension: 'txt', AlternateDataStreamName: '' },
      { Scheme: '', RootPath: '', DirectoryPath: 'temp', DirectoryName: 'temp', Filename: 'file.txt', Extension: 'txt', AlternateDataStreamName: '' },
      { Scheme: 'file', RootPath: 'C:', DirectoryPath: 'C:/temp', DirectoryName: 'temp', Filename: 'file.txt', Extension: 'txt', AlternateDataStreamName: 'some.exe' },
      { Scheme: '', RootPath: '', DirectoryPath: '\\\\shared\\users\\temp', DirectoryName: 'temp', Filename: 'file.txt.gz', Extension: 'gz', AlternateDataStreamName: '' },
      { Scheme: '', RootPath: '', DirectoryPath: '/usr/lib/temp', DirectoryName: 'temp', Filename: 'file.txt', Extension: 'txt', AlternateDataStreamName: '' },
    ]);
  });
  it('a bare file name', () => {
    expect(scalar('print parse_path("cmd.exe")')).toMatchObject({ DirectoryPath: '', Filename: 'cmd.exe', Extension: 'exe' });
  });
});

describe('URL encoding', () => {
  it('url_encode and url_encode_component (documented examples)', () => {
    expect(scalar("let url = @'https://www.bing.com/hello world'; print url_encode(url)")).toBe('https%3a%2f%2fwww.bing.com%2fhello+world');
    expect(scalar("let url = @'https://www.bing.com/hello world/'; print url_encode_component(url)")).toBe('https%3a%2f%2fwww.bing.com%2fhello%20world%2f');
  });
  it('url_decode (documented example), multi-byte characters and malformed escapes', () => {
    expect(scalar("print url_decode(@'https%3a%2f%2fwww.bing.com%2f')")).toBe('https://www.bing.com/');
    // "é" is the UTF-8 bytes C3 A9.
    expect(scalar("print url_decode('caf%C3%A9+au+lait')")).toBe('café au lait');
    expect(scalar("print url_encode('café')")).toBe('caf%c3%a9');
    expect(scalar("print url_decode('100%')")).toBe('100%');
  });
});

describe('base64', () => {
  it('base64_decode_tostring (documented examples)', () => {
    expect(scalar('print Quine=base64_decode_tostring("S3VzdG8=")')).toBe('Kusto');
    // The bytes are not valid UTF-8: the result is null, shown as an empty string.
    expect(scalar('print Empty=base64_decode_tostring("U3RyaW5n0KHR0tGA0L7Rh9C60LA=")')).toBe('');
    expect(scalar('print base64_decode_tostring("not base64!")')).toBe('');
  });
  it('base64_encode_tostring', () => {
    expect(scalar('print base64_encode_tostring("Kusto")')).toBe('S3VzdG8=');
    expect(scalar('print base64_encode_tostring("")')).toBe('');
  });
  it('byte arrays and guids', () => {
    expect(scalar('print base64_decode_toarray("S3VzdG8=")')).toEqual([75, 117, 115, 116, 111]);
    expect(scalar('print base64_encode_fromarray(dynamic([75, 117, 115, 116, 111]))')).toBe('S3VzdG8=');
    // .NET writes the first three guid groups little-endian: 01020304-0506-0708-... → 04 03 02 01 06 05 08 07 ...
    const g = scalar('print base64_encode_fromguid(guid(01020304-0506-0708-090a-0b0c0d0e0f10))') as string;
    expect([...Buffer.from(g, 'base64')]).toEqual([4, 3, 2, 1, 6, 5, 8, 7, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(scalar(`print base64_decode_toguid("${g}")`)).toBe('01020304-0506-0708-090a-0b0c0d0e0f10');
  });
});

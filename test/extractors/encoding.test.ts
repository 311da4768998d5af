import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../extractors/encoding.ts';

const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

describe('decodeBytes', () => {
  it('decodes plain ASCII as utf-8', () => {
    expect(decodeBytes(bytes('Hello'))).toEqual({ text: 'Hello', encoding: 'utf-8' });
  });

  it('honours and strips a UTF-8 byte-order mark', () => {
    expect(decodeBytes(bytes([0xef, 0xbb, 0xbf], 'Caf', [0xc3, 0xa9]))).toEqual({ text: 'Café', encoding: 'utf-8' });
  });

  it('decodes UTF-16 with a byte-order mark', () => {
    expect(decodeBytes(bytes([0xff, 0xfe], [0x48, 0, 0x69, 0]))).toEqual({ text: 'Hi', encoding: 'utf-16le' });
    expect(decodeBytes(bytes([0xfe, 0xff], [0, 0x48, 0, 0x69]))).toEqual({ text: 'Hi', encoding: 'utf-16be' });
  });

  it('falls back to windows-1252 when the bytes are not valid UTF-8 (EDGAR curly quotes)', () => {
    const r = decodeBytes(bytes('the ', [0x93], 'Company', [0x94], ' ', [0x96], ' 10', [0xa7]));
    expect(r.encoding).toBe('windows-1252');
    expect(r.text).toBe('the “Company” – 10§');
  });

  it('keeps valid UTF-8 even when the file claims us-ascii or iso-8859-1', () => {
    const r = decodeBytes(bytes('<meta charset="us-ascii"><p>', [0xe2, 0x80, 0x9c], 'x', [0xe2, 0x80, 0x9d]));
    expect(r).toEqual({ text: '<meta charset="us-ascii"><p>“x”', encoding: 'utf-8' });
  });

  it('uses a declared non-western charset from <meta http-equiv>', () => {
    const head = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-5">';
    const r = decodeBytes(bytes(head, [0xb0]));
    expect(r.encoding).toBe('iso-8859-5');
    expect(r.text.endsWith('А')).toBe(true); // Cyrillic capital A
  });

  it('ignores an unknown declared charset', () => {
    expect(decodeBytes(bytes('<meta charset="x-made-up">ok')).encoding).toBe('utf-8');
  });
});

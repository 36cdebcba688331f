import { describe, expect, it } from 'vitest';
import { parseRange } from '../../../src-main/media/range';

describe('parseRange, for a file of 1000 bytes', () => {
  const size = 1000;

  it('serves the whole file when no Range is sent', () => {
    expect(parseRange(undefined, size)).toEqual({ kind: 'full' });
  });

  it('reads bytes=0-99 as the first hundred bytes', () => {
    expect(parseRange('bytes=0-99', size)).toEqual({ kind: 'partial', start: 0, end: 99 });
  });

  it('reads bytes=100- as everything from byte 100 on', () => {
    expect(parseRange('bytes=100-', size)).toEqual({ kind: 'partial', start: 100, end: 999 });
  });

  it('reads bytes=-100 as the last hundred bytes', () => {
    expect(parseRange('bytes=-100', size)).toEqual({ kind: 'partial', start: 900, end: 999 });
  });

  it('clamps an end past the file to its last byte', () => {
    expect(parseRange('bytes=990-5000', size)).toEqual({ kind: 'partial', start: 990, end: 999 });
  });

  it('gives the whole file for a suffix longer than the file', () => {
    expect(parseRange('bytes=-5000', size)).toEqual({ kind: 'partial', start: 0, end: 999 });
  });

  it('refuses a range that starts at or past the end', () => {
    expect(parseRange('bytes=1000-', size)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=5000-6000', size)).toEqual({ kind: 'unsatisfiable' });
  });

  it('refuses an empty suffix and any range of an empty file', () => {
    expect(parseRange('bytes=-0', size)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it('ignores headers it does not support, as RFC 9110 allows: the whole file', () => {
    for (const header of ['bytes=0-1,5-6', 'items=0-5', 'bytes=5-1', 'bytes=-', 'bytes=a-b', '']) {
      expect(parseRange(header, size), header).toEqual({ kind: 'full' });
    }
  });
});

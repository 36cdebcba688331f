import { describe, expect, it } from 'vitest';
import { csvRecords } from '../../../src-main/history/formats/csv';

const records = (text: string) => [...csvRecords(text)].map((r) => [r.line, r.fields]);

describe('CSV records', () => {
  it('splits plain fields and keeps empty ones', () => {
    expect(records('a,,c\n')).toEqual([[1, ['a', '', 'c']]]);
  });

  it('unquotes fields with commas, doubled quotes and line breaks, numbering lines from the record start', () => {
    expect(records('"x, y","say ""hi""","two\nlines"\nnext,row\r\n')).toEqual([
      [1, ['x, y', 'say "hi"', 'two\nlines']],
      [3, ['next', 'row']],
    ]);
  });

  it('skips blank lines, a byte-order mark and a missing final newline', () => {
    expect(records('\uFEFFa,b\n\n"c",d')).toEqual([
      [1, ['a', 'b']],
      [3, ['c', 'd']],
    ]);
  });

  it('takes the rest of the file into an unterminated quoted field rather than loop', () => {
    expect(records('"open,end\nmore')).toEqual([[1, ['open,end\nmore']]]);
  });
});

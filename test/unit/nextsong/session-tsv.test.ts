import { describe, expect, it } from 'vitest';
import { ItemIndex } from '../../../models/nextsong/sessions';
import { readSessionTsv } from '../../../src-main/training/nextsong-data';

describe('readSessionTsv (the session-based research format)', () => {
  it('takes the column order from the header and orders each session by time', () => {
    const index = new ItemIndex();
    const text = 'ItemId\tSessionId\tTime\n214\ts1\t30\n99\ts1\t10\n214\ts2\t5\n7\ts2\t6\n';
    const sessions = readSessionTsv(text, index);
    expect(sessions.map((s) => [...s.items].map((i) => index.keys[i]))).toEqual([
      ['214', '7'],
      ['99', '214'],
    ]);
  });

  it('names the file and line of a row without a numeric time', () => {
    expect(() =>
      readSessionTsv('SessionId\tItemId\tTime\n1\t2\tsoon\n', new ItemIndex(), 'train.tsv'),
    ).toThrow(/train\.tsv: line 2/);
  });

  it('says which column a header lacks', () => {
    expect(() => readSessionTsv('SessionId\tItem\tTime\n', new ItemIndex(), 'x.tsv')).toThrow(
      /no "ItemId" column/,
    );
  });
});

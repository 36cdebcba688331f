import { describe, expect, it } from 'vitest';
import { nextSort } from '../../../src-renderer/lib/sort';

describe('column header sorting', () => {
  it('flips the direction when the sorted column is clicked again', () => {
    expect(nextSort({ sort: 'title', dir: 'asc' }, 'title')).toEqual({
      sort: 'title',
      dir: 'desc',
    });
    expect(nextSort({ sort: 'title', dir: 'desc' }, 'title')).toEqual({
      sort: 'title',
      dir: 'asc',
    });
  });

  it('sorts a newly clicked text column A to Z', () => {
    expect(nextSort({ sort: 'title', dir: 'desc' }, 'artist')).toEqual({
      sort: 'artist',
      dir: 'asc',
    });
  });

  it('sorts plays most-played first when first clicked', () => {
    expect(nextSort({ sort: 'title', dir: 'asc' }, 'plays')).toEqual({
      sort: 'plays',
      dir: 'desc',
    });
  });
});

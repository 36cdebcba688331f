import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatDuration,
  formatLength,
  plural,
} from '../../../src-renderer/lib/format';

describe('formatDuration', () => {
  it('shows minutes and zero-padded seconds', () => {
    expect(formatDuration(187_000)).toBe('3:07');
    expect(formatDuration(0)).toBe('0:00');
  });

  it('adds hours for long tracks and pads minutes under them', () => {
    expect(formatDuration(3_723_000)).toBe('1:02:03');
  });

  it('rounds down partial seconds, as a player clock does', () => {
    expect(formatDuration(59_999)).toBe('0:59');
  });

  it('shows a dash clock for a file whose length is unknown', () => {
    expect(formatDuration(null)).toBe('–:––');
    expect(formatDuration(Number.NaN)).toBe('–:––');
    expect(formatDuration(-5)).toBe('–:––');
  });
});

describe('counts', () => {
  it('groups thousands the same way whatever the locale', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
  });

  it('uses the singular only for exactly one', () => {
    expect(plural(1, 'track')).toBe('1 track');
    expect(plural(0, 'track')).toBe('0 tracks');
    expect(plural(1204, 'album')).toBe('1,204 albums');
  });

  it('writes a library length in minutes, hours or days', () => {
    expect(formatLength(42 * 60_000)).toBe('42 min');
    expect(formatLength(200 * 60_000)).toBe('3 h 20 min');
    expect(formatLength(52 * 3600_000)).toBe('2 d 4 h');
  });
});

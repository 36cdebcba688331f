import { describe, expect, it } from 'vitest';
import { hueFor, initials, matches } from '../../../src-renderer/lib/tiles';

describe('cover-less tiles', () => {
  it('gives an album the same colour every time, and neighbours different ones', () => {
    expect(hueFor(7)).toBe(hueFor(7));
    expect(Math.abs(hueFor(1) - hueFor(2))).toBeGreaterThan(30);
    expect(hueFor(123456)).toBeGreaterThanOrEqual(0);
    expect(hueFor(123456)).toBeLessThan(360);
  });

  it('takes two initials, skipping a leading article', () => {
    expect(initials('The Dark Side of the Moon')).toBe('DS');
    expect(initials('Abbey Road')).toBe('AR');
    expect(initials('1989')).toBe('19');
  });

  it('copes with names of symbols only and with non-Latin names', () => {
    expect(initials('— / —')).toBe('♪');
    expect(initials('Ólafur Arnalds')).toBe('ÓA');
    expect(initials('坂本 龍一')).toBe('坂龍');
  });

  it('filters ignoring case and accents', () => {
    expect(matches('Sigur Rós', 'ros')).toBe(true);
    expect(matches('Björk', 'BJOR')).toBe(true);
    expect(matches('Björk', 'abba')).toBe(false);
  });
});

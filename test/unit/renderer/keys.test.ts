import { describe, expect, it } from 'vitest';
import { SEEK_STEP_SEC, shortcutFor } from '../../../src-renderer/lib/keys';

const on = (tagName: string, type?: string) => ({ tagName, type });

describe('player shortcuts', () => {
  it('toggles play with Space anywhere that gives Space no other meaning', () => {
    expect(shortcutFor({ key: ' ', target: on('DIV') })).toEqual({ action: 'toggle' });
    expect(shortcutFor({ key: ' ', target: null })).toEqual({ action: 'toggle' });
  });

  it('seeks 5 seconds with the arrow keys', () => {
    expect(shortcutFor({ key: 'ArrowLeft', target: on('BODY') })).toEqual({
      action: 'seek',
      by: -SEEK_STEP_SEC,
    });
    expect(shortcutFor({ key: 'ArrowRight', target: on('BODY') })).toEqual({
      action: 'seek',
      by: 5,
    });
  });

  it('leaves keys alone while the listener types in a search field', () => {
    expect(shortcutFor({ key: ' ', target: on('INPUT', 'search') })).toBeNull();
    expect(shortcutFor({ key: 'ArrowLeft', target: on('INPUT', 'text') })).toBeNull();
    expect(
      shortcutFor({ key: ' ', target: { tagName: 'DIV', isContentEditable: true } }),
    ).toBeNull();
  });

  it('toggles play with Space even on a focused button, rather than pressing "Next" again', () => {
    expect(shortcutFor({ key: ' ', target: on('BUTTON') })).toEqual({ action: 'toggle' });
  });

  it('toggles play with Space on a focused checkbox too', () => {
    expect(shortcutFor({ key: ' ', target: on('INPUT', 'checkbox') })).toEqual({
      action: 'toggle',
    });
  });

  it('toggles once when Space is held down, not on every auto-repeat', () => {
    expect(shortcutFor({ key: ' ', repeat: true, target: on('BODY') })).toBeNull();
  });

  it('lets a focused slider keep its arrow keys but still toggles play with Space', () => {
    expect(shortcutFor({ key: 'ArrowRight', target: on('INPUT', 'range') })).toBeNull();
    expect(shortcutFor({ key: ' ', target: on('INPUT', 'range') })).toEqual({ action: 'toggle' });
  });

  it('ignores keys combined with a modifier (those belong to the browser or the OS)', () => {
    expect(shortcutFor({ key: 'ArrowLeft', altKey: true, target: on('BODY') })).toBeNull();
    expect(shortcutFor({ key: ' ', ctrlKey: true, target: on('BODY') })).toBeNull();
  });
});

// Global player shortcuts (Space: play/pause, ←/→: seek 5 s), yielding to whatever has focus when
// that element gives the key a meaning the listener is using: typing in a field, moving a slider.
// Space on a focused button toggles play too (as in most music players): otherwise, after a click
// on "Next", Space would skip again instead of pausing. The caller's preventDefault stops the
// button's own activation. Enter still presses buttons.

export type Shortcut = { action: 'toggle' } | { action: 'seek'; by: number };

export const SEEK_STEP_SEC = 5;

export interface KeyTarget {
  tagName: string;
  type?: string;
  isContentEditable?: boolean;
}

export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** Auto-repeat of a held key. */
  repeat?: boolean;
  target: KeyTarget | null;
}

function typesText(t: KeyTarget): boolean {
  const tag = t.tagName.toUpperCase();
  if (t.isContentEditable || tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && t.type !== 'range' && t.type !== 'checkbox' && t.type !== 'button';
}

export function shortcutFor(press: KeyPress): Shortcut | null {
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  const t = press.target;
  if (t && typesText(t)) return null;
  const tag = t?.tagName.toUpperCase();
  const isSlider = tag === 'INPUT' && t?.type === 'range';
  if (press.key === ' ') return press.repeat ? null : { action: 'toggle' };
  if (isSlider) return null;
  if (press.key === 'ArrowLeft') return { action: 'seek', by: -SEEK_STEP_SEC };
  if (press.key === 'ArrowRight') return { action: 'seek', by: SEEK_STEP_SEC };
  return null;
}

// The left navigation: one line per screen. "For You", "Radio", "Stats" and "Import" join here.
import type { Component } from 'svelte';
import LibraryScreen from '../screens/library/LibraryScreen.svelte';

export interface ScreenEntry {
  id: string;
  label: string;
  /** A one-glyph mark shown beside the label. */
  icon: string;
  component: Component;
}

export const screens: readonly ScreenEntry[] = [
  { id: 'library', label: 'Library', icon: '♫', component: LibraryScreen },
];

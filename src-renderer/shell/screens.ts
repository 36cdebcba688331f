// The left navigation: one line per screen. "For You", "Radio", "Stats" and "Import" join here.
import type { Component } from 'svelte';
import LibraryScreen from '../screens/library/LibraryScreen.svelte';
import ForYouScreen from '../screens/foryou/ForYouScreen.svelte';
import PersonasScreen from '../screens/personas/PersonasScreen.svelte';
import StatsScreen from '../screens/stats/StatsScreen.svelte';
import ImportScreen from '../screens/import/ImportScreen.svelte';
import PlaylistsScreen from '../screens/playlists/PlaylistsScreen.svelte';
import ModelsScreen from '../screens/models/ModelsScreen.svelte';

export interface ScreenEntry {
  id: string;
  label: string;
  /** A one-glyph mark shown beside the label. */
  icon: string;
  component: Component;
}

export const screens: readonly ScreenEntry[] = [
  { id: 'library', label: 'Library', icon: '♫', component: LibraryScreen },
  { id: 'foryou', label: 'For You', icon: '★', component: ForYouScreen },
  { id: 'personas', label: 'Personas', icon: '◎', component: PersonasScreen },
  { id: 'playlists', label: 'Playlists', icon: '☰', component: PlaylistsScreen },
  { id: 'stats', label: 'Stats', icon: '▦', component: StatsScreen },
  { id: 'import', label: 'Import', icon: '⇪', component: ImportScreen },
  { id: 'models', label: 'Models', icon: '◇', component: ModelsScreen },
];

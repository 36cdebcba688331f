import { getContext, setContext } from 'svelte';
import type { AppState } from './app.svelte';

const KEY = Symbol('encore-app');

export function provideApp(app: AppState): void {
  setContext(KEY, app);
}

/** The shared state, for any component under App. */
export function useApp(): AppState {
  const app = getContext<AppState | undefined>(KEY);
  if (!app) throw new Error('useApp() was called outside <App>: render the component inside App.');
  return app;
}

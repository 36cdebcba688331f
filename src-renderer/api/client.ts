// The renderer's only door to the engine: Electron's preload exposes `window.encore`; in a plain
// browser (against `encore serve`) the same interface is built over HTTP.
import type { EncoreApi } from '../../src-main/api/contract';
import { createHttpApi, type UnauthorizedError } from './http';

declare global {
  interface Window {
    encore?: EncoreApi;
  }
}

let api: EncoreApi | undefined;
const unauthorizedListeners = new Set<(error: UnauthorizedError) => void>();

/** Subscribes to "this page has no valid token" (serve only); returns the unsubscribe. */
export function onUnauthorized(listener: (error: UnauthorizedError) => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export function getApi(): EncoreApi {
  api ??=
    window.encore ??
    createHttpApi({
      fetch: (...args) => window.fetch(...args),
      openEvents: (url) => new EventSource(url),
      onUnauthorized: (error) => unauthorizedListeners.forEach((l) => l(error)),
    });
  return api;
}

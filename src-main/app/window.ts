import path from 'node:path';
import { BrowserWindow, nativeTheme } from 'electron';
import { callNames } from '../api/contract';
import { callNamesArgument } from './bridge';
import { APP_ENTRY_URL, secureWindowOptions } from './security';

/** Background painted before the renderer's first frame, so a dark desktop sees no white flash. */
export const BACKGROUND = { dark: '#15161a', light: '#f6f6f8' };

/**
 * The one Encore window: hidden until its first paint is ready, then shown. The preload learns
 * the contract's call names from its argv (see bridge.ts).
 */
export function createMainWindow(mainDir: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Encore',
    backgroundColor: nativeTheme.shouldUseDarkColors ? BACKGROUND.dark : BACKGROUND.light,
    webPreferences: secureWindowOptions(path.join(mainDir, 'preload.cjs'), [
      callNamesArgument(callNames),
    ]),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL).catch((e: unknown) => {
    console.error(
      `Encore: could not load ${APP_ENTRY_URL}; was the renderer built (npm run build)?`,
      e,
    );
  });
  return window;
}

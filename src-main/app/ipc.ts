/**
 * The Electron host's half of the contract: one `ipcMain.handle` per call name, each checking
 * its sender before passing the message through the same `dispatch` door as serve (STYLE.md §3).
 */
import { ipcMain, type BrowserWindow, type WebFrameMain } from 'electron';
import { callNames, type Result } from '../api/contract';
import { dispatch } from '../api/dispatch';
import { createHandlers, type Handlers } from '../api/handlers';
import type { Engine } from '../engine';
import { callChannel, EVENT_CHANNEL } from './bridge';
import { isAppUrl } from './security';

const REFUSED: Result<never> = {
  ok: false,
  error: { name: 'Refused', message: 'Encore answers only its own window showing encore://app.' },
};

/**
 * True when `frame` is the top frame of the main window and shows the app itself. Electron's
 * docs ask IPC handlers to check `senderFrame`: an iframe, a second window, or a page that
 * navigated elsewhere must not reach the API (https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages).
 */
export function isMainAppFrame(frame: WebFrameMain | null, window: BrowserWindow | null): boolean {
  if (frame === null || window === null || window.isDestroyed()) return false;
  const top = window.webContents.mainFrame;
  return (
    frame.processId === top.processId &&
    frame.routingId === top.routingId &&
    frame.parent === null &&
    isAppUrl(frame.url)
  );
}

/**
 * Registers every contract call on `ipcMain` and forwards engine events to the main window.
 * `mainWindow` is a getter because the window can be closed and re-created (macOS `activate`).
 * Returns a function that removes it all again.
 */
export function wireIpc(
  engine: Engine,
  mainWindow: () => BrowserWindow | null,
  handlers: Handlers = createHandlers(engine),
): () => void {
  for (const name of callNames) {
    ipcMain.handle(callChannel(name), async (event, input: unknown) => {
      if (!isMainAppFrame(event.senderFrame, mainWindow())) return REFUSED;
      return dispatch(handlers, name, input);
    });
  }
  const unsubscribe = engine.onEvent((event) => {
    const window = mainWindow();
    if (window && !window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event);
  });
  return () => {
    unsubscribe();
    for (const name of callNames) ipcMain.removeHandler(callChannel(name));
  };
}

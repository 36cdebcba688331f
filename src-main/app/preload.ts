/**
 * The sandboxed preload (bundled to dist/main/preload.cjs; a sandboxed preload may only
 * `require('electron')`). It exposes functions, never ipcRenderer itself (STYLE.md §3).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { callNamesFromArgv, createBridge } from './bridge';

const api = createBridge(callNamesFromArgv(process.argv), {
  invoke: (channel, input) => ipcRenderer.invoke(channel, input),
  on: (channel, listener) => ipcRenderer.on(channel, listener),
  off: (channel, listener) => ipcRenderer.removeListener(channel, listener),
});

contextBridge.exposeInMainWorld('encore', api);

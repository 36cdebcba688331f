/**
 * The sandboxed preload (bundled to dist/main/preload.cjs; a sandboxed preload may only
 * `require('electron')`). It exposes functions, never ipcRenderer itself (STYLE.md §3).
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { callNamesFromArgv, createBridge } from './bridge';

const api = createBridge(callNamesFromArgv(process.argv), {
  invoke: (channel, input) => ipcRenderer.invoke(channel, input),
  on: (channel, listener) => ipcRenderer.on(channel, listener),
  off: (channel, listener) => ipcRenderer.removeListener(channel, listener),
});

// Since Electron 32 a dropped File has no `.path`; only the preload can ask for it (Import screen).
api.pathForFile = (file: File) => webUtils.getPathForFile(file);

contextBridge.exposeInMainWorld('encore', api);

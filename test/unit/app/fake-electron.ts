/**
 * A stand-in for the parts of the `electron` module that src-main/app uses, recording what the
 * code under test asked of it. Only src-main/app tests mock electron (STYLE.md §13): the binary
 * cannot run here, and these tests check what we tell Electron to do, not Electron itself.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export interface FakeFrame {
  url: string;
  processId: number;
  routingId: number;
  parent: FakeFrame | null;
}

export const frame = (url: string, ids: Partial<Omit<FakeFrame, 'url'>> = {}): FakeFrame => ({
  url,
  processId: ids.processId ?? 7,
  routingId: ids.routingId ?? 1,
  parent: ids.parent ?? null,
});

export class FakeWebContents extends EventEmitter {
  mainFrame = frame('encore://app/index.html');
  send = vi.fn();
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  webContents = new FakeWebContents();
  destroyed = false;
  loadURL = vi.fn(async (_url: string) => undefined);
  show = vi.fn();
  focus = vi.fn();
  restore = vi.fn();
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.created.push(this);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return false;
  }
}

type Listener = (...args: unknown[]) => unknown;

export class FakeSession extends EventEmitter {
  permissionRequest: Listener | null = null;
  permissionCheck: Listener | null = null;
  devicePermission: Listener | null = null;
  beforeRequest: Listener | null = null;
  setPermissionRequestHandler(h: Listener): void {
    this.permissionRequest = h;
  }
  setPermissionCheckHandler(h: Listener): void {
    this.permissionCheck = h;
  }
  setDevicePermissionHandler(h: Listener): void {
    this.devicePermission = h;
  }
  webRequest = {
    onBeforeRequest: (h: Listener): void => {
      this.beforeRequest = h;
    },
  };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function createFake() {
  const handlers = new Map<string, Listener>();
  const app = Object.assign(new EventEmitter(), {
    ready: deferred(),
    gotLock: true,
    userData: '',
    isPackaged: false,
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn((): boolean => app.gotLock),
    whenReady: (): Promise<void> => app.ready.promise,
    getPath: vi.fn((_name: string): string => app.userData),
    quit: vi.fn(() => app.emit('will-quit', { preventDefault: app.preventQuit })),
    preventQuit: vi.fn(),
    exit: vi.fn(),
  });
  return {
    app,
    ipcMain: {
      handlers,
      handle: vi.fn((channel: string, h: Listener) => {
        if (handlers.has(channel))
          throw new Error(`Attempted to register a second handler for '${channel}'`);
        handlers.set(channel, h);
      }),
      removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
    },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(),
      handle: vi.fn(),
    },
    session: { defaultSession: new FakeSession() },
    dialog: {
      showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: ['/music'] })),
      showErrorBox: vi.fn(),
    },
    Menu: {
      buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
      setApplicationMenu: vi.fn(),
    },
    nativeTheme: { shouldUseDarkColors: true },
    BrowserWindow: FakeBrowserWindow,
    contextBridge: { exposeInMainWorld: vi.fn() },
    webUtils: { getPathForFile: vi.fn((file: { name: string }) => `/dropped/${file.name}`) },
    ipcRenderer: Object.assign(new EventEmitter(), { invoke: vi.fn() }),
  };
}

/** The one fake, shared by `vi.mock('electron', …)` and the test that inspects it. */
export const electron = createFake();

/**
 * Back to a fresh state between tests. Mutates in place: the modules under test hold the
 * objects they imported from the mocked 'electron'.
 */
export function resetElectron(): void {
  const fresh = createFake();
  electron.app.removeAllListeners();
  Object.assign(electron.app, {
    ready: fresh.app.ready,
    gotLock: true,
    userData: '',
    isPackaged: false,
  });
  electron.ipcMain.handlers.clear();
  electron.session.defaultSession = fresh.session.defaultSession;
  electron.ipcRenderer.removeAllListeners();
  FakeBrowserWindow.created = [];
  vi.clearAllMocks();
}

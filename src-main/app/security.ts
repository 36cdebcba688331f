/**
 * The Electron window's security settings, written down once and asserted by
 * test/unit/app/security.test.ts (STYLE.md §4). They follow Electron's security checklist
 * (https://www.electronjs.org/docs/latest/tutorial/security): the renderer is a sandboxed web
 * page that loads nothing but the app's own files and talks to Node only through the preload.
 */
import type { Session, WebContents, WebPreferences } from 'electron';

export const APP_SCHEME = 'encore';
export const MEDIA_SCHEME = 'encore-media';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The same policy as src-renderer/index.html's meta tag; protocols.ts also sends it as a header. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  `media-src 'self' ${MEDIA_SCHEME}:`,
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function secureWindowOptions(
  preloadPath: string,
  additionalArguments: string[] = [],
): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    additionalArguments,
  };
}

/** True only for pages of the app itself: `encore://app/…`. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * URLs the app's pages may load: its own files, its media, and the inline data/blob images the
 * CSP allows. `devtools:` keeps the developer tools working. Everything else — http(s), file:,
 * ftp, ws — is cancelled: Encore shows no remote content.
 */
export function isAllowedRequest(url: string): boolean {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return false;
  }
  if (protocol === `${APP_SCHEME}:`) return isAppUrl(url);
  return [`${MEDIA_SCHEME}:`, 'data:', 'blob:', 'devtools:'].includes(protocol);
}

/**
 * Denies every permission (camera, notifications, geolocation, …) and device access, blocks
 * downloads (screen capture stays refused because no display-media handler is ever set), and cancels every request that does not go to the app's own schemes.
 * Electron does not call `onBeforeRequest` for every custom scheme in every version
 * (electron/electron#6021, #45865), which is why the allow-list and the CSP both exist.
 */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event) => event.preventDefault());
  session.webRequest.onBeforeRequest((details, callback) =>
    callback({ cancel: !isAllowedRequest(details.url) }),
  );
}

/**
 * No new windows, no navigation away from the app, no <webview>. Applied to every web contents
 * Electron creates (electron-main.ts listens to `web-contents-created`), not only the main window.
 */
export function hardenContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const stayInApp = (event: { url: string; preventDefault(): void }): void => {
    if (!isAppUrl(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', stayInApp);
  contents.on('will-frame-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

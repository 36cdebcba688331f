import { describe, it, expect, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Session, WebContents } from 'electron';
import { cspFromHtml } from '../../../src-main/serve/static';
import {
  CONTENT_SECURITY_POLICY,
  hardenContents,
  hardenSession,
  isAllowedRequest,
  isAppUrl,
  secureWindowOptions,
} from '../../../src-main/app/security';
import { FakeSession, FakeWebContents } from './fake-electron';

const navigation = (url: string) => ({ url, preventDefault: vi.fn() });

describe('secureWindowOptions', () => {
  const options = secureWindowOptions('/app/dist/main/preload.cjs', ['--encore-calls=app.info']);

  it('isolates and sandboxes the renderer, with no Node anywhere in it', () => {
    expect(options.contextIsolation).toBe(true);
    expect(options.sandbox).toBe(true);
    expect(options.nodeIntegration).toBe(false);
    expect(options.nodeIntegrationInWorker).toBe(false);
    expect(options.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and refuses insecure content, webviews and experiments', () => {
    expect(options.webSecurity).toBe(true);
    expect(options.allowRunningInsecureContent).toBe(false);
    expect(options.webviewTag).toBe(false);
    expect(options.experimentalFeatures).toBe(false);
    expect(options.navigateOnDragDrop).toBe(false);
    expect(options.spellcheck).toBe(false);
  });

  it('loads the given preload and passes the extra arguments to it', () => {
    expect(options.preload).toBe('/app/dist/main/preload.cjs');
    expect(options.additionalArguments).toEqual(['--encore-calls=app.info']);
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  it('starts from nothing allowed and names only self, inline images and the media scheme', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
        "media-src 'self' encore-media:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'",
    );
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|https?:|\*/);
  });

  it('is the very policy of the renderer’s own meta tag', () => {
    const html = readFileSync(path.resolve('src-renderer/index.html'), 'utf8');
    expect(cspFromHtml(html)).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('isAppUrl and isAllowedRequest', () => {
  it('counts only encore://app pages as the app', () => {
    expect(isAppUrl('encore://app/index.html')).toBe(true);
    expect(isAppUrl('encore://app/assets/x.js?v=1#top')).toBe(true);
    expect(isAppUrl('encore://evil/index.html')).toBe(false);
    expect(isAppUrl('https://app/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('lets through the app, its media and inline images, and nothing from the network or disk', () => {
    for (const url of [
      'encore://app/index.html',
      'encore-media://track/3',
      'data:image/png;base64,AA==',
      'blob:encore://app/1',
    ])
      expect(isAllowedRequest(url), url).toBe(true);
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:8080/',
      'file:///etc/passwd',
      'ws://x/',
      'ftp://x/',
      'encore://other/x',
      '::',
    ])
      expect(isAllowedRequest(url), url).toBe(false);
  });
});

describe('hardenSession', () => {
  const session = new FakeSession();
  hardenSession(session as unknown as Session);

  it('denies every permission request and every permission check', () => {
    for (const permission of [
      'media',
      'notifications',
      'geolocation',
      'clipboard-read',
      'openExternal',
      'unknown',
    ]) {
      const callback = vi.fn();
      session.permissionRequest?.({}, permission, callback, {});
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect(session.permissionCheck?.(null, permission, 'encore://app', {})).toBe(false);
    }
    expect(session.devicePermission?.({ deviceType: 'usb' })).toBe(false);
  });

  it('cancels downloads', () => {
    const event = { preventDefault: vi.fn() };
    session.emit('will-download', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('cancels every request that is not to the app or its media', () => {
    const answer = (url: string) => {
      const callback = vi.fn();
      session.beforeRequest?.({ url }, callback);
      return callback.mock.calls[0]?.[0] as { cancel: boolean };
    };
    expect(answer('https://tracker.example/pixel.gif')).toEqual({ cancel: true });
    expect(answer('file:///home/me/.ssh/id_rsa')).toEqual({ cancel: true });
    expect(answer('encore://app/assets/index.js')).toEqual({ cancel: false });
    expect(answer('encore-media://track/12')).toEqual({ cancel: false });
  });
});

describe('hardenContents', () => {
  const contents = new FakeWebContents();
  hardenContents(contents as unknown as WebContents);

  it('denies window.open, whatever the URL', () => {
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({
      action: 'deny',
    });
    expect(contents.windowOpenHandler?.({ url: 'encore://app/index.html' })).toEqual({
      action: 'deny',
    });
  });

  it('blocks navigation and redirects away from encore://app, in any frame', () => {
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      const away = navigation('https://example.com/');
      const home = navigation('encore://app/index.html#/albums');
      contents.emit(event, away);
      contents.emit(event, home);
      expect(away.preventDefault, event).toHaveBeenCalled();
      expect(home.preventDefault, event).not.toHaveBeenCalled();
    }
  });

  it('refuses to attach a <webview>', () => {
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, { src: 'https://example.com/' });
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

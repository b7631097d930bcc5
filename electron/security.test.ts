import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FakeElectron, FakeSession } from './testing/fake-electron.js';
import { FakeWebContents } from './testing/fake-electron.js';

vi.mock('electron', async () => (await import('./testing/fake-electron.js')).electronModule);

const { CONTENT_SECURITY_POLICY, clearBrowsingData, isAppPage, secureSession, secureWebContents } =
  await import('./security.js');
const electron = (await import('electron')) as unknown as FakeElectron;

const INDEX = '/opt/Cellar/resources/app.asar/dist/renderer/index.html';
const INDEX_URL = pathToFileURL(INDEX).href;

// Every permission Electron 41 can ask about (request and check handler unions).
const PERMISSIONS = [
  'clipboard-read',
  'clipboard-sanitized-write',
  'display-capture',
  'fullscreen',
  'geolocation',
  'idle-detection',
  'media',
  'mediaKeySystem',
  'midi',
  'midiSysex',
  'notifications',
  'pointerLock',
  'keyboardLock',
  'openExternal',
  'speaker-selection',
  'storage-access',
  'top-level-storage-access',
  'window-management',
  'unknown',
  'fileSystem',
  'hid',
  'serial',
  'usb',
  'deprecated-sync-clipboard-read',
];

describe('secureSession', () => {
  let session: FakeSession;
  beforeEach(() => {
    session = electron.session.defaultSession;
    secureSession(INDEX);
  });

  it('sets the strict CSP header on every response, keeping the others', () => {
    const callback = vi.fn();
    session.handlers.onHeadersReceived!(
      { url: INDEX_URL, responseHeaders: { 'X-Other': ['1'] } } as never,
      callback as never,
    );
    const headers = callback.mock.calls[0]?.[0].responseHeaders as Record<string, string[]>;
    expect(headers['X-Other']).toEqual(['1']);
    const csp = headers['Content-Security-Policy']?.[0];
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    for (const directive of [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data: blob:",
      "font-src 'self'",
      "connect-src 'self'",
      "worker-src 'self' blob:",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp?.split('; ')).toContain(directive);
    }
    expect(csp).not.toMatch(/unsafe-|\*|https?:/);
  });

  it('cancels every request that could reach the network', () => {
    const decide = (url: string): boolean => {
      const callback = vi.fn();
      session.handlers.onBeforeRequest!({ url } as never, callback as never);
      return (callback.mock.calls[0]?.[0] as { cancel: boolean }).cancel;
    };
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:8080/api',
      'ws://localhost:1234',
      'wss://example.com/socket',
      'ftp://example.com/file',
      'chrome://settings',
      'not a url',
      // The page may read its own folder only, not the disk.
      'file:///etc/passwd',
      pathToFileURL('/opt/Cellar/resources/app.asar/dist/electron/preload.cjs').href,
      pathToFileURL('/opt/Cellar/resources/app.asar/dist/renderer-evil/x.js').href,
      `${pathToFileURL('/opt/Cellar/resources/app.asar/dist/renderer').href}/../../secret`,
    ]) {
      expect(decide(url), url).toBe(true);
    }
    for (const url of [
      INDEX_URL,
      pathToFileURL('/opt/Cellar/resources/app.asar/dist/renderer/assets/index-abc123.js').href,
      'devtools://devtools/bundled/inspector.html',
      'data:image/png;base64,AA==',
      'blob:file:///1234',
    ]) {
      expect(decide(url), url).toBe(false);
    }
  });

  const request = (permission: string, details: object): boolean => {
    const callback = vi.fn();
    session.handlers.permissionRequest!({} as never, permission as never, callback as never, details as never);
    expect(callback).toHaveBeenCalledOnce();
    return callback.mock.calls[0]?.[0] as boolean;
  };
  const check = (permission: string, details: object): boolean =>
    session.handlers.permissionCheck!(
      null as never,
      permission as never,
      'file:///' as never,
      details as never,
    ) as boolean;

  it('denies every permission request and check but clipboard writes, and every device', () => {
    const fromApp = { requestingUrl: INDEX_URL, isMainFrame: true };
    for (const permission of PERMISSIONS.filter((p) => p !== 'clipboard-sanitized-write')) {
      expect(request(permission, fromApp), permission).toBe(false);
      expect(check(permission, fromApp), permission).toBe(false);
    }
    expect(session.handlers.devicePermission!({ deviceType: 'usb', origin: INDEX_URL } as never)).toBe(false);
  });

  it('lets only the app page itself write (not read) the clipboard, for its Copy buttons', () => {
    const write = 'clipboard-sanitized-write';
    expect(request(write, { requestingUrl: `${INDEX_URL}#/chats`, isMainFrame: true })).toBe(true);
    expect(check(write, { requestingUrl: INDEX_URL, isMainFrame: true })).toBe(true);
    expect(request(write, { requestingUrl: INDEX_URL, isMainFrame: false })).toBe(false);
    expect(check(write, { isMainFrame: false })).toBe(false);
    expect(request(write, { requestingUrl: 'https://evil.example/', isMainFrame: true })).toBe(false);
    expect(check(write, { requestingUrl: 'file:///tmp/other.html', isMainFrame: true })).toBe(false);
    expect(request('clipboard-read', { requestingUrl: INDEX_URL, isMainFrame: true })).toBe(false);
  });

  it('tells the caller of each request it cancels, and of no other', () => {
    const onBlocked = vi.fn();
    secureSession(INDEX, session as never, { onBlocked });
    const decide = (url: string) => session.handlers.onBeforeRequest!({ url } as never, vi.fn() as never);
    decide('https://example.com/a.js');
    decide(INDEX_URL);
    decide('data:image/png;base64,AA==');
    decide('file:///etc/passwd');
    expect(onBlocked.mock.calls.map(([url]) => url)).toEqual(['https://example.com/a.js', 'file:///etc/passwd']);
  });

  it('still cancels when the listener throws', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    secureSession(INDEX, session as never, {
      onBlocked: () => {
        throw new Error('broken');
      },
    });
    const callback = vi.fn();
    session.handlers.onBeforeRequest!({ url: 'https://example.com/' } as never, callback as never);
    expect(callback).toHaveBeenCalledWith({ cancel: true });
    expect(errors).toHaveBeenCalled();
    errors.mockRestore();
  });

  it('clears storage and the HTTP cache of a session', async () => {
    session.clearStorageData.mockClear();
    session.clearCache.mockClear();
    await clearBrowsingData(session as never);
    expect(session.clearStorageData).toHaveBeenCalledOnce();
    expect(session.clearCache).toHaveBeenCalledOnce();
  });

  it('leaves DevTools responses without the app policy', () => {
    const callback = vi.fn();
    session.handlers.onHeadersReceived!(
      { url: 'devtools://devtools/bundled/devtools_app.html', responseHeaders: {} } as never,
      callback as never,
    );
    expect(callback).toHaveBeenCalledWith({});
  });
});

describe('secureWebContents', () => {
  let contents: FakeWebContents;
  beforeEach(() => {
    electron.app.removeAllListeners('web-contents-created');
    secureWebContents(INDEX);
    contents = new FakeWebContents();
    electron.app.emit('web-contents-created', {}, contents);
  });

  const navigate = (event: string, url: string): boolean => {
    const preventDefault = vi.fn();
    contents.emit(event, { url, preventDefault }, url);
    return preventDefault.mock.calls.length > 0;
  };

  it('blocks navigation away from the app page, in any frame and on redirects', () => {
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(navigate(event, 'https://evil.example/'), event).toBe(true);
      expect(navigate(event, 'file:///etc/passwd'), event).toBe(true);
      expect(navigate(event, pathToFileURL('/opt/Cellar/other.html').href), event).toBe(true);
      expect(navigate(event, `${INDEX_URL}#/chats`), event).toBe(false);
      expect(navigate(event, INDEX_URL), event).toBe(false);
    }
  });

  it('refuses webviews and new windows', () => {
    const preventDefault = vi.fn();
    contents.emit('will-attach-webview', { preventDefault }, {}, {});
    expect(preventDefault).toHaveBeenCalled();
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: INDEX_URL })).toEqual({ action: 'deny' });
  });

  it('recognises only the renderer index as the app page', () => {
    expect(isAppPage(`${INDEX_URL}?x=1#y`, INDEX)).toBe(true);
    expect(isAppPage(INDEX_URL.replace('index.html', 'index.htm'), INDEX)).toBe(false);
    expect(isAppPage(INDEX_URL.replace('file:', 'http:'), INDEX)).toBe(false);
  });
});

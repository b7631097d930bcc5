/**
 * The window's security policy. The renderer shows untrusted text (model
 * output, document contents), so it gets no Node, no network, no permissions,
 * no navigation away from the app and no new windows. Its only way out is the
 * MessagePort to the engine, which validates every message.
 */
import { app, session, type Session, type WebContents } from 'electron';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CONTENT_SECURITY_POLICY = [
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
].join('; ');

/**
 * What the window may load. Nothing reaches the network: data: and blob: are
 * in-memory (images the UI makes, workers), devtools: is the inspector, and of
 * file: only the renderer's own folder (a file:// page could otherwise read
 * any file on disk). Model downloads happen in the engine, not here.
 */
export function isLocalRequest(url: string, rendererIndex: string): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (['data:', 'blob:', 'devtools:'].includes(target.protocol)) return true;
  if (target.protocol !== 'file:') return false;
  // URL parsing has already resolved any "..", so a prefix test is enough.
  return samePath(target.pathname).startsWith(samePath(pathToFileURL(dirname(rendererIndex)).pathname + '/'));
}

/** Windows paths compare without case (Chromium may report c: for C:). */
function samePath(pathname: string): string {
  return process.platform === 'win32' ? pathname.toLowerCase() : pathname;
}

/** The only page the window may show: the renderer's index.html (any #route or ?query). */
export function isAppPage(url: string, rendererIndex: string): boolean {
  try {
    const target = new URL(url);
    return target.protocol === 'file:' && samePath(target.pathname) === samePath(pathToFileURL(rendererIndex).pathname);
  } catch {
    return false;
  }
}

/** Where a web contents may navigate: the app page, or the inspector within itself. */
export function mayNavigate(url: string, rendererIndex: string): boolean {
  if (isAppPage(url, rendererIndex)) return true;
  try {
    return new URL(url).protocol === 'devtools:';
  } catch {
    return false;
  }
}

/**
 * The one permission granted: writing text to the clipboard (the UI's Copy
 * buttons use navigator.clipboard.writeText), and only to the app's own page
 * in its main frame. Reading the clipboard, and everything else, is denied.
 */
export function mayUsePermission(
  permission: string,
  request: { requestingUrl?: string | undefined; isMainFrame?: boolean | undefined },
  rendererIndex: string,
): boolean {
  return (
    permission === 'clipboard-sanitized-write' &&
    request.isMainFrame === true &&
    request.requestingUrl !== undefined &&
    isAppPage(request.requestingUrl, rendererIndex)
  );
}

export interface SessionPolicyOptions {
  /** Told of every request the policy cancels (main reports them to the network ledger). */
  onBlocked?(url: string): void;
}

/** Session-wide rules; call once the app is ready. */
export function secureSession(
  rendererIndex: string,
  ses: Session = session.defaultSession,
  options: SessionPolicyOptions = {},
): void {
  ses.webRequest.onHeadersReceived((details, callback) => {
    // Only the app's own files get the policy: other file: URLs cannot load
    // (navigation is locked) and DevTools (devtools:) has its own.
    if (!details.url.startsWith('file:')) {
      callback({});
      return;
    }
    // The header is the preferred way to deliver a CSP; for file:// Electron has
    // not always called this hook, so renderer/index.html carries the same policy
    // in a <meta> tag too.
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isLocalRequest(details.url, rendererIndex);
    callback({ cancel: !allowed });
    if (!allowed) {
      console.warn(`[security] blocked a request to ${details.url}`);
      try {
        options.onBlocked?.(details.url);
      } catch (error) {
        console.error('[security] onBlocked failed:', error);
      }
    }
  });
  // No camera, microphone, notifications, geolocation, clipboard reads, HID,
  // USB, serial or anything else a page can ask for.
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const allowed = mayUsePermission(permission, details, rendererIndex);
    if (!allowed) console.warn(`[security] denied permission request: ${permission}`);
    callback(allowed);
  });
  ses.setPermissionCheckHandler((_contents, permission, _origin, details) =>
    mayUsePermission(permission, details, rendererIndex),
  );
  ses.setDevicePermissionHandler(() => false);
}

/** Per-page rules for every web contents the app ever creates (windows, devtools, would-be webviews). */
export function secureWebContents(rendererIndex: string): void {
  app.on('web-contents-created', (_event, contents) => lockDown(contents, rendererIndex));
}

export function lockDown(contents: WebContents, rendererIndex: string): void {
  const guard = (event: { url: string; preventDefault(): void }): void => {
    if (mayNavigate(event.url, rendererIndex)) return;
    event.preventDefault();
    console.warn(`[security] blocked navigation to ${event.url}`);
  };
  contents.on('will-navigate', guard);
  // Subframes too (an <iframe> in model output must not go anywhere either).
  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    console.warn(`[security] blocked window.open(${url})`);
    return { action: 'deny' };
  });
}

/**
 * After "Delete everything": the window's own browser data goes too (cookies,
 * local and session storage, IndexedDB, service workers, caches, the HTTP
 * cache). The engine deletes the library but leaves the session folder, which
 * Chromium holds open.
 */
export async function clearBrowsingData(ses: Session = session.defaultSession): Promise<void> {
  await Promise.all([ses.clearStorageData(), ses.clearCache()]);
}

/**
 * The window's security policy. The renderer shows untrusted text (model
 * output, document contents), so it gets no Node, no network, no permissions,
 * no navigation away from the app and no new windows. Its only way out is the
 * MessagePort to the engine, which validates every message.
 */
import { app, session, type Session, type WebContents } from 'electron';
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
 * Schemes the window may load. Nothing reaches the network: file: is the app
 * itself, devtools: the inspector, data: and blob: are in-memory (images the
 * UI makes, workers). Model downloads happen in the engine, not here.
 */
const LOCAL_SCHEMES = new Set(['file:', 'devtools:', 'data:', 'blob:']);

export function isLocalRequest(url: string): boolean {
  try {
    return LOCAL_SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** The only page the window may show: the renderer's index.html (any #route or ?query). */
export function isAppPage(url: string, rendererIndex: string): boolean {
  try {
    const target = new URL(url);
    return target.protocol === 'file:' && target.pathname === pathToFileURL(rendererIndex).pathname;
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

/** Session-wide rules; call once the app is ready. */
export function secureSession(ses: Session = session.defaultSession): void {
  ses.webRequest.onHeadersReceived((details, callback) => {
    // Header CSP for every response. For file:// pages Electron has not always
    // delivered this hook, so the renderer's index.html also carries the same
    // policy in a <meta> tag.
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isLocalRequest(details.url);
    if (!allowed) console.warn(`[security] blocked a request to ${details.url}`);
    callback({ cancel: !allowed });
  });
  // The app needs no camera, microphone, notifications, geolocation, clipboard
  // reads, HID/USB/serial devices or anything else a page can ask for.
  ses.setPermissionRequestHandler((_contents, permission, callback) => {
    console.warn(`[security] denied permission request: ${permission}`);
    callback(false);
  });
  ses.setPermissionCheckHandler(() => false);
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
